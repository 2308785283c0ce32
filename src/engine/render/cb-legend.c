/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cb-legend.h"
#include "cb-render-common.h"
#include "cb-renderer.h"

/* ------------------------------------------------------------------ */
/* Text                                                                */

/* The legend's layouts, kept between frames on each thread: the map draws
 * the legend with every frame, and shaping its rows anew cost more than
 * the rest of the legend together. */
static PangoLayout *
legend_text (const char *text,
             double      size,
             gboolean    bold)
{
  static GPrivate key = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);
  GHashTable *layouts = g_private_get (&key);
  g_autofree char *name = g_strdup_printf ("%g|%d|%s", size, bold, text);
  PangoLayout *layout;

  if (layouts == NULL)
    {
      layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&key, layouts);
    }
  layout = g_hash_table_lookup (layouts, name);
  if (layout == NULL)
    {
      /* Languages and layers come and go: start over now and then. */
      if (g_hash_table_size (layouts) >= 256)
        g_hash_table_remove_all (layouts);
      layout = cb_render_text_new (text, size, bold);
      g_hash_table_insert (layouts, g_steal_pointer (&name), layout);
    }
  return g_object_ref (layout);
}

/* ------------------------------------------------------------------ */
/* Ground                                                              */

#define MAX_SAMPLES 8

/* Whether feature @f of @layer is drawn on @date in @style (NULL: any). */
static gboolean
feature_matches (CbLayer            *layer,
                 guint               f,
                 const CbLayerStyle *style,
                 guint32             date)
{
  CbFeatureSet *features = cb_layer_get_features (layer);

  if (date != 0 && !cb_feature_set_is_valid_on (features, f, date))
    return FALSE;
  return style == NULL || cb_layer_catalog_get_feature_style (layer, f) == style;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* A point well inside the polygon @f, on the horizontal line at @fraction
 * of its height: the middle of the widest stretch of that line inside. */
static gboolean
interior_point (CbFeatureSet *features,
                guint         f,
                double        fraction,
                double       *out_x,
                double       *out_y)
{
  const CbBounds *bounds = cb_feature_set_get_feature_bounds (features, f);
  double y = bounds->min_y + fraction * (bounds->max_y - bounds->min_y);
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  double best = 0;

  for (guint p = 0; p < cb_feature_set_get_feature_n_parts (features, f); p++)
    {
      guint n;
      const double *pts = cb_feature_set_get_lod_part (features, 0, f, p, &n);

      for (guint i = 0, j = n - 1; n >= 3 && i < n; j = i++)
        {
          double xi = pts[2 * i], yi = pts[2 * i + 1];
          double xj = pts[2 * j], yj = pts[2 * j + 1];

          if ((yi > y) != (yj > y))
            {
              double x = (xj - xi) * (y - yi) / (yj - yi) + xi;

              g_array_append_val (xs, x);
            }
        }
    }
  /* Even-odd: the sorted crossings pair up into inside stretches. */
  g_array_sort (xs, compare_doubles);
  for (guint i = 0; i + 1 < xs->len; i += 2)
    {
      double a = g_array_index (xs, double, i), b = g_array_index (xs, double, i + 1);

      if (b - a > best)
        {
          best = b - a;
          *out_x = (a + b) / 2;
          *out_y = y;
        }
    }
  return best > 0;
}

/* Points where the features of @layer in @style lie: inside its areas,
 * along its lines, at its points.  Returns how many (at most MAX_SAMPLES). */
static guint
sample_points (CbLayer            *layer,
               const CbLayerStyle *style,
               guint32             date,
               double             *xy)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  CbGeometryType type = cb_feature_set_get_geometry_type (features);
  guint n_features = cb_feature_set_get_n_features (features);
  guint n = 0;

  for (guint f = 0; f < n_features && n < MAX_SAMPLES; f++)
    {
      if (!feature_matches (layer, f, style, date))
        continue;
      if (type == CB_GEOMETRY_POLYGON)
        {
          for (guint k = 1; k <= 5 && n < MAX_SAMPLES; k++)
            if (interior_point (features, f, k / 6.0, &xy[2 * n], &xy[2 * n + 1]))
              n++;
        }
      else
        {
          for (guint p = 0; p < cb_feature_set_get_feature_n_parts (features, f) && n < MAX_SAMPLES; p++)
            {
              guint m;
              const double *pts = cb_feature_set_get_lod_part (features, 0, f, p, &m);
              guint per_part = type == CB_GEOMETRY_LINE ? 4 : 1;

              for (guint k = 0; k < per_part && m > 0 && n < MAX_SAMPLES; k++)
                {
                  guint i = MIN (m - 1, (guint) ((k + 0.5) * m / per_part));

                  xy[2 * n] = pts[2 * i];
                  xy[2 * n + 1] = pts[2 * i + 1];
                  n++;
                }
            }
        }
    }
  return n;
}

/* Whether (@x, @y) is inside polygon feature @f, even-odd over its rings,
 * at a level of detail of about 100 m: as exact as a swatch needs. */
static gboolean
inside_polygon (CbFeatureSet *features,
                guint         f,
                double        x,
                double        y)
{
  const CbBounds *bounds = cb_feature_set_get_feature_bounds (features, f);
  guint lod = cb_feature_set_pick_lod (features, 100);
  gboolean inside = FALSE;

  if (x < bounds->min_x || x > bounds->max_x || y < bounds->min_y || y > bounds->max_y)
    return FALSE;
  for (guint p = 0; p < cb_feature_set_get_feature_n_parts (features, f); p++)
    {
      guint n;
      const double *pts = cb_feature_set_get_lod_part (features, lod, f, p, &n);

      for (guint i = 0, j = n - 1; n >= 3 && i < n; j = i++)
        {
          double xi = pts[2 * i], yi = pts[2 * i + 1];
          double xj = pts[2 * j], yj = pts[2 * j + 1];

          if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            inside = !inside;
        }
    }
  return inside;
}

/*
 * What lies under @layer's features in @style on @date, whether shown or
 * not (the legend filters by visibility as it draws): computed once per
 * layer, style and day and kept on the layer, as the legend is drawn with
 * every frame of the map.
 */
typedef struct
{
  const CbLayerStyle *style;
  guint32             date;
  guint               n_layers;   /* the catalog's, when computed */
  guint               n;
  CbLayer            *below[16];  /* the catalog's layers: not owned */
  const CbLayerStyle *fills[16];
} GroundEntry;

#define GROUND_CACHE_SIZE 8

typedef struct
{
  GroundEntry entries[GROUND_CACHE_SIZE];
  guint       n_entries;
  guint       next;   /* replaced next when full */
} GroundCache;

/* The cache lives on the layers, and the map and an export's worker may
 * both draw a legend. */
static GMutex ground_lock;

static const GroundEntry *
lookup_ground (CbLayerCatalog     *catalog,
               CbLayer            *layer,
               const CbLayerStyle *style,
               guint32             date)
{
  static GQuark quark;
  GroundCache *cache;
  GroundEntry *entry;
  double xy[2 * MAX_SAMPLES];
  guint n_samples, n_layers = cb_layer_catalog_get_n_layers (catalog);

  if (quark == 0)
    quark = g_quark_from_static_string ("cb-legend-ground");
  cache = g_object_get_qdata (G_OBJECT (layer), quark);
  if (cache == NULL)
    {
      cache = g_new0 (GroundCache, 1);
      g_object_set_qdata_full (G_OBJECT (layer), quark, cache, g_free);
    }
  for (guint i = 0; i < cache->n_entries; i++)
    {
      gboolean valid = cache->entries[i].style == style && cache->entries[i].date == date &&
                       cache->entries[i].n_layers == n_layers;

      /* Layers added or removed since: the pointers may be stale. */
      for (guint k = 0; valid && k < cache->entries[i].n; k++)
        {
          valid = FALSE;
          for (guint l = 0; l < n_layers && !valid; l++)
            valid = cb_layer_catalog_get_layer (catalog, l) == cache->entries[i].below[k];
        }
      if (valid)
        return &cache->entries[i];
    }

  if (cache->n_entries < GROUND_CACHE_SIZE)
    entry = &cache->entries[cache->n_entries++];
  else
    {
      entry = &cache->entries[cache->next];
      cache->next = (cache->next + 1) % GROUND_CACHE_SIZE;
    }
  *entry = (GroundEntry) { .style = style, .date = date, .n_layers = n_layers };

  n_samples = sample_points (layer, style, date, xy);
  for (guint i = 0; i < n_layers && n_samples > 0 && entry->n < G_N_ELEMENTS (entry->below); i++)
    {
      CbLayer *below = cb_layer_catalog_get_layer (catalog, i);
      CbFeatureSet *features = cb_layer_get_features (below);
      const CbLayerStyle *below_style = cb_layer_get_style (below);
      const CbLayerStyle *hit_style = NULL;
      guint hits = 0;

      if (below == layer)
        break;   /* only what is drawn before it */
      if (cb_feature_set_get_geometry_type (features) != CB_GEOMETRY_POLYGON ||
          (below_style->fill_light.alpha <= 0 && below_style->fill_dark.alpha <= 0))
        continue;

      for (guint s = 0; s < n_samples; s++)
        for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
          if ((date == 0 || cb_feature_set_is_valid_on (features, f, date)) &&
              inside_polygon (features, f, xy[2 * s], xy[2 * s + 1]))
            {
              if (hit_style == NULL)
                hit_style = cb_layer_catalog_get_feature_style (below, f);
              hits++;
              break;
            }
      /* Most of the feature lies on it: a lake it touches does not count. */
      if (2 * hits > n_samples)
        {
          entry->below[entry->n] = below;
          entry->fills[entry->n++] = hit_style;
        }
    }
  return entry;
}

void
cb_legend_get_ground (CbLayerCatalog     *catalog,
                      CbLayer            *layer,
                      const CbLayerStyle *style,
                      guint32             date,
                      CbLegendGround     *ground)
{
  const GroundEntry *entry;

  g_return_if_fail (CB_IS_LAYER_CATALOG (catalog));
  g_return_if_fail (CB_IS_LAYER (layer));
  g_return_if_fail (ground != NULL);

  ground->n_fills = 0;
  g_mutex_lock (&ground_lock);
  entry = lookup_ground (catalog, layer, style, date);
  for (guint i = 0; i < entry->n && ground->n_fills < CB_LEGEND_MAX_GROUND; i++)
    if (cb_layer_get_visible (entry->below[i]))
      ground->fills[ground->n_fills++] = entry->fills[i];
  g_mutex_unlock (&ground_lock);
}

/* ------------------------------------------------------------------ */
/* Swatches                                                            */

static void
paint_ground (cairo_t              *cr,
              const CbLegendGround *ground,
              double                x,
              double                y,
              double                w,
              double                h,
              gboolean              dark)
{
  CbLayerStyle land;

  cairo_rectangle (cr, x, y, w, h);
  cb_render_set_color (cr, cb_layer_style_get_sea (dark), 1.0);
  cairo_fill_preserve (cr);
  if (ground == NULL)
    {
      cb_layer_style_get_default ("countries_modern", &land);
      cb_render_set_color (cr, dark ? &land.fill_dark : &land.fill_light, 1.0);
      cairo_fill_preserve (cr);
    }
  for (guint i = 0; ground != NULL && i < ground->n_fills; i++)
    {
      const CbLayerStyle *fill = ground->fills[i];

      cb_render_set_color (cr, dark ? &fill->fill_dark : &fill->fill_light, 1.0);
      cairo_fill_preserve (cr);
    }
  cairo_new_path (cr);
}

/* Diagonal hatching as the map draws it (cb-renderer.c: hatch_pattern_new). */
static void
paint_hatch (cairo_t            *cr,
             const CbLayerStyle *style,
             double              x,
             double              y,
             double              w,
             double              h,
             gboolean            dark)
{
  const CbColor *hatch = dark ? &style->hatch_dark : &style->hatch_light;
  double s = style->hatch_spacing;

  if (hatch->alpha <= 0 || s < 2)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  for (double d = 0; d < w + h; d += s)
    {
      cairo_move_to (cr, x + d, y);
      cairo_line_to (cr, x + d - h, y + h);
    }
  cb_render_set_color (cr, hatch, 1.0);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
cb_legend_draw_swatch (cairo_t              *cr,
                       CbGeometryType        type,
                       const CbLayerStyle   *style,
                       gboolean              uncertain,
                       const CbLegendGround *ground,
                       double                x,
                       double                y,
                       double                w,
                       double                h,
                       gboolean              dark)
{
  const CbColor *line = dark ? &style->line_dark : &style->line_light;
  const CbColor *fill = dark ? &style->fill_dark : &style->fill_light;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  switch (type)
    {
    case CB_GEOMETRY_POLYGON:
      /* On what it covers on the map, so that its colour is the map's. */
      paint_ground (cr, ground, x + 0.5, y + 0.5, w - 1, h - 1, dark);
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
      if (fill->alpha > 0)
        {
          cb_render_set_color (cr, fill, 1.0);
          cairo_fill_preserve (cr);
        }
      paint_hatch (cr, style, x + 0.5, y + 0.5, w - 1, h - 1, dark);
      if (line->alpha > 0 && style->line_width > 0)
        {
          cb_render_set_color (cr, line, 1.0);
          cairo_set_line_width (cr, MIN (style->line_width, 2));
          cb_render_set_dashes (cr, style->dashes, style->n_dashes);
          cairo_stroke (cr);
        }
      else
        {
          /* Keep a pale fill visible against a light panel. */
          cb_render_set_color (cr, fill, 2.5);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
        }
      break;

    case CB_GEOMETRY_LINE:
      {
        CbLinePass passes[CB_LINE_MAX_PASSES];
        guint n_passes = cb_layer_style_get_line_passes (style, uncertain, dark, passes);

        double dx = 0, my = y + h / 2;

        paint_ground (cr, ground, x, y, w, h, dark);
        /* On a pixel's centre, so that a one-pixel line is one crisp row. */
        cairo_user_to_device (cr, &dx, &my);
        my = floor (my) + 0.5;
        cairo_device_to_user (cr, &dx, &my);
        /* The map's strokes: casing, then the line (hollow if uncertain). */
        for (guint p = 0; p < n_passes; p++)
          {
            cairo_move_to (cr, x, my);
            cairo_line_to (cr, x + w, my);
            cb_render_set_color (cr, passes[p].color, passes[p].alpha);
            cairo_set_line_width (cr, passes[p].width);
            cairo_set_dash (cr, passes[p].dashes, passes[p].n_dashes, 0);
            cairo_stroke (cr);
          }
      }
      break;

    case CB_GEOMETRY_POINT:
    default:
      paint_ground (cr, ground, x, y, w, h, dark);
      cairo_arc (cr, x + w / 2, y + h / 2, MIN (h / 2 - 1, MAX (style->point_radius, 2.0)), 0, 2 * G_PI);
      cb_render_set_color (cr, fill->alpha > 0 ? fill : line, 1.0);
      cairo_fill_preserve (cr);
      cb_render_set_color (cr, line, 1.0);
      cairo_set_line_width (cr, MAX (MIN (style->line_width, 2.0), 1.0));
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}

typedef struct
{
  const CbLayerStyle *style;
  gboolean            uncertain;
} Sample;

/* The looks a layer has on the map (style x certainty), at most @max. */
static guint
collect_samples (CbLayer *layer,
                 Sample  *samples,
                 guint    max)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  guint n_features = cb_feature_set_get_n_features (features);
  guint n = 0;

  for (guint f = 0; f < n_features && n < max; f++)
    {
      Sample sample = {
        cb_layer_catalog_get_feature_style (layer, f),
        cb_feature_set_get_feature_certainty (features, f) != CB_CERTAINTY_DATASET,
      };
      gboolean known = FALSE;

      for (guint i = 0; i < n; i++)
        known |= samples[i].style == sample.style && samples[i].uncertain == sample.uncertain;
      if (!known)
        samples[n++] = sample;
    }

  if (n == 0)
    samples[n++] = (Sample) { cb_layer_get_style (layer), FALSE };
  else if (n == 2 && samples[0].uncertain && !samples[1].uncertain)
    {
      Sample first = samples[0];

      samples[0] = samples[1];
      samples[1] = first;
    }

  return n;
}

void
cb_legend_draw_layer_swatch (cairo_t *cr,
                             CbLayer *layer,
                             double   x,
                             double   y,
                             double   w,
                             double   h,
                             gboolean dark)
{
  CbGeometryType type = cb_feature_set_get_geometry_type (cb_layer_get_features (layer));
  Sample samples[2];
  guint n_samples;

  if (type != CB_GEOMETRY_LINE)
    {
      cb_legend_draw_swatch (cr, type, cb_layer_get_style (layer), FALSE, NULL, x, y, w, h, dark);
      return;
    }

  /* Each look of the line, one above the other (data set first). */
  n_samples = collect_samples (layer, samples, G_N_ELEMENTS (samples));
  for (guint i = 0; i < n_samples; i++)
    {
      double row_h = h / n_samples;

      cb_legend_draw_swatch (cr, type, samples[i].style, samples[i].uncertain, NULL,
                             x, y + i * row_h, w, row_h, dark);
    }
}

static gboolean
catalog_shows_uncertain (CbLayerCatalog *catalog)
{
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (!cb_layer_get_visible (layer) || cb_feature_set_get_geometry_type (cb_layer_get_features (layer)) == CB_GEOMETRY_POINT)
        continue;
      for (guint f = 0; f < cb_feature_set_get_n_features (cb_layer_get_features (layer)); f++)
        if (cb_feature_set_get_feature_certainty (cb_layer_get_features (layer), f) != CB_CERTAINTY_DATASET)
          return TRUE;
    }
  return FALSE;
}

/* Whether any feature of @layer is drawn on @date (0: every day). */
static gboolean
shown_on (CbLayer *layer,
          guint32  date)
{
  CbFeatureSet *features = cb_layer_get_features (layer);

  if (date == 0)
    return TRUE;
  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    if (cb_feature_set_is_valid_on (features, f, date))
      return TRUE;
  return FALSE;
}

/* Whether every feature of @layer drawn in @style on @date is a
 * reconstructed or approximate one: then the map shows it only hollow, and
 * so does its swatch. */
static gboolean
entry_uncertain (CbLayer            *layer,
                 const CbLayerStyle *style,
                 guint32             date)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  gboolean any = FALSE;

  if (cb_feature_set_get_geometry_type (features) != CB_GEOMETRY_LINE)
    return FALSE;
  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    {
      if (!feature_matches (layer, f, style, date))
        continue;
      if (cb_feature_set_get_feature_certainty (features, f) == CB_CERTAINTY_DATASET)
        return FALSE;
      any = TRUE;
    }
  return any;
}

void
cb_legend_draw (cairo_t        *cr,
                CbLayerCatalog *catalog,
                guint32         date,
                double          x,
                double          y,
                gboolean        dark,
                double         *out_width,
                double         *out_height)
{
  static const CbLayerGroup group_order[] = {
    CB_LAYER_GROUP_TREATY_1920, CB_LAYER_GROUP_LINES_1919_1923,
    CB_LAYER_GROUP_REGIONS, CB_LAYER_GROUP_CONTEXT, CB_LAYER_GROUP_USER,
  };
  const double pad = 8, swatch_w = 30, swatch_h = 12, row_gap = 4;
  const CbColor *fg = dark ? &(CbColor) { 0.95, 0.95, 0.95, 1 } : &(CbColor) { 0.1, 0.1, 0.1, 1 };
  const CbColor *panel = dark ? &(CbColor) { 0.14, 0.15, 0.17, 0.92 } : &(CbColor) { 1, 1, 1, 0.92 };
  double width = 0, height = 0;

  g_return_if_fail (CB_IS_LAYER_CATALOG (catalog));

  /* Two passes: measure, then (with a cairo_t) draw the panel and rows. */
  for (int pass = 0; pass < (cr ? 2 : 1); pass++)
    {
      double cy = y + pad;

      if (pass == 1)
        {
          cairo_save (cr);
          cairo_rectangle (cr, x, y, width, height);
          cb_render_set_color (cr, panel, 1.0);
          cairo_fill (cr);
        }

      for (guint g = 0; g < G_N_ELEMENTS (group_order); g++)
        {
          gboolean header_done = FALSE;

          for (guint i = cb_layer_catalog_get_n_layers (catalog); i-- > 0;)
            {
              /* Top of the drawing order first: the treaty line leads. */
              CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
              CbLegendEntry entries[4];
              guint n_entries;

              if (!cb_layer_get_visible (layer) || cb_layer_get_group (layer) != group_order[g] ||
                  !shown_on (layer, date))
                continue;

              if (!header_done)
                {
                  g_autoptr(PangoLayout) header =
                    legend_text (cb_layer_group_get_title (group_order[g]), 11.5, TRUE);
                  double hw, hh;

                  cb_render_text_size (header, &hw, &hh);
                  if (cy > y + pad)
                    cy += row_gap;
                  if (pass == 1)
                    {
                      cairo_move_to (cr, x + pad, cy);
                      cb_render_show_text (cr, header, fg, NULL, 0, 0);
                    }
                  width = MAX (width, hw + 2 * pad);
                  cy += hh + row_gap;
                  header_done = TRUE;
                }

              n_entries = cb_layer_catalog_get_legend_entries (layer, entries, G_N_ELEMENTS (entries));
              for (guint e = 0; e < n_entries; e++)
                {
                  g_autoptr(PangoLayout) text =
                    legend_text (entries[e].title ? entries[e].title : "", 11, FALSE);
                  double tw, th, row_h;

                  cb_render_text_size (text, &tw, &th);
                  row_h = MAX (th, swatch_h);
                  if (pass == 1)
                    {
                      CbLegendGround ground;

                      /* Drawn as on the map: on what it lies on, hollow
                       * where the map has it only hollow. */
                      cb_legend_get_ground (catalog, layer, entries[e].style, date, &ground);
                      cb_legend_draw_swatch (cr, cb_feature_set_get_geometry_type (cb_layer_get_features (layer)),
                                             entries[e].style,
                                             entry_uncertain (layer, entries[e].style, date), &ground,
                                             x + pad, cy + (row_h - swatch_h) / 2, swatch_w, swatch_h, dark);
                      cairo_move_to (cr, x + pad + swatch_w + 8, cy + (row_h - th) / 2);
                      cb_render_show_text (cr, text, fg, NULL, 0, 0);
                    }
                  width = MAX (width, pad + swatch_w + 8 + tw + pad);
                  cy += row_h + row_gap;
                }
            }
        }
      /* How uncertain stretches look, when any are shown. */
      if (catalog_shows_uncertain (catalog))
        {
          g_autoptr(PangoLayout) text =
            legend_text (_("Reconstructed or approximate"), 11, FALSE);
          double tw, th, row_h;

          cb_render_text_size (text, &tw, &th);
          row_h = MAX (th, swatch_h);
          cy += row_gap;
          if (pass == 1)
            {
              /* A neutral line, hollow as every uncertain one is. */
              CbLayerStyle neutral = { .line_light = *fg, .line_dark = *fg,
                                       .line_width = 2.5, .casing = TRUE };

              cb_legend_draw_swatch (cr, CB_GEOMETRY_LINE, &neutral, TRUE, NULL,
                                     x + pad, cy + (row_h - swatch_h) / 2, swatch_w, swatch_h, dark);
              cairo_move_to (cr, x + pad + swatch_w + 8, cy + (row_h - th) / 2);
              cb_render_show_text (cr, text, fg, NULL, 0, 0);
            }
          width = MAX (width, pad + swatch_w + 8 + tw + pad);
          cy += row_h + row_gap;
        }

      /* The towns' rank rule (cb_label_max_town_class()), one note line. */
      if (cb_layer_catalog_get_towns (catalog) != NULL &&
          cb_layer_get_visible (cb_layer_catalog_get_towns (catalog)))
        {
          g_autoptr(PangoLayout) note =
            cb_render_text_new (_("Smaller towns appear as you zoom in"), 10, FALSE);
          double tw, th;

          cb_render_text_size (note, &tw, &th);
          if (pass == 1)
            {
              CbColor muted = *fg;

              muted.alpha *= 0.75;
              cairo_move_to (cr, x + pad, cy);
              cb_render_show_text (cr, note, &muted, NULL, 0, 0);
            }
          width = MAX (width, tw + 2 * pad);
          cy += th + row_gap;
        }

      height = cy - y + pad - row_gap;

      if (pass == 1)
        {
          cairo_restore (cr);
        }
    }

  if (out_width)
    *out_width = width;
  if (out_height)
    *out_height = height;
}

/* "contested or not known" as a legend row: "Contested or not known". */
static char *
row_title (CbHolder holder)
{
  const char *title = cb_holder_get_title (holder);
  g_autofree char *first = g_utf8_strup (title, g_utf8_next_char (title) - title);

  return g_strconcat (first, g_utf8_next_char (title), NULL);
}

void
cb_legend_draw_holders (cairo_t  *cr,
                        double    x,
                        double    y,
                        gboolean  dark,
                        double   *out_width,
                        double   *out_height)
{
  const double pad = 8, dot = 5, row_gap = 3;
  const CbColor *fg = dark ? &(CbColor) { 0.95, 0.95, 0.95, 1 } : &(CbColor) { 0.1, 0.1, 0.1, 1 };
  const CbColor *panel = dark ? &(CbColor) { 0.14, 0.15, 0.17, 0.92 } : &(CbColor) { 1, 1, 1, 0.92 };
  g_autoptr(PangoLayout) header = legend_text (_("Towns held by"), 11.5, TRUE);
  double width, height, hw, hh, cy;

  cb_render_text_size (header, &hw, &hh);
  width = hw + 2 * pad;
  height = pad + hh + row_gap;
  for (int h = CB_HOLDER_GERMANY; h <= CB_HOLDER_CONTESTED; h++)
    {
      g_autofree char *title = row_title (h);
      g_autoptr(PangoLayout) text = legend_text (title, 11, FALSE);
      double tw, th;

      cb_render_text_size (text, &tw, &th);
      width = MAX (width, pad + 2 * dot + 8 + tw + pad);
      height += MAX (th, 2 * dot) + row_gap;
    }
  height += pad - row_gap;

  if (out_width)
    *out_width = width;
  if (out_height)
    *out_height = height;
  if (cr == NULL)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cb_render_set_color (cr, panel, 1.0);
  cairo_fill (cr);
  cairo_move_to (cr, x + pad, y + pad);
  cb_render_show_text (cr, header, fg, NULL, 0, 0);
  cy = y + pad + hh + row_gap;
  for (int h = CB_HOLDER_GERMANY; h <= CB_HOLDER_CONTESTED; h++)
    {
      g_autofree char *title = row_title (h);
      g_autoptr(PangoLayout) text = legend_text (title, 11, FALSE);
      double tw, th, row_h;
      CbColor color;

      cb_render_text_size (text, &tw, &th);
      row_h = MAX (th, 2 * dot);
      cb_renderer_get_holder_color (h, dark, &color);
      cairo_new_path (cr);
      cb_render_set_color (cr, &color, 1.0);
      if (h == CB_HOLDER_CONTESTED)
        {
          cairo_arc (cr, x + pad + dot, cy + row_h / 2, dot - 0.8, 0, 2 * G_PI);
          cairo_set_line_width (cr, 1.6);
          cairo_stroke (cr);
        }
      else
        {
          cairo_arc (cr, x + pad + dot, cy + row_h / 2, dot, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      cairo_move_to (cr, x + pad + 2 * dot + 8, cy + (row_h - th) / 2);
      cb_render_show_text (cr, text, fg, NULL, 0, 0);
      cy += row_h + row_gap;
    }
  cairo_restore (cr);
}
