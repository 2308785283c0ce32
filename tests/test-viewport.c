/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "cb-viewport.h"

typedef struct
{
  guint changed;
  guint notify_center_x;
  guint notify_center_y;
  guint notify_scale;
  guint notify_width;
  guint notify_height;
} Counts;

static void
on_changed (CbViewport *viewport,
            Counts     *counts)
{
  counts->changed++;
}

static void
on_notify (CbViewport *viewport,
           GParamSpec *pspec,
           Counts     *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "center-x"))
    counts->notify_center_x++;
  else if (g_str_equal (name, "center-y"))
    counts->notify_center_y++;
  else if (g_str_equal (name, "scale"))
    counts->notify_scale++;
  else if (g_str_equal (name, "width"))
    counts->notify_width++;
  else if (g_str_equal (name, "height"))
    counts->notify_height++;
}

static CbViewport *
make_viewport (Counts *counts)
{
  CbViewport *viewport = cb_viewport_new ();

  cb_viewport_set_size (viewport, 800, 600);
  cb_viewport_set_scale (viewport, 200);
  cb_viewport_set_center (viewport, 0, 0);
  if (counts)
    {
      memset (counts, 0, sizeof *counts);
      g_signal_connect (viewport, "changed", G_CALLBACK (on_changed), counts);
      g_signal_connect (viewport, "notify", G_CALLBACK (on_notify), counts);
    }
  return viewport;
}

static void
test_conversions (void)
{
  g_autoptr(CbViewport) viewport = make_viewport (NULL);
  double mx, my, sx, sy;

  /* The centre of the screen is the centre of the view. */
  cb_viewport_screen_to_map (viewport, 400, 300, &mx, &my);
  g_assert_cmpfloat_with_epsilon (mx, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (my, 0, 1e-9);

  /* y grows down on screen and north on the map. */
  cb_viewport_screen_to_map (viewport, 500, 200, &mx, &my);
  g_assert_cmpfloat_with_epsilon (mx, 100 * 200, 1e-6);
  g_assert_cmpfloat_with_epsilon (my, 100 * 200, 1e-6);

  for (double x = -3; x <= 803; x += 101.5)
    for (double y = -7; y <= 607; y += 77.25)
      {
        cb_viewport_screen_to_map (viewport, x, y, &mx, &my);
        cb_viewport_map_to_screen (viewport, mx, my, &sx, &sy);
        g_assert_cmpfloat_with_epsilon (sx, x, 1e-6);
        g_assert_cmpfloat_with_epsilon (sy, y, 1e-6);
      }
}

static void
test_geo_round_trip (void)
{
  g_autoptr(CbViewport) viewport = make_viewport (NULL);
  double lon, lat, sx, sy;

  /* Map origin = the projection's centre, 24.5 E 54.5 N. */
  g_assert_true (cb_viewport_screen_to_geo (viewport, 400, 300, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 24.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 54.5, 1e-9);

  /* North up: going up the screen from the centre keeps the longitude. */
  g_assert_true (cb_viewport_screen_to_geo (viewport, 400, 10, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 24.5, 1e-9);
  g_assert_cmpfloat (lat, >, 54.5);

  /* Vilnius (GeoNames 593116) and back. */
  g_assert_true (cb_viewport_geo_to_screen (viewport, 25.2798, 54.68916, &sx, &sy));
  g_assert_cmpfloat (sx, >, 400);
  g_assert_cmpfloat (sy, <, 300);
  g_assert_true (cb_viewport_screen_to_geo (viewport, sx, sy, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 25.2798, 1e-8);
  g_assert_cmpfloat_with_epsilon (lat, 54.68916, 1e-8);
}

static void
test_zoom_keeps_point (void)
{
  g_autoptr(CbViewport) viewport = make_viewport (NULL);
  double before_x, before_y, after_x, after_y;

  cb_viewport_screen_to_map (viewport, 123, 456, &before_x, &before_y);
  cb_viewport_zoom_at (viewport, 2.0, 123, 456);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), 100, 1e-9);
  cb_viewport_screen_to_map (viewport, 123, 456, &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, before_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (after_y, before_y, 1e-6);

  cb_viewport_zoom_at (viewport, 1 / 3.0, 700, 20);
  cb_viewport_screen_to_map (viewport, 123, 456, &after_x, &after_y);
  g_assert_cmpfloat (fabs (after_x - before_x), >, 1);
  cb_viewport_screen_to_map (viewport, 700, 20, &before_x, &before_y);
  cb_viewport_zoom_at (viewport, 1.5, 700, 20);
  cb_viewport_screen_to_map (viewport, 700, 20, &after_x, &after_y);
  g_assert_cmpfloat_with_epsilon (after_x, before_x, 1e-6);
  g_assert_cmpfloat_with_epsilon (after_y, before_y, 1e-6);

  /* Nonsense factors change nothing. */
  cb_viewport_zoom_at (viewport, 0, 1, 1);
  cb_viewport_zoom_at (viewport, NAN, 1, 1);
  cb_viewport_zoom_at (viewport, -2, 1, 1);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), 200, 1e-9);
}

static void
test_pan (void)
{
  g_autoptr(CbViewport) viewport = make_viewport (NULL);
  double mx, my, sx, sy;

  cb_viewport_screen_to_map (viewport, 100, 100, &mx, &my);
  cb_viewport_pan_by (viewport, 10, -5);
  /* The content follows the drag. */
  cb_viewport_map_to_screen (viewport, mx, my, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 110, 1e-6);
  g_assert_cmpfloat_with_epsilon (sy, 95, 1e-6);
}

static void
test_clamping (void)
{
  g_autoptr(CbViewport) viewport = make_viewport (NULL);
  CbBounds bounds = { -1000, -2000, 3000, 4000 };
  CbBounds got;

  cb_viewport_set_min_scale (viewport, 10);
  cb_viewport_set_max_scale (viewport, 1000);
  cb_viewport_set_scale (viewport, 1);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, 10);
  cb_viewport_set_scale (viewport, 1e9);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, 1000);
  cb_viewport_zoom_at (viewport, 1e-6, 10, 10);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, 1000);
  cb_viewport_set_scale (viewport, -5);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, 1000);

  /* Raising the minimum above the scale pulls the scale along. */
  cb_viewport_set_min_scale (viewport, 2000);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, 2000);
  g_assert_cmpfloat (cb_viewport_get_max_scale (viewport), ==, 2000);

  cb_viewport_set_bounds (viewport, &bounds);
  g_assert_true (cb_viewport_get_bounds (viewport, &got));
  g_assert_cmpfloat (got.max_y, ==, 4000);
  cb_viewport_set_center (viewport, 1e7, -1e7);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, 3000);
  g_assert_cmpfloat (cb_viewport_get_center_y (viewport), ==, -2000);
  cb_viewport_pan_by (viewport, -1e6, 0);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, 3000);
  cb_viewport_set_center (viewport, NAN, 5);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, 3000);
  g_assert_cmpfloat (cb_viewport_get_center_y (viewport), ==, 5);

  cb_viewport_set_bounds (viewport, NULL);
  g_assert_false (cb_viewport_get_bounds (viewport, NULL));
  cb_viewport_set_center (viewport, 1e7, -1e7);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, 1e7);
}

static void
test_default_bounds (void)
{
  g_autoptr(CbViewport) viewport = cb_viewport_new ();
  CbBounds region, got;
  double x, y;

  cb_projection_get_region_bounds (&region);
  g_assert_true (cb_viewport_get_bounds (viewport, &got));
  g_assert_cmpfloat (got.min_x, ==, region.min_x);
  g_assert_cmpfloat (got.max_y, ==, region.max_y);

  /* Vilnius is inside the default region; panning stops at its edge. */
  g_assert_true (cb_viewport_geo_to_map (viewport, 25.2798, 54.68916, &x, &y));
  g_assert_true (cb_bounds_contains (&region, x, y));
  cb_viewport_set_center (viewport, region.max_x + 1e6, 0);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, region.max_x);
}

static void
test_changed_coalesced (void)
{
  Counts counts;
  g_autoptr(CbViewport) viewport = make_viewport (&counts);

  /* Two properties, one "changed". */
  cb_viewport_set_center (viewport, 50, 60);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.notify_center_x, ==, 1);
  g_assert_cmpuint (counts.notify_center_y, ==, 1);

  /* Same values: nothing at all. */
  cb_viewport_set_center (viewport, 50, 60);
  cb_viewport_set_scale (viewport, 200);
  cb_viewport_set_size (viewport, 800, 600);
  g_object_set (viewport, "center-x", 50.0, NULL);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.notify_center_x, ==, 1);
  g_assert_cmpuint (counts.notify_scale, ==, 0);
  g_assert_cmpuint (counts.notify_width, ==, 0);

  /* Only one coordinate changes: only its notify. */
  cb_viewport_set_center (viewport, 50, 61);
  g_assert_cmpuint (counts.changed, ==, 2);
  g_assert_cmpuint (counts.notify_center_x, ==, 1);
  g_assert_cmpuint (counts.notify_center_y, ==, 2);

  /* Zoom changes scale and centre: one "changed". */
  cb_viewport_zoom_at (viewport, 2, 10, 10);
  g_assert_cmpuint (counts.changed, ==, 3);
  g_assert_cmpuint (counts.notify_scale, ==, 1);
  g_assert_cmpuint (counts.notify_center_x, ==, 2);

  /* A batch of calls: one "changed" at the end. */
  cb_viewport_freeze_changed (viewport);
  cb_viewport_set_size (viewport, 1024, 768);
  cb_viewport_pan_by (viewport, 5, 5);
  cb_viewport_freeze_changed (viewport);
  cb_viewport_set_scale (viewport, 321);
  cb_viewport_thaw_changed (viewport);
  g_assert_cmpuint (counts.changed, ==, 3);
  cb_viewport_thaw_changed (viewport);
  g_assert_cmpuint (counts.changed, ==, 4);
  g_assert_cmpuint (counts.notify_width, ==, 1);
  g_assert_cmpuint (counts.notify_height, ==, 1);

  /* A batch that changes nothing emits nothing. */
  cb_viewport_freeze_changed (viewport);
  cb_viewport_set_scale (viewport, 321);
  cb_viewport_thaw_changed (viewport);
  g_assert_cmpuint (counts.changed, ==, 4);

  /* Property setters through GObject go the same way. */
  g_object_set (viewport, "scale", 50.0, "width", 640.0, NULL);
  g_assert_cmpuint (counts.changed, ==, 6);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, 50);
}

static void
test_fit_bounds (void)
{
  g_autoptr(CbViewport) viewport = make_viewport (NULL);
  CbBounds box = { 10000, 20000, 110000, 40000 };
  CbBounds visible;
  double sx, sy;

  cb_viewport_set_bounds (viewport, NULL);
  cb_viewport_fit_bounds (viewport, &box, 20);
  /* Width limits: 100 km over 760 px. */
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), 100000.0 / 760, 1e-9);
  cb_viewport_get_visible_bounds (viewport, &visible);
  g_assert_cmpfloat (visible.min_x, <=, box.min_x);
  g_assert_cmpfloat (visible.max_x, >=, box.max_x);
  g_assert_cmpfloat (visible.min_y, <=, box.min_y);
  g_assert_cmpfloat (visible.max_y, >=, box.max_y);
  cb_viewport_map_to_screen (viewport, box.min_x, box.max_y, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 20, 1e-6);
  g_assert_cmpfloat (sy, >, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/viewport/conversions", test_conversions);
  g_test_add_func ("/viewport/geo-round-trip", test_geo_round_trip);
  g_test_add_func ("/viewport/zoom-keeps-point", test_zoom_keeps_point);
  g_test_add_func ("/viewport/pan", test_pan);
  g_test_add_func ("/viewport/clamping", test_clamping);
  g_test_add_func ("/viewport/default-bounds", test_default_bounds);
  g_test_add_func ("/viewport/changed-coalesced", test_changed_coalesced);
  g_test_add_func ("/viewport/fit-bounds", test_fit_bounds);

  return g_test_run ();
}
