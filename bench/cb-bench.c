/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Render benchmark: draws the bundled layers through CbRenderer onto a
 * 1920x1080 ARGB32 cairo image surface (cairo's software renderer) and
 * prints one line per case:
 *
 *   bench <case> median_ms=<x> p95_ms=<y>
 *
 * Usage: cb-bench [--iterations N] [--png DIR] [--geodata DIR] [--case NAME...]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cb-bench-common.h"
#include "cb-layer-catalog.h"
#include "cb-layer.h"
#include "cb-paths.h"
#include "cb-renderer.h"
#include "cb-shapefile.h"

#define WIDTH 1920
#define HEIGHT 1080

/* --case: only these cases (all when NULL), e.g. to run one under callgrind. */
static char **selected_cases;

/* Times @iterations renders (after a few untimed ones that fill caches)
 * and prints the case's line.  With @pan, the view moves 2 px before
 * each render, as in a drag: nothing placed for the last frame fits. */
static void
run_case_panned (const char      *name,
                 CbRenderer      *renderer,
                 CbViewport      *viewport,
                 int              iterations,
                 const char      *png_dir,
                 gboolean         pan)
{
  double cx = cb_viewport_get_center_x (viewport), cy = cb_viewport_get_center_y (viewport);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autofree double *times = g_new (double, iterations);
  g_autofree double *cpu_times = g_new (double, iterations);
  CbRenderOptions options;

  if (!cb_bench_case_selected (selected_cases, name))
    {
      cairo_surface_destroy (surface);
      return;
    }
  cb_render_options_init (&options);

  for (int i = -3; i < iterations; i++)
    {
      cairo_t *cr = cairo_create (surface);
      double cpu_start, step = 2 * cb_viewport_get_scale (viewport);
      gint64 start;

      if (pan)
        cb_viewport_set_center (viewport, cx + (i + 3) * step, cy - (i + 3) * step / 2);
      cpu_start = cb_bench_thread_cpu_ms ();
      start = g_get_monotonic_time ();
      cb_renderer_render (renderer, cr, viewport, &options);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (i >= 0)
        {
          times[i] = (g_get_monotonic_time () - start) / 1000.0;
          cpu_times[i] = cb_bench_thread_cpu_ms () - cpu_start;
        }
    }

  qsort (times, iterations, sizeof (double), cb_bench_compare_doubles);
  qsort (cpu_times, iterations, sizeof (double), cb_bench_compare_doubles);
  printf ("bench %s median_ms=%.2f p95_ms=%.2f\n", name,
          times[iterations / 2],
          times[MIN (iterations - 1, (int) ceil (iterations * 0.95) - 1)]);
  /* The machine is shared: the fastest run and the load say how much of
   * the median is waiting for a CPU. */
  {
    g_autofree char *loadavg = NULL;

    g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
    printf ("# %s min_ms=%.2f cpu_median_ms=%.2f iterations=%d loadavg=%.14s\n", name,
            times[0], cpu_times[iterations / 2], iterations, loadavg ? loadavg : "?");
  }
  fflush (stdout);

  if (png_dir != NULL)
    {
      g_autofree char *file = g_strconcat (name, ".png", NULL);
      g_autofree char *path = g_build_filename (png_dir, file, NULL);

      cairo_surface_write_to_png (surface, path);
    }
  cairo_surface_destroy (surface);
  if (pan)
    cb_viewport_set_center (viewport, cx, cy);
}

static void
run_case (const char *name,
          CbRenderer *renderer,
          CbViewport *viewport,
          int         iterations,
          const char *png_dir)
{
  run_case_panned (name, renderer, viewport, iterations, png_dir, FALSE);
}

/*
 * What a widget pays with gtk_snapshot_append_cairo(): GTK records the
 * drawing, then replays it onto pixels.  Recording targets get no direct
 * pixel writes, so this shows what cb_renderer_render_image() saves.
 */
static void
run_recording_case (const char *name,
                    CbRenderer *renderer,
                    CbViewport *viewport,
                    int         iterations)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autofree double *times = g_new (double, iterations);
  CbRenderOptions options;

  if (!cb_bench_case_selected (selected_cases, name))
    {
      cairo_surface_destroy (surface);
      return;
    }
  cb_render_options_init (&options);
  for (int i = -3; i < iterations; i++)
    {
      gint64 start = g_get_monotonic_time ();
      cairo_surface_t *recording =
        cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                        &(cairo_rectangle_t) { 0, 0, WIDTH, HEIGHT });
      cairo_t *cr = cairo_create (recording);

      cb_renderer_render (renderer, cr, viewport, &options);
      cairo_destroy (cr);
      cr = cairo_create (surface);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (recording);
      cairo_surface_flush (surface);
      if (i >= 0)
        times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (times, iterations, sizeof (double), cb_bench_compare_doubles);
  printf ("bench %s median_ms=%.2f p95_ms=%.2f\n", name, times[iterations / 2],
          times[MIN (iterations - 1, (int) ceil (iterations * 0.95) - 1)]);
  printf ("# %s min_ms=%.2f (cairo recording replayed onto an image, as in a GTK cairo node)\n",
          name, times[0]);
  fflush (stdout);
  cairo_surface_destroy (surface);
}

/*
 * Writes a line shapefile of @n_lines x @n_points vertices: meandering
 * lines with a vertex every 30 m, as a finely digitised river or border
 * would have.  Deterministic (fixed seed).  WGS84, no .prj.
 */
static gboolean
write_big_layer (const char *path,
                 int         n_lines,
                 int         n_points)
{
  SHPHandle shp = SHPCreate (path, SHPT_ARC);
  g_autofree double *xs = g_new (double, n_points);
  g_autofree double *ys = g_new (double, n_points);
  g_autofree char *dbf_path = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1920);
  DBFHandle dbf;

  if (shp == NULL)
    return FALSE;

  dbf_path = g_strconcat (path, ".dbf", NULL);
  dbf = DBFCreate (dbf_path);
  if (dbf == NULL)
    {
      SHPClose (shp);
      return FALSE;
    }
  DBFAddField (dbf, "id", FTString, 16, 0);

  for (int l = 0; l < n_lines; l++)
    {
      double lon = g_rand_double_range (rand, 21.0, 29.0);
      double lat = g_rand_double_range (rand, 52.5, 57.0);
      double heading = g_rand_double_range (rand, 0, 2 * G_PI);
      double phase = g_rand_double_range (rand, 0, 2 * G_PI);
      char id[16];
      SHPObject *obj;

      for (int i = 0; i < n_points; i++)
        {
          const double step_m = 30;

          xs[i] = lon;
          ys[i] = lat;
          heading += 0.04 * sin (i * 0.015 + phase) + g_rand_double_range (rand, -0.03, 0.03);
          lat += step_m * cos (heading) / 111320.0;
          lon += step_m * sin (heading) / (111320.0 * cos (lat * G_PI / 180));
        }

      obj = SHPCreateSimpleObject (SHPT_ARC, n_points, xs, ys, NULL);
      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);

      g_snprintf (id, sizeof id, "line%d", l);
      DBFWriteStringAttribute (dbf, l, 0, id);
    }

  SHPClose (shp);
  DBFClose (dbf);
  return TRUE;
}

static void
print_vertices (CbLayerCatalog *catalog,
                CbViewport     *viewport)
{
  gsize total = 0, drawn = 0;

  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      /* As the renderer picks: half a pixel, a whole one for context. */
      double tol = (cb_layer_get_group (layer) == CB_LAYER_GROUP_CONTEXT ? 1.0 : 0.5)
                   * cb_viewport_get_scale (viewport);

      if (!cb_layer_get_visible (layer))
        continue;
      total += cb_feature_set_get_n_vertices (cb_layer_get_features (layer));
      drawn += cb_feature_set_get_lod_n_vertices (cb_layer_get_features (layer), cb_feature_set_pick_lod (cb_layer_get_features (layer), tol));
    }
  printf ("# scale %.1f m/px: %" G_GSIZE_FORMAT " vertices in visible layers, "
          "%" G_GSIZE_FORMAT " at the level of detail used (before culling)\n",
          cb_viewport_get_scale (viewport), total, drawn);
}

/*
 * lod-zigzag-10M: a 10-million-vertex zig-zag line (2 m steps, 200 m
 * amplitude), the shape that made Douglas-Peucker quadratic, loaded
 * through cb_shapefile_load() (read, project, all levels of detail).
 */
static void
run_lod_zigzag_case (void)
{
  const int n = 10 * 1000 * 1000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *shp_path = NULL;
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;
  g_autoptr(CbFeatureSet) set = NULL;
  SHPHandle shp;
  SHPObject *obj;
  gint64 start;
  double cpu_start;

  if (!cb_bench_case_selected (selected_cases, "lod-zigzag-10M"))
    return;
  dir = g_dir_make_tmp ("cb-bench-zigzag-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  base = g_build_filename (dir, "zigzag", NULL);
  shp_path = g_strconcat (base, ".shp", NULL);
  xs = g_new (double, n);
  ys = g_new (double, n);
  for (int i = 0; i < n; i++)
    {
      xs[i] = 20.5 + 9.0 * i / n;
      ys[i] = 52.5 + (i % 2) * 0.002 + 4.0 * i / n;
    }
  shp = SHPCreate (base, SHPT_ARC);
  obj = SHPCreateSimpleObject (SHPT_ARC, n, xs, ys, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);
  g_clear_pointer (&xs, g_free);
  g_clear_pointer (&ys, g_free);

  start = g_get_monotonic_time ();
  cpu_start = cb_bench_thread_cpu_ms ();
  set = cb_shapefile_load (shp_path, &error);
  if (set == NULL)
    g_printerr ("Cannot load %s: %s\n", shp_path, error->message);
  else
    {
      /* CPU time too: on a shared machine the wall time includes waiting. */
      printf ("bench lod-zigzag-10M load_ms=%.1f cpu_ms=%.1f\n",
              (g_get_monotonic_time () - start) / 1000.0, cb_bench_thread_cpu_ms () - cpu_start);
      printf ("# lod-zigzag-10M levels of detail:");
      for (guint i = 0; i < cb_feature_set_get_n_lods (set); i++)
        printf (" %" G_GSIZE_FORMAT, cb_feature_set_get_lod_n_vertices (set, i));
      printf ("\n");
    }

  for (const char *ext = "shp"; ext != NULL; ext = g_str_equal (ext, "shp") ? "shx" : NULL)
    {
      g_autofree char *file = g_strconcat (base, ".", ext, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int iterations = 60;
  g_autofree char *png_dir = NULL;
  g_autofree char *geodata = NULL;
  GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Timed renders per case", "N" },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png_dir, "Write each case's image to DIR", "DIR" },
    { "geodata", 0, 0, G_OPTION_ARG_FILENAME, &geodata, "Layer folder", "DIR" },
    { "case", 0, 0, G_OPTION_ARG_STRING_ARRAY, &selected_cases, "Run only this case (repeatable)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- map render benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbViewport) viewport = cb_viewport_new ();
  g_autofree char *tmp_dir = NULL;
  g_autofree char *big_base = NULL;
  g_autofree char *big_shp = NULL;
  CbLayer *towns, *big;
  CbBounds region;
  double vilnius_x, vilnius_y;
  gint64 start;
  int town;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  iterations = MAX (iterations, 1);

  start = g_get_monotonic_time ();
  if (!cb_layer_catalog_load (catalog, geodata, &error))
    {
      g_printerr ("Cannot load layers: %s\n", error->message);
      return 1;
    }
  printf ("# loaded %u layers in %.1f ms\n", cb_layer_catalog_get_n_layers (catalog),
          (g_get_monotonic_time () - start) / 1000.0);
  for (const char * const *w = cb_layer_catalog_get_warnings (catalog); *w; w++)
    printf ("# warning: %s\n", *w);
  renderer = cb_renderer_new (catalog);
  cb_viewport_set_size (viewport, WIDTH, HEIGHT);
  cb_projection_get_region_bounds (&region);
  cb_viewport_fit_bounds (viewport, &region, 0);

  /* An extra case: the layers a new user sees (default visibility). */
  print_vertices (catalog, viewport);
  run_case ("default-layers-1920x1080", renderer, viewport, iterations, png_dir);

  /* full: the whole region with every bundled layer switched on */
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    cb_layer_set_visible (cb_layer_catalog_get_layer (catalog, i), TRUE);
  print_vertices (catalog, viewport);
  run_case ("full-1920x1080", renderer, viewport, iterations, png_dir);
  /* The same while dragging: towns and labels are placed anew each frame. */
  run_case_panned ("full-pan-1920x1080", renderer, viewport, iterations, png_dir, TRUE);
  run_recording_case ("full-recording-1920x1080", renderer, viewport, MAX (iterations / 3, 1));

  /* zoom-city: Vilnius filling the screen, as close as the app zooms
   * (the viewport's default min-scale, 40 m per pixel) */
  towns = cb_layer_catalog_get_towns (catalog);
  town = towns ? cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), "vilnius") : -1;
  if (town >= 0)
    {
      const double *pt = cb_feature_set_get_feature_part (cb_layer_get_features (towns), town, 0, NULL);

      vilnius_x = pt[0];
      vilnius_y = pt[1];
    }
  else
    {
      /* Vilnius per GeoNames (towns_reference.csv), if the towns layer is missing. */
      cb_viewport_geo_to_map (viewport, 25.2798, 54.68916, &vilnius_x, &vilnius_y);
    }
  cb_viewport_freeze_changed (viewport);
  cb_viewport_set_scale (viewport, cb_viewport_get_min_scale (viewport));
  cb_viewport_set_center (viewport, vilnius_x, vilnius_y);
  cb_viewport_thaw_changed (viewport);
  print_vertices (catalog, viewport);
  run_case ("zoom-city-1920x1080", renderer, viewport, iterations, png_dir);

  run_lod_zigzag_case ();

  /* prj-repeat: one .prj read into a projection again and again, as when
   * many layers share a CRS (the PROJ context and operation are pooled). */
  if (cb_bench_case_selected (selected_cases, "prj-repeat"))
    {
      g_autofree char *prj = geodata ? g_build_filename (geodata, "towns.prj", NULL)
                                     : g_build_filename (cb_paths_get_geodata_dir (), "towns.prj", NULL);
      int n = 500;

      CbProjection *warm = cb_projection_new_from_prj_file (prj, NULL);

      g_clear_object (&warm);
      start = g_get_monotonic_time ();
      for (int i = 0; i < n; i++)
        {
          CbProjection *p = cb_projection_new_from_prj_file (prj, NULL);

          g_clear_object (&p);
        }
      printf ("bench prj-repeat mean_ms=%.3f\n", (g_get_monotonic_time () - start) / 1000.0 / n);
    }

  /* big: everything plus a user layer of a million vertices */
  if (!cb_bench_case_selected (selected_cases, "big-1920x1080"))
    return 0;
  tmp_dir = g_dir_make_tmp ("cb-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  big_base = g_build_filename (tmp_dir, "big", NULL);
  big_shp = g_strconcat (big_base, ".shp", NULL);
  start = g_get_monotonic_time ();
  if (!write_big_layer (big_base, 1000, 1000))
    {
      g_printerr ("Cannot write %s\n", big_shp);
      return 1;
    }
  printf ("# wrote 1000 lines x 1000 vertices in %.1f ms\n",
          (g_get_monotonic_time () - start) / 1000.0);
  start = g_get_monotonic_time ();
  big = cb_layer_catalog_add_user_layer (catalog, big_shp, &error);
  if (big == NULL)
    {
      g_printerr ("Cannot load %s: %s\n", big_shp, error->message);
      return 1;
    }
  printf ("# loaded the user layer (%u vertices) in %.1f ms; levels of detail:",
          cb_feature_set_get_n_vertices (cb_layer_get_features (big)), (g_get_monotonic_time () - start) / 1000.0);
  for (guint i = 0; i < cb_feature_set_get_n_lods (cb_layer_get_features (big)); i++)
    printf (" %" G_GSIZE_FORMAT, cb_feature_set_get_lod_n_vertices (cb_layer_get_features (big), i));
  printf ("\n");

  cb_viewport_fit_bounds (viewport, &region, 0);
  print_vertices (catalog, viewport);
  run_case ("big-1920x1080", renderer, viewport, iterations, png_dir);

  cb_layer_catalog_remove_layer (catalog, big);
  {
    static const char * const exts[] = { "shp", "shx", "dbf" };

    for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
      {
        g_autofree char *file = g_strconcat (big_base, ".", exts[i], NULL);

        g_unlink (file);
      }
    g_rmdir (tmp_dir);
  }

  return 0;
}
