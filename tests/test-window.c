/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "cb-application.h"
#include "cb-window.h"
#include "cb-test-utils.h"

static CbApplication *
new_registered_app (void)
{
  return g_object_ref (cb_test_get_app ());
}


static void
test_window_new_destroy (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  CbWindow *window = cb_window_new (app);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Contested Borders");
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static void
test_window_layers_action (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  CbWindow *window = cb_window_new (app);
  GSettings *settings = cb_window_get_settings (window);
  g_autoptr(GVariant) state = NULL;
  gboolean before;

  gtk_window_present (GTK_WINDOW (window));
  before = g_settings_get_boolean (settings, "show-layers");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-layers", NULL));
  cb_test_flush_events ();

  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-layers");
  g_assert_cmpint (g_variant_get_boolean (state), ==, !before);
  g_assert_cmpint (g_settings_get_boolean (settings, "show-layers"), ==, !before);

  /* Put it back so other tests start from the default. */
  g_settings_reset (settings, "show-layers");
  cb_test_flush_events ();

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static void
test_window_size_persists (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  CbWindow *window = cb_window_new (app);
  g_autoptr(GSettings) settings = g_object_ref (cb_window_get_settings (window));
  CbWindow *second;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();

  /* Closing (not destroying) is what a user does; it must save the size. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  cb_test_flush_events ();

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  second = cb_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_settings_reset (settings, "window-size");
  gtk_window_destroy (GTK_WINDOW (second));
  cb_test_flush_events ();
}

static void
test_app_actions (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  const char *expected[] = { "about", "help", "quit" };
  g_auto(GStrv) accels = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), expected[i]));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");
  g_assert_cmpstr (accels[0], ==, "F1");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/window/layers-action", test_window_layers_action);
  g_test_add_func ("/window/size-persists", test_window_size_persists);
  g_test_add_func ("/application/actions", test_app_actions);

  ret = g_test_run ();
  cb_test_release_app ();

  return ret;
}
