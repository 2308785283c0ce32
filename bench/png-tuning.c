/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <zlib.h>

#include "cb-export.h"
#include "cb-layer-catalog.h"
#include "cb-png-encoder.h"

/*
 * PNG encoder settings against each other on the real map: the default
 * layers at 4000 × 3000, drawn once, then encoded with each coder, filter
 * and thread count.  Prints one line per setting:
 *   bench png <coder> <filter> threads=<n> wall_ms=<best of 3> cpu_ms=<best of 3> bytes=<size>
 */

typedef struct
{
  int         level;
  int         strategy;
  CbPngFilter filter;
  const char *coder;
  const char *filter_name;
} Setting;

static gboolean
count_bytes (const guint8  *data,
             gsize          size,
             gpointer       user_data,
             GError       **error)
{
  *(gsize *) user_data += size;
  return TRUE;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  static const Setting settings[] = {
    { CB_PNG_LEVEL_FAST_RLE, 0, CB_PNG_FILTER_UP, "fast-rle", "up" },
    { CB_PNG_LEVEL_FAST_RLE, 0, CB_PNG_FILTER_SUB, "fast-rle", "sub" },
    { 1, Z_RLE, CB_PNG_FILTER_UP, "zlib-1-rle", "up" },
    { 1, Z_RLE, CB_PNG_FILTER_SUB, "zlib-1-rle", "sub" },
    { 1, Z_RLE, CB_PNG_FILTER_PAETH, "zlib-1-rle", "paeth" },
    { 1, Z_DEFAULT_STRATEGY, CB_PNG_FILTER_SUB, "zlib-1", "sub" },
    { 3, Z_DEFAULT_STRATEGY, CB_PNG_FILTER_SUB, "zlib-3", "sub" },
    { 6, Z_DEFAULT_STRATEGY, CB_PNG_FILTER_ADAPTIVE, "zlib-6", "adaptive" },
  };
  const int width = 4000, height = 3000;
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbExport) export = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (!cb_layer_catalog_load (catalog, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  renderer = cb_renderer_new (catalog);
  export = cb_export_new (renderer);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cb_export_draw (export, cr, width, height, 2.5);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (guint threads = 1; threads <= 2; threads++)
    for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
      {
        double best_wall = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;
        gsize bytes = 0;

        for (int run = 0; run < 3; run++)
          {
            g_autoptr(CbPngEncoder) encoder = NULL;
            double cpu0 = cpu_ms ();
            gint64 wall0 = g_get_monotonic_time ();

            bytes = 0;
            encoder = cb_png_encoder_new (width, height, count_bytes, &bytes, NULL);
            cb_png_encoder_set_compression (encoder, settings[i].level, settings[i].strategy,
                                            settings[i].filter, threads);
            if (!cb_png_encoder_write_rows (encoder, cairo_image_surface_get_data (surface),
                                            cairo_image_surface_get_stride (surface), height, &error) ||
                !cb_png_encoder_finish (encoder, &error))
              {
                g_printerr ("%s\n", error->message);
                return 1;
              }
            best_cpu = MIN (best_cpu, cpu_ms () - cpu0);
            best_wall = MIN (best_wall, (g_get_monotonic_time () - wall0) / 1000.0);
          }
        printf ("bench png %s %s threads=%u wall_ms=%.0f cpu_ms=%.0f bytes=%" G_GSIZE_FORMAT "\n",
                settings[i].coder, settings[i].filter_name, threads, best_wall, best_cpu, bytes);
      }

  cairo_surface_destroy (surface);
  return 0;
}
