/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "cb-test-utils.h"

static CbApplication *the_app;

CbApplication *
cb_test_get_app (void)
{
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* There may be no D-Bus session in the test environment: do not try
       * to be unique, and register once per process. */
      /* Flaps and revealers jump to their end: AdwFlap 1.2 can allocate a
       * half-animated flap with a width of INT_MIN (a Gtk warning, fatal
       * in tests) when a test toggles it faster than a frame. */
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

      the_app = cb_application_new ();
      g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
    }

  return the_app;
}

void
cb_test_release_app (void)
{
  g_clear_object (&the_app);
}

void
cb_test_flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
cb_test_reset_layers (void)
{
  CbApplication *app = cb_test_get_app ();
  CbLayerCatalog *catalog = cb_atlas_get_catalog (cb_application_get_atlas (app));
  guint n_infos;
  const CbLayerInfo *infos = cb_layer_catalog_get_infos (&n_infos);

  for (guint i = 0; i < n_infos; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer_by_id (catalog, infos[i].id);

      if (layer != NULL)
        cb_layer_set_visible (layer, infos[i].default_visible);
    }
  g_settings_reset (cb_application_get_settings (app), "layer-visibility");
}

char *
cb_test_copy_geodata (void)
{
  const char *source = g_getenv ("CB_GEODATA_DIR");
  char *copy = g_dir_make_tmp ("cb-geodata-XXXXXX", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_nonnull (source);
  g_assert_nonnull (copy);
  dir = g_dir_open (source, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (copy, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  return copy;
}

void
cb_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        cb_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
