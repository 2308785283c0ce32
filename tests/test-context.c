/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The context data and the view: the water colour appears only on real
 * water (the sea and lakes polygons, rasterised here on their own, not by
 * the renderer), in exports at any aspect ratio and at the corners the
 * view can reach; the view stays inside the data after pans and zooms;
 * the zoom limits follow the data.
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "cb-export-private.h"
#include "cb-layer-catalog.h"
#include "cb-renderer.h"
#include "cb-viewport.h"

static CbLayerCatalog *the_catalog;

static CbLayerCatalog *
catalog (void)
{
  if (the_catalog == NULL)
    {
      g_autoptr(GError) error = NULL;

      the_catalog = cb_layer_catalog_new ();
      g_assert_true (cb_layer_catalog_load (the_catalog, NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (cb_layer_catalog_get_layer_by_id (the_catalog, "sea"));
      g_assert_nonnull (cb_layer_catalog_get_layer_by_id (the_catalog, "lakes"));
    }
  return the_catalog;
}

static const CbColor *
sea_colour (void)
{
  return &cb_layer_get_style (cb_layer_catalog_get_layer_by_id (catalog (), "sea"))->fill_light;
}

static gboolean
pixel_is (const guint8  *p,
          const CbColor *c,
          int            tolerance)
{
  /* ARGB32, native endian, opaque here. */
  guint32 v = *(const guint32 *) p;
  int r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;

  return abs (r - (int) lround (c->red * 255)) <= tolerance &&
         abs (g - (int) lround (c->green * 255)) <= tolerance &&
         abs (b - (int) lround (c->blue * 255)) <= tolerance;
}

/* The sea and lakes polygons, filled straight from the feature sets into
 * an A8 mask of the page, through @viewport placed at (@ox, @oy). */
static cairo_surface_t *
water_mask (CbViewport *viewport,
            double      ox,
            double      oy,
            int         width,
            int         height)
{
  static const char * const ids[] = { "sea", "lakes" };
  cairo_surface_t *mask = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
  cairo_t *cr = cairo_create (mask);

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint l = 0; l < G_N_ELEMENTS (ids); l++)
    {
      CbFeatureSet *set = cb_layer_get_features (cb_layer_catalog_get_layer_by_id (catalog (), ids[l]));

      for (guint f = 0; f < cb_feature_set_get_n_features (set); f++)
        {
          cairo_new_path (cr);
          for (guint part = 0; part < cb_feature_set_get_feature_n_parts (set, f); part++)
            {
              guint n = 0;
              const double *xy = cb_feature_set_get_feature_part (set, f, part, &n);

              for (guint i = 0; i < n; i++)
                {
                  double sx, sy;

                  cb_viewport_map_to_screen (viewport, xy[2 * i], xy[2 * i + 1], &sx, &sy);
                  if (i == 0)
                    cairo_move_to (cr, ox + sx, oy + sy);
                  else
                    cairo_line_to (cr, ox + sx, oy + sy);
                }
              cairo_close_path (cr);
            }
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);
  cairo_surface_flush (mask);
  return mask;
}

static gboolean
water_near (cairo_surface_t *mask,
            int              x,
            int              y,
            int              radius)
{
  const guint8 *data = cairo_image_surface_get_data (mask);
  int stride = cairo_image_surface_get_stride (mask);
  int w = cairo_image_surface_get_width (mask);
  int h = cairo_image_surface_get_height (mask);

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        int xx = x + dx, yy = y + dy;

        if (xx >= 0 && yy >= 0 && xx < w && yy < h && data[yy * stride + xx] > 0)
          return TRUE;
      }
  return FALSE;
}

/* The 5 × 5 pixels around (@x, @y) in @c: an area in the water colour, not
 * the core of a hollow line or a line's halo (both drawn in that colour,
 * at most a few pixels wide, even where two halos meet). */
static gboolean
area_is (const guint8  *data,
         int            stride,
         int            x,
         int            y,
         int            x0,
         int            y0,
         int            x1,
         int            y1,
         const CbColor *c)
{
  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++)
      {
        int xx = CLAMP (x + dx, x0, x1 - 1), yy = CLAMP (y + dy, y0, y1 - 1);

        if (!pixel_is (data + yy * stride + 4 * xx, c, 2))
          return FALSE;
      }
  return TRUE;
}

typedef struct
{
  guint sea_pixels;     /* in the water colour */
  guint fake_pixels;    /* in the water colour, away from any water */
  CbBounds visible;     /* the export's map view, map metres */
} ExportCheck;

/* Writes a PNG through the real export path (cb_export_write) and checks
 * every pixel of its map. */
static void
check_export (CbExport    *export,
              guint        width,
              guint        height,
              ExportCheck *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cb-context-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  cairo_surface_t *png, *mask, *probe;
  cairo_t *cr;
  CbPageLayout layout = { 0 };
  const guint8 *data;
  int stride, x0, y0, x1, y1;

  memset (out, 0, sizeof *out);
  cb_export_set_size (export, width, height);
  /* One output pixel per logical pixel, so the layout below is the PNG's. */
  cb_export_set_pixel_scale (export, 1.0);
  g_assert_true (cb_export_write (export, path, NULL, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_unlink (path);
  g_rmdir (dir);

  /* Where that export put its map and which view it drew. */
  probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (probe);
  _cb_page_layout_compute (export, cb_export_get_renderer (export), cr, width, height, 1.0, &layout);
  cairo_destroy (cr);
  cairo_surface_destroy (probe);
  cb_viewport_get_visible_bounds (layout.viewport, &out->visible);

  mask = water_mask (layout.viewport, layout.map_x, layout.map_y, width, height);
  cairo_surface_flush (png);
  data = cairo_image_surface_get_data (png);
  stride = cairo_image_surface_get_stride (png);
  /* Inside the map's frame line. */
  x0 = (int) ceil (layout.map_x) + 2;
  y0 = (int) ceil (layout.map_y) + 2;
  x1 = (int) floor (layout.map_x + layout.map_width) - 2;
  y1 = (int) floor (layout.map_y + layout.map_height) - 2;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (area_is (data, stride, x, y, x0, y0, x1, y1, sea_colour ()))
        {
          out->sea_pixels++;
          /* Antialiased edges: water within 2 px counts. */
          if (!water_near (mask, x, y, 2))
            {
              if (out->fake_pixels < 8 || out->fake_pixels % 100 == 0)
                g_test_message ("water colour off the water at (%d, %d)", x, y);
              out->fake_pixels++;
              *(guint32 *) (cairo_image_surface_get_data (png) + y * stride + 4 * x) = 0xffff0000;
            }
        }
  g_test_message ("%ux%u: map %.0fx%.0f px, %u water-coloured pixels, %u away from water",
                  width, height, layout.map_width, layout.map_height, out->sea_pixels, out->fake_pixels);

  if (g_getenv ("CB_TEST_CONTEXT_DUMP") && out->fake_pixels > 0)
    {
      /* Where it failed, in red, for a person to look at. */
      g_autofree char *name = g_strdup_printf ("%s/fake-%ux%u.png", g_getenv ("CB_TEST_CONTEXT_DUMP"), width, height);

      cairo_surface_mark_dirty (png);
      cairo_surface_write_to_png (png, name);
    }
  _cb_page_layout_clear (&layout);
  cairo_surface_destroy (mask);
  cairo_surface_destroy (png);
}

static void
assert_inside (const CbBounds *inner,
               const CbBounds *outer)
{
  const double slack = 1e-6 * (outer->max_x - outer->min_x);

  g_assert_cmpfloat (inner->min_x, >=, outer->min_x - slack);
  g_assert_cmpfloat (inner->max_x, <=, outer->max_x + slack);
  g_assert_cmpfloat (inner->min_y, >=, outer->min_y - slack);
  g_assert_cmpfloat (inner->max_y, <=, outer->max_y + slack);
}

static const guint sizes[][2] = { { 1000, 1000 }, { 1600, 900 }, { 900, 1200 } };

/* The default export (the whole region) at 1:1, 16:9 and 3:4. */
static void
test_default_export (void)
{
  g_autoptr(CbRenderer) renderer = cb_renderer_new (catalog ());
  g_autoptr(CbExport) export = cb_export_new (renderer);
  CbBounds data;

  cb_projection_get_data_bounds (&data);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      ExportCheck check;

      check_export (export, sizes[i][0], sizes[i][1], &check);
      /* The Baltic is in view: the check has something to look at. */
      g_assert_cmpuint (check.sea_pixels, >, 1000);
      g_assert_cmpuint (check.fake_pixels, ==, 0);
      assert_inside (&check.visible, &data);
    }
}

/* Boxes at and beyond the corners of the data, small (as zoomed in) and
 * huge (as zoomed out): the export is moved into the data and shows no
 * water colour off the water. */
static void
test_corner_exports (void)
{
  g_autoptr(CbRenderer) renderer = cb_renderer_new (catalog ());
  g_autoptr(CbExport) export = cb_export_new (renderer);
  CbBounds data;
  const double r = 40000;

  cb_projection_get_data_bounds (&data);
  for (int corner = 0; corner < 4; corner++)
    {
      double cx = corner & 1 ? data.max_x + r : data.min_x - r;
      double cy = corner & 2 ? data.max_y + r : data.min_y - r;
      CbBounds box = { cx - r, cy - r, cx + r, cy + r };
      guint s = corner % G_N_ELEMENTS (sizes);
      ExportCheck check;

      cb_export_set_map_bounds (export, &box);
      check_export (export, sizes[s][0], sizes[s][1], &check);
      g_assert_cmpuint (check.fake_pixels, ==, 0);
      assert_inside (&check.visible, &data);
      /* Pushed into the corner, not re-centred on the region. */
      g_assert_cmpfloat (fabs ((corner & 1 ? check.visible.max_x : check.visible.min_x) -
                               (corner & 1 ? data.max_x : data.min_x)), <, 1.0);
      g_assert_cmpfloat (fabs ((corner & 2 ? check.visible.max_y : check.visible.min_y) -
                               (corner & 2 ? data.max_y : data.min_y)), <, 1.0);
    }

  /* Far more than the data: all of the data at most, still no fake sea. */
  {
    CbBounds europe = { data.min_x - 2e6, data.min_y - 2e6, data.max_x + 2e6, data.max_y + 2e6 };
    ExportCheck check;

    cb_export_set_map_bounds (export, &europe);
    check_export (export, 1600, 900, &check);
    g_assert_cmpuint (check.fake_pixels, ==, 0);
    assert_inside (&check.visible, &data);
  }
}

static CbViewport *
app_viewport (double width,
              double height)
{
  CbViewport *viewport = cb_viewport_new ();
  CbBounds data;

  /* As the map widget sets it up. */
  cb_projection_get_data_bounds (&data);
  cb_viewport_set_bounds (viewport, NULL);
  cb_viewport_set_extent (viewport, &data);
  cb_viewport_set_size (viewport, width, height);
  return viewport;
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* Random pans, zooms, resizes and jumps: the view never leaves the data. */
static void
test_viewport_clamp (void)
{
  g_autoptr(CbViewport) viewport = app_viewport (800, 600);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1920);
  CbBounds data, visible;

  cb_projection_get_data_bounds (&data);
  for (int i = 0; i < 2000; i++)
    {
      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0:
          cb_viewport_pan_by (viewport, g_rand_double_range (rand, -3000, 3000),
                              g_rand_double_range (rand, -3000, 3000));
          break;
        case 1:
          cb_viewport_zoom_at (viewport, g_rand_double_range (rand, 0.05, 8),
                               g_rand_double_range (rand, 0, cb_viewport_get_width (viewport)),
                               g_rand_double_range (rand, 0, cb_viewport_get_height (viewport)));
          break;
        case 2:
          cb_viewport_set_scale (viewport, g_rand_double_range (rand, 1, 20000));
          break;
        case 3:
          cb_viewport_set_size (viewport, g_rand_double_range (rand, 100, 4000),
                                g_rand_double_range (rand, 100, 2500));
          break;
        case 4:
          cb_viewport_set_center (viewport, g_rand_double_range (rand, -2e6, 2e6),
                                  g_rand_double_range (rand, -2e6, 2e6));
          break;
        default:
          {
            CbBounds box = { g_rand_double_range (rand, -1e6, 0), g_rand_double_range (rand, -1e6, 0),
                             g_rand_double_range (rand, 1, 1e6), g_rand_double_range (rand, 1, 1e6) };

            cb_viewport_fit_bounds (viewport, &box, 24);
          }
        }
      cb_viewport_get_visible_bounds (viewport, &visible);
      assert_inside (&visible, &data);
      g_assert_cmpfloat (cb_viewport_get_scale (viewport), >=, cb_viewport_get_min_scale (viewport) * (1 - 1e-9));
      g_assert_cmpfloat (cb_viewport_get_scale (viewport), <=, cb_viewport_get_max_scale (viewport) * (1 + 1e-9));
    }

  /* The limits in force are notified when, and only when, they move. */
  {
    guint notified = 0;
    gulong id = g_signal_connect_swapped (viewport, "notify::max-scale", G_CALLBACK (count_notify), &notified);

    cb_viewport_set_size (viewport, 800, 600);
    notified = 0;
    cb_viewport_set_size (viewport, 800, 600);
    g_assert_cmpuint (notified, ==, 0);
    cb_viewport_set_size (viewport, 400, 600);
    g_assert_cmpuint (notified, ==, 1);
    g_signal_handler_disconnect (viewport, id);
  }

  /* Panning far east stops with the view's edge on the data's edge. */
  cb_viewport_set_size (viewport, 800, 600);
  cb_viewport_set_scale (viewport, 200);
  cb_viewport_pan_by (viewport, -1e6, 0);
  cb_viewport_get_visible_bounds (viewport, &visible);
  g_assert_cmpfloat_with_epsilon (visible.max_x, data.max_x, 1e-3);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Zoom limits: out until the data fills the view one way, in until the
 * data has no more detail; the view shows data everywhere at both. */
static void
test_zoom_limits (void)
{
  static const double views[][2] = { { 1920, 1080 }, { 1080, 1920 }, { 800, 800 }, { 3840, 1200 } };
  g_autoptr(CbRenderer) renderer = cb_renderer_new (catalog ());
  CbFeatureSet *rivers = cb_layer_get_features (cb_layer_catalog_get_layer_by_id (catalog (), "rivers"));
  CbBounds data, visible;
  CbColor ground;
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  cb_projection_get_data_bounds (&data);
  cb_renderer_get_background (FALSE, &ground);

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(CbViewport) viewport = app_viewport (views[v][0], views[v][1]);
      cairo_surface_t *image;
      const guint8 *pixels;
      int stride, w, h;
      guint bare = 0;

      /* All the way out. */
      cb_viewport_zoom_at (viewport, 1e-6, views[v][0] / 2, views[v][1] / 2);
      cb_viewport_get_visible_bounds (viewport, &visible);
      assert_inside (&visible, &data);
      g_assert_true (fabs ((visible.max_x - visible.min_x) - (data.max_x - data.min_x)) < 1 ||
                     fabs ((visible.max_y - visible.min_y) - (data.max_y - data.min_y)) < 1);

      /* Every pixel of it is some data: no bare ground beyond the data. */
      image = cb_renderer_render_image (renderer, viewport, NULL, 1);
      pixels = cairo_image_surface_get_data (image);
      stride = cairo_image_surface_get_stride (image);
      w = cairo_image_surface_get_width (image);
      h = cairo_image_surface_get_height (image);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          bare += pixel_is (pixels + y * stride + 4 * x, &ground, 1);
      g_test_message ("%.0fx%.0f at %.0f m/px: %u bare pixels", views[v][0], views[v][1],
                      cb_viewport_get_scale (viewport), bare);
      g_assert_cmpuint (bare, <, (guint) (w * h / 10000));
      cairo_surface_destroy (image);

      /* All the way in. */
      cb_viewport_zoom_at (viewport, 1e6, views[v][0] / 2, views[v][1] / 2);
      g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, cb_viewport_get_min_scale (viewport));
    }

  /* The finest context data: the zoom-in limit leaves at most ~10 px
   * between two of its vertices (closer shows straight segments only). */
  for (guint f = 0; f < cb_feature_set_get_n_features (rivers); f++)
    for (guint p = 0; p < cb_feature_set_get_feature_n_parts (rivers, f); p++)
      {
        guint n = 0;
        const double *xy = cb_feature_set_get_feature_part (rivers, f, p, &n);

        for (guint i = 1; i < n; i++)
          {
            double d = hypot (xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);

            g_array_append_val (lengths, d);
          }
      }
  g_array_sort (lengths, compare_doubles);
  median = g_array_index (lengths, double, lengths->len / 2);
  {
    g_autoptr(CbViewport) viewport = app_viewport (800, 600);
    double min_scale = cb_viewport_get_min_scale (viewport);

    g_test_message ("rivers: median vertex spacing %.0f m; zoom-in limit %.1f m/px", median, min_scale);
    g_assert_cmpfloat (median / min_scale, <=, 12);
    g_assert_cmpfloat (median / min_scale, >=, 4);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/default-export", test_default_export);
  g_test_add_func ("/context/corner-exports", test_corner_exports);
  g_test_add_func ("/context/viewport-clamp", test_viewport_clamp);
  g_test_add_func ("/context/zoom-limits", test_zoom_limits);

  status = g_test_run ();
  g_clear_object (&the_catalog);
  return status;
}
