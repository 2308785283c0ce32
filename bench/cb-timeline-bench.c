/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Time as the second axis, measured: prints
 *
 *   bench full-1920x1080 median_ms=<x> p95_ms=<y>              (no date, for comparison)
 *   bench timeline-scrub-1920x1080 median_ms=<x> p95_ms=<y> max_ms=<z> frames=1000
 *   bench lesson-pdf pages=<n> ms=<x> bytes=<y>
 *   bench chronology-apng-1280x720 frames=<n> ms=<x> bytes=<y>
 *
 * A scrub frame is what the map does after the slider moves: lay the
 * towns out again and redraw at the new day, towns in their holders'
 * colours.  Times are wall clock; the load average is printed too.
 *
 * Usage: cb-timeline-bench [--geodata DIR] [--history DIR]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "cb-bench-common.h"
#include "cb-atlas.h"
#include "cb-export.h"
#include "cb-renderer.h"

#define WIDTH 1920
#define HEIGHT 1080

static double
frame_ms (CbRenderer      *renderer,
          CbViewport      *viewport,
          cairo_surface_t *surface,
          CbRenderOptions *options)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CbTownLayout) layout = cb_renderer_layout_towns (renderer, viewport, options);
  cairo_t *cr = cairo_create (surface);

  options->town_layout = layout;
  cb_renderer_render (renderer, cr, viewport, options);
  options->town_layout = NULL;
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
print_times (const char *name,
             double     *times,
             guint       n)
{
  qsort (times, n, sizeof (double), cb_bench_compare_doubles);
  printf ("bench %s median_ms=%.2f p95_ms=%.2f max_ms=%.2f frames=%u\n", name,
          times[n / 2], times[MIN (n - 1, (guint) (n * 0.95))], times[n - 1], n);
}

/* One page per moment of the tour: its day, title, summary and town. */
static void
pages_of_tour (CbTour *tour,
               GArray *pages)
{
  for (guint i = 0; i < cb_tour_get_n_moments (tour); i++)
    {
      const CbTourMoment *moment = cb_tour_get_moment (tour, i);
      CbExportPage page = { moment->day, moment->title, moment->event->summary, moment->town_id };

      g_array_append_val (pages, page);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *geodata = NULL, *history = NULL;
  g_autoptr(CbAtlas) atlas = cb_atlas_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbViewport) viewport = cb_viewport_new ();
  g_autoptr(CbExport) export = NULL;
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (CbExportPage));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cb-timeline-bench-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "lesson.pdf", NULL);
  g_autofree char *apng = g_build_filename (dir, "chronology.png", NULL);
  g_autofree char *loadavg = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  CbRenderOptions options;
  CbBounds treaty;
  double plain[50], scrub[1000];
  guint32 first, last;
  GStatBuf st;
  gint64 start;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--geodata"))
        geodata = argv[i + 1];
      else if (g_str_equal (argv[i], "--history"))
        history = argv[i + 1];
    }

  cb_atlas_load (atlas, geodata, history);
  if (cb_layer_catalog_get_n_layers (cb_atlas_get_catalog (atlas)) == 0 || cb_atlas_get_tour (atlas) == NULL)
    {
      fprintf (stderr, "no data: set CB_GEODATA_DIR and CB_HISTORY_DIR\n");
      return 1;
    }
  renderer = cb_renderer_new (cb_atlas_get_catalog (atlas));
  cb_viewport_set_size (viewport, WIDTH, HEIGHT);
  cb_layer_catalog_get_treaty_bounds (cb_atlas_get_catalog (atlas), &treaty);
  cb_viewport_fit_bounds (viewport, &treaty, 24);
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    printf ("# loadavg %s", loadavg);

  cb_render_options_init (&options);
  options.draw_towns = TRUE;
  options.draw_background = TRUE;
  for (guint i = 0; i < 5; i++)
    frame_ms (renderer, viewport, surface, &options);
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    plain[i] = frame_ms (renderer, viewport, surface, &options);
  print_times ("full-1920x1080", plain, G_N_ELEMENTS (plain));

  /* 1000 days in a row across the whole period, as a drag of the slider. */
  options.history = cb_atlas_get_history (atlas);
  first = 700484;   /* 11 November 1918 */
  last = 702069;    /* 15 March 1923 */
  for (guint i = 0; i < G_N_ELEMENTS (scrub); i++)
    {
      options.date = first + (guint32) ((guint64) (last - first) * i / (G_N_ELEMENTS (scrub) - 1));
      scrub[i] = frame_ms (renderer, viewport, surface, &options);
    }
  print_times ("timeline-scrub-1920x1080", scrub, G_N_ELEMENTS (scrub));

  pages_of_tour (cb_atlas_get_tour (atlas), pages);
  export = cb_export_new (renderer);
  cb_export_set_history (export, cb_atlas_get_history (atlas));
  cb_export_set_credits (export, cb_atlas_get_credits (atlas));
  cb_export_set_size (export, 1123, 794);   /* A4 landscape at 96 dpi */
  start = g_get_monotonic_time ();
  if (!cb_export_write_pages (export, (CbExportPage *) pages->data, pages->len, pdf, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_stat (pdf, &st);
  printf ("bench lesson-pdf pages=%u ms=%.0f bytes=%" G_GINT64_FORMAT "\n", pages->len,
          (g_get_monotonic_time () - start) / 1000.0, (gint64) st.st_size);

  cb_export_set_size (export, 1280, 720);
  start = g_get_monotonic_time ();
  if (!cb_export_write_animation (export, (CbExportPage *) pages->data, pages->len, 2000, apng, NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_stat (apng, &st);
  printf ("bench chronology-apng-1280x720 frames=%u ms=%.0f bytes=%" G_GINT64_FORMAT "\n", pages->len,
          (g_get_monotonic_time () - start) / 1000.0, (gint64) st.st_size);

  g_unlink (pdf);
  g_unlink (apng);
  g_rmdir (dir);
  cairo_surface_destroy (surface);
  return 0;
}
