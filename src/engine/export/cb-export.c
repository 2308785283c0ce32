/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cb-atomic-file.h"
#include "cb-error.h"
#include "cb-legend.h"
#include "cb-paths.h"
#include "cb-png-encoder.h"
#include "cb-scale-bar.h"
#include "cb-viewport.h"

#define DEFAULT_WIDTH 1600
#define DEFAULT_HEIGHT 1200

/* Furniture, in logical pixels. */
#define MARGIN 14.0
#define TITLE_SIZE 24.0
#define SOURCE_SIZE 11.0
#define FRAME_WIDTH 1.0
/* The side panel never takes more than this share of the page. */
#define PANEL_MAX_SHARE 0.34
#define SCALE_BAR_MIN_WIDTH 80.0
/* Vector output is zoomed and printed: draw the geometry with the detail
 * of a 4× raster (about 300 dpi on paper). */
#define VECTOR_DEVICE_SCALE 4.0

struct _CbExport
{
  GObject     parent_instance;

  CbRenderer *renderer;
  guint       width;
  guint       height;
  double      pixel_scale;
  double      dpi;
  char       *language;
  char       *selected_town;
  char       *title;
  char       *credits;
  CbBounds    map_bounds;   /* empty: the whole region, looked up when needed */
};

G_DEFINE_FINAL_TYPE (CbExport, cb_export, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RENDERER,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PIXEL_SCALE,
  PROP_DPI,
  PROP_LANGUAGE,
  PROP_SELECTED_TOWN,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where everything goes, in logical pixels. */
typedef struct
{
  CbRenderer  *renderer;
  double       width;
  double       height;
  PangoLayout *title;
  double       title_x;
  double       title_y;
  PangoLayout *source;
  double       source_x;
  double       source_y;
  double       map_x;
  double       map_y;
  double       map_width;
  double       map_height;
  CbViewport  *viewport;
  double       legend_x;
  double       legend_y;
  double       legend_zoom;    /* <= 1: shrunk when the panel is small */
  gboolean     has_legend;
  double       scale_bar_x;
  double       scale_bar_y;
  double       scale_bar_max_width;
  gboolean     has_scale_bar;
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_object (&layout->title);
  g_clear_object (&layout->source);
  g_clear_object (&layout->viewport);
}

static const char *
default_title (void)
{
  return _("Contested Borders: the Treaty of Peace between Lithuania and Russia, Moscow, 12 July 1920");
}

static char *
default_credits (void)
{
  return g_strdup (_("Sources: CShapes 2.0 (GPL-2.0-or-later) · RISTAT 1897 governorates (CC0) · "
                     "Natural Earth (public domain) · GSHHG 2.3.7 (LGPL-3.0-or-later) · "
                     "GeoNames (CC BY 4.0)"));
}

char *
cb_export_read_credits (const char *geodata_dir)
{
  g_autofree char *path = g_build_filename (geodata_dir, "CREDITS", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) line = NULL;
  g_auto(GStrv) rows = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || !g_utf8_validate (contents, -1, NULL))
    return default_credits ();

  line = g_string_new (_("Sources:"));
  rows = g_strsplit (contents, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], " — ", 3);

      char *detail;

      if (fields[0] == NULL || *g_strstrip (fields[0]) == '\0')
        continue;
      /* "CShapes 2.0 (historical state borders)": the name is enough. */
      detail = strstr (fields[0], " (");
      if (detail != NULL && detail != fields[0])
        *detail = '\0';
      g_string_append_printf (line, "%s %s", line->len > strlen (_("Sources:")) ? " ·" : "", fields[0]);
      if (fields[1] != NULL)
        {
          detail = strstr (g_strstrip (fields[1]), " (");
          if (detail != NULL)
            *detail = '\0';
          g_string_append_printf (line, " (%s)", fields[1]);
        }
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static PangoLayout *
create_text (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold,
             double      max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
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

static void
compute_layout (CbExport   *self,
                CbRenderer *renderer,
                cairo_t    *cr,
                double      width,
                double      height,
                double      device_scale,
                Layout     *layout)
{
  CbLayerCatalog *catalog = cb_renderer_get_catalog (renderer);
  double text_width = MAX (width - 2 * MARGIN, 1);
  double legend_width = 0, legend_height = 0;
  double scale_bar_height = 0;
  double top, bottom;
  gboolean side_panel = width >= height * 1.1;

  memset (layout, 0, sizeof *layout);
  layout->renderer = renderer;
  layout->width = width;
  layout->height = height;

  layout->title = create_text (cr, self->title ? self->title : default_title (),
                               TITLE_SIZE, TRUE, text_width);
  layout->title_x = MARGIN;
  layout->title_y = MARGIN;
  top = MARGIN + text_height (layout->title) + MARGIN;

  {
    g_autofree char *sources = self->credits ? g_strdup (self->credits) : default_credits ();

    layout->source = create_text (cr, sources, SOURCE_SIZE, FALSE, text_width);
  }
  bottom = height - MARGIN - text_height (layout->source) - MARGIN / 2;
  layout->source_x = MARGIN;
  layout->source_y = bottom + MARGIN / 2;

  cb_legend_draw (NULL, catalog, 0, 0, FALSE, &legend_width, &legend_height);
  layout->has_legend = legend_width > 0 && legend_height > 0;
  layout->legend_zoom = 1;

  /* A scale bar is one line of text over a bar: measure its height on any
   * view (its width depends on the view; the height does not). */
  {
    g_autoptr(CbViewport) probe = cb_viewport_new ();

    cb_viewport_set_size (probe, 1000, 1000);
    cb_scale_bar_draw (NULL, probe, 0, 0, 400, FALSE, NULL, &scale_bar_height);
  }

  layout->map_x = MARGIN;
  layout->map_y = top;
  if (side_panel)
    {
      /* Landscape: the legend and the scale bar stand in a column right of
       * the map, so neither hides any of it. */
      double panel_width = MAX (legend_width, SCALE_BAR_MIN_WIDTH);
      double panel_height = bottom - top;

      panel_width = MIN (panel_width, width * PANEL_MAX_SHARE);
      layout->map_width = width - 3 * MARGIN - panel_width;
      layout->map_height = panel_height;

      layout->legend_x = layout->map_x + layout->map_width + MARGIN;
      layout->legend_y = top;
      if (layout->has_legend)
        layout->legend_zoom = MIN (1, MIN (panel_width / legend_width,
                                           (panel_height - scale_bar_height - MARGIN) / legend_height));
      layout->scale_bar_x = layout->legend_x;
      layout->scale_bar_y = bottom - scale_bar_height;
      layout->scale_bar_max_width = panel_width;
    }
  else
    {
      /* Portrait: a band under the map, legend left, scale bar right. */
      double band_height = MAX (legend_height, scale_bar_height);
      double band_width = width - 2 * MARGIN;

      band_height = MIN (band_height, (bottom - top) * PANEL_MAX_SHARE);
      layout->map_width = band_width;
      layout->map_height = bottom - top - band_height - MARGIN;

      layout->legend_x = MARGIN;
      layout->legend_y = bottom - band_height;
      if (layout->has_legend)
        layout->legend_zoom = MIN (1, MIN ((band_width * 0.62) / legend_width,
                                           band_height / legend_height));
      layout->scale_bar_max_width = MAX (band_width - legend_width * layout->legend_zoom - MARGIN, 0);
      layout->scale_bar_max_width = MIN (layout->scale_bar_max_width, band_width * 0.35);
      layout->scale_bar_y = bottom - scale_bar_height;
      layout->scale_bar_x = width - MARGIN - layout->scale_bar_max_width;
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
   * zoom limits (a poster goes further than the screen). */
  layout->viewport = cb_viewport_new ();
  cb_viewport_set_bounds (layout->viewport, NULL);
  cb_viewport_set_min_scale (layout->viewport, 1e-6);
  cb_viewport_set_max_scale (layout->viewport, 1e9);
  cb_viewport_set_size (layout->viewport, layout->map_width, layout->map_height);
  {
    CbBounds bounds;

    cb_export_get_map_bounds (self, &bounds);
    cb_viewport_fit_bounds (layout->viewport, &bounds, 0);
  }

  if (layout->scale_bar_max_width >= SCALE_BAR_MIN_WIDTH * 0.5)
    {
      double bar_width = 0;

      layout->has_scale_bar =
        cb_scale_bar_draw (NULL, layout->viewport, 0, 0, layout->scale_bar_max_width,
                                    FALSE, &bar_width, NULL) > 0;
      /* Right-align it in the portrait band. */
      if (!side_panel)
        layout->scale_bar_x = width - MARGIN - bar_width;
    }
}

static void
draw_layout (CbExport     *self,
             cairo_t      *cr,
             const Layout *layout,
             double        device_scale)
{
  CbLayerCatalog *catalog = cb_renderer_get_catalog (layout->renderer);
  CbRenderOptions options;

  cairo_save (cr);

  /* Paper, around the map (which paints its own background): a full
   * page fill would be a whole extra pass over a poster's pixels.  The
   * hole is 1 px smaller than the map so that no antialiased seam of
   * bare surface is left between the two. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, 0, 0, layout->width, layout->height);
  cairo_rectangle (cr, layout->map_x + 1, layout->map_y + 1,
                   MAX (layout->map_width - 2, 0), MAX (layout->map_height - 2, 0));
  cairo_fill (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

  /* The map, clipped to its frame. */
  cb_render_options_init (&options);
  options.language = self->language;
  options.selected_town_id = self->selected_town;
  options.device_scale = device_scale;
  options.draw_towns = TRUE;
  options.draw_background = TRUE;
  options.dark = FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, layout->map_x, layout->map_y, layout->map_width, layout->map_height);
  cairo_clip (cr);
  cairo_translate (cr, layout->map_x, layout->map_y);
  cb_renderer_render (layout->renderer, cr, layout->viewport, &options);
  cairo_restore (cr);

  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  cairo_set_line_width (cr, FRAME_WIDTH);
  cairo_rectangle (cr, layout->map_x - FRAME_WIDTH / 2, layout->map_y - FRAME_WIDTH / 2,
                   layout->map_width + FRAME_WIDTH, layout->map_height + FRAME_WIDTH);
  cairo_stroke (cr);

  /* Title and sources. */
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, layout->title_x, layout->title_y);
  pango_cairo_update_layout (cr, layout->title);
  pango_cairo_show_layout (cr, layout->title);

  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, layout->source_x, layout->source_y);
  pango_cairo_update_layout (cr, layout->source);
  pango_cairo_show_layout (cr, layout->source);

  if (layout->has_legend)
    {
      cairo_save (cr);
      cairo_translate (cr, layout->legend_x, layout->legend_y);
      cairo_scale (cr, layout->legend_zoom, layout->legend_zoom);
      cb_legend_draw (cr, catalog, 0, 0, FALSE, NULL, NULL);
      cairo_restore (cr);
    }

  if (layout->has_scale_bar)
    cb_scale_bar_draw (cr, layout->viewport, layout->scale_bar_x, layout->scale_bar_y,
                                layout->scale_bar_max_width, FALSE, NULL, NULL);

  cairo_restore (cr);
}

/* Device pixels per logical pixel, for the renderer's level of detail. */
static double
device_scale_of (cairo_t *cr)
{
  double dx = 1, dy = 0;

  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return VECTOR_DEVICE_SCALE;

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
  Layout layout;

  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (units_per_logical > 0);

  cairo_save (cr);
  cairo_scale (cr, units_per_logical, units_per_logical);
  device_scale = device_scale_of (cr);
  compute_layout (self, self->renderer, cr, width / units_per_logical, height / units_per_logical,
                  device_scale, &layout);
  draw_layout (self, cr, &layout, device_scale);
  layout_clear (&layout);
  cairo_restore (cr);
}

/* Output pixels per logical pixel: as set, or so that the page holds
 * about as many logical pixels as the default 1600 × 1200. */
static double
effective_pixel_scale (CbExport *self)
{
  if (self->pixel_scale > 0)
    return self->pixel_scale;

  return CLAMP (sqrt ((double) self->width * self->height / (DEFAULT_WIDTH * DEFAULT_HEIGHT)), 0.5, 64);
}

gboolean
cb_export_format_from_path (const char      *path,
                            CbExportFormat  *out_format,
                            GError         **error)
{
  static const struct { const char *suffix; CbExportFormat format; } formats[] = {
    { ".png", CB_EXPORT_FORMAT_PNG },
    { ".svg", CB_EXPORT_FORMAT_SVG },
    { ".pdf", CB_EXPORT_FORMAT_PDF },
  };
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  base = g_path_get_basename (path);
  lower = g_ascii_strdown (base, -1);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].suffix) && strlen (lower) > strlen (formats[i].suffix))
      {
        if (out_format != NULL)
          *out_format = formats[i].format;
        return TRUE;
      }

  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                 _("Cannot tell the format of “%s”: the name must end in .png, .svg or .pdf"),
                 display);
  }
  return FALSE;
}

gboolean
cb_export_check_size (CbExportFormat   format,
                      guint            width,
                      guint            height,
                      double           dpi,
                      GError         **error)
{
  if (width == 0 || height == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("The image size must be at least 1 × 1 pixels"));
      return FALSE;
    }

  switch (format)
    {
    case CB_EXPORT_FORMAT_PNG:
    case CB_EXPORT_FORMAT_SVG:
      if (width > CB_EXPORT_MAX_PIXELS || height > CB_EXPORT_MAX_PIXELS)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                       _("%u × %u pixels is too large: each side can be at most %d pixels"),
                       width, height, CB_EXPORT_MAX_PIXELS);
          return FALSE;
        }
      return TRUE;

    case CB_EXPORT_FORMAT_PDF:
      if (width * 72.0 / dpi > CB_EXPORT_MAX_PDF_POINTS ||
          height * 72.0 / dpi > CB_EXPORT_MAX_PDF_POINTS)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                       _("%u × %u pixels at %g dpi is too large for a PDF page: "
                         "each side can be at most %g inches"),
                       width, height, dpi, CB_EXPORT_MAX_PDF_POINTS / 72.0);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

gboolean
cb_export_geo_box_to_bounds (double     west,
                             double     south,
                             double     east,
                             double     north,
                             CbBounds  *out_bounds,
                             GError   **error)
{
  g_autoptr(CbProjection) projection = NULL;
  const int steps = 40;

  g_return_val_if_fail (out_bounds != NULL, FALSE);

  projection = cb_projection_new_geographic (error);
  if (projection == NULL)
    return FALSE;

  cb_bounds_init_empty (out_bounds);
  for (int i = 0; i <= steps; i++)
    {
      double t = (double) i / steps;
      double lon = west + t * (east - west);
      double lat = south + t * (north - south);
      double xs[4] = { lon, lon, west, east };
      double ys[4] = { south, north, lat, lat };

      if (cb_projection_forward (projection, xs, ys, 4) != 4)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("The box %g,%g,%g,%g cannot be shown in the map’s projection"),
                       west, south, east, north);
          return FALSE;
        }
      for (int k = 0; k < 4; k++)
        cb_bounds_extend (out_bounds, xs[k], ys[k]);
    }

  return TRUE;
}

/* Writes go through the atomic file; the first error is kept for the
 * caller since cairo and the encoder only pass a status along. */
typedef struct
{
  CbAtomicFile *file;
  GError       *error;
} Sink;

static gboolean
sink_write (const guint8  *data,
            gsize          size,
            gpointer       user_data,
            GError       **error)
{
  Sink *sink = user_data;

  if (sink->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (sink->error);
      return FALSE;
    }
  if (!cb_atomic_file_write (sink->file, data, size, &sink->error))
    {
      if (error != NULL)
        *error = g_error_copy (sink->error);
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
sink_cairo_write (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  return sink_write (data, length, closure, NULL) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static gboolean
check_cairo (cairo_status_t  status,
             Sink           *sink,
             const char     *path,
             GError        **error)
{
  g_autofree char *display = NULL;

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  if (sink->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sink->error));
      return FALSE;
    }

  display = g_filename_display_name (path);
  g_set_error (error, CB_ERROR,
               status == CAIRO_STATUS_NO_MEMORY || status == CAIRO_STATUS_INVALID_SIZE
                 ? CB_ERROR_TOO_LARGE : CB_ERROR_FAILED,
               _("Cannot write “%s”: %s"), display, cairo_status_to_string (status));
  return FALSE;
}

/*
 * The band's pixels, in huge pages where the kernel offers them: a
 * 4000 × 3000 band is 12000 page faults in 4 KiB pages, which measured as
 * a fifth of the export time on a virtual machine.
 */
static cairo_surface_t *
create_band (guint width,
             guint rows)
{
  static const cairo_user_data_key_t pixels_key;
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  gsize size = (gsize) stride * rows;
  cairo_surface_t *surface;
  void *pixels = NULL;

  if (stride < 0 || posix_memalign (&pixels, 2 * 1024 * 1024, size) != 0)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, rows);
#ifdef MADV_HUGEPAGE
  madvise (pixels, size, MADV_HUGEPAGE);
#endif

  surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_ARGB32, width, rows, stride);
  if (cairo_surface_set_user_data (surface, &pixels_key, pixels, free) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      free (pixels);
      return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, rows);
    }
  return surface;
}

/*
 * PNG bands are drawn by a few threads, each with its own renderer (the
 * catalog's layers are read-only while drawing) and its own band surface,
 * while this thread hands finished bands to the encoder in order.
 */
typedef struct
{
  CbExport        *export;
  guint            first_band;
  guint            n_workers;
  guint            n_bands;
  guint            band_rows;
  double           scale;
  cairo_surface_t *band;
  GMutex          *lock;
  GCond           *cond;
  int              ready;        /* band waiting in @band, or -1 */
  gboolean         stop;
  cairo_status_t   status;
  GThread         *thread;
} BandWorker;

static gpointer
band_worker_run (gpointer data)
{
  BandWorker *worker = data;
  CbExport *self = worker->export;
  g_autoptr(CbRenderer) renderer = cb_renderer_new (cb_renderer_get_catalog (self->renderer));
  Layout layout;

  {
    cairo_t *cr = cairo_create (worker->band);

    cairo_scale (cr, worker->scale, worker->scale);
    compute_layout (self, renderer, cr, self->width / worker->scale,
                    self->height / worker->scale, worker->scale, &layout);
    cairo_destroy (cr);
  }

  for (guint band = worker->first_band; band < worker->n_bands; band += worker->n_workers)
    {
      cairo_status_t status;
      cairo_t *cr;

      /* Wait until the previous band has been encoded. */
      g_mutex_lock (worker->lock);
      while (worker->ready >= 0 && !worker->stop)
        g_cond_wait (worker->cond, worker->lock);
      g_mutex_unlock (worker->lock);
      if (worker->stop)
        break;

      cr = cairo_create (worker->band);
      cairo_translate (cr, 0, -(double) band * worker->band_rows);
      cairo_scale (cr, worker->scale, worker->scale);
      draw_layout (self, cr, &layout, worker->scale);
      status = cairo_status (cr);
      cairo_destroy (cr);
      cairo_surface_flush (worker->band);

      g_mutex_lock (worker->lock);
      worker->status = status;
      worker->ready = (int) band;
      g_cond_broadcast (worker->cond);
      g_mutex_unlock (worker->lock);
      if (status != CAIRO_STATUS_SUCCESS)
        break;
    }

  layout_clear (&layout);
  return NULL;
}

static gboolean
write_png (CbExport      *self,
           Sink          *sink,
           const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  double scale = effective_pixel_scale (self);
  guint n_workers = self->height >= 256 ? CLAMP (g_get_num_processors (), 1, 2) : 1;
  guint band_rows = CLAMP (CB_EXPORT_BAND_BYTES / (self->width * 4u), 1,
                           (self->height + n_workers - 1) / n_workers);
  guint n_bands = (self->height + band_rows - 1) / band_rows;
  g_autoptr(CbPngEncoder) encoder = NULL;
  BandWorker workers[2] = { 0 };
  GMutex lock;
  GCond cond;
  gboolean ok = TRUE;

  encoder = cb_png_encoder_new (self->width, self->height, sink_write, sink, error);
  if (encoder == NULL)
    return FALSE;
  if (self->dpi > 0)
    cb_png_encoder_set_dpi (encoder, self->dpi);
  cb_png_encoder_add_text (encoder, "Title", self->title ? self->title : default_title ());
  {
    g_autofree char *sources = self->credits ? g_strdup (self->credits) : default_credits ();

    cb_png_encoder_add_text (encoder, "Source", sources);
  }
  cb_png_encoder_add_text (encoder, "Software", "Contested Borders " PACKAGE_VERSION);

  n_workers = MIN (n_workers, n_bands);
  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (guint i = 0; ok && i < n_workers; i++)
    {
      workers[i] = (BandWorker) {
        .export = self, .first_band = i, .n_workers = n_workers, .n_bands = n_bands,
        .band_rows = band_rows, .scale = scale, .lock = &lock, .cond = &cond, .ready = -1,
      };
      workers[i].band = create_band (self->width, band_rows);
      ok = check_cairo (cairo_surface_status (workers[i].band), sink, path, error);
    }
  for (guint i = 0; ok && i < n_workers; i++)
    workers[i].thread = g_thread_new ("cb-export-band", band_worker_run, &workers[i]);

  for (guint band = 0; ok && band < n_bands; band++)
    {
      BandWorker *worker = &workers[band % n_workers];
      guint rows = MIN (band_rows, self->height - band * band_rows);

      g_mutex_lock (&lock);
      while (worker->ready != (int) band && worker->status == CAIRO_STATUS_SUCCESS)
        g_cond_wait (&cond, &lock);
      g_mutex_unlock (&lock);

      ok = check_cairo (worker->status, sink, path, error) &&
           !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           cb_png_encoder_write_rows (encoder, cairo_image_surface_get_data (worker->band),
                                      cairo_image_surface_get_stride (worker->band), rows, error);

      g_mutex_lock (&lock);
      worker->ready = -1;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&lock);
    }

  /* Stop and join the workers, whatever happened. */
  g_mutex_lock (&lock);
  for (guint i = 0; i < n_workers; i++)
    workers[i].stop = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
  for (guint i = 0; i < n_workers; i++)
    {
      if (workers[i].thread != NULL)
        g_thread_join (workers[i].thread);
      g_clear_pointer (&workers[i].band, cairo_surface_destroy);
    }
  g_mutex_clear (&lock);
  g_cond_clear (&cond);

  if (ok)
    ok = cb_png_encoder_finish (encoder, error);
  return ok;
}

static gboolean
write_vector (CbExport        *self,
              CbExportFormat   format,
              Sink            *sink,
              const char      *path,
              GError         **error)
{
  double scale = effective_pixel_scale (self);
  double dpi = self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI;
  cairo_surface_t *surface;
  cairo_t *cr;
  double units_per_pixel;
  Layout layout;
  gboolean ok;

  if (format == CB_EXPORT_FORMAT_SVG)
    {
      /* SVG keeps pixels as its unit: width="1600px". */
      surface = cairo_svg_surface_create_for_stream (sink_cairo_write, sink, self->width, self->height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      units_per_pixel = 1;
    }
  else
    {
      units_per_pixel = 72.0 / dpi;
      surface = cairo_pdf_surface_create_for_stream (sink_cairo_write, sink,
                                                     self->width * units_per_pixel,
                                                     self->height * units_per_pixel);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      self->title ? self->title : default_title ());
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                      "Contested Borders " PACKAGE_VERSION);
    }

  cr = cairo_create (surface);
  cairo_scale (cr, units_per_pixel * scale, units_per_pixel * scale);
  compute_layout (self, self->renderer, cr, self->width / scale, self->height / scale,
                  VECTOR_DEVICE_SCALE, &layout);
  draw_layout (self, cr, &layout, VECTOR_DEVICE_SCALE);
  layout_clear (&layout);
  ok = check_cairo (cairo_status (cr), sink, path, error);
  cairo_destroy (cr);

  cairo_surface_finish (surface);
  if (ok)
    ok = check_cairo (cairo_surface_status (surface), sink, path, error);
  cairo_surface_destroy (surface);

  return ok;
}

gboolean
cb_export_write (CbExport      *self,
                 const char    *path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CbExportFormat format;
  g_autoptr(CbAtomicFile) file = NULL;
  Sink sink = { NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (CB_IS_EXPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cb_export_format_from_path (path, &format, error) ||
      !cb_export_check_size (format, self->width, self->height,
                             self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  file = cb_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  sink.file = file;

  if (format == CB_EXPORT_FORMAT_PNG)
    ok = write_png (self, &sink, path, cancellable, error);
  else
    ok = write_vector (self, format, &sink, path, error);

  /* Vector output is drawn in one go: a cancel during it still wins here,
   * before the file would replace @path. */
  if (ok)
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         cb_atomic_file_commit (file, error);

  /* On failure the temporary file goes with @file; the target is untouched. */
  g_clear_error (&sink.error);
  return ok;
}

/* Properties. */

CbExport *
cb_export_new (CbRenderer *renderer)
{
  g_return_val_if_fail (CB_IS_RENDERER (renderer), NULL);

  return g_object_new (CB_TYPE_EXPORT, "renderer", renderer, NULL);
}

CbRenderer *
cb_export_get_renderer (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->renderer;
}

guint
cb_export_get_width (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->width;
}

guint
cb_export_get_height (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->height;
}

void
cb_export_set_size (CbExport *self,
                    guint     width,
                    guint     height)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

double
cb_export_get_pixel_scale (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->pixel_scale;
}

void
cb_export_set_pixel_scale (CbExport *self,
                           double    pixel_scale)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (pixel_scale >= 0);

  if (self->pixel_scale == pixel_scale)
    return;

  self->pixel_scale = pixel_scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIXEL_SCALE]);
}

double
cb_export_get_dpi (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->dpi;
}

void
cb_export_set_dpi (CbExport *self,
                   double    dpi)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (dpi >= 0);

  if (self->dpi == dpi)
    return;

  self->dpi = dpi;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DPI]);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
cb_export_get_language (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->language;
}

void
cb_export_set_language (CbExport   *self,
                        const char *language)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (replace_string (&self->language, language))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

const char *
cb_export_get_selected_town (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->selected_town;
}

void
cb_export_set_selected_town (CbExport   *self,
                             const char *town_id)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (replace_string (&self->selected_town, town_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOWN]);
}

const char *
cb_export_get_title (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->title ? self->title : default_title ();
}

void
cb_export_set_title (CbExport   *self,
                     const char *title)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (replace_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
cb_export_get_credits (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);
  return self->credits;
}

void
cb_export_set_credits (CbExport   *self,
                       const char *credits)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  replace_string (&self->credits, credits);
}

CbExport *
cb_export_copy (CbExport   *self,
                CbRenderer *renderer)
{
  CbExport *copy;

  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);
  g_return_val_if_fail (CB_IS_RENDERER (renderer), NULL);

  copy = cb_export_new (renderer);
  copy->width = self->width;
  copy->height = self->height;
  copy->pixel_scale = self->pixel_scale;
  copy->dpi = self->dpi;
  copy->language = g_strdup (self->language);
  copy->selected_town = g_strdup (self->selected_town);
  copy->title = g_strdup (self->title);
  copy->credits = g_strdup (self->credits);
  copy->map_bounds = self->map_bounds;
  return copy;
}

void
cb_export_set_map_bounds (CbExport       *self,
                          const CbBounds *bounds)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (bounds != NULL && !cb_bounds_is_empty (bounds))
    self->map_bounds = *bounds;
  else
    cb_bounds_init_empty (&self->map_bounds);
}

void
cb_export_get_map_bounds (CbExport *self,
                          CbBounds *out_bounds)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (out_bounds != NULL);

  /* The region needs a PROJ set-up: only when no bounds were given. */
  if (cb_bounds_is_empty (&self->map_bounds))
    cb_projection_get_region_bounds (out_bounds);
  else
    *out_bounds = self->map_bounds;
}

static void
cb_export_finalize (GObject *object)
{
  CbExport *self = CB_EXPORT (object);

  g_clear_object (&self->renderer);
  g_free (self->language);
  g_free (self->selected_town);
  g_free (self->title);
  g_free (self->credits);

  G_OBJECT_CLASS (cb_export_parent_class)->finalize (object);
}

static void
cb_export_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CbExport *self = CB_EXPORT (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      g_value_set_object (value, self->renderer);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_PIXEL_SCALE:
      g_value_set_double (value, self->pixel_scale);
      break;
    case PROP_DPI:
      g_value_set_double (value, self->dpi);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_SELECTED_TOWN:
      g_value_set_string (value, self->selected_town);
      break;
    case PROP_TITLE:
      g_value_set_string (value, cb_export_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_export_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CbExport *self = CB_EXPORT (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      self->renderer = g_value_dup_object (value);
      break;
    case PROP_WIDTH:
      cb_export_set_size (self, g_value_get_uint (value), self->height);
      break;
    case PROP_HEIGHT:
      cb_export_set_size (self, self->width, g_value_get_uint (value));
      break;
    case PROP_PIXEL_SCALE:
      cb_export_set_pixel_scale (self, g_value_get_double (value));
      break;
    case PROP_DPI:
      cb_export_set_dpi (self, g_value_get_double (value));
      break;
    case PROP_LANGUAGE:
      cb_export_set_language (self, g_value_get_string (value));
      break;
    case PROP_SELECTED_TOWN:
      cb_export_set_selected_town (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      cb_export_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_export_class_init (CbExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cb_export_finalize;
  object_class->get_property = cb_export_get_property;
  object_class->set_property = cb_export_set_property;

  properties[PROP_RENDERER] =
    g_param_spec_object ("renderer", NULL, NULL, CB_TYPE_RENDERER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, DEFAULT_WIDTH, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, DEFAULT_HEIGHT, flags);
  properties[PROP_PIXEL_SCALE] =
    g_param_spec_double ("pixel-scale", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_DPI] =
    g_param_spec_double ("dpi", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL, flags);
  properties[PROP_SELECTED_TOWN] =
    g_param_spec_string ("selected-town", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cb_export_init (CbExport *self)
{
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  cb_bounds_init_empty (&self->map_bounds);
}
