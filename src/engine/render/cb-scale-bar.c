/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cb-render-common.h"
#include "cb-scale-bar.h"

static double
nice_length_km (double max_km)
{
  double base, best = 0;

  if (!(max_km > 0) || !isfinite (max_km))
    return 0;
  base = pow (10, floor (log10 (max_km)));
  for (int k = 0; k < 3; k++)
    {
      static const double steps[] = { 1, 2, 5 };
      double candidate = steps[k] * base;

      if (candidate <= max_km * (1 + 1e-9))
        best = candidate;
    }
  return best;
}

double
cb_scale_bar_draw (cairo_t    *cr,
                            CbViewport *viewport,
                            double      x,
                            double      y,
                            double      max_width,
                            gboolean    dark,
                            double     *out_width,
                            double     *out_height)
{
  double m_per_px, km, bar_w, text_w, text_h;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  const CbColor *fg = dark ? &(CbColor) { 0.95, 0.95, 0.95, 1 } : &(CbColor) { 0.1, 0.1, 0.1, 1 };
  const CbColor *bg = dark ? &cb_render_background_dark : &cb_render_background_light;
  const double bar_h = 6;

  g_return_val_if_fail (CB_IS_VIEWPORT (viewport), 0);

  if (out_width)
    *out_width = 0;
  if (out_height)
    *out_height = 0;

  m_per_px = cb_viewport_get_true_scale (viewport);
  km = nice_length_km (max_width * m_per_px / 1000);
  if (km <= 0)
    return 0;
  bar_w = km * 1000 / m_per_px;

  if (km >= 1)
    /* Translators: a distance on the map's scale bar */
    text = g_strdup_printf (_("%g km"), km);
  else
    /* Translators: a distance on the map's scale bar */
    text = g_strdup_printf (_("%g m"), km * 1000);
  layout = cb_render_text_new (text, 11.5, FALSE);
  cb_render_text_size (layout, &text_w, &text_h);

  if (out_width)
    *out_width = MAX (bar_w, text_w) + 2;
  if (out_height)
    *out_height = text_h + bar_h + 3;

  if (cr == NULL)
    return km;

  cairo_save (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Halo so the bar reads over any layer (the text has its own). */
  cairo_rectangle (cr, x + 1, y + text_h + 2, bar_w, bar_h);
  cb_render_set_color (cr, bg, 0.8);
  cairo_set_line_width (cr, 3);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* Two-tone bar: the halves make lengths readable at a glance. */
  cairo_rectangle (cr, x + 1, y + text_h + 2, bar_w, bar_h);
  cb_render_set_color (cr, bg, 1.0);
  cairo_fill_preserve (cr);
  cb_render_set_color (cr, fg, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_rectangle (cr, x + 1, y + text_h + 2, bar_w / 2, bar_h);
  cairo_fill (cr);

  cairo_move_to (cr, x + 1, y);
  cb_render_show_text (cr, layout, fg, bg, 0.8, 3);
  cairo_restore (cr);

  return km;
}

