/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cb-apng.h"
#include "cb-atomic-file.h"
#include "cb-error.h"
#include "cb-export-private.h"
#include "cb-png-encoder.h"
#include "cb-svg-writer.h"
#include "cb-viewport.h"

/* Output pixels per logical pixel: as set, or so that the page holds
 * about as many logical pixels as the default 1600 × 1200. */
static double
effective_pixel_scale (CbExport *self)
{
  if (self->pixel_scale > 0)
    return self->pixel_scale;

  return CLAMP (sqrt ((double) self->width * self->height / (CB_EXPORT_DEFAULT_WIDTH * CB_EXPORT_DEFAULT_HEIGHT)), 0.5, 64);
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
      break;

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
      break;

    default:
      g_assert_not_reached ();
    }

  /* Smaller, the title and the sources would leave no room for a map. */
  if (width < CB_EXPORT_MIN_PIXELS || height < CB_EXPORT_MIN_PIXELS)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("%u × %u pixels is too small for the title, map, legend and sources: "
                     "each side must be at least %d pixels"),
                   width, height, CB_EXPORT_MIN_PIXELS);
      return FALSE;
    }
  return TRUE;
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
  CbPageLayout layout;

  {
    cairo_t *cr = cairo_create (worker->band);

    cairo_scale (cr, worker->scale, worker->scale);
    _cb_page_layout_compute (self, renderer, cr, self->width / worker->scale,
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
      _cb_page_layout_draw (self, cr, &layout, worker->scale);
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

  _cb_page_layout_clear (&layout);
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
  cb_png_encoder_add_text (encoder, "Title", self->title ? self->title : _cb_export_default_title ());
  {
    g_autofree char *sources = self->credits ? g_strdup (self->credits) : _cb_export_default_credits ();

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
write_svg (CbExport  *self,
           Sink      *sink,
           const char *path,
           GError   **error)
{
  double scale = effective_pixel_scale (self);
  g_autoptr(CbSvgWriter) svg = cb_svg_writer_new (self->width, self->height);
  cairo_t *cr = cb_svg_writer_get_cr (svg);
  g_autoptr(GBytes) document = NULL;
  CbPageLayout layout;

  /* SVG keeps pixels as its unit: width="1600px". */
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  _cb_page_layout_compute (self, self->renderer, cr, self->width / scale, self->height / scale,
                           CB_EXPORT_VECTOR_DEVICE_SCALE, &layout);
  _cb_page_layout_draw (self, cr, &layout, CB_EXPORT_VECTOR_DEVICE_SCALE);
  _cb_page_layout_clear (&layout);
  cairo_restore (cr);

  document = cb_svg_writer_finish (svg, error);
  if (document == NULL)
    return FALSE;
  if (!sink_write (g_bytes_get_data (document, NULL), g_bytes_get_size (document), sink, NULL))
    return check_cairo (CAIRO_STATUS_WRITE_ERROR, sink, path, error);
  return TRUE;
}

static gboolean
write_pdf (CbExport    *self,
           Sink        *sink,
           const char  *path,
           GError     **error)
{
  double scale = effective_pixel_scale (self);
  double dpi = self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI;
  double units_per_pixel = 72.0 / dpi;
  double page_width, page_height;
  cairo_surface_t *surface;
  cairo_t *cr;
  CbPageLayout layout;
  gboolean ok;

  _cb_export_page_points (self, &page_width, &page_height);
  surface = cairo_pdf_surface_create_for_stream (sink_cairo_write, sink, page_width, page_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  self->title ? self->title : _cb_export_default_title ());
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Contested Borders " PACKAGE_VERSION);

  cr = cairo_create (surface);
  cairo_scale (cr, units_per_pixel * scale, units_per_pixel * scale);
  _cb_page_layout_compute (self, self->renderer, cr,
                           page_width / (units_per_pixel * scale), page_height / (units_per_pixel * scale),
                           CB_EXPORT_VECTOR_DEVICE_SCALE, &layout);
  _cb_page_layout_draw (self, cr, &layout, CB_EXPORT_VECTOR_DEVICE_SCALE);
  _cb_page_layout_clear (&layout);
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
  else if (format == CB_EXPORT_FORMAT_SVG)
    ok = write_svg (self, &sink, path, error);
  else
    ok = write_pdf (self, &sink, path, error);

  /* Vector output is drawn in one go: a cancel during it still wins here,
   * before the file would replace @path. */
  if (ok)
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         cb_atomic_file_commit (file, error);

  /* On failure the temporary file goes with @file; the target is untouched. */
  g_clear_error (&sink.error);
  return ok;
}

gboolean
cb_export_write_pages (CbExport             *self,
                       const CbExportPage   *pages,
                       guint                 n_pages,
                       const char           *path,
                       GCancellable         *cancellable,
                       GError              **error)
{
  CbExportFormat format;
  g_autoptr(CbAtomicFile) file = NULL;
  Sink sink = { NULL, NULL };
  double scale, units_per_pixel, page_width, page_height;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok = TRUE;

  g_return_val_if_fail (CB_IS_EXPORT (self), FALSE);
  g_return_val_if_fail (pages != NULL || n_pages == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cb_export_format_from_path (path, &format, error) ||
      !cb_export_check_size (format, self->width, self->height,
                             self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI, error))
    return FALSE;
  if (format != CB_EXPORT_FORMAT_PDF)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("%s: a document of several pages is written as PDF (.pdf)"), display);
      return FALSE;
    }
  if (n_pages == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT, _("No page to write"));
      return FALSE;
    }

  file = cb_atomic_file_new (path, error);
  if (file == NULL)
    return FALSE;
  sink.file = file;

  scale = effective_pixel_scale (self);
  units_per_pixel = 72.0 / (self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI);
  _cb_export_page_points (self, &page_width, &page_height);
  surface = cairo_pdf_surface_create_for_stream (sink_cairo_write, &sink, page_width, page_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  self->title ? self->title : _cb_export_default_title ());
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Contested Borders " PACKAGE_VERSION);
  cr = cairo_create (surface);
  cairo_scale (cr, units_per_pixel * scale, units_per_pixel * scale);

  for (guint i = 0; i < n_pages && ok; i++)
    {
      /* Each page is the export with the page's day, title, caption and town. */
      g_autoptr(CbExport) page = cb_export_copy (self, self->renderer);
      CbPageLayout layout;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      cb_export_set_date (page, pages[i].date);
      if (pages[i].title != NULL)
        cb_export_set_title (page, pages[i].title);
      cb_export_set_caption (page, pages[i].caption);
      if (pages[i].town_id != NULL)
        cb_export_set_selected_town (page, pages[i].town_id);

      _cb_page_layout_compute (page, page->renderer, cr,
                               page_width / (units_per_pixel * scale), page_height / (units_per_pixel * scale),
                               CB_EXPORT_VECTOR_DEVICE_SCALE, &layout);
      _cb_page_layout_draw (page, cr, &layout, CB_EXPORT_VECTOR_DEVICE_SCALE);
      _cb_page_layout_clear (&layout);
      cairo_show_page (cr);
      ok = check_cairo (cairo_status (cr), &sink, path, error);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (ok)
    ok = check_cairo (cairo_surface_status (surface), &sink, path, error);
  cairo_surface_destroy (surface);

  if (ok)
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         cb_atomic_file_commit (file, error);
  g_clear_error (&sink.error);
  return ok;
}

gboolean
cb_export_write_animation (CbExport             *self,
                           const CbExportPage   *pages,
                           guint                 n_pages,
                           guint                 delay_ms,
                           const char           *path,
                           GCancellable         *cancellable,
                           GError              **error)
{
  g_autoptr(CbApng) apng = NULL;
  cairo_surface_t *frame;
  double scale;
  gboolean ok = TRUE;

  g_return_val_if_fail (CB_IS_EXPORT (self), FALSE);
  g_return_val_if_fail (pages != NULL || n_pages == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n_pages == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT, _("No page to write"));
      return FALSE;
    }
  apng = cb_apng_new (path, self->width, self->height, n_pages, error);
  if (apng == NULL)
    return FALSE;

  scale = effective_pixel_scale (self);
  frame = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->width, self->height);
  for (guint i = 0; i < n_pages && ok; i++)
    {
      g_autoptr(CbExport) page = cb_export_copy (self, self->renderer);
      CbPageLayout layout;
      cairo_t *cr;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      cb_export_set_date (page, pages[i].date);
      if (pages[i].title != NULL)
        cb_export_set_title (page, pages[i].title);
      cb_export_set_caption (page, pages[i].caption);
      if (pages[i].town_id != NULL)
        cb_export_set_selected_town (page, pages[i].town_id);

      cr = cairo_create (frame);
      cairo_scale (cr, scale, scale);
      _cb_page_layout_compute (page, page->renderer, cr, self->width / scale, self->height / scale,
                               scale, &layout);
      _cb_page_layout_draw (page, cr, &layout, scale);
      _cb_page_layout_clear (&layout);
      cairo_destroy (cr);
      ok = cb_apng_add_frame (apng, frame, delay_ms, error);
    }
  cairo_surface_destroy (frame);

  return ok && cb_apng_finish (apng, error);
}

/* Properties. */

