/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * The bad-input catalogue (tests/data/bad/): every case is a folder with
 * its inputs, a `kind`, an optional `setup` (FIFOs, links, sparse files,
 * folders: what git cannot hold) and the `expected` message, where @DIR@
 * stands for the case's folder.  Each case is its own test; all run in one
 * process, which must keep working: after the whole catalogue a good layer
 * still loads.
 *
 * Kinds:
 *  shapefile  cb_shapefile_load (x.shp): "error: MESSAGE", or the load
 *             notes, one "note: NOTE" line each
 *  prj        cb_projection_new_from_prj_file (x.prj): "error: MESSAGE"
 *  history    cb_history_load_dir (the folder): "error: MESSAGE" or one
 *             "problem: PROBLEM" line each
 *  export     `args` holds --export, --size, --layers, --town, --lang and
 *             --bbox, one a line ("-": not given); parsed, then run on the
 *             bundled data: "exit N: MESSAGE"
 *
 * CB_BAD_INPUTS_RECORD=1 prints what each case gives instead of failing.
 */

#include <fcntl.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-export-cli.h"
#include "cb-geojson.h"
#include "cb-history.h"
#include "cb-projection.h"
#include "cb-shapefile.h"

static char *work_dir;
static CbAtlas *atlas;

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (g_str_equal (name, "expected") || g_str_equal (name, "kind") ||
          g_str_equal (name, "setup") || g_str_equal (name, ".keep"))
        continue;
      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          copy_tree (src, dst);
          continue;
        }
      g_assert_true (g_file_get_contents (src, &data, &len, NULL));
      g_assert_true (g_file_set_contents (dst, data, len, NULL));
    }
}

static void
apply_setup (const char *dir,
             const char *setup)
{
  g_auto(GStrv) lines = g_strsplit (setup, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) w = g_strsplit (lines[i], " ", -1);
      g_autofree char *path = NULL;

      if (w[0] == NULL || *w[0] == '\0')
        continue;
      if (g_str_equal (w[0], "rmdir"))
        {
          g_assert_cmpint (g_rmdir (dir), ==, 0);
          continue;
        }
      g_assert_nonnull (w[1]);
      path = g_build_filename (dir, w[1], NULL);
      if (g_str_equal (w[0], "fifo"))
        g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      else if (g_str_equal (w[0], "symlink"))
        g_assert_cmpint (symlink (w[2], path), ==, 0);
      else if (g_str_equal (w[0], "mkdir"))
        g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      else if (g_str_equal (w[0], "sparse"))
        {
          int fd = open (path, O_CREAT | O_TRUNC | O_WRONLY, 0600);

          g_assert_cmpint (fd, >=, 0);
          g_assert_cmpint (ftruncate (fd, g_ascii_strtoll (w[2], NULL, 10)), ==, 0);
          close (fd);
        }
      else
        g_error ("unknown setup step “%s”", lines[i]);
    }
}

/* A loader's result: its error, or its notes and feature count. */
static void
report_load (CbFeatureSet *set,
             GError       *error,
             GString      *out)
{
  if (set == NULL)
    {
      g_string_append_printf (out, "error: %s\n", error->message);
      return;
    }
  for (const char * const *n = cb_feature_set_get_load_notes (set); *n != NULL; n++)
    g_string_append_printf (out, "note: %s\n", *n);
  g_string_append_printf (out, "loaded: %u features\n", cb_feature_set_get_n_features (set));
}

static void
run_shapefile (const char *dir,
               GString    *out)
{
  g_autofree char *shp = g_build_filename (dir, "x.shp", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = cb_shapefile_load (shp, &error);

  report_load (set, error, out);
}

static void
run_geojson (const char *dir,
             GString    *out)
{
  g_autofree char *path = g_build_filename (dir, "x.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = cb_geojson_load (path, &error);

  report_load (set, error, out);
}

static void
run_prj (const char *dir,
         GString    *out)
{
  g_autofree char *prj = g_build_filename (dir, "x.prj", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbProjection) projection = cb_projection_new_from_prj_file (prj, &error);

  if (projection == NULL)
    g_string_append_printf (out, "error: %s\n", error->message);
  else
    g_string_append_printf (out, "loaded: %s\n", cb_projection_get_source_name (projection));
}

static void
run_history (const char *dir,
             GString    *out)
{
  g_autoptr(CbHistory) history = cb_history_new ("en");
  g_autoptr(GError) error = NULL;

  if (!cb_history_load_dir (history, dir, NULL, &error))
    g_string_append_printf (out, "error: %s\n", error->message);
  for (guint i = 0; i < cb_history_get_problems (history)->len; i++)
    {
      g_autofree char *text =
        cb_history_problem_to_string (g_ptr_array_index (cb_history_get_problems (history), i));

      g_string_append_printf (out, "problem: %s\n", text);
    }
}

static void
run_export (const char *dir,
            GString    *out)
{
  g_autofree char *args_path = g_build_filename (dir, "args", NULL);
  g_autofree char *text = NULL;
  g_autofree char *replaced = NULL;
  g_auto(GStrv) args = NULL;
  const char *v[6];
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_file_get_contents (args_path, &text, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (text, "@DIR@", -1);
    replaced = g_strjoinv (dir, parts);
  }
  args = g_strsplit (replaced, "\n", -1);
  g_assert_cmpuint (g_strv_length (args), >=, 6);
  for (guint i = 0; i < 6; i++)
    v[i] = g_str_equal (args[i], "-") ? NULL : args[i];

  if (!cb_export_cli_parse (v[0], v[1], v[2], v[3], v[4], v[5], &request, &error))
    status = cb_export_cli_exit_status (error);
  else
    status = cb_export_cli_run (&request, atlas, &error);
  cb_export_request_clear (&request);
  g_string_append_printf (out, "exit %d: %s\n", status, error ? error->message : "written");
}

static void
run_case (gconstpointer data)
{
  const char *name = data;
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "bad", name, NULL);
  g_autofree char *dir = g_build_filename (work_dir, name, NULL);
  g_autofree char *kind_path = g_build_filename (src, "kind", NULL);
  g_autofree char *setup_path = g_build_filename (src, "setup", NULL);
  g_autofree char *expected_path = g_build_filename (src, "expected", NULL);
  g_autofree char *kind = NULL;
  g_autofree char *setup = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (g_file_get_contents (kind_path, &kind, NULL, NULL));
  g_strstrip (kind);
  copy_tree (src, dir);
  if (g_file_get_contents (setup_path, &setup, NULL, NULL))
    apply_setup (dir, setup);

  alarm (60);  /* a hang is a failure, not a stuck test run */
  if (g_str_equal (kind, "shapefile"))
    run_shapefile (dir, out);
  else if (g_str_equal (kind, "geojson"))
    run_geojson (dir, out);
  else if (g_str_equal (kind, "prj"))
    run_prj (dir, out);
  else if (g_str_equal (kind, "history"))
    run_history (dir, out);
  else if (g_str_equal (kind, "export"))
    run_export (dir, out);
  else
    g_error ("unknown kind “%s”", kind);
  alarm (0);

  /* Paths in messages are the case's folder. */
  {
    g_auto(GStrv) parts = g_strsplit (out->str, dir, -1);
    g_autofree char *text = g_strjoinv ("@DIR@", parts);

    if (g_getenv ("CB_BAD_INPUTS_RECORD") != NULL)
      {
        /* Raw bytes: g_print() would convert to the locale's charset. */
        fprintf (stdout, "== %s\n%s", name, text);
        fflush (stdout);
        return;
      }
    g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
    g_assert_cmpstr (text, ==, expected);
  }
}

static void
test_still_running (void)
{
  g_autofree char *towns = g_build_filename (g_getenv ("CB_GEODATA_DIR"), "towns.shp", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = cb_shapefile_load (towns, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cb_feature_set_get_n_features (set), >, 10);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int argc, char *argv[])
{
  g_autofree char *cases_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int status;

  g_test_init (&argc, &argv, NULL);
  work_dir = g_dir_make_tmp ("cb-test-bad-inputs-XXXXXX", NULL);
  atlas = cb_atlas_new ();
  cb_atlas_load (atlas, NULL, NULL);

  cases_dir = g_test_build_filename (G_TEST_DIST, "data", "bad", NULL);
  dir = g_dir_open (cases_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *kind = g_build_filename (cases_dir, name, "kind", NULL);

      if (g_file_test (kind, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bad-inputs/%s", (char *) g_ptr_array_index (names, i));

      g_test_add_data_func (path, g_ptr_array_index (names, i), run_case);
    }
  g_test_add_func ("/bad-inputs/~still-running", test_still_running);

  status = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", work_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", work_dir);
  }
  g_free (work_dir);
  g_object_unref (atlas);
  return status;
}
