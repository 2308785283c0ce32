/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * Renders a small generated catalog to image surfaces and checks pixels
 * (with a tolerance), label placement and hit-tests.  The fixture layers
 * are written at test time: a synthetic test line through the map's
 * centre (24,54)-(25,55), the four towns at their GeoNames positions
 * (shared/reference/geodata/towns_reference.csv) and a synthetic cluster
 * of small places near Lida to crowd the labels.
 */

#include <glib/gstdio.h>
#include <math.h>
#include <shapefil.h>
#include <string.h>

#include "cb-legend.h"
#include "cb-scale-bar.h"
#include "cb-layer-catalog.h"
#include "cb-renderer.h"

static char *tmp_dir;

typedef struct
{
  const char *id;
  const char *name;
  const char *name_lt;
  const char *name_pl;
  int size_class;
  double lon;
  double lat;
} Town;

static const Town towns[] = {
  { "vilnius", "Vilnius", "Vilnius", "Wilno", 1, 25.2798, 54.68916 },
  { "kaunas", "Kaunas", "Kaunas", "Kowno", 1, 23.90961, 54.90272 },
  { "hrodna", "Hrodna", "Gardinas", "Grodno", 1, 23.8258, 53.6884 },
  { "lida", "Lida", "Lyda", "Lida", 1, 25.29972, 53.88333 },
};

#define N_CLUSTER 24

static void
write_fixtures (void)
{
  g_autofree char *line_base = g_build_filename (tmp_dir, "treaty_1920_line", NULL);
  g_autofree char *towns_base = g_build_filename (tmp_dir, "towns", NULL);
  SHPHandle shp;
  DBFHandle dbf;
  SHPObject *obj;
  double lx[] = { 24.0, 25.0 }, ly[] = { 54.0, 55.0 };
  int record = 0;

  shp = SHPCreate (line_base, SHPT_ARC);
  obj = SHPCreateSimpleObject (SHPT_ARC, 2, lx, ly, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);
  dbf = DBFCreateEx (line_base, "UTF-8");
  DBFAddField (dbf, "id", FTString, 16, 0);
  DBFAddField (dbf, "certainty", FTString, 16, 0);
  DBFWriteStringAttribute (dbf, 0, 0, "test_line");
  DBFWriteStringAttribute (dbf, 0, 1, "dataset");
  DBFClose (dbf);

  /* Thin lines in many directions: a star of "rivers" around 24.5 E 54.7 N. */
  {
    g_autofree char *rivers_base = g_build_filename (tmp_dir, "rivers", NULL);

    shp = SHPCreate (rivers_base, SHPT_ARC);
    for (int k = 0; k < 12; k++)
      {
        double xs[3], ys[3];
        double angle = k * G_PI / 12 + 0.1;

        xs[0] = 24.5 + 0.05 * cos (angle);
        ys[0] = 54.7 + 0.03 * sin (angle);
        xs[1] = 24.5 + 0.5 * cos (angle);
        ys[1] = 54.7 + 0.3 * sin (angle);
        xs[2] = xs[1] + 0.2;
        ys[2] = ys[1] - 0.05;
        obj = SHPCreateSimpleObject (SHPT_ARC, 3, xs, ys, NULL);
        SHPWriteObject (shp, -1, obj);
        SHPDestroyObject (obj);
      }
    SHPClose (shp);
  }

  shp = SHPCreate (towns_base, SHPT_POINT);
  dbf = DBFCreateEx (towns_base, "UTF-8");
  DBFAddField (dbf, "id", FTString, 16, 0);
  DBFAddField (dbf, "name", FTString, 32, 0);
  DBFAddField (dbf, "name_en", FTString, 32, 0);
  DBFAddField (dbf, "name_lt", FTString, 32, 0);
  DBFAddField (dbf, "name_pl", FTString, 32, 0);
  DBFAddField (dbf, "size_class", FTInteger, 1, 0);

  for (guint i = 0; i < G_N_ELEMENTS (towns); i++, record++)
    {
      double x = towns[i].lon, y = towns[i].lat;

      obj = SHPCreateSimpleObject (SHPT_POINT, 1, &x, &y, NULL);
      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
      DBFWriteStringAttribute (dbf, record, 0, towns[i].id);
      DBFWriteStringAttribute (dbf, record, 1, towns[i].name);
      DBFWriteStringAttribute (dbf, record, 2, towns[i].name);
      DBFWriteStringAttribute (dbf, record, 3, towns[i].name_lt);
      DBFWriteStringAttribute (dbf, record, 4, towns[i].name_pl);
      DBFWriteIntegerAttribute (dbf, record, 5, towns[i].size_class);
    }
  /* A 6 x 4 grid of made-up places, 4 km apart, west of Lida. */
  for (int i = 0; i < N_CLUSTER; i++, record++)
    {
      double x = 24.6 + (i % 6) * 0.06, y = 53.80 + (i / 6) * 0.036;
      char id[16], name[32];

      g_snprintf (id, sizeof id, "place%02d", i);
      g_snprintf (name, sizeof name, "Placename %02d", i);
      obj = SHPCreateSimpleObject (SHPT_POINT, 1, &x, &y, NULL);
      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
      DBFWriteStringAttribute (dbf, record, 0, id);
      DBFWriteStringAttribute (dbf, record, 1, name);
      DBFWriteStringAttribute (dbf, record, 2, name);
      DBFWriteIntegerAttribute (dbf, record, 5, 3);
    }
  SHPClose (shp);
  DBFClose (dbf);
}

static void
remove_fixtures (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

typedef struct
{
  CbLayerCatalog *catalog;
  CbRenderer *renderer;
  CbViewport *viewport;
  cairo_surface_t *surface;
  CbRenderOptions options;
  CbTownLayout *layout;   /* of the last render() */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->catalog = cb_layer_catalog_new ();
  g_assert_true (cb_layer_catalog_load (f->catalog, tmp_dir, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cb_layer_catalog_get_towns (f->catalog));
  f->renderer = cb_renderer_new (f->catalog);
  f->viewport = cb_viewport_new ();
  cb_viewport_set_size (f->viewport, 400, 300);
  cb_viewport_set_scale (f->viewport, 1000);
  cb_viewport_set_center (f->viewport, 0, 0);
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cb_render_options_init (&f->options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cairo_surface_destroy (f->surface);
  g_clear_object (&f->viewport);
  g_clear_object (&f->renderer);
  g_clear_pointer (&f->layout, cb_town_layout_unref);
  g_assert_finalize_object (f->catalog);
}

static void
render (Fixture *f)
{
  cairo_t *cr = cairo_create (f->surface);

  /* As the map does: lay the towns out once, draw from that layout. */
  g_clear_pointer (&f->layout, cb_town_layout_unref);
  f->layout = cb_renderer_layout_towns (f->renderer, f->viewport, &f->options);
  f->options.town_layout = f->layout;
  cb_renderer_render (f->renderer, cr, f->viewport, &f->options);
  f->options.town_layout = NULL;
  cairo_destroy (cr);
  cairo_surface_flush (f->surface);
}

/* Un-premultiplied RGB of a pixel, 0..255. */
static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          int              rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + y * stride + 4 * x);
  int a = p >> 24;

  for (int i = 0; i < 3; i++)
    {
      int c = (p >> (16 - 8 * i)) & 0xff;

      rgb[i] = a ? c * 255 / a : 0;
    }
}

static gboolean
color_near (const int      rgb[3],
            const CbColor *color,
            int            tolerance)
{
  return abs (rgb[0] - (int) round (color->red * 255)) <= tolerance &&
         abs (rgb[1] - (int) round (color->green * 255)) <= tolerance &&
         abs (rgb[2] - (int) round (color->blue * 255)) <= tolerance;
}

/* Whether any pixel within @radius of (@x, @y) is near @color. */
static gboolean
color_around (cairo_surface_t *surface,
              int              x,
              int              y,
              int              radius,
              const CbColor   *color,
              int              tolerance)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        int rgb[3];

        if (x + dx < 0 || y + dy < 0 || x + dx >= w || y + dy >= h)
          continue;
        pixel_at (surface, x + dx, y + dy, rgb);
        if (color_near (rgb, color, tolerance))
          return TRUE;
      }
  return FALSE;
}

static const CbColor *
treaty_color (Fixture  *f,
              gboolean  dark)
{
  CbLayer *line = cb_layer_catalog_get_layer_by_id (f->catalog, "treaty_1920_line");
  const CbLayerStyle *style = cb_layer_get_style (line);

  return dark ? &style->line_dark : &style->line_light;
}

static void
test_line_pixels (Fixture       *f,
                  gconstpointer  data)
{
  CbColor background;
  int rgb[3];
  CbLayer *line = cb_layer_catalog_get_layer_by_id (f->catalog, "treaty_1920_line");

  render (f);
  /* The line crosses the map's centre, which is the view's centre. */
  g_assert_true (color_around (f->surface, 200, 150, 2, treaty_color (f, FALSE), 30));
  /* A corner far from everything is plain background. */
  cb_renderer_get_background (FALSE, &background);
  pixel_at (f->surface, 5, 295, rgb);
  g_assert_true (color_near (rgb, &background, 2));
  g_assert_false (color_around (f->surface, 20, 280, 10, treaty_color (f, FALSE), 30));

  /* Hidden layer: its colour is gone. */
  cb_layer_set_visible (line, FALSE);
  render (f);
  g_assert_false (color_around (f->surface, 200, 150, 6, treaty_color (f, FALSE), 30));
  cb_layer_set_visible (line, TRUE);

  /* Dark palette: another background, the line in its dark colour. */
  f->options.dark = TRUE;
  render (f);
  cb_renderer_get_background (TRUE, &background);
  pixel_at (f->surface, 5, 295, rgb);
  g_assert_true (color_near (rgb, &background, 2));
  /* Not the light palette's sea. */
  g_assert_false (color_near (rgb, cb_layer_style_get_sea (FALSE), 20));
  g_assert_true (color_around (f->surface, 200, 150, 2, treaty_color (f, TRUE), 30));
}

static void
test_hidpi (Fixture       *f,
            gconstpointer  data)
{
  cairo_surface_t *big = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr = cairo_create (big);
  int thick_1x = 0, thick_2x = 0;

  f->options.device_scale = 2;
  cairo_scale (cr, 2, 2);
  cb_renderer_render (f->renderer, cr, f->viewport, &f->options);
  cairo_destroy (cr);
  cairo_surface_flush (big);
  g_assert_true (color_around (big, 400, 300, 3, treaty_color (f, FALSE), 30));

  /* Widths are logical: the line is twice as many device pixels wide. */
  f->options.device_scale = 1;
  render (f);
  for (int x = 150; x < 250; x++)
    {
      int rgb[3];

      pixel_at (f->surface, x, 150, rgb);
      thick_1x += color_near (rgb, treaty_color (f, FALSE), 40);
    }
  for (int x = 300; x < 500; x++)
    {
      int rgb[3];

      pixel_at (big, x, 300, rgb);
      thick_2x += color_near (rgb, treaty_color (f, FALSE), 40);
    }
  g_assert_cmpint (thick_1x, >, 0);
  g_assert_cmpint (thick_2x, >=, 2 * thick_1x - 1);
  cairo_surface_destroy (big);
}

static const CbPlacedTown *
placed_by_id (CbTownLayout *layout,
              const char   *id)
{
  const CbPlacedTown *town = cb_town_layout_lookup (layout, id);

  if (town == NULL)
    g_error ("town %s was not placed", id);
  return town;
}

/* The view and the surface it is drawn on, both @w x @h. */
static void
set_size (Fixture *f,
          int      w,
          int      h)
{
  cb_viewport_set_size (f->viewport, w, h);
  cairo_surface_destroy (f->surface);
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
}

static gboolean
rects_overlap (double ax, double ay, double aw, double ah,
               double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

static guint
check_labels (Fixture *f)
{
  guint n, labelled = 0;
  const CbPlacedTown *placed = cb_town_layout_get_towns (f->layout, &n);
  double w = cb_viewport_get_width (f->viewport), h = cb_viewport_get_height (f->viewport);

  for (guint i = 0; i < n; i++)
    {
      if (!placed[i].has_label)
        continue;
      labelled++;
      g_assert_cmpfloat (placed[i].label_width, >, 0);
      g_assert_cmpfloat (placed[i].label_x, >=, 0);
      g_assert_cmpfloat (placed[i].label_y, >=, 0);
      g_assert_cmpfloat (placed[i].label_x + placed[i].label_width, <=, w);
      g_assert_cmpfloat (placed[i].label_y + placed[i].label_height, <=, h);
      for (guint j = 0; j < n; j++)
        {
          if (j == i)
            continue;
          /* Never over another label... */
          if (placed[j].has_label)
            g_assert_false (rects_overlap (placed[i].label_x, placed[i].label_y,
                                           placed[i].label_width, placed[i].label_height,
                                           placed[j].label_x, placed[j].label_y,
                                           placed[j].label_width, placed[j].label_height));
          /* ...nor over another town's dot. */
          g_assert_false (rects_overlap (placed[i].label_x, placed[i].label_y,
                                         placed[i].label_width, placed[i].label_height,
                                         placed[j].x - 2, placed[j].y - 2, 4, 4));
        }
    }
  return labelled;
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  double lida_x, lida_y;
  guint coarse, fine, n;
  const CbPlacedTown *lida;

  set_size (f, 800, 600);
  g_assert_true (cb_viewport_geo_to_map (f->viewport, 24.9, 53.9, &lida_x, &lida_y));
  cb_viewport_set_center (f->viewport, lida_x, lida_y);

  cb_viewport_set_scale (f->viewport, 800);
  render (f);
  coarse = check_labels (f);
  lida = placed_by_id (f->layout, "lida");
  /* The largest towns always get their name. */
  g_assert_true (lida->has_label);
  g_assert_cmpstr (lida->name, ==, "Lida");

  cb_viewport_set_scale (f->viewport, 120);
  render (f);
  fine = check_labels (f);
  cb_town_layout_get_towns (f->layout, &n);
  g_test_message ("labels: %u at 800 m/px, %u of %u at 120 m/px", coarse, fine, n);
  /* More names as you zoom in. */
  g_assert_cmpuint (fine, >, coarse);

  /* A render that lays the towns out itself draws the same: its pixels
   * equal those drawn from the layout. */
  {
    cairo_surface_t *shared = cairo_surface_reference (f->surface);
    cairo_surface_t *own = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
    cairo_t *cr = cairo_create (own);

    cb_renderer_render (f->renderer, cr, f->viewport, &f->options);
    cairo_destroy (cr);
    cairo_surface_flush (own);
    g_assert_cmpint (memcmp (cairo_image_surface_get_data (shared), cairo_image_surface_get_data (own),
                             cairo_image_surface_get_stride (own) * 600), ==, 0);
    cairo_surface_destroy (own);
    cairo_surface_destroy (shared);
  }
}

static void
test_labels_avoid_overlays (Fixture       *f,
                            gconstpointer  data)
{
  const CbPlacedTown *lida;
  double avoid[4];

  set_size (f, 800, 600);
  cb_viewport_set_scale (f->viewport, 800);
  render (f);
  lida = placed_by_id (f->layout, "lida");
  g_assert_true (lida->has_label);

  /* Cover exactly where Lida's label went, as a legend would: it must move
   * elsewhere (or go), and no label may be under the rectangle. */
  avoid[0] = lida->label_x;
  avoid[1] = lida->label_y;
  avoid[2] = lida->label_width;
  avoid[3] = lida->label_height;
  f->options.avoid_rects = avoid;
  f->options.n_avoid_rects = 1;
  render (f);

  {
    guint n, labelled = 0;
    const CbPlacedTown *placed = cb_town_layout_get_towns (f->layout, &n);

    for (guint i = 0; i < n; i++)
      if (placed[i].has_label)
        {
          labelled++;
          g_assert_false (rects_overlap (placed[i].label_x, placed[i].label_y,
                                         placed[i].label_width, placed[i].label_height,
                                         avoid[0], avoid[1], avoid[2], avoid[3]));
        }
    /* Only that spot is off limits: the other towns keep their names. */
    g_assert_cmpuint (labelled, >, 0);
  }
  /* Lida is named elsewhere or left out: never a bare dot. */
  lida = cb_town_layout_lookup (f->layout, "lida");
  if (lida != NULL)
    g_assert_true (lida->has_label);
}

static void
test_languages (Fixture       *f,
                gconstpointer  data)
{
  const CbPlacedTown *hrodna;

  set_size (f, 800, 600);
  cb_viewport_set_scale (f->viewport, 500);
  f->options.language = "lt";
  render (f);
  hrodna = placed_by_id (f->layout, "hrodna");
  g_assert_cmpstr (hrodna->name, ==, "Gardinas");

  f->options.language = "pl";
  render (f);
  g_assert_cmpstr (placed_by_id (f->layout, "hrodna")->name, ==, "Grodno");
  g_assert_cmpstr (placed_by_id (f->layout, "vilnius")->name, ==, "Wilno");

  /* No name_yi field: falls back to "name". */
  f->options.language = "yi";
  render (f);
  g_assert_cmpstr (placed_by_id (f->layout, "hrodna")->name, ==, "Hrodna");
}

static void
test_hit_test (Fixture       *f,
               gconstpointer  data)
{
  double sx, sy;
  const CbPlacedTown *hit, *lida;
  CbLayer *towns_layer = cb_layer_catalog_get_towns (f->catalog);

  set_size (f, 800, 600);
  cb_viewport_set_scale (f->viewport, 500);
  render (f);

  g_assert_true (cb_viewport_geo_to_screen (f->viewport, 25.29972, 53.88333, &sx, &sy));
  hit = cb_town_layout_find_town_at (f->layout, sx, sy);
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->id, ==, "lida");
  g_assert_cmpfloat_with_epsilon (hit->x, sx, 1e-6);
  /* A few pixels off still hits. */
  hit = cb_town_layout_find_town_at (f->layout, sx + 3, sy - 2);
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->id, ==, "lida");
  /* On its label too. */
  lida = placed_by_id (f->layout, "lida");
  g_assert_true (lida->has_label);
  hit = cb_town_layout_find_town_at (f->layout, lida->label_x + lida->label_width / 2,
                                  lida->label_y + lida->label_height / 2);
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->id, ==, "lida");
  /* Nothing in an empty corner. */
  g_assert_null (cb_town_layout_find_town_at (f->layout, 5, 5));

  /* Towns hidden: nothing placed, nothing hit. */
  cb_layer_set_visible (towns_layer, FALSE);
  render (f);
  g_assert_null (cb_town_layout_find_town_at (f->layout, sx, sy));
}

static void
test_selection (Fixture       *f,
                gconstpointer  data)
{
  static const CbColor accent = { 0.208, 0.518, 0.894, 1 };
  double sx, sy;

  set_size (f, 800, 600);
  cb_viewport_set_scale (f->viewport, 500);
  g_assert_true (cb_viewport_geo_to_screen (f->viewport, 25.29972, 53.88333, &sx, &sy));

  render (f);
  g_assert_false (color_around (f->surface, sx, sy, 10, &accent, 25));
  f->options.selected_town_id = "lida";
  render (f);
  g_assert_true (color_around (f->surface, sx, sy, 10, &accent, 25));
}

static void
test_scale_bar (Fixture       *f,
                gconstpointer  data)
{
  double true_scale, km, w, h, mantissa;
  cairo_t *cr;
  int rgb[3];
  CbColor background;

  true_scale = cb_viewport_get_true_scale (f->viewport);
  /* Near the standard parallels the conic is almost true to scale. */
  g_assert_cmpfloat (fabs (true_scale / 1000 - 1), <, 0.01);

  km = cb_scale_bar_draw (NULL, f->viewport, 0, 0, 150, FALSE, &w, &h);
  /* 150 px at ~1 km/px: the largest round length below is 100 km. */
  g_assert_cmpfloat (km, ==, 100);
  g_assert_cmpfloat (w, <=, 152);
  g_assert_cmpfloat (h, >, 0);

  for (double scale = 7; scale < 5000; scale *= 2.9)
    {
      cb_viewport_set_scale (f->viewport, scale);
      km = cb_scale_bar_draw (NULL, f->viewport, 0, 0, 120, FALSE, NULL, NULL);
      g_assert_cmpfloat (km, >, 0);
      g_assert_cmpfloat (km * 1000 / cb_viewport_get_true_scale (f->viewport), <=, 120 + 1e-6);
      /* ...and longer than half the room, or a rounder number would fit. */
      g_assert_cmpfloat (km * 1000 / cb_viewport_get_true_scale (f->viewport), >, 120 / 2.5);
      mantissa = km / pow (10, floor (log10 (km) + 1e-9));
      g_assert_true (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 ||
                     fabs (mantissa - 5) < 1e-9);
    }

  /* Drawn, it leaves marks where it said. */
  cb_renderer_get_background (FALSE, &background);
  cr = cairo_create (f->surface);
  cairo_set_source_rgb (cr, background.red, background.green, background.blue);
  cairo_paint (cr);
  cb_scale_bar_draw (cr, f->viewport, 10, 10, 120, FALSE, &w, &h);
  cairo_destroy (cr);
  cairo_surface_flush (f->surface);
  pixel_at (f->surface, 12, (int) (10 + h - 3), rgb);
  g_assert_false (color_near (rgb, &background, 10));
  pixel_at (f->surface, 300, 200, rgb);
  g_assert_true (color_near (rgb, &background, 1));
}

/* Counts pixels that differ by more than @tolerance in a channel. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              tolerance)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int pa[3], pb[3];

        pixel_at (a, x, y, pa);
        pixel_at (b, x, y, pb);
        if (abs (pa[0] - pb[0]) > tolerance || abs (pa[1] - pb[1]) > tolerance ||
            abs (pa[2] - pb[2]) > tolerance)
          n++;
      }
  return n;
}

static guint
count_color (cairo_surface_t *surface,
             const CbColor   *color,
             int              tolerance)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int p[3];

        pixel_at (surface, x, y, p);
        n += color_near (p, color, tolerance);
      }
  return n;
}

static void
test_fast_lines_match_cairo (Fixture       *f,
                             gconstpointer  data)
{
  CbLayer *rivers = cb_layer_catalog_get_layer_by_id (f->catalog, "rivers");
  const CbColor *river = &cb_layer_get_style (rivers)->line_light;
  cairo_surface_t *fast, *slow, *clipped;
  guint differ, n_fast, n_slow;
  cairo_t *cr;

  g_assert_nonnull (rivers);
  set_size (f, 600, 400);
  cb_viewport_set_scale (f->viewport, 150);
  {
    double x, y;

    g_assert_true (cb_viewport_geo_to_map (f->viewport, 24.6, 54.75, &x, &y));
    cb_viewport_set_center (f->viewport, x, y);
  }
  f->options.draw_towns = FALSE;

  render (f);
  fast = cairo_surface_reference (f->surface);
  g_setenv ("CB_RENDER_CAIRO_ONLY", "1", TRUE);
  f->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  render (f);
  slow = cairo_surface_reference (f->surface);
  g_unsetenv ("CB_RENDER_CAIRO_ONLY");

  /* The direct rasteriser and cairo agree, up to antialiasing. */
  n_fast = count_color (fast, river, 40);
  n_slow = count_color (slow, river, 40);
  g_test_message ("river pixels: %u fast, %u cairo", n_fast, n_slow);
  g_assert_cmpuint (n_slow, >, 500);
  g_assert_cmpfloat (fabs ((double) n_fast - n_slow) / n_slow, <, 0.25);
  differ = count_different (fast, slow, 80);
  g_test_message ("%u of %d pixels differ by more than 80", differ, 600 * 400);
  g_assert_cmpuint (differ, <, 600 * 400 / 200);

  /* Inside a group and under a clip the renderer must not write outside. */
  clipped = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cr = cairo_create (clipped);
  cairo_rectangle (cr, 100, 100, 200, 100);
  cairo_clip (cr);
  cairo_push_group (cr);
  cb_renderer_render (f->renderer, cr, f->viewport, &f->options);
  cairo_pop_group_to_source (cr);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (clipped);
  {
    const guint8 *pixels = cairo_image_surface_get_data (clipped);
    int stride = cairo_image_surface_get_stride (clipped);

    /* Outside the clip: untouched (transparent). */
    for (int y = 0; y < 400; y += 3)
      for (int x = 0; x < 600; x += 3)
        if (x < 100 || x >= 300 || y < 100 || y >= 200)
          g_assert_cmphex (((const guint32 *) (pixels + y * stride))[x], ==, 0);
  }
  /* Inside: the map, rivers included. */
  g_assert_cmpuint (count_color (clipped, river, 40), >, 0);

  /* A clip alone (the rasteriser's own clipping), translated. */
  cairo_surface_destroy (clipped);
  clipped = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
  cr = cairo_create (clipped);
  cairo_rectangle (cr, 150, 120, 250, 150);
  cairo_clip (cr);
  cairo_translate (cr, 10, -5);
  cb_renderer_render (f->renderer, cr, f->viewport, &f->options);
  cairo_destroy (cr);
  cairo_surface_flush (clipped);
  {
    const guint8 *pixels = cairo_image_surface_get_data (clipped);
    int stride = cairo_image_surface_get_stride (clipped);

    for (int y = 0; y < 400; y++)
      for (int x = 0; x < 600; x++)
        if (x < 150 || x >= 400 || y < 120 || y >= 270)
          g_assert_cmphex (((const guint32 *) (pixels + y * stride))[x], ==, 0);
    /* Same pixels as the unclipped render, shifted by the translation. */
    for (int y = 130; y < 260; y += 5)
      for (int x = 160; x < 390; x += 5)
        {
          int a[3], b[3];

          pixel_at (clipped, x, y, a);
          pixel_at (fast, x - 10, y + 5, b);
          g_assert_cmpint (abs (a[0] - b[0]) + abs (a[1] - b[1]) + abs (a[2] - b[2]), <=, 6);
        }
  }
  g_assert_cmpuint (count_color (clipped, river, 40), >, 0);

  cairo_surface_destroy (clipped);
  cairo_surface_destroy (fast);
  cairo_surface_destroy (slow);
}

static void
test_render_image (Fixture       *f,
                   gconstpointer  data)
{
  cairo_surface_t *first, *second, *third;

  first = cb_renderer_render_image (f->renderer, f->viewport, &f->options, 2);
  g_assert_cmpint (cairo_image_surface_get_width (first), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (first), ==, 600);
  g_assert_true (color_around (first, 400, 300, 3, treaty_color (f, FALSE), 30));

  /* Still held by us: the next render gets another surface, and does
   * not touch ours... */
  f->options.dark = TRUE;
  second = cb_renderer_render_image (f->renderer, f->viewport, &f->options, 2);
  g_assert_true (second != first);
  g_assert_true (color_around (first, 400, 300, 3, treaty_color (f, FALSE), 30));
  g_assert_true (color_around (second, 400, 300, 3, treaty_color (f, TRUE), 30));
  /* ...and once dropped, surfaces are reused rather than allocated. */
  cairo_surface_destroy (first);
  cairo_surface_destroy (second);
  third = cb_renderer_render_image (f->renderer, f->viewport, &f->options, 2);
  g_assert_true (third == first || third == second);
  cairo_surface_destroy (third);
  f->options.dark = FALSE;

  third = cb_renderer_render_image (f->renderer, f->viewport, NULL, 1);
  g_assert_cmpint (cairo_image_surface_get_width (third), ==, 400);
  g_assert_true (color_around (third, 200, 150, 2, treaty_color (f, FALSE), 30));
  cairo_surface_destroy (third);
}

/* A GTK cairo node records, then replays: the result must match a direct
 * render, at 1x and 2x. */
static void
test_recording_target (Fixture       *f,
                       gconstpointer  data)
{
  for (int scale = 1; scale <= 2; scale++)
    {
      cairo_surface_t *recording =
        cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                        &(cairo_rectangle_t) { 0, 0, 400, 300 });
      cairo_surface_t *replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400 * scale, 300 * scale);
      cairo_surface_t *direct;
      cairo_t *cr = cairo_create (recording);
      guint n;

      f->options.device_scale = scale;
      cb_renderer_render (f->renderer, cr, f->viewport, &f->options);
      cairo_destroy (cr);
      /* The same towns are placed for a recorded render. */
      {
        g_autoptr(CbTownLayout) layout = cb_renderer_layout_towns (f->renderer, f->viewport, &f->options);

        cb_town_layout_get_towns (layout, &n);
        g_assert_cmpuint (n, >, 0);
      }

      cr = cairo_create (replayed);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (replayed);

      direct = cb_renderer_render_image (f->renderer, f->viewport, &f->options, scale);
      g_assert_cmpuint (count_different (replayed, direct, 8), <, 400 * 300 * scale * scale / 1000);
      g_assert_true (color_around (replayed, 200 * scale, 150 * scale, 2 * scale,
                                   treaty_color (f, FALSE), 30));

      cairo_surface_destroy (direct);
      cairo_surface_destroy (replayed);
      cairo_surface_destroy (recording);
    }
}

static void
test_legend (Fixture       *f,
             gconstpointer  data)
{
  double w1, h1, w2, h2;
  cairo_t *cr;
  int rgb[3];
  CbColor background;

  cb_legend_draw (NULL, f->catalog, 0, 0, 0, FALSE, &w1, &h1);
  g_assert_cmpfloat (w1, >, 30);
  g_assert_cmpfloat (h1, >, 20);

  /* Only visible layers are listed: hiding one makes it shorter. */
  cb_layer_set_visible (cb_layer_catalog_get_towns (f->catalog), FALSE);
  cb_legend_draw (NULL, f->catalog, 0, 0, 0, FALSE, &w2, &h2);
  g_assert_cmpfloat (h2, <, h1);

  cb_renderer_get_background (FALSE, &background);
  cr = cairo_create (f->surface);
  cairo_set_source_rgb (cr, background.red, background.green, background.blue);
  cairo_paint (cr);
  cb_legend_draw (cr, f->catalog, 0, 10, 10, FALSE, &w2, &h2);
  cairo_destroy (cr);
  cairo_surface_flush (f->surface);
  /* The treaty line's swatch is in it. */
  g_assert_true (color_around (f->surface, 10 + 8 + 15, 10 + h2 / 2, (int) h2 / 2,
                               treaty_color (f, FALSE), 30));
  pixel_at (f->surface, 390, 290, rgb);
  g_assert_true (color_near (rgb, &background, 1));
}

/* The bundled layers (CB_GEODATA_DIR), as a new user first sees them. */
static void
test_bundled_geodata (void)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbViewport) viewport = cb_viewport_new ();
  cairo_surface_t *surface;
  g_autoptr(CbTownLayout) layout = NULL;
  const CbPlacedTown *placed, *hit;
  CbBounds treaty;
  guint n, labelled = 0, lida = G_MAXUINT;
  cairo_t *cr;

  if (dir == NULL || !cb_layer_catalog_load (catalog, dir, NULL) ||
      cb_layer_catalog_get_towns (catalog) == NULL)
    {
      g_test_skip ("no bundled geodata with towns");
      return;
    }

  renderer = cb_renderer_new (catalog);
  cb_viewport_set_size (viewport, 1200, 800);
  cb_layer_catalog_get_treaty_bounds (catalog, &treaty);
  cb_viewport_fit_bounds (viewport, &treaty, 20);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 800);
  cr = cairo_create (surface);
  layout = cb_renderer_layout_towns (renderer, viewport, NULL);
  cb_renderer_render (renderer, cr, viewport, NULL);
  cairo_destroy (cr);

  placed = cb_town_layout_get_towns (layout, &n);
  for (guint i = 0; i < n; i++)
    {
      labelled += placed[i].has_label;
      if (g_strcmp0 (placed[i].id, "lida") == 0)
        lida = i;
      for (guint j = i + 1; j < n; j++)
        if (placed[i].has_label && placed[j].has_label)
          g_assert_false (rects_overlap (placed[i].label_x, placed[i].label_y,
                                         placed[i].label_width, placed[i].label_height,
                                         placed[j].label_x, placed[j].label_y,
                                         placed[j].label_width, placed[j].label_height));
    }
  g_test_message ("%u towns on screen, %u labelled", n, labelled);
  g_assert_cmpuint (lida, <, n);
  g_assert_true (placed[lida].has_label);
  g_assert_cmpstr (placed[lida].name, ==, "Lida");
  hit = cb_town_layout_find_town_at (layout, placed[lida].x, placed[lida].y);
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->id, ==, "lida");
  cairo_surface_destroy (surface);
}

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/* Pixels that are not the background colour. */
static guint
count_drawn (cairo_surface_t *surface,
             const CbColor   *background)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint drawn = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (surface) +
                                                              y * cairo_image_surface_get_stride (surface));

      for (int x = 0; x < w; x++)
        {
          int r = (row[x] >> 16) & 0xff, g = (row[x] >> 8) & 0xff, b = row[x] & 0xff;

          drawn += ABS (r - (int) (background->red * 255)) + ABS (g - (int) (background->green * 255)) +
                   ABS (b - (int) (background->blue * 255)) > 24;
        }
    }
  return drawn;
}

/* With a date set, a line is drawn only while it was in force. */
static void
test_date (void)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbViewport) viewport = cb_viewport_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  CbRenderOptions options;
  CbColor background;
  CbBounds treaty;
  struct { guint32 day; gboolean drawn; } days[] = {
    { julian (1918, 11, 11), FALSE },   /* before the treaty */
    { julian (1920, 7, 11), FALSE },    /* the day before it was signed */
    { julian (1920, 7, 12), TRUE },
    { julian (1923, 3, 15), TRUE },     /* no end date: still drawn */
    { 0, TRUE },                        /* no date: everything */
  };

  if (dir == NULL || !cb_layer_catalog_load (catalog, dir, NULL))
    {
      g_test_skip ("no bundled geodata");
      cairo_surface_destroy (surface);
      return;
    }

  /* The treaty line alone on the background. */
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      cb_layer_set_visible (layer, g_str_equal (cb_layer_get_id (layer), "treaty_1920_line"));
    }
  renderer = cb_renderer_new (catalog);
  cb_viewport_set_size (viewport, 800, 600);
  cb_layer_catalog_get_treaty_bounds (catalog, &treaty);
  cb_viewport_fit_bounds (viewport, &treaty, 20);
  cb_renderer_get_background (FALSE, &background);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      cairo_t *cr = cairo_create (surface);
      guint drawn;

      cb_render_options_init (&options);
      options.draw_background = TRUE;
      options.date = days[i].day;
      cb_renderer_render (renderer, cr, viewport, &options);
      cairo_destroy (cr);
      drawn = count_drawn (surface, &background);
      g_test_message ("day %u: %u pixels drawn", days[i].day, drawn);
      if (days[i].drawn)
        g_assert_cmpuint (drawn, >, 500);
      else
        g_assert_cmpuint (drawn, ==, 0);

      /* Faded instead of hidden: drawn on every day, paler when out of force. */
      if (days[i].day != 0)
        {
          guint faded;

          cr = cairo_create (surface);
          options.fade_out_of_date = TRUE;
          cb_renderer_render (renderer, cr, viewport, &options);
          options.fade_out_of_date = FALSE;
          cairo_destroy (cr);
          faded = count_drawn (surface, &background);
          g_test_message ("day %u faded: %u pixels drawn", days[i].day, faded);
          g_assert_cmpuint (faded, >, 500);
        }
    }
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("cb-test-renderer-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  write_fixtures ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/renderer/line-pixels", test_line_pixels);
  ADD ("/renderer/hidpi", test_hidpi);
  ADD ("/renderer/labels", test_labels);
  ADD ("/renderer/labels-avoid-overlays", test_labels_avoid_overlays);
  ADD ("/renderer/languages", test_languages);
  ADD ("/renderer/hit-test", test_hit_test);
  ADD ("/renderer/selection", test_selection);
  ADD ("/renderer/scale-bar", test_scale_bar);
  ADD ("/renderer/legend", test_legend);
  ADD ("/renderer/fast-lines-match-cairo", test_fast_lines_match_cairo);
  ADD ("/renderer/render-image", test_render_image);
  ADD ("/renderer/recording-target", test_recording_target);
#undef ADD
  g_test_add_func ("/renderer/bundled-geodata", test_bundled_geodata);
  g_test_add_func ("/renderer/date", test_date);

  status = g_test_run ();
  remove_fixtures ();
  g_free (tmp_dir);
  return status;
}
