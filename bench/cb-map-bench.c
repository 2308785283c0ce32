/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Frame cost of the map widget as a user drags and zooms it: for each frame,
 * the viewport moves, the widget lays out its town markers and snapshots,
 * and GSK's cairo renderer turns that into pixels.  Needs a display (run
 * through tests/run-under-xvfb.sh, as `meson test --benchmark` does).
 *
 * Prints "bench <case> median_ms=<x> p95_ms=<y>" like bench/cb-bench.c.
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "cb-bench-common.h"
#include "cb-map.h"

#define WIDTH 1200
#define HEIGHT 800

typedef void (*FrameStep) (CbViewport *viewport,
                           guint       frame);

static void
pan_step (CbViewport *viewport,
          guint       frame)
{
  /* A drag back and forth, as a hand does. */
  cb_viewport_pan_by (viewport, frame % 60 < 30 ? 7 : -7, frame % 40 < 20 ? 3 : -3);
}

static void
zoom_step (CbViewport *viewport,
           guint       frame)
{
  /* A touchpad pinch in and out around a point off centre. */
  cb_viewport_zoom_at (viewport, frame % 60 < 30 ? 1.04 : 1 / 1.04, WIDTH * 0.6, HEIGHT * 0.4);
}

static void
run_case (const char *name,
          GtkWidget  *map,
          GskRenderer *renderer,
          FrameStep   step,
          guint       n_frames)
{
  CbViewport *viewport = cb_map_get_viewport (CB_MAP (map));
  double *times = g_new (double, n_frames);

  for (guint frame = 0; frame < n_frames; frame++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      gint64 start = g_get_monotonic_time ();
      int min;

      step (viewport, frame);
      gtk_widget_measure (map, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      gtk_widget_size_allocate (map, &(GtkAllocation) { 0, 0, WIDTH, HEIGHT }, -1);
      /* The widget's own drawing (what GTK calls for each frame). */
      GTK_WIDGET_GET_CLASS (map)->snapshot (map, snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        g_error ("the map drew nothing");
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      times[frame] = (g_get_monotonic_time () - start) / 1000.0;
    }

  qsort (times, n_frames, sizeof (double), cb_bench_compare_doubles);
  g_print ("bench %s-%dx%d median_ms=%.2f p95_ms=%.2f\n", name, WIDTH, HEIGHT,
           times[n_frames / 2], times[(n_frames * 95) / 100]);
  g_free (times);
}

static gboolean
timeout_reached (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CbLayerCatalog) catalog = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *map;
  gboolean settled = FALSE;

  gtk_init ();
  adw_init ();

  catalog = cb_layer_catalog_new ();
  if (!cb_layer_catalog_load (catalog, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  window = GTK_WINDOW (gtk_window_new ());
  map = cb_map_new ();
  cb_map_set_catalog (CB_MAP (map), catalog);
  gtk_widget_set_size_request (map, WIDTH, HEIGHT);
  gtk_window_set_child (window, map);
  gtk_window_present (window);

  /* Let the window map and lay out once. */
  g_timeout_add (500, timeout_reached, &settled);
  while (!settled)
    g_main_context_iteration (NULL, TRUE);

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  run_case ("widget-drag", map, renderer, pan_step, 240);
  run_case ("widget-pinch", map, renderer, zoom_step, 240);

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (window);

  return 0;
}
