/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cb-export-private.h"
#include "cb-legend.h"
#include "cb-render-common.h"
#include "cb-scale-bar.h"

/* Furniture, in logical pixels. */
#define MARGIN 14.0
#define TITLE_SIZE 24.0
#define SOURCE_SIZE 11.0
#define CAPTION_SIZE 13.0
#define FRAME_WIDTH 1.0
/* The side panel never takes more than this share of the page. */
#define PANEL_MAX_SHARE 0.34
#define SCALE_BAR_MIN_WIDTH 80.0
/* Text, legend and scale bar keep their size up to a page this many
 * logical px on its short side, and grow with larger pages: a 1600 × 1200
 * page (or A4 at the default scale) gets a footer of 16 px, 8 pt on A4. */
#define FURNITURE_BASE 800.0
#define NORTH_SIZE 34.0
#define NORTH_LABEL_SIZE 13.0

void
_cb_page_layout_clear (CbPageLayout *layout)
{
  g_clear_object (&layout->title);
  g_clear_object (&layout->source);
  g_clear_object (&layout->caption);
  g_clear_object (&layout->viewport);
  g_clear_object (&layout->north_label);
}

char *
_cb_export_full_title (CbExport *self)
{
  const char *title = self->title ? self->title : _cb_export_default_title ();
  g_autofree char *day = NULL;

  if (self->date == 0)
    return g_strdup (title);
  day = cb_history_format_day (self->date);
  /* TRANSLATORS: an export's title and the day its map shows */
  return g_strdup_printf (_("%s — the map on %s"), title, day);
}

char *
_cb_export_default_credits (void)
{
  return g_strdup (_("Sources: CShapes 2.0 (GPL-2.0-or-later) · RISTAT 1897 governorates (CC0) · "
                     "Natural Earth (public domain) · GSHHG 2.3.7 (LGPL-3.0-or-later) · "
                     "GeoNames (CC BY 4.0)"));
}

static PangoLayout *
create_text (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold,
             double      max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (CB_RENDER_FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the text takes the same room at every output
   * resolution and in vector formats, so the layout never changes. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (max_width > 0)
    pango_layout_set_width (layout, (int) (MAX (max_width, 1) * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
text_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

/* The scale bar is drawn @furniture times larger: a view whose pixels are
 * that many page pixels, so that its kilometres stay true. */
static CbViewport *
scale_bar_view (CbViewport *map_view,
                double      furniture)
{
  CbViewport *view = cb_viewport_new ();

  cb_viewport_set_bounds (view, NULL);
  cb_viewport_set_min_scale (view, 1e-9);
  cb_viewport_set_max_scale (view, 1e12);
  cb_viewport_set_size (view, cb_viewport_get_width (map_view) / furniture,
                        cb_viewport_get_height (map_view) / furniture);
  cb_viewport_set_scale (view, cb_viewport_get_scale (map_view) * furniture);
  cb_viewport_set_center (view, cb_viewport_get_center_x (map_view), cb_viewport_get_center_y (map_view));
  return view;
}

/* Where true north points at screen point (@x, @y) of @view, in radians
 * clockwise from up (the projection is conic: it varies over the map). */
static double
north_angle_at (CbViewport *view,
                double      x,
                double      y)
{
  double lon, lat, nx, ny;

  if (!cb_viewport_screen_to_geo (view, x, y, &lon, &lat) ||
      !cb_viewport_geo_to_screen (view, lon, MIN (lat + 0.05, 89.9), &nx, &ny) ||
      (nx == x && ny == y))
    return 0;
  return atan2 (nx - x, -(ny - y));
}

void
_cb_page_layout_compute (CbExport     *self,
                         CbRenderer   *renderer,
                         cairo_t      *cr,
                         double        width,
                         double        height,
                         double        device_scale,
                         CbPageLayout *layout)
{
  CbLayerCatalog *catalog = cb_renderer_get_catalog (renderer);
  double f = MAX (1.0, MIN (width, height) / FURNITURE_BASE);
  double margin = MARGIN * f;
  double text_width = MAX (width - 2 * margin, 1);
  double legend_width = 0, legend_height = 0;
  double scale_bar_height = 0;
  double top, bottom;
  gboolean side_panel = width >= height * 1.1;

  memset (layout, 0, sizeof *layout);
  layout->renderer = renderer;
  layout->width = width;
  layout->height = height;
  layout->furniture = f;

  {
    g_autofree char *title = _cb_export_full_title (self);

    layout->title = create_text (cr, title, TITLE_SIZE * f, TRUE, text_width);
  }
  layout->title_x = margin;
  layout->title_y = margin;
  top = margin + text_height (layout->title) + margin;
  if (self->caption != NULL && self->caption[0] != '\0')
    {
      layout->caption = create_text (cr, self->caption, CAPTION_SIZE * f, FALSE, text_width);
      layout->caption_x = margin;
      layout->caption_y = top - margin / 2;
      top += text_height (layout->caption);
    }

  {
    g_autofree char *sources = self->credits ? g_strdup (self->credits) : _cb_export_default_credits ();

    layout->source = create_text (cr, sources, SOURCE_SIZE * f, FALSE, text_width);
  }
  bottom = height - margin - text_height (layout->source) - margin / 2;
  layout->source_x = margin;
  layout->source_y = bottom + margin / 2;

  if (!self->hide_legend)
    {
      cb_legend_draw (NULL, catalog, self->date, 0, 0, FALSE, &legend_width, &legend_height);
      legend_width *= f;
      legend_height *= f;
    }
  layout->has_legend = legend_width > 0 && legend_height > 0;
  layout->legend_zoom = f;

  /* A scale bar is one line of text over a bar: measure its height on any
   * view (its width depends on the view; the height does not). */
  {
    g_autoptr(CbViewport) probe = cb_viewport_new ();

    cb_viewport_set_size (probe, 1000, 1000);
    cb_scale_bar_draw (NULL, probe, 0, 0, 400, FALSE, NULL, &scale_bar_height);
    scale_bar_height *= f;
  }

  layout->map_x = margin;
  layout->map_y = top;
  if (side_panel)
    {
      /* Landscape: the legend and the scale bar stand in a column right of
       * the map, so neither hides any of it. */
      double panel_width = MAX (legend_width, SCALE_BAR_MIN_WIDTH * f);
      double panel_height = bottom - top;

      panel_width = MIN (panel_width, width * PANEL_MAX_SHARE);
      layout->map_width = width - 3 * margin - panel_width;
      layout->map_height = panel_height;

      layout->legend_x = layout->map_x + layout->map_width + margin;
      layout->legend_y = top;
      if (layout->has_legend)
        layout->legend_zoom = f * MIN (1, MIN (panel_width / legend_width,
                                               (panel_height - scale_bar_height - margin) / legend_height));
      layout->scale_bar_x = layout->legend_x;
      layout->scale_bar_y = bottom - scale_bar_height;
      layout->scale_bar_max_width = panel_width;
    }
  else
    {
      /* Portrait: a band under the map, legend left, scale bar right. */
      double band_height = MAX (legend_height, scale_bar_height);
      double band_width = width - 2 * margin;

      band_height = MIN (band_height, (bottom - top) * PANEL_MAX_SHARE);
      layout->map_width = band_width;
      layout->map_height = bottom - top - band_height - margin;

      layout->legend_x = margin;
      layout->legend_y = bottom - band_height;
      if (layout->has_legend)
        layout->legend_zoom = f * MIN (1, MIN ((band_width * 0.62) / legend_width,
                                               band_height / legend_height));
      layout->scale_bar_max_width = MAX (band_width - (layout->has_legend ? legend_width / f * layout->legend_zoom : 0) - margin, 0);
      layout->scale_bar_max_width = MIN (layout->scale_bar_max_width, band_width * 0.35);
      layout->scale_bar_y = bottom - scale_bar_height;
      layout->scale_bar_x = width - margin - layout->scale_bar_max_width;
    }
  /* The map's clip on whole device pixels: the renderer's fast line path
   * needs that, and every band must take the same path to match. */
  {
    double x0 = round (layout->map_x * device_scale) / device_scale;
    double y0 = round (layout->map_y * device_scale) / device_scale;
    double x1 = round ((layout->map_x + layout->map_width) * device_scale) / device_scale;
    double y1 = round ((layout->map_y + layout->map_height) * device_scale) / device_scale;

    layout->map_x = x0;
    layout->map_y = y0;
    layout->map_width = x1 - x0;
    layout->map_height = y1 - y0;
  }
  layout->map_width = MAX (layout->map_width, 1);
  layout->map_height = MAX (layout->map_height, 1);

  /* The map's own view: at least the requested bounds, centred, with no
   * zoom-in limit (a poster goes further than the screen), but never
   * beyond the context data: shrunk and moved into it at any aspect. */
  layout->viewport = cb_viewport_new ();
  cb_viewport_set_bounds (layout->viewport, NULL);
  cb_viewport_set_min_scale (layout->viewport, 1e-6);
  cb_viewport_set_max_scale (layout->viewport, 1e9);
  cb_viewport_set_size (layout->viewport, layout->map_width, layout->map_height);
  {
    CbBounds bounds, data;

    cb_projection_get_data_bounds (&data);
    cb_viewport_set_extent (layout->viewport, &data);
    cb_export_get_map_bounds (self, &bounds);
    cb_viewport_fit_bounds (layout->viewport, &bounds, 0);
  }

  if (layout->scale_bar_max_width >= SCALE_BAR_MIN_WIDTH * f * 0.5)
    {
      g_autoptr(CbViewport) bar_view = scale_bar_view (layout->viewport, f);
      double bar_width = 0;

      layout->has_scale_bar =
        cb_scale_bar_draw (NULL, bar_view, 0, 0, layout->scale_bar_max_width / f,
                           FALSE, &bar_width, NULL) > 0;
      /* Right-align it in the portrait band. */
      if (!side_panel)
        layout->scale_bar_x = width - margin - bar_width * f;
    }

  /* The north arrow, in the map's top right corner: small maps go without. */
  layout->north_size = NORTH_SIZE * f;
  if (layout->map_width >= 4 * layout->north_size && layout->map_height >= 4 * layout->north_size)
    {
      layout->north_label = create_text (cr, C_("north arrow", "N"), NORTH_LABEL_SIZE * f, TRUE, 0);
      layout->north_x = layout->map_x + layout->map_width - margin - layout->north_size / 2;
      layout->north_y = layout->map_y + margin + text_height (layout->north_label) + layout->north_size / 2;
      layout->north_angle = north_angle_at (layout->viewport, layout->north_x - layout->map_x,
                                            layout->north_y - layout->map_y);
    }
}

static const CbColor ink = { 0.1, 0.1, 0.1, 1 };
static const CbColor grey_ink = { 0.25, 0.25, 0.25, 1 };
static const CbColor paper = { 1, 1, 1, 1 };

static void
show_page_text (cairo_t       *cr,
                PangoLayout   *text,
                double         x,
                double         y,
                const CbColor *color)
{
  cairo_move_to (cr, x, y);
  pango_cairo_update_layout (cr, text);
  cb_render_show_text (cr, text, color, NULL, 0, 0);
}

/* A north arrow: a half-dark needle, "N" over its tip, turned to true north. */
static void
draw_north_arrow (cairo_t            *cr,
                  const CbPageLayout *layout)
{
  double size = layout->north_size;
  double half = size / 2;
  double lw, lh;

  cairo_save (cr);
  cairo_translate (cr, layout->north_x, layout->north_y);

  /* A pale disc so that it reads over any layer. */
  cairo_arc (cr, 0, 0, half * 1.05, 0, 2 * G_PI);
  cb_render_set_color (cr, &paper, 0.8);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rotate (cr, layout->north_angle);
  cairo_move_to (cr, 0, -half);
  cairo_line_to (cr, half * 0.38, half * 0.75);
  cairo_line_to (cr, 0, half * 0.45);
  cairo_close_path (cr);
  cb_render_set_color (cr, &ink, 1.0);
  cairo_fill (cr);
  cairo_move_to (cr, 0, -half);
  cairo_line_to (cr, -half * 0.38, half * 0.75);
  cairo_line_to (cr, 0, half * 0.45);
  cairo_close_path (cr);
  cb_render_set_color (cr, &paper, 1.0);
  cairo_fill_preserve (cr);
  cb_render_set_color (cr, &ink, 1.0);
  cairo_set_line_width (cr, MAX (1.0, size / 36));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  /* The label rides above the tip, upright. */
  {
    double tx = sin (layout->north_angle) * half, ty = -cos (layout->north_angle) * half;
    PangoRectangle logical;

    cairo_restore (cr);
    pango_layout_get_extents (layout->north_label, NULL, &logical);
    lw = (double) logical.width / PANGO_SCALE;
    lh = (double) logical.height / PANGO_SCALE;
    cairo_move_to (cr, tx - lw / 2, ty - lh - size * 0.04);
    pango_cairo_update_layout (cr, layout->north_label);
    cb_render_show_text (cr, layout->north_label, &ink, &paper, 0.9, MAX (2.0, size / 12));
  }
  cairo_restore (cr);
}

void
_cb_page_layout_draw (CbExport           *self,
                      cairo_t            *cr,
                      const CbPageLayout *layout,
                      double              device_scale)
{
  CbLayerCatalog *catalog = cb_renderer_get_catalog (layout->renderer);
  CbRenderOptions options;

  cairo_save (cr);

  /* Paper, around the map (which paints its own background): a full
   * page fill would be a whole extra pass over a poster's pixels.  The
   * hole is 1 px smaller than the map so that no antialiased seam of
   * bare surface is left between the two. */
  cb_render_begin_group (cr, "page", C_("export layer", "Page"));
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, 0, 0, layout->width, layout->height);
  cairo_rectangle (cr, layout->map_x + 1, layout->map_y + 1,
                   MAX (layout->map_width - 2, 0), MAX (layout->map_height - 2, 0));
  cairo_fill (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cb_render_end_group (cr);

  /* The map, clipped to its frame. */
  cb_render_options_init (&options);
  options.language = self->language;
  options.selected_town_id = self->selected_town;
  options.device_scale = device_scale;
  options.draw_towns = TRUE;
  options.draw_background = TRUE;
  options.dark = FALSE;
  options.date = self->date;
  options.history = self->history;

  cairo_save (cr);
  cairo_rectangle (cr, layout->map_x, layout->map_y, layout->map_width, layout->map_height);
  cairo_clip (cr);
  cairo_translate (cr, layout->map_x, layout->map_y);
  cb_renderer_render (layout->renderer, cr, layout->viewport, &options);
  cairo_restore (cr);

  cb_render_begin_group (cr, "frame", C_("export layer", "Map frame"));
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, FRAME_WIDTH * layout->furniture);
  cairo_rectangle (cr, layout->map_x - FRAME_WIDTH / 2, layout->map_y - FRAME_WIDTH / 2,
                   layout->map_width + FRAME_WIDTH, layout->map_height + FRAME_WIDTH);
  cairo_stroke (cr);
  cb_render_end_group (cr);

  if (layout->north_label != NULL)
    {
      cb_render_begin_group (cr, "north-arrow", C_("export layer", "North arrow"));
      draw_north_arrow (cr, layout);
      cb_render_end_group (cr);
    }

  /* Title and sources. */
  cb_render_begin_group (cr, "title", C_("export layer", "Title"));
  show_page_text (cr, layout->title, layout->title_x, layout->title_y, &ink);
  if (layout->caption != NULL)
    show_page_text (cr, layout->caption, layout->caption_x, layout->caption_y, &ink);
  cb_render_end_group (cr);

  cb_render_begin_group (cr, "sources", C_("export layer", "Sources"));
  show_page_text (cr, layout->source, layout->source_x, layout->source_y, &grey_ink);
  cb_render_end_group (cr);

  if (layout->has_legend)
    {
      cb_render_begin_group (cr, "legend", C_("export layer", "Legend"));
      cairo_save (cr);
      cairo_translate (cr, layout->legend_x, layout->legend_y);
      cairo_scale (cr, layout->legend_zoom, layout->legend_zoom);
      cb_legend_draw (cr, catalog, self->date, 0, 0, FALSE, NULL, NULL);
      cairo_restore (cr);
      cb_render_end_group (cr);
    }

  if (layout->has_scale_bar)
    {
      g_autoptr(CbViewport) bar_view = scale_bar_view (layout->viewport, layout->furniture);

      cb_render_begin_group (cr, "scale-bar", C_("export layer", "Scale bar"));
      cairo_save (cr);
      cairo_translate (cr, layout->scale_bar_x, layout->scale_bar_y);
      cairo_scale (cr, layout->furniture, layout->furniture);
      cb_scale_bar_draw (cr, bar_view, 0, 0, layout->scale_bar_max_width / layout->furniture,
                         FALSE, NULL, NULL);
      cairo_restore (cr);
      cb_render_end_group (cr);
    }

  cairo_restore (cr);
}

/* Device pixels per logical pixel, for the renderer's level of detail. */
static double
device_scale_of (cairo_t *cr)
{
  double dx = 1, dy = 0;

  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return CB_EXPORT_VECTOR_DEVICE_SCALE;

  cairo_user_to_device_distance (cr, &dx, &dy);
  return MAX (hypot (dx, dy), 0.01);
}

void
cb_export_draw (CbExport *self,
                cairo_t  *cr,
                double    width,
                double    height,
                double    units_per_logical)
{
  double device_scale;
  CbPageLayout layout;

  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (units_per_logical > 0);

  cairo_save (cr);
  cairo_scale (cr, units_per_logical, units_per_logical);
  device_scale = device_scale_of (cr);
  _cb_page_layout_compute (self, self->renderer, cr, width / units_per_logical, height / units_per_logical,
                  device_scale, &layout);
  _cb_page_layout_draw (self, cr, &layout, device_scale);
  _cb_page_layout_clear (&layout);
  cairo_restore (cr);
}

