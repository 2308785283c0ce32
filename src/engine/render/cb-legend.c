/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-legend.h"
#include "cb-render-common.h"
#include "cb-renderer.h"

static void
stroke_pass (cairo_t       *cr,
             const CbColor *color,
             double         alpha,
             double         width,
             const double  *dashes,
             guint          n_dashes)
{
  cb_render_set_color (cr, color, alpha);
  cairo_set_line_width (cr, width);
  cairo_set_dash (cr, dashes, n_dashes, 0);
  cairo_stroke_preserve (cr);
}

void
cb_legend_draw_swatch (cairo_t            *cr,
                       CbGeometryType      type,
                       const CbLayerStyle *style,
                       gboolean            uncertain,
                       double              x,
                       double              y,
                       double              w,
                       double              h,
                       gboolean            dark)
{
  const CbColor *line = dark ? &style->line_dark : &style->line_light;
  const CbColor *fill = dark ? &style->fill_dark : &style->fill_light;
  const CbColor *background = dark ? &cb_render_background_dark : &cb_render_background_light;
  double width = MIN (style->line_width, 4.0);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  switch (type)
    {
    case CB_GEOMETRY_POLYGON:
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
      if (fill->alpha > 0)
        {
          cb_render_set_color (cr, fill, 1.0);
          cairo_fill_preserve (cr);
        }
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
      if (line->alpha <= 0 || width <= 0)
        break;
      cairo_move_to (cr, x, y + h / 2);
      cairo_line_to (cr, x + w, y + h / 2);
      /* As the renderer strokes the map's lines: casing, then the line. */
      if (style->casing)
        stroke_pass (cr, background, 0.75, width + 2.5, NULL, 0);
      if (style->casing && uncertain)
        {
          /* Hollow: the line's own colour and pattern, emptied. */
          stroke_pass (cr, line, 1.0, width + 0.5, style->dashes, style->n_dashes);
          stroke_pass (cr, background, 0.9, MAX ((width + 0.5) * 0.4, 1.0),
                       style->dashes, style->n_dashes);
        }
      else if (uncertain)
        stroke_pass (cr, line, style->uncertain_alpha > 0 ? style->uncertain_alpha : 1.0,
                     MAX (width - 0.5, 1.0), style->uncertain_dashes, style->n_uncertain_dashes);
      else
        stroke_pass (cr, line, 1.0, width, style->dashes, style->n_dashes);
      cairo_new_path (cr);
      break;

    case CB_GEOMETRY_POINT:
    default:
      /* No line from wherever the last text ended. */
      cairo_new_path (cr);
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
      cb_legend_draw_swatch (cr, type, cb_layer_get_style (layer), FALSE, x, y, w, h, dark);
      return;
    }

  /* Each look of the line, one above the other (data set first). */
  n_samples = collect_samples (layer, samples, G_N_ELEMENTS (samples));
  for (guint i = 0; i < n_samples; i++)
    {
      double row_h = h / n_samples;

      cb_legend_draw_swatch (cr, type, samples[i].style, samples[i].uncertain,
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
                    cb_render_text_new (cb_layer_group_get_title (group_order[g]), 11.5, TRUE);
                  double hw, hh;

                  cb_render_text_size (header, &hw, &hh);
                  if (cy > y + pad)
                    cy += row_gap;
                  if (pass == 1)
                    {
                      cairo_move_to (cr, x + pad, cy);
                      cb_render_set_color (cr, fg, 1.0);
                      pango_cairo_show_layout (cr, header);
                    }
                  width = MAX (width, hw + 2 * pad);
                  cy += hh + row_gap;
                  header_done = TRUE;
                }

              n_entries = cb_layer_catalog_get_legend_entries (layer, entries, G_N_ELEMENTS (entries));
              for (guint e = 0; e < n_entries; e++)
                {
                  g_autoptr(PangoLayout) text =
                    cb_render_text_new (entries[e].title ? entries[e].title : "", 11, FALSE);
                  double tw, th, row_h;

                  cb_render_text_size (text, &tw, &th);
                  row_h = MAX (th, swatch_h);
                  if (pass == 1)
                    {
                      cb_legend_draw_swatch (cr, cb_feature_set_get_geometry_type (cb_layer_get_features (layer)),
                                             entries[e].style, FALSE,
                                             x + pad, cy + (row_h - swatch_h) / 2, swatch_w, swatch_h, dark);
                      cairo_move_to (cr, x + pad + swatch_w + 8, cy + (row_h - th) / 2);
                      cb_render_set_color (cr, fg, 1.0);
                      pango_cairo_show_layout (cr, text);
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
            cb_render_text_new (_("Reconstructed or approximate"), 11, FALSE);
          double tw, th, row_h;

          cb_render_text_size (text, &tw, &th);
          row_h = MAX (th, swatch_h);
          cy += row_gap;
          if (pass == 1)
            {
              const CbColor *background = dark ? &cb_render_background_dark : &cb_render_background_light;
              double my = cy + row_h / 2;

              cairo_save (cr);
              cairo_move_to (cr, x + pad, my);
              cairo_line_to (cr, x + pad + swatch_w, my);
              cb_render_set_color (cr, fg, 0.8);
              cairo_set_line_width (cr, 3.5);
              cairo_stroke_preserve (cr);
              cb_render_set_color (cr, background, 0.9);
              cairo_set_line_width (cr, 1.4);
              cairo_stroke (cr);
              cairo_restore (cr);
              cairo_move_to (cr, x + pad + swatch_w + 8, cy + (row_h - th) / 2);
              cb_render_set_color (cr, fg, 1.0);
              pango_cairo_show_layout (cr, text);
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
              cairo_move_to (cr, x + pad, cy);
              cb_render_set_color (cr, fg, 0.75);
              pango_cairo_show_layout (cr, note);
            }
          width = MAX (width, tw + 2 * pad);
          cy += th + row_gap;
        }

      height = cy - y + pad - row_gap;

      if (pass == 1)
        cairo_restore (cr);
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
  g_autoptr(PangoLayout) header = cb_render_text_new (_("Towns held by"), 11.5, TRUE);
  double width, height, hw, hh, cy;

  cb_render_text_size (header, &hw, &hh);
  width = hw + 2 * pad;
  height = pad + hh + row_gap;
  for (int h = CB_HOLDER_GERMANY; h <= CB_HOLDER_CONTESTED; h++)
    {
      g_autofree char *title = row_title (h);
      g_autoptr(PangoLayout) text = cb_render_text_new (title, 11, FALSE);
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
  cb_render_set_color (cr, fg, 1.0);
  pango_cairo_show_layout (cr, header);
  cy = y + pad + hh + row_gap;
  for (int h = CB_HOLDER_GERMANY; h <= CB_HOLDER_CONTESTED; h++)
    {
      g_autofree char *title = row_title (h);
      g_autoptr(PangoLayout) text = cb_render_text_new (title, 11, FALSE);
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
      cb_render_set_color (cr, fg, 1.0);
      pango_cairo_show_layout (cr, text);
      cy += row_h + row_gap;
    }
  cairo_restore (cr);
}
