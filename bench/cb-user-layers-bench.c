/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * Your layers at size: prints figures, asserts nothing.
 *
 *   open-shapefile-10M   writes a polygon shapefile of 10 million vertices
 *                        and opens it as a user layer: wall time, and the
 *                        process's peak resident memory against the .shp size
 *   pan-10M-1920x1080    renders the bundled layers with it visible, panning,
 *                        at the whole-region view and at a city view: median
 *   open-geojson-1M      the same polygons written as GeoJSON, 1 million
 *                        vertices: open time and peak memory
 *
 * --case NAME (repeatable) runs only some; the 10M file is written once.
 * The shared machine makes medians noisy: the CPU-time median and the
 * load average are printed beside them.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cb-bench-common.h"
#include "cb-geojson.h"
#include "cb-layer-catalog.h"
#include "cb-renderer.h"
#include "cb-user-layer.h"

#define WIDTH 1920
#define HEIGHT 1080

static char **selected_cases;

/* A /proc/self/status field in kB (VmRSS, VmHWM), or -1. */
static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return strtol (line + strlen (field) + 1, NULL, 10);
}

/* Resets the peak (VmHWM) to the current resident size (Linux >= 4.0). */
static gboolean
reset_peak (void)
{
  return g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

/* Ring @r of a deterministic wavy polygon around a centre in the region:
 * @n vertices, radius 3–25 km, a vertex every few metres. */
static void
make_ring (GRand  *rand,
           int     n,
           double *xs,
           double *ys)
{
  double lon = g_rand_double_range (rand, 21.5, 28.5);
  double lat = g_rand_double_range (rand, 53.0, 56.5);
  double radius_m = g_rand_double_range (rand, 3000, 25000);
  double phase = g_rand_double_range (rand, 0, 2 * G_PI);

  for (int i = 0; i < n; i++)
    {
      /* Clockwise, as shapefile outer rings are. */
      double a = -2 * G_PI * i / (n - 1);
      double r = radius_m * (1 + 0.15 * sin (7 * a + phase) + 0.05 * sin (41 * a));

      xs[i] = lon + r * cos (a) / (111320.0 * cos (lat * G_PI / 180));
      ys[i] = lat + r * sin (a) / 111320.0;
    }
  xs[n - 1] = xs[0];
  ys[n - 1] = ys[0];
}

static gboolean
write_shapefile (const char *base,
                 int         n_polygons,
                 int         n_points)
{
  SHPHandle shp = SHPCreate (base, SHPT_POLYGON);
  DBFHandle dbf = DBFCreateEx (base, "UTF-8");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1920);
  g_autofree double *xs = g_new (double, n_points);
  g_autofree double *ys = g_new (double, n_points);

  if (shp == NULL || dbf == NULL)
    return FALSE;
  DBFAddField (dbf, "name", FTString, 24, 0);
  for (int p = 0; p < n_polygons; p++)
    {
      char name[24];
      SHPObject *obj;

      make_ring (rand, n_points, xs, ys);
      obj = SHPCreateSimpleObject (SHPT_POLYGON, n_points, xs, ys, NULL);
      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
      g_snprintf (name, sizeof name, "area %d", p);
      DBFWriteStringAttribute (dbf, p, 0, name);
    }
  SHPClose (shp);
  DBFClose (dbf);
  return TRUE;
}

static gboolean
write_geojson (const char *path,
               int         n_polygons,
               int         n_points)
{
  FILE *file = g_fopen (path, "w");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1920);
  g_autofree double *xs = g_new (double, n_points);
  g_autofree double *ys = g_new (double, n_points);
  char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];

  if (file == NULL)
    return FALSE;
  fputs ("{\"type\": \"FeatureCollection\", \"features\": [\n", file);
  for (int p = 0; p < n_polygons; p++)
    {
      make_ring (rand, n_points, xs, ys);
      fprintf (file, "%s{\"type\": \"Feature\", \"properties\": {\"name\": \"area %d\"}, "
               "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[", p ? ",\n" : "", p);
      for (int i = 0; i < n_points; i++)
        fprintf (file, "%s[%s, %s]", i ? ", " : "",
                 g_ascii_formatd (bx, sizeof bx, "%.6f", xs[i]),
                 g_ascii_formatd (by, sizeof by, "%.6f", ys[i]));
      fputs ("]]}}", file);
    }
  fputs ("\n]}\n", file);
  return fclose (file) == 0;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : -1;
}

/* Opens @path as a user layer; prints time and memory against the file. */
static CbLayer *
open_case (const char *name,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  long before_kb, peak_kb;
  goffset size = file_size (path);
  double cpu_start;
  gint64 start;
  CbLayer *layer;

  reset_peak ();
  before_kb = status_kb ("VmRSS:");
  cpu_start = cb_bench_thread_cpu_ms ();
  start = g_get_monotonic_time ();
  layer = cb_user_layer_load (path, &error);
  if (layer == NULL)
    {
      printf ("# %s: %s\n", name, error->message);
      return NULL;
    }
  peak_kb = status_kb ("VmHWM:");
  printf ("bench %s open_ms=%.0f cpu_ms=%.0f vertices=%u file_mb=%.1f "
          "peak_rss_mb=%.1f peak_over_start_mb=%.1f peak_over_start_per_file=%.2f\n",
          name, (g_get_monotonic_time () - start) / 1000.0, cb_bench_thread_cpu_ms () - cpu_start,
          cb_feature_set_get_n_vertices (cb_layer_get_features (layer)),
          size / 1048576.0, peak_kb / 1024.0, (peak_kb - before_kb) / 1024.0,
          (peak_kb - before_kb) * 1024.0 / size);
  {
    CbFeatureSet *set = cb_layer_get_features (layer);

    printf ("# %s levels of detail (vertices):", name);
    for (guint i = 0; i < cb_feature_set_get_n_lods (set); i++)
      printf (" %" G_GSIZE_FORMAT, cb_feature_set_get_lod_n_vertices (set, i));
    printf ("\n");
  }
  fflush (stdout);
  return layer;
}

/* Renders @iterations frames, panning a tenth of the view each time. */
static void
pan_case (const char *name,
          CbRenderer *renderer,
          CbViewport *viewport,
          int         iterations)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autofree double *times = g_new (double, iterations);
  g_autofree double *cpu = g_new (double, iterations);
  g_autofree char *loadavg = NULL;
  CbRenderOptions options;

  cb_render_options_init (&options);
  options.draw_towns = TRUE;
  options.draw_background = TRUE;
  for (int i = -3; i < iterations; i++)
    {
      cairo_t *cr = cairo_create (surface);
      double cpu_start = cb_bench_thread_cpu_ms ();
      gint64 start = g_get_monotonic_time ();

      /* Back and forth, so the view stays where it was put. */
      cb_viewport_pan_by (viewport, (i / 5) % 2 ? -WIDTH / 10.0 : WIDTH / 10.0, 0);
      cb_renderer_render (renderer, cr, viewport, &options);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      if (i >= 0)
        {
          times[i] = (g_get_monotonic_time () - start) / 1000.0;
          cpu[i] = cb_bench_thread_cpu_ms () - cpu_start;
        }
    }
  qsort (times, iterations, sizeof (double), cb_bench_compare_doubles);
  qsort (cpu, iterations, sizeof (double), cb_bench_compare_doubles);
  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  printf ("bench %s median_ms=%.2f p95_ms=%.2f\n", name, times[iterations / 2],
          times[MIN (iterations - 1, (int) ceil (iterations * 0.95) - 1)]);
  printf ("# %s min_ms=%.2f cpu_median_ms=%.2f scale=%.1f m/px iterations=%d loadavg=%.14s\n",
          name, times[0], cpu[iterations / 2], cb_viewport_get_scale (viewport), iterations,
          loadavg ? loadavg : "?");
  fflush (stdout);
  cairo_surface_destroy (surface);
}

static void
remove_shapefile (const char *base)
{
  static const char * const exts[] = { "shp", "shx", "dbf", "cpg" };

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *file = g_strconcat (base, ".", exts[i], NULL);
      g_unlink (file);
    }
}

int
main (int   argc,
      char *argv[])
{
  int iterations = 30;
  const GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Frames per pan case", "N" },
    { "case", 0, 0, G_OPTION_ARG_STRING_ARRAY, &selected_cases, "Run only this case", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- your layers at size");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *shp = NULL;
  g_autofree char *json = NULL;
  g_autoptr(CbLayer) big = NULL;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  iterations = MAX (iterations, 1);
  tmp_dir = g_dir_make_tmp ("cb-user-layers-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  base = g_build_filename (tmp_dir, "big10m", NULL);
  shp = g_strconcat (base, ".shp", NULL);
  json = g_build_filename (tmp_dir, "big1m.geojson", NULL);

  if (cb_bench_case_selected (selected_cases, "open-shapefile-10M") || cb_bench_case_selected (selected_cases, "pan-10M-1920x1080"))
    {
      start = g_get_monotonic_time ();
      /* 1000 polygons of 10 000 vertices. */
      if (!write_shapefile (base, 1000, 10000))
        {
          g_printerr ("Cannot write %s\n", shp);
          return 1;
        }
      printf ("# wrote %s (%.1f MB) in %.1f s\n", shp, file_size (shp) / 1048576.0,
              (g_get_monotonic_time () - start) / 1e6);
      big = open_case ("open-shapefile-10M", shp);
      remove_shapefile (base);
    }

  if (big != NULL && cb_bench_case_selected (selected_cases, "pan-10M-1920x1080"))
    {
      g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
      g_autoptr(CbRenderer) renderer = NULL;
      g_autoptr(CbViewport) viewport = cb_viewport_new ();
      CbBounds region;
      double x, y;

      if (!cb_layer_catalog_load (catalog, NULL, &error))
        printf ("# bundled layers not loaded (%s): the user layer alone\n", error->message);
      g_clear_error (&error);
      cb_layer_catalog_add_layer (catalog, big);
      renderer = cb_renderer_new (catalog);
      cb_viewport_set_size (viewport, WIDTH, HEIGHT);

      cb_layer_catalog_get_treaty_bounds (catalog, &region);
      cb_viewport_fit_bounds (viewport, &region, 0);
      pan_case ("pan-10M-1920x1080-region", renderer, viewport, iterations);

      /* A city view: Vilnius at 15 m/px (about 29 × 16 km on screen). */
      cb_viewport_geo_to_map (viewport, 25.2798, 54.68916, &x, &y);
      cb_viewport_set_scale (viewport, 15);
      cb_viewport_set_center (viewport, x, y);
      pan_case ("pan-10M-1920x1080-city", renderer, viewport, iterations);
    }
  g_clear_object (&big);

  if (cb_bench_case_selected (selected_cases, "open-geojson-1M"))
    {
      g_autoptr(CbLayer) layer = NULL;

      start = g_get_monotonic_time ();
      /* 100 polygons of 10 000 vertices. */
      if (!write_geojson (json, 100, 10000))
        {
          g_printerr ("Cannot write %s\n", json);
          return 1;
        }
      printf ("# wrote %s (%.1f MB) in %.1f s\n", json, file_size (json) / 1048576.0,
              (g_get_monotonic_time () - start) / 1e6);
      layer = open_case ("open-geojson-1M", json);
      g_unlink (json);
    }

  g_rmdir (tmp_dir);
  return 0;
}
