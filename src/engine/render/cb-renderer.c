/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cb-label-layout.h"
#include "cb-layer.h"
#include "cb-line-raster-private.h"
#include "cb-place-language.h"
#include "cb-render-common.h"
#include "cb-renderer.h"
#include "cb-town-layout-private.h"

/* Screen coordinates handed to cairo stay within this many logical pixels
 * of the view: cairo's fixed-point rasteriser overflows near 2^23. */
#define COORD_LIMIT 1.0e6


typedef struct
{
  char        *name;
  PangoLayout *layout;
  double       width;    /* ink and logical boxes together */
  double       height;
  double       ox;       /* where the layout's origin goes in that box */
  double       oy;
  int          size_class;
  /* The label drawn once (halo and text) for raster targets. */
  cairo_surface_t *bitmap;
  double       bitmap_scale;
  gboolean     bitmap_dark;
} TownLabel;

struct _CbRenderer
{
  GObject parent_instance;

  CbLayerCatalog *catalog;

  PangoContext *pango;

  /* Label layouts are expensive to make; keep them per town until the
   * language or the towns layer changes. */
  CbLayer *label_layer;      /* a ref, so that the pointer stays unique */
  char *label_language;
  GArray *labels;            /* TownLabel, indexed by feature */
  /* The other labels (lines, regions, countries...), shapes cached. */
  CbLabelLayouter *map_labels;

  GArray *order;             /* guint: towns by importance */
  GArray *scratch;           /* double: screen points of one part */
  GArray *run;               /* double: one visible run of a part */
  /* Town dots by size class, drawn once for raster targets. */
  cairo_surface_t *dots[4];
  double dots_scale;
  gboolean dots_dark;
  /* cb_renderer_render_image() results: two, as the one on screen is
   * usually still held by GTK while the next frame is drawn. */
  cairo_surface_t *images[2];
  CbLayer *order_layer;
};

G_DEFINE_FINAL_TYPE (CbRenderer, cb_renderer, G_TYPE_OBJECT)

/* Holders of towns: distinct for the common colour-vision deficiencies
 * (Okabe–Ito hues), and none the accent of the selection. */
static const CbColor holder_colors[][2] = {
  [CB_HOLDER_GERMANY] = { { 0.45, 0.45, 0.45, 1 }, { 0.70, 0.70, 0.70, 1 } },
  [CB_HOLDER_SOVIET] = { { 0.60, 0.07, 0.10, 1 }, { 0.93, 0.35, 0.33, 1 } },
  [CB_HOLDER_POLAND] = { { 0.80, 0.47, 0.65, 1 }, { 0.88, 0.60, 0.76, 1 } },
  [CB_HOLDER_LITHUANIA] = { { 0.00, 0.62, 0.45, 1 }, { 0.20, 0.78, 0.60, 1 } },
  [CB_HOLDER_CENTRAL_LITHUANIA] = { { 0.90, 0.62, 0.00, 1 }, { 0.95, 0.72, 0.20, 1 } },
  [CB_HOLDER_LATVIA] = { { 0.00, 0.45, 0.70, 1 }, { 0.34, 0.71, 0.91, 1 } },
  [CB_HOLDER_CONTESTED] = { { 0.30, 0.30, 0.30, 1 }, { 0.80, 0.80, 0.80, 1 } },
};

void
cb_renderer_get_holder_color (CbHolder  holder,
                              gboolean  dark,
                              CbColor  *out_color)
{
  g_return_if_fail (holder < G_N_ELEMENTS (holder_colors));

  *out_color = holder_colors[holder][dark ? 1 : 0];
}

static const CbColor accent_light = { 0.208, 0.518, 0.894, 1 };
static const CbColor accent_dark = { 0.471, 0.682, 0.929, 1 };

void
cb_render_options_init (CbRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->language = "en";
  options->device_scale = 1.0;
  options->draw_towns = TRUE;
  options->draw_background = TRUE;
}

/* Under every layer: a neutral grey, not water.  The water colour is
 * painted only by the "sea" layer's real water polygons, so neither land
 * with "Countries today" hidden nor anything beyond the context data
 * looks like a coast. */
static const CbColor ground_light = { 0.914, 0.906, 0.890, 1 };
static const CbColor ground_dark = { 0.141, 0.141, 0.149, 1 };

void
cb_renderer_get_background (gboolean  dark,
                            CbColor  *out_color)
{
  g_return_if_fail (out_color != NULL);
  *out_color = dark ? ground_dark : ground_light;
}

static void
clear_label (gpointer data)
{
  TownLabel *label = data;

  g_clear_pointer (&label->name, g_free);
  g_clear_object (&label->layout);
  g_clear_pointer (&label->bitmap, cairo_surface_destroy);
}

static void
cb_renderer_finalize (GObject *object)
{
  CbRenderer *self = CB_RENDERER (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->label_layer);
  g_clear_object (&self->order_layer);
  for (guint i = 0; i < G_N_ELEMENTS (self->dots); i++)
    g_clear_pointer (&self->dots[i], cairo_surface_destroy);
  g_clear_pointer (&self->images[0], cairo_surface_destroy);
  g_clear_pointer (&self->images[1], cairo_surface_destroy);
  g_clear_object (&self->pango);
  g_clear_pointer (&self->label_language, g_free);
  g_clear_pointer (&self->labels, g_array_unref);
  g_clear_pointer (&self->map_labels, cb_label_layouter_free);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->scratch, g_array_unref);
  g_clear_pointer (&self->run, g_array_unref);

  G_OBJECT_CLASS (cb_renderer_parent_class)->finalize (object);
}

static void
cb_renderer_class_init (CbRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cb_renderer_finalize;
}

static void
cb_renderer_init (CbRenderer *self)
{
  self->pango = cb_render_create_pango_context ();
  self->labels = g_array_new (FALSE, TRUE, sizeof (TownLabel));
  g_array_set_clear_func (self->labels, clear_label);
  self->map_labels = cb_label_layouter_new ();
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->scratch = g_array_new (FALSE, FALSE, sizeof (double));
  self->run = g_array_new (FALSE, FALSE, sizeof (double));
}

CbRenderer *
cb_renderer_new (CbLayerCatalog *catalog)
{
  CbRenderer *self;

  g_return_val_if_fail (CB_IS_LAYER_CATALOG (catalog), NULL);

  self = g_object_new (CB_TYPE_RENDERER, NULL);
  self->catalog = g_object_ref (catalog);
  return self;
}

CbLayerCatalog *
cb_renderer_get_catalog (CbRenderer *self)
{
  g_return_val_if_fail (CB_IS_RENDERER (self), NULL);
  return self->catalog;
}

/* ------------------------------------------------------------------ */
/* Geometry                                                            */

typedef struct
{
  double cx;      /* map centre */
  double cy;
  double inv_scale;
  double half_w;
  double half_h;
  double min_step;  /* logical px: closer vertices are skipped */
  /* Fast thin lines on image targets (see cb-line-raster.c). */
  gboolean raster_ok;
  GArray *scratch;  /* double: screen points of one part */
  GArray *run;      /* double: screen points of one visible run */
  guint32 date;     /* Julian day whose features are drawn; 0: all */
  gboolean out_of_date;   /* draw the features *not* in force that day */
} Transform;

static void
transform_init (Transform  *t,
                CbViewport *viewport,
                double      device_scale)
{
  t->cx = cb_viewport_get_center_x (viewport);
  t->cy = cb_viewport_get_center_y (viewport);
  t->inv_scale = 1.0 / cb_viewport_get_scale (viewport);
  t->half_w = cb_viewport_get_width (viewport) / 2;
  t->half_h = cb_viewport_get_height (viewport) / 2;
  t->min_step = 0.5 / device_scale;
  t->raster_ok = FALSE;
  t->scratch = NULL;
  t->run = NULL;
  t->date = 0;
  t->out_of_date = FALSE;
}

/* Whether @feature is drawn in this pass: in force on the day, or (for the
 * faded pass) not in force. */
static inline gboolean
drawn_on_day (CbFeatureSet    *features,
              guint            feature,
              const Transform *t)
{
  return t->date == 0 ||
         cb_feature_set_is_valid_on (features, feature, t->date) != t->out_of_date;
}

static inline void
to_screen (const Transform *t,
           double           x,
           double           y,
           double          *sx,
           double          *sy)
{
  *sx = CLAMP ((x - t->cx) * t->inv_scale + t->half_w, -COORD_LIMIT, COORD_LIMIT);
  *sy = CLAMP ((t->cy - y) * t->inv_scale + t->half_h, -COORD_LIMIT, COORD_LIMIT);
}


static gboolean is_raster_target (cairo_t *cr);

typedef enum
{
  PATH_FILL_FEATURES, /* fill each feature on its own */
  PATH_RASTER,        /* draw each part with the thin-line rasteriser */
  PATH_PASSES,        /* stroke each part's visible runs with StrokePasses */
} PathMode;

typedef struct
{
  CbLinePass passes[CB_LINE_MAX_PASSES];
  guint      n_passes;
  GArray    *run;       /* double: screen points of the current run */
} StrokePasses;

static void
stroke_run (cairo_t            *cr,
            const double       *xy,
            guint               n,
            double              start,
            const StrokePasses *sp)
{
  if (n < 2)
    return;
  for (guint p = 0; p < sp->n_passes; p++)
    {
      const CbLinePass *pass = &sp->passes[p];

      cairo_move_to (cr, xy[0], xy[1]);
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
      cb_render_set_color (cr, pass->color, pass->alpha);
      cairo_set_line_width (cr, pass->width);
      /* The offset keeps dashes still when a run starts off screen. */
      cairo_set_dash (cr, pass->dashes, pass->n_dashes, start);
      cairo_stroke (cr);
    }
}

/*
 * Strokes only the runs of the polyline that cross the view (plus a
 * margin for widths).  Cairo dashes and strokes every pixel of a path,
 * seen or not: at street level a border is tens of thousands of pixels
 * long, of which a few hundred are on screen.
 */
static void
stroke_clipped (cairo_t            *cr,
                const Transform    *t,
                const double       *xy,
                guint               n,
                gboolean            closed,
                const StrokePasses *sp)
{
  const double margin = 20;
  double x_min = -margin, y_min = -margin;
  double x_max = 2 * t->half_w + margin, y_max = 2 * t->half_h + margin;
  GArray *run = sp->run;
  double distance = 0, run_start = 0;
  guint n_segments = closed ? n : n - 1;

  g_array_set_size (run, 0);
  for (guint i = 0; i < n_segments; i++)
    {
      guint k = (i + 1) % n;
      double ax = xy[2 * i], ay = xy[2 * i + 1];
      double dx = xy[2 * k] - ax, dy = xy[2 * k + 1] - ay;
      double len = sqrt (dx * dx + dy * dy);
      double t0 = 0, t1 = 1;
      const double p[4] = { -dx, dx, -dy, dy };
      const double q[4] = { ax - x_min, x_max - ax, ay - y_min, y_max - ay };
      gboolean visible = TRUE;

      /* Liang-Barsky. */
      for (int e = 0; e < 4 && visible; e++)
        {
          if (p[e] == 0)
            visible = q[e] >= 0;
          else
            {
              double r = q[e] / p[e];

              if (p[e] < 0)
                t0 = MAX (t0, r);
              else
                t1 = MIN (t1, r);
              visible = t0 <= t1;
            }
        }

      if (visible)
        {
          double p0[2] = { ax + t0 * dx, ay + t0 * dy };
          double p1[2] = { ax + t1 * dx, ay + t1 * dy };

          if (run->len > 0 && t0 > 0)
            {
              stroke_run (cr, (const double *) run->data, run->len / 2, run_start, sp);
              g_array_set_size (run, 0);
            }
          if (run->len == 0)
            {
              run_start = distance + t0 * len;
              g_array_append_vals (run, p0, 2);
            }
          g_array_append_vals (run, p1, 2);
          if (t1 < 1)
            {
              stroke_run (cr, (const double *) run->data, run->len / 2, run_start, sp);
              g_array_set_size (run, 0);
            }
        }
      else if (run->len > 0)
        {
          stroke_run (cr, (const double *) run->data, run->len / 2, run_start, sp);
          g_array_set_size (run, 0);
        }
      distance += len;
    }
  if (run->len > 0)
    stroke_run (cr, (const double *) run->data, run->len / 2, run_start, sp);
}

/* The part in screen coordinates, dropping vertices less than half a
 * device pixel from the last one kept: below that nothing shows. */
static const double *
part_to_screen (const Transform *t,
                const double    *pts,
                guint            n,
                guint           *n_out)
{
  double last_x, last_y, sx, sy;
  GArray *out = t->scratch;
  double *xy;
  guint m = 0;

  g_array_set_size (out, 2 * (gsize) n);
  xy = (double *) out->data;
  to_screen (t, pts[0], pts[1], &last_x, &last_y);
  xy[m++] = last_x;
  xy[m++] = last_y;
  for (guint i = 1; i < n; i++)
    {
      to_screen (t, pts[2 * i], pts[2 * i + 1], &sx, &sy);
      if (fabs (sx - last_x) < t->min_step && fabs (sy - last_y) < t->min_step && i + 1 < n)
        continue;
      xy[m++] = sx;
      xy[m++] = sy;
      last_x = sx;
      last_y = sy;
    }
  g_array_set_size (out, m);
  *n_out = m / 2;
  return xy;
}

/*
 * Walks the visible features of @layer with this @style and uncertainty
 * (any, if @style is NULL) and hands each part to @mode.  Cairo's
 * rasteriser slows down with the number of edges per scanline, so paths
 * are flushed in pieces rather than built across the whole view.
 */
static void
build_features_path (cairo_t            *cr,
                     CbLayer            *layer,
                     guint               lod,
                     const Transform    *t,
                     const CbBounds     *visible,
                     const CbLayerStyle *style,
                     gboolean            uncertain,
                     PathMode            mode,
                     gpointer            extra)
{
  CbFeatureSet *feature_set = cb_layer_get_features (layer);
  gboolean closed = cb_feature_set_get_geometry_type (feature_set) == CB_GEOMETRY_POLYGON;
  guint n_features = cb_feature_set_get_n_features (feature_set);
  guint pending = 0;  /* vertices in the current path */

  for (guint f = 0; f < n_features; f++)
    {
      guint n_parts;

      if (!cb_bounds_intersects (cb_feature_set_get_feature_bounds (feature_set, f), visible))
        continue;
      if (!drawn_on_day (feature_set, f, t))
        continue;
      if (style != NULL && cb_layer_catalog_get_feature_style (layer, f) != style)
        continue;
      if (style != NULL &&
          (cb_feature_set_get_feature_certainty (feature_set, f) != CB_CERTAINTY_DATASET) != uncertain)
        continue;

      n_parts = cb_feature_set_get_feature_n_parts (feature_set, f);
      for (guint p = 0; p < n_parts; p++)
        {
          guint n, n_screen;
          const double *pts = cb_feature_set_get_lod_part (feature_set, lod, f, p, &n);
          const double *screen;

          if (n == 0)
            continue;
          screen = part_to_screen (t, pts, n, &n_screen);
          switch (mode)
            {
            case PATH_RASTER:
              cb_line_raster_polyline (extra, screen, n_screen, closed);
              break;
            case PATH_PASSES:
              stroke_clipped (cr, t, screen, n_screen, closed, extra);
              break;
            case PATH_FILL_FEATURES:
            default:
              cairo_move_to (cr, screen[0], screen[1]);
              for (guint i = 1; i < n_screen; i++)
                cairo_line_to (cr, screen[2 * i], screen[2 * i + 1]);
              if (closed)
                cairo_close_path (cr);
              pending += n_screen;
              break;
            }
        }
      /* Small features (lakes) share a fill; each fill has a fixed cost
       * (allocations, a walk over the path's rows), which at 400
       * vertices a fill still showed: 2000 keeps the edges per row low. */
      if (mode == PATH_FILL_FEATURES && pending >= 2000)
        {
          cairo_fill (cr);
          pending = 0;
        }
    }
  if (mode == PATH_FILL_FEATURES && pending > 0)
    cairo_fill (cr);
}

static void
stroke_lines (cairo_t               *cr,
              CbLayer               *layer,
              guint                  lod,
              const Transform       *t,
              const CbBounds        *visible,
              const CbRenderOptions *options)
{
  const CbLayerStyle *seen[8];
  guint n_seen = 0;
  guint n_features = cb_feature_set_get_n_features (cb_layer_get_features (layer));

  /* The distinct feature styles of this layer (usually one). */
  for (guint f = 0; f < n_features && n_seen < G_N_ELEMENTS (seen); f++)
    {
      const CbLayerStyle *style = cb_layer_catalog_get_feature_style (layer, f);
      gboolean known = FALSE;

      for (guint k = 0; k < n_seen; k++)
        known |= seen[k] == style;
      if (!known)
        seen[n_seen++] = style;
    }

  for (guint k = 0; k < n_seen; k++)
    for (int uncertain = 0; uncertain <= 1; uncertain++)
      {
        const CbLayerStyle *style = seen[k];
        StrokePasses sp = { .n_passes = 0, .run = t->run };
        CbLineRaster raster = { 0 };
        gboolean use_raster;

        /* The same passes the legend strokes its swatches with. */
        sp.n_passes = cb_layer_style_get_line_passes (style, uncertain, options->dark, sp.passes);
        if (sp.n_passes == 0)
          continue;

        /* On image targets the rasteriser draws the passes straight into
         * the pixels, with round joins where they would show. */
        use_raster = t->raster_ok && cb_line_raster_begin (&raster, cr);
        for (guint p = 0; use_raster && p < sp.n_passes; p++)
          use_raster = cb_line_raster_device_width (&raster, sp.passes[p].width) <= 12;
        for (guint p = 0; use_raster && p < sp.n_passes; p++)
          {
            const CbLinePass *pass = &sp.passes[p];
            double pass_alpha = pass->color->alpha * pass->alpha;

            cb_line_raster_set_style (&raster, pass->color->red, pass->color->green,
                                      pass->color->blue, pass_alpha,
                                      pass->width, pass->dashes, pass->n_dashes);
            cb_line_raster_set_round_joins (&raster, pass_alpha >= 0.9 &&
                                            cb_line_raster_device_width (&raster, pass->width) > 2.5);
            build_features_path (cr, layer, lod, t, visible, style, uncertain,
                                 PATH_RASTER, &raster);
          }
        cb_line_raster_end (&raster);
        if (use_raster)
          continue;

        cairo_new_path (cr);
        /* Round joins only show on thick lines, and cost many edges. */
        cairo_set_line_join (cr, style->line_width >= 2 ? CAIRO_LINE_JOIN_ROUND
                                                        : CAIRO_LINE_JOIN_BEVEL);
        build_features_path (cr, layer, lod, t, visible, style, uncertain, PATH_PASSES, &sp);
      }
  cairo_set_dash (cr, NULL, 0, 0);
}

/*
 * A repeating tile of the area's @fill with diagonal hatching in @color,
 * @spacing logical px apart, anchored to the map so that it moves with
 * it: one pass over the area draws both.  Pixels on image
 * targets; on vector targets (PDF, SVG) a recording, so it stays lines.
 */
static cairo_pattern_t *
hatch_pattern_new (cairo_t         *cr,
                   const Transform *t,
                   const CbColor   *fill,
                   const CbColor   *color,
                   double           spacing)
{
  double dx = 1, dy = 0, ox, oy;
  double device_scale;
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *tcr;

  cairo_user_to_device_distance (cr, &dx, &dy);
  device_scale = CLAMP (hypot (dx, dy), 0.25, 8);
  if (is_raster_target (cr))
    {
      int size = MAX (2, (int) ceil (spacing * device_scale));

      tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      cairo_surface_set_device_scale (tile, size / spacing, size / spacing);
    }
  else
    tile = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                           &(cairo_rectangle_t) { 0, 0, spacing, spacing });
  tcr = cairo_create (tile);
  if (fill->alpha > 0)
    {
      cb_render_set_color (tcr, fill, 1.0);
      cairo_paint (tcr);
    }
  cb_render_set_color (tcr, color, 1.0);
  cairo_set_line_width (tcr, 1.2);
  cairo_set_line_cap (tcr, CAIRO_LINE_CAP_SQUARE);
  /* One stroke from corner to corner, plus the two corners it leaves, so
   * that the tiles join into unbroken lines. */
  cairo_move_to (tcr, 0, spacing);
  cairo_line_to (tcr, spacing, 0);
  cairo_move_to (tcr, -1, 1);
  cairo_line_to (tcr, 1, -1);
  cairo_move_to (tcr, spacing - 1, spacing + 1);
  cairo_line_to (tcr, spacing + 1, spacing - 1);
  cairo_stroke (tcr);
  cairo_destroy (tcr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_surface_destroy (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  /* Whole device pixels and no filtering: pixman then copies the tile
   * instead of resampling every pixel (a fifth of the frame otherwise). */
  to_screen (t, 0, 0, &ox, &oy);
  ox = round (fmod (ox, spacing) * device_scale) / device_scale;
  oy = round (fmod (oy, spacing) * device_scale) / device_scale;
  cairo_matrix_init_translate (&matrix, -ox, -oy);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  return pattern;
}

static void
draw_polygons (cairo_t               *cr,
               CbLayer               *layer,
               guint                  lod,
               const Transform       *t,
               const CbBounds        *visible,
               const CbRenderOptions *options)
{
  const CbLayerStyle *style = cb_layer_get_style (layer);
  const CbColor *fill = options->dark ? &style->fill_dark : &style->fill_light;
  const CbColor *hatch = options->dark ? &style->hatch_dark : &style->hatch_light;

  if (fill->alpha > 0 || hatch->alpha > 0)
    {
      const CbColor *line = options->dark ? &style->line_dark : &style->line_light;
      gboolean outlined = line->alpha > 0 && style->line_width >= 0.5;
      cairo_pattern_t *pattern = NULL;

      cairo_new_path (cr);
      /* Hatching tells an area from neighbours of the same lightness, in
       * greyscale print too. */
      if (hatch->alpha > 0 && style->hatch_spacing >= 2)
        {
          pattern = hatch_pattern_new (cr, t, fill, hatch, style->hatch_spacing);
          cairo_set_source (cr, pattern);
        }
      else
        cb_render_set_color (cr, fill, 1.0);
      /* On pixels, an edge that an outline covers, or a muted context
       * edge, does not need antialiasing: that saves a third of the frame. */
      if (t->raster_ok && is_raster_target (cr) &&
          (outlined || cb_layer_get_group (layer) == CB_LAYER_GROUP_CONTEXT))
        cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
      build_features_path (cr, layer, lod, t, visible, NULL, FALSE, PATH_FILL_FEATURES, NULL);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      g_clear_pointer (&pattern, cairo_pattern_destroy);
    }
  /* Outlines go through the line code, so that uncertain stretches of a
   * region's edge look uncertain too. */
  stroke_lines (cr, layer, lod, t, visible, options);
}

static void
draw_points (cairo_t               *cr,
             CbLayer               *layer,
             const Transform       *t,
             const CbBounds        *visible,
             const CbRenderOptions *options)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  const CbLayerStyle *style = cb_layer_get_style (layer);
  const CbColor *color = options->dark ? &style->line_dark : &style->line_light;
  guint n_features = cb_feature_set_get_n_features (features);

  cairo_new_path (cr);
  for (guint f = 0; f < n_features; f++)
    {
      if (!cb_bounds_intersects (cb_feature_set_get_feature_bounds (features, f), visible) ||
          !drawn_on_day (features, f, t))
        continue;
      for (guint p = 0; p < cb_feature_set_get_feature_n_parts (features, f); p++)
        {
          guint n;
          const double *pts = cb_feature_set_get_lod_part (features, 0, f, p, &n);

          for (guint i = 0; i < n; i++)
            {
              double sx, sy;

              to_screen (t, pts[2 * i], pts[2 * i + 1], &sx, &sy);
              cairo_new_sub_path (cr);
              cairo_arc (cr, sx, sy, style->point_radius, 0, 2 * G_PI);
            }
        }
    }
  cb_render_set_color (cr, color, 1.0);
  cairo_fill (cr);
}

/* ------------------------------------------------------------------ */
/* Towns                                                               */

static int
town_size_class (CbLayer *layer,
                 guint    feature)
{
  const char *value = cb_feature_set_get_attribute (cb_layer_get_features (layer), feature, "size_class");
  int size_class = value && *value ? atoi (value) : 4;

  return CLAMP (size_class, 1, 4);
}

char *
cb_renderer_get_town_name (CbRenderer *self,
                           guint       feature,
                           const char *language)
{
  CbLayer *towns;
  CbFeatureSet *set;
  CbPlaceLanguage lang = CB_PLACE_LANGUAGE_EN;
  const char *names[CB_N_PLACE_LANGUAGES];

  g_return_val_if_fail (CB_IS_RENDERER (self), NULL);

  towns = cb_layer_catalog_get_towns (self->catalog);
  if (towns == NULL)
    return NULL;
  set = cb_layer_get_features (towns);
  if (feature >= cb_feature_set_get_n_features (set))
    return NULL;

  cb_place_language_from_code (language, &lang);
  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    names[i] = cb_feature_set_get_attribute (set, feature, cb_place_language_get_field (i));
  return g_strdup (cb_place_language_choose_name (names,
                                                  cb_feature_set_get_attribute (set, feature, "name"),
                                                  cb_feature_set_get_attribute (set, feature, "id"),
                                                  lang));
}

/* The size class cached with the town's label (see ensure_labels()). */
static int
cached_size_class (CbRenderer *self,
                   guint       feature)
{
  return g_array_index (self->labels, TownLabel, feature).size_class;
}

static double
label_font_size (int size_class)
{
  static const double sizes[] = { 14, 12.5, 11.5, 10.5 };
  return sizes[size_class - 1];
}

static double
dot_radius (int size_class)
{
  static const double radii[] = { 4.5, 3.5, 3.0, 2.5 };
  return radii[size_class - 1];
}

static void
ensure_labels (CbRenderer *self,
               CbLayer    *towns,
               const char *language)
{
  guint n = cb_feature_set_get_n_features (cb_layer_get_features (towns));

  if (self->label_layer == towns && self->labels->len == n &&
      g_strcmp0 (self->label_language, language) == 0)
    return;

  g_array_set_size (self->labels, 0);
  g_array_set_size (self->labels, n);
  /* A new towns layer may have another style: redraw the dots too. */
  for (guint i = 0; i < G_N_ELEMENTS (self->dots); i++)
    g_clear_pointer (&self->dots[i], cairo_surface_destroy);
  g_set_object (&self->label_layer, towns);
  g_free (self->label_language);
  self->label_language = g_strdup (language);

  for (guint f = 0; f < n; f++)
    {
      TownLabel *label = &g_array_index (self->labels, TownLabel, f);
      int size_class = town_size_class (towns, f);
      PangoFontDescription *font = pango_font_description_from_string (CB_RENDER_FONT_FAMILY);

      pango_font_description_set_absolute_size (font, label_font_size (size_class) * PANGO_SCALE);
      pango_font_description_set_weight (font, size_class <= 1 ? PANGO_WEIGHT_BOLD
                                               : size_class == 2 ? PANGO_WEIGHT_SEMIBOLD
                                               : PANGO_WEIGHT_NORMAL);
      label->size_class = size_class;
      label->name = cb_renderer_get_town_name (self, f, language);
      label->layout = pango_layout_new (self->pango);
      pango_layout_set_font_description (label->layout, font);
      pango_layout_set_text (label->layout, label->name, -1);
      cb_render_text_ink_box (label->layout, &label->width, &label->height, &label->ox, &label->oy);
      pango_font_description_free (font);
    }
}

typedef struct
{
  CbLayer *layer;
  GArray  *labels;
} OrderData;

static int
compare_towns (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const OrderData *data = user_data;
  guint fa = *(const guint *) a, fb = *(const guint *) b;
  int ca = town_size_class (data->layer, fa), cb = town_size_class (data->layer, fb);
  const char *na, *nb;
  int cmp;

  if (ca != cb)
    return ca - cb;
  na = cb_feature_set_get_attribute (cb_layer_get_features (data->layer), fa, "name_en");
  nb = cb_feature_set_get_attribute (cb_layer_get_features (data->layer), fb, "name_en");
  cmp = g_strcmp0 (na, nb);
  if (cmp != 0)
    return cmp;
  return (int) fa - (int) fb;
}

static void
ensure_order (CbRenderer *self,
              CbLayer    *towns)
{
  guint n = cb_feature_set_get_n_features (cb_layer_get_features (towns));
  OrderData data = { towns, self->labels };

  if (self->order_layer == towns && self->order->len == n)
    return;

  g_array_set_size (self->order, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->order, guint, i) = i;
  /* Stable, language-independent priority: the layout must not jump
   * when the language changes. */
  g_array_sort_with_data (self->order, compare_towns, &data);
  g_set_object (&self->order_layer, towns);
}

static gboolean
rects_overlap (double ax, double ay, double aw, double ah,
               double bx, double by, double bw, double bh)
{
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

static gboolean
label_fits (CbRenderer            *self,
            GArray                *placed,
            guint                  self_index,
            double                 x,
            double                 y,
            double                 w,
            double                 h,
            double                 view_w,
            double                 view_h,
            gboolean               spare_later,
            const CbRenderOptions *options)
{
  if (x < 0 || y < 0 || x + w > view_w || y + h > view_h)
    return FALSE;

  for (guint i = 0; i < options->n_avoid_rects; i++)
    {
      const double *r = &options->avoid_rects[4 * i];

      if (rects_overlap (x, y, w, h, r[0], r[1], r[2], r[3]))
        return FALSE;
    }

  /* The names placed so far, the dots of the towns kept so far and, when
   * @spare_later, the dots of the towns still to come.  Those left out
   * leave no dot. */
  for (guint i = 0; i < placed->len; i++)
    {
      const CbPlacedTown *other = &g_array_index (placed, CbPlacedTown, i);

      if (i == self_index || (i < self_index && !other->has_label && i != 0))
        continue;
      /* A town to come as great as this one keeps its dot in any case. */
      if (i > self_index && !spare_later &&
          cached_size_class (self, other->feature) >
          cached_size_class (self, g_array_index (placed, CbPlacedTown, self_index).feature))
        continue;
      if (i < self_index && other->has_label &&
          rects_overlap (x, y, w, h, other->label_x, other->label_y,
                         other->label_width, other->label_height))
        return FALSE;
      /* Never cover another town's dot (and ring) either. */
      {
        double r = dot_radius (cached_size_class (self, other->feature)) + 1;

        if (rects_overlap (x, y, w, h, other->x - r, other->y - r, 2 * r, 2 * r))
          return FALSE;
      }
    }
  return TRUE;
}

/* Whether the dot at (@x, @y) is under a name placed before @self_index. */
static gboolean
dot_covered (GArray *placed,
             guint   self_index,
             double  x,
             double  y,
             double  r)
{
  for (guint i = 0; i < self_index; i++)
    {
      const CbPlacedTown *other = &g_array_index (placed, CbPlacedTown, i);

      if (other->has_label &&
          rects_overlap (x - r, y - r, 2 * r, 2 * r, other->label_x, other->label_y,
                         other->label_width, other->label_height))
        return TRUE;
    }
  return FALSE;
}

static void place_towns (CbRenderer            *self,
                         CbLayer               *towns,
                         CbViewport            *viewport,
                         const CbRenderOptions *options,
                         GArray                *placed);

CbTownLayout *
cb_renderer_layout_towns (CbRenderer            *self,
                          CbViewport            *viewport,
                          const CbRenderOptions *options)
{
  CbRenderOptions defaults;
  CbTownLayout *layout;
  GArray *placed;
  CbLayer *towns;

  g_return_val_if_fail (CB_IS_RENDERER (self), NULL);
  g_return_val_if_fail (CB_IS_VIEWPORT (viewport), NULL);

  if (options == NULL)
    {
      cb_render_options_init (&defaults);
      options = &defaults;
    }

  layout = cb_town_layout_new ();
  placed = layout->towns;

  towns = cb_layer_catalog_get_towns (self->catalog);
  if (towns != NULL && options->draw_towns && cb_layer_get_visible (towns))
    place_towns (self, towns, viewport, options, placed);
  /* Then everything else, around the towns: one pass, no overlaps. */
  cb_label_layouter_place (self->map_labels, self->catalog, viewport, options, layout);
  return layout;
}

/* Every town of its rank (cb_label_max_town_class()) gets its dot and its
 * label, or is left out: no bare dots.  The selected town always shows. */
static void
place_towns (CbRenderer            *self,
             CbLayer               *towns,
             CbViewport            *viewport,
             const CbRenderOptions *options,
             GArray                *placed)
{
  Transform t;
  double view_w, view_h, scale;
  int selected = -1, max_class;
  const double gap = 3;

  ensure_labels (self, towns, options->language ? options->language : "en");
  ensure_order (self, towns);
  transform_init (&t, viewport, options->device_scale > 0 ? options->device_scale : 1);
  view_w = cb_viewport_get_width (viewport);
  view_h = cb_viewport_get_height (viewport);
  scale = cb_viewport_get_scale (viewport);
  max_class = cb_label_max_town_class (scale);

  if (options->selected_town_id != NULL)
    selected = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), options->selected_town_id);

  /* Pass 1: every dot on screen, the selected town first, then by importance. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->order->len; i++)
      {
        guint f = g_array_index (self->order, guint, i);
        CbPlacedTown town = { 0 };
        guint n;
        const double *pts;
        int size_class;
        double r;

        if ((pass == 0) != ((int) f == selected))
          continue;
        if (cb_feature_set_get_feature_n_parts (cb_layer_get_features (towns), f) == 0)
          continue;
        pts = cb_feature_set_get_lod_part (cb_layer_get_features (towns), 0, f, 0, &n);
        if (n == 0)
          continue;
        to_screen (&t, pts[0], pts[1], &town.x, &town.y);
        size_class = cached_size_class (self, f);
        if ((int) f != selected && size_class > max_class)
          continue;
        r = dot_radius (size_class);
        if (town.x < -r || town.y < -r || town.x > view_w + r || town.y > view_h + r)
          continue;

        town.feature = f;
        town.id = cb_feature_set_get_attribute (cb_layer_get_features (towns), f, "id");
        town.name = g_strdup (g_array_index (self->labels, TownLabel, f).name);
        /* Bounds hold at least a comfortable target for a pointer. */
        town.bounds_x = town.x - MAX (r, 6);
        town.bounds_y = town.y - MAX (r, 6);
        town.bounds_width = town.bounds_height = 2 * MAX (r, 6);
        g_array_append_val (placed, town);
      }

  /* Pass 2: labels, greedily, in the same order: a town whose dot is
   * under a name already placed, or whose name finds no room, is left
   * out (below), so a lesser town never takes a greater one's room. */
  for (guint i = 0; i < placed->len; i++)
    {
      CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
      const TownLabel *label = &g_array_index (self->labels, TownLabel, town->feature);
      int size_class = cached_size_class (self, town->feature);
      double r = dot_radius (size_class);
      double w = label->width, h = label->height;
      double candidates[][2] = {
        { town->x + r + gap, town->y - h / 2 },          /* right */
        { town->x - r - gap - w, town->y - h / 2 },      /* left */
        { town->x - w / 2, town->y - r - gap / 2 - h },  /* above */
        { town->x - w / 2, town->y + r + gap / 2 },      /* below */
        { town->x + r, town->y - r - h },                /* above right */
        { town->x + r, town->y + r },                    /* below right */
        { town->x - r - w, town->y - r - h },            /* above left */
        { town->x - r - w, town->y + r },                /* below left */
        { town->x + r + gap, town->y - h + 2 },          /* right, raised */
        { town->x + r + gap, town->y - 2 },              /* right, lowered */
        { town->x - r - gap - w, town->y - h + 2 },      /* left, raised */
        { town->x - r - gap - w, town->y - 2 },          /* left, lowered */
      };
      if (w <= 0 || h <= 0)
        continue;
      if ((int) town->feature != selected && dot_covered (placed, i, town->x, town->y, r + 1))
        continue;

      /* Sparing the dots of lesser towns if it can, else not. */
      for (guint c = 0; c < 2 * G_N_ELEMENTS (candidates) && !town->has_label; c++)
        {
          guint k = c % G_N_ELEMENTS (candidates);

          if (!label_fits (self, placed, i, candidates[k][0], candidates[k][1],
                           w, h, view_w, view_h, c < G_N_ELEMENTS (candidates), options))
            continue;
          town->has_label = TRUE;
          town->label_x = candidates[k][0];
          town->label_y = candidates[k][1];
          town->label_width = w;
          town->label_height = h;
        }

      if (town->has_label)
        {
          double x1 = MIN (town->bounds_x, town->label_x);
          double y1 = MIN (town->bounds_y, town->label_y);
          double x2 = MAX (town->bounds_x + town->bounds_width, town->label_x + w);
          double y2 = MAX (town->bounds_y + town->bounds_height, town->label_y + h);

          town->bounds_x = x1;
          town->bounds_y = y1;
          town->bounds_width = x2 - x1;
          town->bounds_height = y2 - y1;
        }
    }

  /* A town whose label found no room is left out, not left anonymous. */
  for (guint i = placed->len; i-- > 0;)
    {
      const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);

      if (!town->has_label && (int) town->feature != selected)
        g_array_remove_index (placed, i);
    }
}

#define LABEL_PAD 2.0

static gboolean
is_raster_target (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_group_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_IMAGE:
    /* GTK's cairo render nodes record, then replay onto pixels. */
    case CAIRO_SURFACE_TYPE_RECORDING:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
ensure_label_bitmap (TownLabel     *label,
                     double         scale,
                     gboolean       dark,
                     const CbColor *halo,
                     const CbColor *text)
{
  cairo_t *cr;
  int w, h;

  if (label->bitmap != NULL && label->bitmap_scale == scale && label->bitmap_dark == dark)
    return;

  g_clear_pointer (&label->bitmap, cairo_surface_destroy);
  w = (int) ceil ((label->width + 2 * LABEL_PAD) * scale);
  h = (int) ceil ((label->height + 2 * LABEL_PAD) * scale);
  label->bitmap = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (w, 1), MAX (h, 1));
  cairo_surface_set_device_scale (label->bitmap, scale, scale);
  label->bitmap_scale = scale;
  label->bitmap_dark = dark;

  cr = cairo_create (label->bitmap);
  cairo_move_to (cr, LABEL_PAD + label->ox, LABEL_PAD + label->oy);
  cb_render_show_text (cr, label->layout, text, halo, 0.85, 3.0);
  cairo_destroy (cr);
}

#define DOT_RING 1.2
#define DOT_PAD 2.0   /* ring plus antialiasing */

static void
ensure_dot_bitmaps (CbRenderer    *self,
                    double         scale,
                    gboolean       dark,
                    const CbColor *ring,
                    const CbColor *dot)
{
  if (self->dots[0] != NULL && self->dots_scale == scale && self->dots_dark == dark)
    return;

  for (int c = 1; c <= (int) G_N_ELEMENTS (self->dots); c++)
    {
      double r = dot_radius (c);
      double half = r + DOT_PAD;
      int size = (int) ceil (2 * half * scale);
      cairo_t *cr;

      g_clear_pointer (&self->dots[c - 1], cairo_surface_destroy);
      self->dots[c - 1] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      cairo_surface_set_device_scale (self->dots[c - 1], scale, scale);
      cr = cairo_create (self->dots[c - 1]);
      cairo_arc (cr, half, half, r + DOT_RING, 0, 2 * G_PI);
      cb_render_set_color (cr, ring, 1.0);
      cairo_fill (cr);
      cairo_arc (cr, half, half, r, 0, 2 * G_PI);
      cb_render_set_color (cr, dot, 1.0);
      cairo_fill (cr);
      cairo_destroy (cr);
    }
  self->dots_scale = scale;
  self->dots_dark = dark;
}

static void
draw_holder_dots (CbRenderer            *self,
                  cairo_t               *cr,
                  GArray                *placed,
                  const CbColor         *ring,
                  const CbRenderOptions *options)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, options->date);

  for (guint i = 0; i < placed->len; i++)
    {
      const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
      double r = dot_radius (cached_size_class (self, town->feature)) + 0.5;
      const CbHistoryHolding *holding = cb_history_get_holder_at (options->history, town->id, &date);
      CbHolder holder = holding != NULL ? holding->holder : CB_HOLDER_CONTESTED;
      gboolean hollow = holding == NULL || holding->holder == CB_HOLDER_CONTESTED ||
                        holding->certainty == CB_HOLD_UNCERTAIN;
      CbColor color;

      cb_renderer_get_holder_color (holder, options->dark, &color);
      cairo_new_path (cr);
      cairo_arc (cr, town->x, town->y, r + DOT_RING, 0, 2 * G_PI);
      cb_render_set_color (cr, ring, 1.0);
      cairo_fill (cr);
      cb_render_set_color (cr, &color, 1.0);
      if (hollow)
        {
          cairo_set_line_width (cr, 1.6);
          cairo_arc (cr, town->x, town->y, r - 0.8, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
      else
        {
          cairo_arc (cr, town->x, town->y, r, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

static void
draw_towns (CbRenderer            *self,
            cairo_t               *cr,
            CbTownLayout          *layout,
            const CbRenderOptions *options)
{
  GArray *placed = layout->towns;
  CbLayer *towns = cb_layer_catalog_get_towns (self->catalog);
  const CbLayerStyle *style;
  const CbColor *dot, *ring, *accent;
  const CbColor *halo = options->dark ? &cb_render_background_dark : &cb_render_background_light;

  if (towns == NULL || placed->len == 0)
    return;

  style = cb_layer_get_style (towns);
  dot = options->dark ? &style->line_dark : &style->line_light;
  ring = options->dark ? &style->fill_dark : &style->fill_light;
  accent = options->dark ? &accent_dark : &accent_light;

  /* At a date, each dot in its holder's colour (hollow when contested or
   * uncertain); 51 arcs, so no bitmaps. */
  if (options->history != NULL && options->date != 0)
    draw_holder_dots (self, cr, placed, ring, options);
  /* Dots, a ring under each.  On raster targets they are copied from
   * one bitmap per size class, like the labels. */
  else if (is_raster_target (cr))
    {
      double scale = options->device_scale > 0 ? options->device_scale : 1.0;

      ensure_dot_bitmaps (self, scale, options->dark, ring, dot);
      for (guint i = 0; i < placed->len; i++)
        {
          const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
          int size_class = cached_size_class (self, town->feature);
          double half = dot_radius (size_class) + DOT_PAD;
          double x = round ((town->x - half) * scale) / scale;
          double y = round ((town->y - half) * scale) / scale;

          cairo_set_source_surface (cr, self->dots[size_class - 1], x, y);
          cairo_rectangle (cr, x, y, 2 * half, 2 * half);
          cairo_fill (cr);
        }
    }
  else
    {
      cairo_new_path (cr);
      for (guint i = 0; i < placed->len; i++)
        {
          const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
          double r = dot_radius (cached_size_class (self, town->feature));

          cairo_new_sub_path (cr);
          cairo_arc (cr, town->x, town->y, r + DOT_RING, 0, 2 * G_PI);
        }
      cb_render_set_color (cr, ring, 1.0);
      cairo_fill (cr);
      for (guint i = 0; i < placed->len; i++)
        {
          const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
          double r = dot_radius (cached_size_class (self, town->feature));

          cairo_new_sub_path (cr);
          cairo_arc (cr, town->x, town->y, r, 0, 2 * G_PI);
        }
      cb_render_set_color (cr, dot, 1.0);
      cairo_fill (cr);
    }

  /* Highlight of the selected town. */
  if (options->selected_town_id != NULL)
    for (guint i = 0; i < placed->len; i++)
      {
        const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
        double r = dot_radius (cached_size_class (self, town->feature));

        if (g_strcmp0 (town->id, options->selected_town_id) != 0)
          continue;
        cairo_new_path (cr);
        cairo_arc (cr, town->x, town->y, r + 4, 0, 2 * G_PI);
        cb_render_set_color (cr, accent, 1.0);
        cairo_set_line_width (cr, 2.5);
        cairo_stroke (cr);
        if (town->has_label)
          {
            cairo_rectangle (cr, town->label_x - 2, town->label_y - 1,
                             town->label_width + 4, town->label_height + 2);
            cb_render_set_color (cr, accent, 0.25);
            cairo_fill (cr);
          }
      }

  /* Labels.  On raster targets each label is drawn once into a small
   * bitmap (halo and text) and then only copied, which is what keeps the
   * frame time low; vector targets (PDF, SVG, print) get real text. */
  if (is_raster_target (cr))
    {
      double scale = options->device_scale > 0 ? options->device_scale : 1.0;

      for (guint i = 0; i < placed->len; i++)
        {
          const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
          TownLabel *label = &g_array_index (self->labels, TownLabel, town->feature);
          double x, y;

          if (!town->has_label)
            continue;
          ensure_label_bitmap (label, scale, options->dark, halo, dot);
          /* Whole device pixels: a copied bitmap must not be resampled. */
          x = round ((town->label_x - LABEL_PAD) * scale) / scale;
          y = round ((town->label_y - LABEL_PAD) * scale) / scale;
          cairo_set_source_surface (cr, label->bitmap, x, y);
          cairo_rectangle (cr, x, y,
                           label->width + 2 * LABEL_PAD, label->height + 2 * LABEL_PAD);
          cairo_fill (cr);
        }
      return;
    }

  for (guint i = 0; i < placed->len; i++)
    {
      const CbPlacedTown *town = &g_array_index (placed, CbPlacedTown, i);
      const TownLabel *label = &g_array_index (self->labels, TownLabel, town->feature);

      if (!town->has_label)
        continue;
      cairo_move_to (cr, town->label_x + label->ox, town->label_y + label->oy);
      cb_render_show_text (cr, label->layout, dot, halo, 0.85, 3.0);
    }
}

/* ------------------------------------------------------------------ */

static void
draw_layers (CbRenderer            *self,
             cairo_t               *cr,
             const Transform       *t,
             const CbBounds        *visible_bounds,
             const CbRenderOptions *options,
             double                 scale,
             double                 device_scale)
{
  CbBounds visible = *visible_bounds;
  guint n_layers;

  n_layers = cb_layer_catalog_get_n_layers (self->catalog);
  for (guint i = 0; i < n_layers; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (self->catalog, i);
      guint lod;

      if (!cb_layer_get_visible (layer) || layer == cb_layer_catalog_get_towns (self->catalog))
        continue;
      if (!cb_bounds_intersects (cb_feature_set_get_bounds (cb_layer_get_features (layer)), &visible))
        continue;

      /* Simplified to within half a device pixel; context layers to a
       * whole one, as nobody reads a river's bends to the pixel. */
      lod = cb_feature_set_pick_lod (cb_layer_get_features (layer), (cb_layer_get_group (layer) == CB_LAYER_GROUP_CONTEXT ? 1.0 : 0.5)
                                      * scale / device_scale);

      cb_render_begin_group (cr, cb_layer_get_id (layer), cb_layer_get_title (layer));
      switch (cb_feature_set_get_geometry_type (cb_layer_get_features (layer)))
        {
        case CB_GEOMETRY_POLYGON:
          draw_polygons (cr, layer, lod, t, &visible, options);
          break;
        case CB_GEOMETRY_LINE:
          stroke_lines (cr, layer, lod, t, &visible, options);
          break;
        case CB_GEOMETRY_POINT:
          draw_points (cr, layer, t, &visible, options);
          break;
        default:
          break;
        }
      cb_render_end_group (cr);
    }

}

void
cb_renderer_render (CbRenderer            *self,
                    cairo_t               *cr,
                    CbViewport            *viewport,
                    const CbRenderOptions *options)
{
  CbRenderOptions defaults;
  CbBounds visible;
  Transform t;
  double scale, device_scale, margin;

  g_return_if_fail (CB_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (CB_IS_VIEWPORT (viewport));

  if (options == NULL)
    {
      cb_render_options_init (&defaults);
      options = &defaults;
    }

  device_scale = options->device_scale > 0 ? options->device_scale : 1.0;
  scale = cb_viewport_get_scale (viewport);
  transform_init (&t, viewport, device_scale);
  /* CB_RENDER_CAIRO_ONLY=1 draws everything with cairo, for comparison. */
  t.raster_ok = g_getenv ("CB_RENDER_CAIRO_ONLY") == NULL;
  t.date = options->date;
  t.scratch = self->scratch;
  t.run = self->run;

  /* A recording target (a GTK cairo render node) is replayed onto pixels
   * later, and recorded strokes get none of the fast paths: draw the map
   * into an image at the device scale now, and record only that image. */
  if (t.raster_ok &&
      cairo_surface_get_type (cairo_get_group_target (cr)) == CAIRO_SURFACE_TYPE_RECORDING)
    {
      cairo_surface_t *image = cb_renderer_render_image (self, viewport, options, device_scale);
      int width = cairo_image_surface_get_width (image);
      int height = cairo_image_surface_get_height (image);

      cairo_save (cr);
      cairo_scale (cr, 1 / device_scale, 1 / device_scale);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
      cairo_restore (cr);
      cairo_surface_destroy (image);
      return;
    }

  /* No clip here: clipping doubles cairo's cost per path.  The widget's
   * snapshot is clipped already; export clips the cairo_t if it must. */
  cairo_save (cr);

  if (options->draw_background)
    {
      cb_render_begin_group (cr, "background", _("Background"));
      cb_render_set_color (cr, options->dark ? &ground_dark : &ground_light, 1.0);
      cairo_paint (cr);
      cb_render_end_group (cr);
    }

  /* Cull with a margin for line widths and casings. */
  cb_viewport_get_visible_bounds (viewport, &visible);
  margin = 8 * scale;
  visible.min_x -= margin;
  visible.min_y -= margin;
  visible.max_x += margin;
  visible.max_y += margin;

  /* Cairo's 4x4 supersampling: on thin map lines it looks the same as
   * the default and rasterises two to three times faster. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  /* Lines not in force that day, faded, under those in force. */
  if (t.date != 0 && options->fade_out_of_date)
    {
      cairo_push_group (cr);
      t.out_of_date = TRUE;
      draw_layers (self, cr, &t, &visible, options, scale, device_scale);
      t.out_of_date = FALSE;
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, 0.3);
    }
  draw_layers (self, cr, &t, &visible, options, scale, device_scale);

  /* The caller's layout (the map shares it with its markers), or one of
   * this frame's own. */
  {
    g_autoptr(CbTownLayout) layout = options->town_layout != NULL
                                     ? cb_town_layout_ref (options->town_layout)
                                     : cb_renderer_layout_towns (self, viewport, options);

    cb_label_layouter_draw (self->map_labels, cr, layout, options, is_raster_target (cr));
    cb_render_begin_group (cr, "towns", _("Towns"));
    draw_towns (self, cr, layout, options);
    cb_render_end_group (cr);
  }

  cairo_restore (cr);
}

cairo_surface_t *
cb_renderer_render_image (CbRenderer            *self,
                          CbViewport            *viewport,
                          const CbRenderOptions *options,
                          double                 scale)
{
  CbRenderOptions copy;
  int width, height;
  cairo_t *cr;

  g_return_val_if_fail (CB_IS_RENDERER (self), NULL);
  g_return_val_if_fail (CB_IS_VIEWPORT (viewport), NULL);

  if (!(scale > 0) || !isfinite (scale))
    scale = 1;
  width = MAX (1, (int) ceil (cb_viewport_get_width (viewport) * scale));
  height = MAX (1, (int) ceil (cb_viewport_get_height (viewport) * scale));

  if (options)
    copy = *options;
  else
    cb_render_options_init (&copy);
  copy.device_scale = scale;

  /* Reuse a surface only when nobody else still holds it (a texture or
   * a render node made from it may still be on screen). */
  {
    cairo_surface_t *image = NULL;
    guint slot = 0;

    for (guint i = 0; i < G_N_ELEMENTS (self->images) && image == NULL; i++)
      if (self->images[i] != NULL &&
          cairo_surface_get_reference_count (self->images[i]) == 1 &&
          cairo_image_surface_get_width (self->images[i]) == width &&
          cairo_image_surface_get_height (self->images[i]) == height)
        image = self->images[i];
    if (image == NULL)
      {
        /* Replace a free slot, or one whose surface is held elsewhere. */
        for (guint i = 0; i < G_N_ELEMENTS (self->images); i++)
          if (self->images[i] == NULL || cairo_surface_get_reference_count (self->images[i]) == 1)
            {
              slot = i;
              break;
            }
        g_clear_pointer (&self->images[slot], cairo_surface_destroy);
        self->images[slot] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
        image = self->images[slot];
      }

    cr = cairo_create (image);
    if (!copy.draw_background)
      {
        cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
        cairo_paint (cr);
        cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      }
    cairo_scale (cr, scale, scale);
    cb_renderer_render (self, cr, viewport, &copy);
    cairo_destroy (cr);
    cairo_surface_flush (image);

    return cairo_surface_reference (image);
  }
}

/* ------------------------------------------------------------------ */
/* Scale bar and legend                                                */
