/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>

#include "cb-application.h"
#include "cb-export-dialog.h"
#include "cb-window.h"

/*
 * The window's export (what win.export writes once a file is chosen) makes
 * the same picture as `contested-borders --export` for the same view,
 * layers, language and town.
 */

static CbApplication *the_app;

static void
flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static CbWindow *
new_window (void)
{
  CbWindow *window = cb_window_new (the_app);

  gtk_window_present (GTK_WINDOW (window));
  flush_events ();
  return window;
}

static void
destroy_window (CbWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  flush_events ();
  g_assert_finalize_object (window);
}

static void
test_actions (void)
{
  CbWindow *window = new_window ();
  g_auto(GStrv) export_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (the_app), "win.export");
  g_auto(GStrv) print_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (the_app), "win.print");

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
  CbLayerCatalog *catalog = cb_window_get_catalog (window);
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

  export = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_CUSTOM, 1000, 760);
  g_assert_true (cb_export_write (export, window_png, NULL, &error));
  g_assert_no_error (error);

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

  /* Back to the defaults for the other tests. */
  cb_layer_set_visible (cb_layer_catalog_get_layer_by_id (catalog, "governorates_1897"), FALSE);
  cb_layer_set_visible (cb_layer_catalog_get_layer_by_id (catalog, "rivers"), TRUE);
  destroy_window (window);
}

/* win.print's operation, exported to a PDF instead of a printer. */
static void
test_print (void)
{
  CbWindow *window = new_window ();
  g_autoptr(GtkPrintOperation) operation = cb_export_dialog_create_print_operation (cb_window_get_map (window));
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
  cb_layer_catalog_get_default_style ("treaty_1920_line", &treaty);
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  the_app = cb_application_new ();
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/export-window/actions", test_actions);
  g_test_add_func ("/export-window/sizes", test_sizes);
  g_test_add_func ("/export-window/same-as-command-line", test_same_as_command_line);
  g_test_add_func ("/export-window/print", test_print);

  ret = g_test_run ();
  g_clear_object (&the_app);

  return ret;
}
