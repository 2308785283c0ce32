/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-render-common.h"

const CbColor cb_render_background_light = { 0.867, 0.910, 0.937, 1 };
const CbColor cb_render_background_dark = { 0.106, 0.133, 0.157, 1 };

void
cb_render_set_color (cairo_t       *cr,
                     const CbColor *color,
                     double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
cb_render_set_dashes (cairo_t      *cr,
                      const double *dashes,
                      guint         n_dashes)
{
  cairo_set_dash (cr, dashes, n_dashes, 0);
}

PangoContext *
cb_render_create_pango_context (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *font_options = cairo_font_options_create ();

  /* Unhinted metrics: label sizes must not depend on the output device,
   * or export and screen would place labels differently. */
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_SLIGHT);
  pango_cairo_context_set_font_options (context, font_options);
  pango_cairo_context_set_resolution (context, 96);
  cairo_font_options_destroy (font_options);
  return context;
}

static PangoContext *
thread_context (void)
{
  /* One context per thread (export may draw on a worker thread) keeps
   * fonts and metrics cached between frames. */
  static GPrivate key = G_PRIVATE_INIT (g_object_unref);
  PangoContext *context = g_private_get (&key);

  if (context == NULL)
    {
      context = cb_render_create_pango_context ();
      g_private_set (&key, context);
    }
  return context;
}

PangoLayout *
cb_render_text_new (const char *text,
                    double      size,
                    gboolean    bold)
{
  PangoLayout *layout = pango_layout_new (thread_context ());
  PangoFontDescription *font = pango_font_description_from_string (CB_RENDER_FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

void
cb_render_text_size (PangoLayout *layout,
                     double      *width,
                     double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *width = (double) logical.width / PANGO_SCALE;
  *height = (double) logical.height / PANGO_SCALE;
}

typedef struct
{
  const CbRenderSinkFuncs *funcs;
  gpointer                 data;
} Sink;

static const cairo_user_data_key_t sink_key;

void
cb_render_set_sink (cairo_t                 *cr,
                    const CbRenderSinkFuncs *funcs,
                    gpointer                 data)
{
  Sink *sink = NULL;

  if (funcs != NULL)
    {
      sink = g_new (Sink, 1);
      sink->funcs = funcs;
      sink->data = data;
    }
  cairo_set_user_data (cr, &sink_key, sink, g_free);
}

static const Sink *
get_sink (cairo_t *cr)
{
  return cairo_get_user_data (cr, &sink_key);
}

void
cb_render_text_ink_box (PangoLayout *layout,
                        double      *width,
                        double      *height,
                        double      *ox,
                        double      *oy)
{
  PangoRectangle ink, logical;
  double x1, y1, x2, y2;

  pango_layout_get_extents (layout, &ink, &logical);
  x1 = MIN (ink.x, logical.x) / (double) PANGO_SCALE;
  y1 = MIN (ink.y, logical.y) / (double) PANGO_SCALE;
  x2 = MAX (ink.x + ink.width, logical.x + logical.width) / (double) PANGO_SCALE;
  y2 = MAX (ink.y + ink.height, logical.y + logical.height) / (double) PANGO_SCALE;
  *width = x2 - x1;
  *height = y2 - y1;
  *ox = -x1;
  *oy = -y1;
}

void
cb_render_show_text (cairo_t       *cr,
                     PangoLayout   *layout,
                     const CbColor *color,
                     const CbColor *halo,
                     double         halo_alpha,
                     double         halo_width)
{
  const Sink *sink = get_sink (cr);
  double x, y;

  if (sink != NULL && sink->funcs->show_text != NULL)
    {
      sink->funcs->show_text (sink->data, cr, layout, color, halo, halo_alpha, halo_width);
      return;
    }

  cairo_get_current_point (cr, &x, &y);
  if (halo != NULL && halo_width > 0)
    {
      cairo_save (cr);
      pango_cairo_layout_path (cr, layout);
      cb_render_set_color (cr, halo, halo_alpha);
      cairo_set_line_width (cr, halo_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_restore (cr);
      cairo_move_to (cr, x, y);
    }
  cb_render_set_color (cr, color, 1.0);
  pango_cairo_show_layout (cr, layout);
}

void
cb_render_begin_group (cairo_t    *cr,
                       const char *id,
                       const char *title)
{
  const Sink *sink = get_sink (cr);

  if (sink != NULL && sink->funcs->begin_group != NULL)
    sink->funcs->begin_group (sink->data, cr, id, title);
}

void
cb_render_end_group (cairo_t *cr)
{
  const Sink *sink = get_sink (cr);

  if (sink != NULL && sink->funcs->end_group != NULL)
    sink->funcs->end_group (sink->data, cr);
}
