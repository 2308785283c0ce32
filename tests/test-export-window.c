/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cb-application.h"
#include "cb-export-dialog.h"
#include "cb-export-task.h"
#include "cb-print-operation.h"
#include "cb-window.h"
#include "cb-test-utils.h"

/*
 * The window's export (what win.export writes once a file is chosen) makes
 * the same picture as `contested-borders --export` for the same view,
 * layers, language and town, on a worker thread: the window stays free
 * meanwhile and closing it cancels the export.
 */



static CbWindow *
new_window (void)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));

  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();
  return window;
}

static void
destroy_window (CbWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
  cb_test_reset_layers ();
}

/* Runs the main loop until @done says so; FALSE after @timeout_s seconds. */
static gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               double     timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static gboolean
export_enabled (gpointer window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export");
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* A file in @dir, or one being written there: an O_TMPFILE file has no
 * name, only a descriptor of this process pointing into the folder. */
static gboolean
dir_has_files (gpointer dir)
{
  g_autoptr(GDir) fds = NULL;
  const char *name;

  if (count_files (dir) > 0)
    return TRUE;
  fds = g_dir_open ("/proc/self/fd", 0, NULL);
  while (fds != NULL && (name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *fd_path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (fd_path, NULL);

      if (target != NULL && g_str_has_prefix (target, dir) && target[strlen (dir)] == '/')
        return TRUE;
    }
  return FALSE;
}

/* Nothing in @dir and nothing being written there. */
static gboolean
dir_is_empty (gpointer dir)
{
  return !dir_has_files (dir);
}

static gboolean
pointer_cleared (gpointer location)
{
  return *(gpointer *) location == NULL;
}

static void
test_actions (void)
{
  CbWindow *window = new_window ();
  g_auto(GStrv) export_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (cb_test_get_app ()), "win.export");
  g_auto(GStrv) print_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (cb_test_get_app ()), "win.print");

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "export"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "print"));
  g_assert_true (g_strv_contains ((const char * const *) export_accels, "<Control>e"));
  g_assert_true (g_strv_contains ((const char * const *) print_accels, "<Control>p"));

  destroy_window (window);
}

static void
test_sizes (void)
{
  CbWindow *window = new_window ();
  CbMap *map = cb_window_get_map (window);
  CbViewport *view = cb_map_get_viewport (map);
  double width = cb_viewport_get_width (view);
  double height = cb_viewport_get_height (view);
  g_autoptr(CbExport) twice = NULL;
  g_autoptr(CbExport) a4 = NULL;
  g_autoptr(CbExport) custom = NULL;

  g_assert_cmpfloat (width, >, 100);
  g_assert_cmpfloat (height, >, 100);

  twice = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_VIEW_2X, 0, 0);
  g_assert_cmpuint (cb_export_get_width (twice), ==, (guint) lround (width * 2));
  g_assert_cmpuint (cb_export_get_height (twice), ==, (guint) lround (height * 2));
  g_assert_cmpfloat (cb_export_get_pixel_scale (twice), ==, 2);

  /* A4 at 300 dpi, turned like the view. */
  a4 = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_A4_300DPI, 0, 0);
  g_assert_cmpuint (MAX (cb_export_get_width (a4), cb_export_get_height (a4)), ==, 3508);
  g_assert_cmpuint (MIN (cb_export_get_width (a4), cb_export_get_height (a4)), ==, 2480);
  g_assert_cmpint (cb_export_get_width (a4) >= cb_export_get_height (a4), ==, width >= height);
  g_assert_cmpfloat (cb_export_get_dpi (a4), ==, 300);

  custom = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_CUSTOM, 640, 480);
  g_assert_cmpuint (cb_export_get_width (custom), ==, 640);
  g_assert_cmpuint (cb_export_get_height (custom), ==, 480);

  destroy_window (window);
}

static int
run_cli (const char * const *args)
{
  g_autofree char *app = g_test_build_filename (G_TEST_BUILT, "..", "src", "contested-borders", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, app);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_same_as_command_line (void)
{
  CbWindow *window = new_window ();
  CbMap *map = cb_window_get_map (window);
  CbViewport *view = cb_map_get_viewport (map);
  CbLayerCatalog *catalog = cb_atlas_get_catalog (cb_window_get_atlas (window));
  g_autofree char *dir = g_dir_make_tmp ("cb-export-window-XXXXXX", NULL);
  g_autofree char *window_png = g_build_filename (dir, "window.png", NULL);
  g_autofree char *cli_png = g_build_filename (dir, "cli.png", NULL);
  g_autoptr(GString) layers = g_string_new (NULL);
  g_autoptr(CbExport) export = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *a, *b;
  CbBounds box;
  double view_width = 900;
  guint differing = 0, width, height;

  /* Not the defaults: governorates on, rivers off, Lithuanian names, Lida. */
  cb_layer_set_visible (cb_layer_catalog_get_layer_by_id (catalog, "governorates_1897"), TRUE);
  cb_layer_set_visible (cb_layer_catalog_get_layer_by_id (catalog, "rivers"), FALSE);
  cb_map_set_language (map, "lt");
  cb_map_set_selected_town (map, "lida");
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (cb_layer_get_visible (layer))
        g_string_append_printf (layers, "%s%s", layers->len ? "," : "", cb_layer_get_id (layer));
    }

  /* The view shows exactly the map box of the command line's --bbox. */
  g_assert_true (cb_export_geo_box_to_bounds (23, 53.6, 26.5, 55.8, &box, &error));
  cb_viewport_freeze_changed (view);
  cb_viewport_set_size (view, view_width, view_width * (box.max_y - box.min_y) / (box.max_x - box.min_x));
  cb_viewport_set_scale (view, (box.max_x - box.min_x) / view_width);
  cb_viewport_set_center (view, (box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2);
  cb_viewport_thaw_changed (view);

  /* Written as win.export does, in the background: the action is off
   * meanwhile, and what the window changes after the start is not in the
   * file (the export drew from a snapshot). */
  export = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_CUSTOM, 1000, 760);
  cb_window_export_to_file (window, export, window_png);
  g_assert_false (export_enabled (window));
  cb_layer_set_visible (cb_layer_catalog_get_layer_by_id (catalog, "governorates_1897"), FALSE);
  cb_layer_set_visible (cb_layer_catalog_get_layer_by_id (catalog, "rivers"), TRUE);
  cb_map_set_language (map, "pl");
  g_assert_true (iterate_until (export_enabled, window, 60));
  g_assert_true (g_file_test (window_png, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (run_cli ((const char *[]) { "--export", cli_png, "--size", "1000x760",
                                               "--bbox", "23,53.6,26.5,55.8", "--layers", layers->str,
                                               "--lang", "lt", "--town", "lida", NULL }), ==, 0);

  a = cairo_image_surface_create_from_png (window_png);
  b = cairo_image_surface_create_from_png (cli_png);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (a);
  height = cairo_image_surface_get_height (a);
  g_assert_cmpuint (width, ==, 1000);
  g_assert_cmpuint (height, ==, 760);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, 1000);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, 760);

  for (guint y = 0; y < height; y++)
    {
      const guint32 *pa = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a));
      const guint32 *pb = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b));

      for (guint x = 0; x < width; x++)
        for (int shift = 0; shift < 24; shift += 8)
          if (ABS ((int) ((pa[x] >> shift) & 0xff) - (int) ((pb[x] >> shift) & 0xff)) > 8)
            {
              differing++;
              break;
            }
    }
  g_test_message ("%u of %u pixels differ by more than 8", differing, width * height);
  /* Same view, layers and labels: at most stray antialiasing differences. */
  g_assert_cmpuint (differing, <, width * height / 1000);

  /* And not trivially: the view differs from the default export. */
  {
    g_autofree char *default_png = g_build_filename (dir, "default.png", NULL);
    cairo_surface_t *c;
    guint changed = 0;

    g_assert_cmpint (run_cli ((const char *[]) { "--export", default_png, "--size", "1000x760", NULL }), ==, 0);
    c = cairo_image_surface_create_from_png (default_png);
    for (guint y = 0; y < height; y += 4)
      for (guint x = 0; x < width; x += 4)
        {
          guint32 pa = ((const guint32 *) (gconstpointer) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a)))[x];
          guint32 pc = ((const guint32 *) (gconstpointer) (cairo_image_surface_get_data (c) + y * cairo_image_surface_get_stride (c)))[x];

          changed += pa != pc;
        }
    g_assert_cmpuint (changed, >, width * height / 16 / 10);
    cairo_surface_destroy (c);
    g_unlink (default_png);
  }

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  g_unlink (window_png);
  g_unlink (cli_png);
  g_rmdir (dir);

  /* The layers are back to the defaults for the other tests. */
  destroy_window (window);
}

/* A second export from the same window reuses the worker's layers, and
 * still follows the window's current choice of layers. */
static void
test_export_twice (void)
{
  CbWindow *window = new_window ();
  CbMap *map = cb_window_get_map (window);
  CbLayerCatalog *catalog = cb_atlas_get_catalog (cb_window_get_atlas (window));
  g_autofree char *dir = g_dir_make_tmp ("cb-export-twice-XXXXXX", NULL);
  g_autofree char *first_png = g_build_filename (dir, "first.png", NULL);
  g_autofree char *second_png = g_build_filename (dir, "second.png", NULL);
  g_autoptr(CbExport) export = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_CUSTOM, 400, 300);
  cairo_surface_t *a, *b;
  guint changed = 0;

  cb_window_export_to_file (window, export, first_png);
  g_assert_true (iterate_until (export_enabled, window, 60));

  /* Hide every layer but the background: the picture must change. */
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    cb_layer_set_visible (cb_layer_catalog_get_layer (catalog, i), FALSE);
  cb_window_export_to_file (window, export, second_png);
  g_assert_false (export_enabled (window));
  g_assert_true (iterate_until (export_enabled, window, 60));

  a = cairo_image_surface_create_from_png (first_png);
  b = cairo_image_surface_create_from_png (second_png);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  for (int y = 0; y < 300; y++)
    changed += memcmp (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a),
                       cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b),
                       400 * 4) != 0;
  g_assert_cmpuint (changed, >, 30);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  g_unlink (first_png);
  g_unlink (second_png);
  g_rmdir (dir);
  destroy_window (window);
  /* A new window starts with the default layers again. */
}

/* A3 at 300 dpi from the window: the call returns at once and the main
 * loop keeps running while the worker draws (times are reported, not
 * tested: speed is for bench/). */
static void
test_a3_in_background (void)
{
  CbWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("cb-export-a3-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "a3.png", NULL);
  g_autoptr(CbExport) export = cb_export_dialog_create_export (cb_window_get_map (window),
                                                               CB_EXPORT_SIZE_A3_300DPI, 0, 0);
  gint64 start, returned, last, longest = 0;
  guint iterations = 0;
  cairo_surface_t *image;

  start = g_get_monotonic_time ();
  cb_window_export_to_file (window, export, png);
  returned = last = g_get_monotonic_time ();
  while (!export_enabled (window))
    {
      gint64 now;

      g_main_context_iteration (NULL, FALSE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
      iterations++;
      g_assert_cmpint (now - start, <, 120 * G_USEC_PER_SEC);
      g_usleep (1000);
    }
  g_test_message ("A3 export: call %.1f ms, done after %.0f ms, %u main loop turns, longest %.1f ms",
                  (returned - start) / 1000.0, (last - start) / 1000.0, iterations, longest / 1000.0);

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (MAX (cairo_image_surface_get_width (image), cairo_image_surface_get_height (image)), ==, 4961);
  g_assert_cmpint (MIN (cairo_image_surface_get_width (image), cairo_image_surface_get_height (image)), ==, 3508);
  cairo_surface_destroy (image);

  g_unlink (png);
  g_rmdir (dir);
  destroy_window (window);
}

/* Closing the window mid-export cancels it: no file, no temporary file,
 * no crash, and the window is freed once the worker has stopped. */
static void
test_close_while_exporting (void)
{
  CbWindow *window = new_window ();
  gpointer window_alive = window;
  g_autofree char *dir = g_dir_make_tmp ("cb-export-close-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "huge.png", NULL);
  /* Large enough to take seconds: the file is drawn in some 25 bands. */
  g_autoptr(CbExport) export = cb_export_dialog_create_export (cb_window_get_map (window),
                                                               CB_EXPORT_SIZE_CUSTOM, 16000, 12000);

  cb_window_export_to_file (window, export, png);
  g_clear_object (&export);
  g_assert_false (export_enabled (window));

  /* The worker has started writing its temporary file... */
  g_assert_true (iterate_until (dir_has_files, dir, 60));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (export_enabled (window));

  /* ...when the window closes. */
  g_object_add_weak_pointer (G_OBJECT (window), &window_alive);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (iterate_until (dir_is_empty, dir, 60));
  g_assert_true (iterate_until (pointer_cleared, &window_alive, 60));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 0);

  g_rmdir (dir);
}

/* The window's export copies the layers it shows, sharing their geometry:
 * it reads no file, so it works with the shapefiles gone. */
static guint
count_colours (cairo_surface_t *image)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (image) +
                                                              y * cairo_image_surface_get_stride (image));

      for (int x = 0; x < width; x++)
        g_hash_table_add (colours, GUINT_TO_POINTER (row[x]));
    }
  return g_hash_table_size (colours);
}

/* The window's export copies the layers it shows, sharing their geometry:
 * it reads no file, so with the shapefiles gone it writes the same map. */
static void
test_export_without_files (void)
{
  CbWindow *window = new_window ();
  const char *geodata = g_getenv ("CB_GEODATA_DIR");
  g_autofree char *hidden = g_strconcat (geodata, ".hidden", NULL);
  g_autofree char *dir = g_dir_make_tmp ("cb-export-nofiles-XXXXXX", NULL);
  g_autofree char *with_files = g_build_filename (dir, "with-files.png", NULL);
  g_autofree char *without_files = g_build_filename (dir, "without-files.png", NULL);
  g_autoptr(CbExport) export = cb_export_dialog_create_export (cb_window_get_map (window),
                                                               CB_EXPORT_SIZE_CUSTOM, 600, 450);
  cairo_surface_t *a, *b;

  cb_window_export_to_file (window, export, with_files);
  g_assert_true (iterate_until (export_enabled, window, 60));

  /* The test's own copy of the data (see main()): away with all of it. */
  g_assert_cmpint (g_rename (geodata, hidden), ==, 0);
  g_assert_false (g_file_test (geodata, G_FILE_TEST_EXISTS));
  cb_window_export_to_file (window, export, without_files);
  g_assert_true (iterate_until (export_enabled, window, 60));
  g_assert_cmpint (g_rename (hidden, geodata), ==, 0);

  a = cairo_image_surface_create_from_png (with_files);
  b = cairo_image_surface_create_from_png (without_files);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, 600);
  /* A real map, not a blank page... */
  g_test_message ("%u colours", count_colours (a));
  g_assert_cmpuint (count_colours (a), >, 200);
  /* ...and the same one without the files. */
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                           (gsize) cairo_image_surface_get_stride (a) * 450), ==, 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  g_unlink (with_files);
  g_unlink (without_files);
  g_rmdir (dir);
  destroy_window (window);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (cb_export_write_finish (result, error));
}

static gboolean
error_set (gpointer location)
{
  return *(GError **) location != NULL;
}

/* Cancelled before the worker runs: an error, and nothing written. */
static void
test_cancelled_write (void)
{
  CbWindow *window = new_window ();
  g_autofree char *dir = g_dir_make_tmp ("cb-export-cancel-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autoptr(CbExport) export = cb_export_dialog_create_export (cb_window_get_map (window),
                                                               CB_EXPORT_SIZE_VIEW_1X, 0, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  cb_export_write_async (export, png, cancellable, write_done, &error);
  g_assert_true (iterate_until (error_set, &error, 60));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (dir), ==, 0);

  g_rmdir (dir);
  destroy_window (window);
}

/* win.print's operation, exported to a PDF instead of a printer. */
static void
test_print (void)
{
  CbWindow *window = new_window ();
  g_autoptr(CbExport) export = cb_export_dialog_create_export (cb_window_get_map (window),
                                                               CB_EXPORT_SIZE_VIEW_1X, 0, 0);
  g_autoptr(CbPrintOperation) print = cb_print_operation_new (export);
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (print);
  g_autofree char *dir = g_dir_make_tmp ("cb-print-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *page_png = g_build_filename (dir, "page.png", NULL);
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autoptr(GError) error = NULL;
  CbLayerStyle treaty;
  cairo_surface_t *page;
  int status = 0;
  guint found = 0;

  gtk_print_operation_set_export_filename (operation, pdf);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                            GTK_WINDOW (window), &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  if (pdftoppm == NULL)
    {
      g_test_skip ("pdftoppm (poppler-utils) is needed to look at the page");
      destroy_window (window);
      return;
    }

  /* The page shows the map: the treaty line is there in its colour. */
  g_spawn_sync (NULL, (char *[]) { pdftoppm, (char *) "-png", (char *) "-r", (char *) "50",
                                   (char *) "-singlefile", pdf, prefix, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  page = cairo_image_surface_create_from_png (page_png);
  g_assert_cmpint (cairo_surface_status (page), ==, CAIRO_STATUS_SUCCESS);
  cb_layer_style_get_default ("treaty_1920_line", &treaty);
  for (int y = 0; y < cairo_image_surface_get_height (page); y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (page) + y * cairo_image_surface_get_stride (page));

      for (int x = 0; x < cairo_image_surface_get_width (page); x++)
        found += ABS ((int) ((row[x] >> 16) & 0xff) - (int) (treaty.line_light.red * 255)) <= 12 &&
                 ABS ((int) ((row[x] >> 8) & 0xff) - (int) (treaty.line_light.green * 255)) <= 12 &&
                 ABS ((int) (row[x] & 0xff) - (int) (treaty.line_light.blue * 255)) <= 12;
    }
  g_assert_cmpuint (found, >, 20);

  cairo_surface_destroy (page);
  g_unlink (page_png);
  g_unlink (pdf);
  g_rmdir (dir);
  destroy_window (window);
}

/* The first descendant of @widget of @type whose row title is @title
 * (any title when NULL). */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (title == NULL || (ADW_IS_PREFERENCES_ROW (widget) &&
                         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The dialog offers a title, the size (paper by default), the orientation
 * and the legend, and the export it makes follows them. */
static void
test_dialog_page_options (void)
{
  CbWindow *window = new_window ();
  CbMap *map = cb_window_get_map (window);
  CbExportDialog *dialog = cb_export_dialog_new (GTK_WINDOW (window), map);
  GtkWidget *title_row, *orientation_row, *legend_switch;
  g_autoptr(CbExport) chosen = NULL;
  g_autoptr(CbExport) turned = NULL;
  double paper_width, paper_height;

  gtk_window_present (GTK_WINDOW (dialog));
  cb_test_flush_events ();
  title_row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Title");
  orientation_row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Orientation");
  legend_switch = find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (title_row);
  g_assert_nonnull (orientation_row);
  g_assert_nonnull (legend_switch);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Size"));

  /* By default: a sheet of A4 (the tests' C locale), turned like the view,
   * the default title, with the legend. */
  chosen = cb_export_dialog_create_chosen_export (dialog);
  g_assert_true (cb_export_get_paper (chosen, &paper_width, &paper_height));
  g_assert_cmpfloat (MAX (paper_width, paper_height), ==, 297);
  g_assert_cmpfloat (MIN (paper_width, paper_height), ==, 210);
  g_assert_true (cb_export_get_show_legend (chosen));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==, cb_export_get_title (chosen));
  g_clear_object (&chosen);

  /* A teacher's own title, portrait, no legend. */
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Lesson 3: the 1920 treaty");
  adw_combo_row_set_selected (ADW_COMBO_ROW (orientation_row), CB_EXPORT_ORIENTATION_PORTRAIT);
  gtk_switch_set_active (GTK_SWITCH (legend_switch), FALSE);
  chosen = cb_export_dialog_create_chosen_export (dialog);
  g_assert_cmpstr (cb_export_get_title (chosen), ==, "Lesson 3: the 1920 treaty");
  g_assert_cmpuint (cb_export_get_width (chosen), <, cb_export_get_height (chosen));
  g_assert_true (cb_export_get_paper (chosen, &paper_width, &paper_height));
  g_assert_cmpfloat (paper_width, ==, 210);
  g_assert_cmpfloat (paper_height, ==, 297);
  g_assert_false (cb_export_get_show_legend (chosen));

  /* Landscape turns a portrait size. */
  turned = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_CUSTOM, 600, 800);
  cb_export_dialog_apply_page (turned, NULL, CB_EXPORT_ORIENTATION_LANDSCAPE, TRUE);
  g_assert_cmpuint (cb_export_get_width (turned), ==, 800);
  g_assert_cmpuint (cb_export_get_height (turned), ==, 600);

  gtk_window_destroy (GTK_WINDOW (dialog));
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *geodata = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  /* A copy of the map data that /export-window/export-without-files may
   * take away; the command line run by the tests reads it too. */
  geodata = cb_test_copy_geodata ();
  g_setenv ("CB_GEODATA_DIR", geodata, TRUE);

  g_test_add_func ("/export-window/actions", test_actions);
  g_test_add_func ("/export-window/sizes", test_sizes);
  g_test_add_func ("/export-window/dialog-page-options", test_dialog_page_options);
  g_test_add_func ("/export-window/same-as-command-line", test_same_as_command_line);
  g_test_add_func ("/export-window/export-twice", test_export_twice);
  g_test_add_func ("/export-window/a3-in-background", test_a3_in_background);
  g_test_add_func ("/export-window/close-while-exporting", test_close_while_exporting);
  g_test_add_func ("/export-window/cancelled-write", test_cancelled_write);
  g_test_add_func ("/export-window/print", test_print);
  g_test_add_func ("/export-window/export-without-files", test_export_without_files);

  ret = g_test_run ();
  cb_test_release_app ();
  cb_test_remove_tree (geodata);

  return ret;
}
