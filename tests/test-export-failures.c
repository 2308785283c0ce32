/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * The command-line export names every failure: a layer that could not be
 * loaded, a layer loaded with repairs, a layer of the wrong kind for its
 * role, a box off the map.  It used to print nothing and exit 0.  The data
 * folder is the bundled one, linked file by file into a temporary folder
 * where some files are then replaced by broken ones.
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-export-cli.h"

static char *geodata;

static void
link_bundled (void)
{
  const char *src = g_getenv ("CB_GEODATA_DIR");
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  geodata = g_dir_make_tmp ("cb-test-export-failures-XXXXXX", NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (geodata, name, NULL);

      g_assert_cmpint (symlink (from, to), ==, 0);
    }
}

static void
replace (const char *name,
         const char *with)
{
  g_autofree char *to = g_build_filename (geodata, name, NULL);

  g_unlink (to);
  if (with == NULL)
    g_assert_cmpint (mkfifo (to, 0600), ==, 0);
  else
    {
      g_autofree char *from = g_build_filename (g_getenv ("CB_GEODATA_DIR"), with, NULL);

      g_assert_cmpint (symlink (from, to), ==, 0);
    }
}

static CbAtlas *
load_atlas (void)
{
  CbAtlas *atlas = cb_atlas_new ();

  cb_atlas_load (atlas, geodata, g_getenv ("CB_HISTORY_DIR"));
  return atlas;
}

static void
test_report (void)
{
  g_autoptr(CbAtlas) atlas = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *expected = NULL;

  replace ("rivers.shp", NULL);                 /* a FIFO */
  replace ("towns.shp", "rivers.shp");          /* lines installed as the towns */
  replace ("towns.shx", "rivers.shx");
  replace ("towns.dbf", "rivers.dbf");
  replace ("towns.prj", "rivers.prj");
  replace ("towns.cpg", "rivers.cpg");
  {
    g_autofree char *dbf = g_build_filename (geodata, "lakes.dbf", NULL);
    g_unlink (dbf);                             /* loads, without attributes */
  }

  atlas = load_atlas ();
  g_assert_null (cb_layer_catalog_get_towns (cb_atlas_get_catalog (atlas)));
  g_assert_null (cb_layer_catalog_get_layer_by_id (cb_atlas_get_catalog (atlas), "rivers"));
  g_assert_nonnull (cb_layer_catalog_get_layer_by_id (cb_atlas_get_catalog (atlas), "lakes"));

  g_assert_cmpuint (cb_export_cli_report_problems (atlas, report), ==, 3);
  expected = g_strdup_printf (
    "layer lakes loaded with repairs: %s/lakes.shp: no .dbf file: the features have no attributes\n"
    "layer rivers not loaded: Layer “Rivers” could not be loaded: %s/rivers.shp: not a regular file (a FIFO)\n"
    "layer towns not loaded: Layer “Towns” could not be loaded: %s/towns.shp holds lines, but this layer is drawn as points\n",
    geodata, geodata, geodata);
  g_assert_cmpstr (report->str, ==, expected);
}

static void
test_strict (void)
{
  g_autoptr(CbAtlas) atlas = load_atlas ();
  g_autofree char *out = g_build_filename (geodata, "strict.png", NULL);
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  int status;

  g_variant_dict_insert_value (options, "export", g_variant_new_bytestring (out));
  status = cb_export_cli_handle_options (options, atlas);
  /* Without --strict: the problems are printed, the map is written. */
  g_assert_cmpint (status, ==, CB_EXPORT_EXIT_OK);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_unlink (out);

  g_variant_dict_insert_value (options, "strict", g_variant_new_boolean (TRUE));
  status = cb_export_cli_handle_options (options, atlas);
  g_assert_cmpint (status, ==, CB_EXPORT_EXIT_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_bbox_off_the_map (void)
{
  g_autoptr(CbAtlas) atlas = load_atlas ();
  g_autofree char *out = g_build_filename (geodata, "pacific.png", NULL);
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (cb_export_cli_parse (out, "400x300", NULL, NULL, NULL, "150,-50,170,-40", &request, &error));
  status = cb_export_cli_run (&request, atlas, &error);
  /* It wrote a blank map and exited 0. */
  g_assert_cmpint (status, ==, CB_EXPORT_EXIT_BAD_ARGUMENTS);
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Bad --bbox: 150,-50,170,-40 lies outside the atlas’s region (20…30° E, 52…57.5° N)");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  cb_export_request_clear (&request);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  link_bundled ();

  g_test_add_func ("/export-failures/report", test_report);
  g_test_add_func ("/export-failures/strict", test_strict);
  g_test_add_func ("/export-failures/bbox-off-the-map", test_bbox_off_the_map);

  status = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", geodata);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", geodata);
  }
  g_free (geodata);
  return status;
}
