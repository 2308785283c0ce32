/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "cb-projection.h"
#include "cb-history.h"
#include "cb-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  CB_EXPORT_FORMAT_PNG,
  CB_EXPORT_FORMAT_SVG,
  CB_EXPORT_FORMAT_PDF,
} CbExportFormat;

/*
 * Size limits, and why:
 * - PNG: the width of every band is one cairo image surface, and cairo
 *   refuses surfaces wider than 32767 px; the height is drawn in bands, but
 *   cairo's 24.8 fixed-point coordinates lose sub-pixel precision far from
 *   the origin, so both sides are held to 32767 (about 1.07 gigapixels).
 *   Memory is one band per drawing thread (two, CB_EXPORT_BAND_BYTES each)
 *   plus a few encoder segments, whatever the height: a 16000 × 12000
 *   export peaks near 160 MiB resident, data included.
 * - SVG: vector, sides up to 32767 px like the screen path.
 * - PDF: page sides up to 14400 pt (200 in), the PDF implementation limit
 *   that common viewers enforce.
 */
#define CB_EXPORT_MAX_PIXELS 32767
#define CB_EXPORT_MAX_PDF_POINTS 14400.0
/* Memory held by one PNG band of ARGB32 pixels.  Every band walks all the
 * geometry again, so bands are as tall as this allows (512 rows at the
 * widest), and reused (few page faults). */
#define CB_EXPORT_BAND_BYTES (32u * 1024 * 1024)

/* The size of an on-screen pixel for vector output (CSS px). */
#define CB_EXPORT_SCREEN_DPI 96.0

#define CB_TYPE_EXPORT (cb_export_get_type ())
G_DECLARE_FINAL_TYPE (CbExport, cb_export, CB, EXPORT, GObject)

/*
 * CbExport: one export job.  It lays out a title, the map, the legend of
 * the visible layers, a scale bar and the data sources on a page of
 * width × height output pixels, nothing overlapping, and writes it to PNG,
 * SVG or PDF atomically, or draws it on any cairo_t (printing).
 *
 * The layout is computed in logical pixels; "pixel-scale" output pixels
 * make one logical pixel, so the same view exported at 2× or at A4/300 dpi
 * looks the same, only sharper.  The map shows at least the given map
 * bounds, centred.  Layer visibility is read from the renderer's catalog.
 *
 * Properties (all EXPLICIT_NOTIFY):
 *   "renderer"       CbRenderer  (construct-only)
 *   "width"/"height" uint        output pixels (default 1600 × 1200)
 *   "pixel-scale"    double      output px per logical px (0 = from the size)
 *   "dpi"            double      physical resolution: PNG pHYs, PDF page size
 *   "language"       string      town label language (NULL = "en")
 *   "selected-town"  string      town id to highlight, or NULL
 *   "title"          string      heading (default: the app's title line)
 */
CbExport      *cb_export_new                  (CbRenderer      *renderer);

CbRenderer    *cb_export_get_renderer         (CbExport        *self);
guint          cb_export_get_width            (CbExport        *self);
guint          cb_export_get_height           (CbExport        *self);
void           cb_export_set_size             (CbExport        *self,
                                               guint            width,
                                               guint            height);
double         cb_export_get_pixel_scale      (CbExport        *self);
void           cb_export_set_pixel_scale      (CbExport        *self,
                                               double           pixel_scale);
double         cb_export_get_dpi              (CbExport        *self);
void           cb_export_set_dpi              (CbExport        *self,
                                               double           dpi);
const char    *cb_export_get_language         (CbExport        *self);
void           cb_export_set_language         (CbExport        *self,
                                               const char      *language);
const char    *cb_export_get_selected_town    (CbExport        *self);
void           cb_export_set_selected_town    (CbExport        *self,
                                               const char      *town_id);
const char    *cb_export_get_title            (CbExport        *self);
void           cb_export_set_title            (CbExport        *self,
                                               const char      *title);
/*
 * The day shown (a Julian day, 0: every line): only the lines in force that
 * day are drawn, the towns in their holders' colours when a history is
 * set, and the title names the day.
 */
guint          cb_export_get_date             (CbExport        *self);
void           cb_export_set_date             (CbExport        *self,
                                               guint            date);
CbHistory     *cb_export_get_history          (CbExport        *self);
void           cb_export_set_history          (CbExport        *self,
                                               CbHistory       *history);
/* Text under the title, e.g. a moment's summary and sources (nullable). */
const char    *cb_export_get_caption          (CbExport        *self);
void           cb_export_set_caption          (CbExport        *self,
                                               const char      *caption);

/* The credit line under the map (NULL: a built-in summary of the sources). */
const char    *cb_export_get_credits          (CbExport        *self);
void           cb_export_set_credits          (CbExport        *self,
                                               const char      *credits);
/* The same export (size, scale, language, town, title, credits, area)
 * drawn by @renderer, e.g. one of another thread's own. */
CbExport      *cb_export_copy                 (CbExport        *self,
                                               CbRenderer      *renderer);

/*
 * A sheet of paper of @width_mm × @height_mm (0 × 0: none).  The size in
 * pixels follows at the export's dpi (96 when unset: set the dpi first),
 * and a PDF page is exactly the paper (A4 is 595.28 × 841.89 pt).
 */
void           cb_export_set_paper            (CbExport        *self,
                                               double           width_mm,
                                               double           height_mm);
/* FALSE when no paper is set. */
gboolean       cb_export_get_paper            (CbExport        *self,
                                               double          *out_width_mm,
                                               double          *out_height_mm);
/*
 * The paper of the user's locale (LC_PAPER, glibc's nl_langinfo), portrait,
 * in mm: A4 (210 × 297), US Letter (215.9 × 279.4), or what the locale
 * gives; A4 where the C library does not say.  Returns whether it is Letter.
 */
gboolean       cb_export_get_locale_paper     (double          *out_width_mm,
                                               double          *out_height_mm);
/* Which way a page is turned. */
typedef enum
{
  CB_EXPORT_ORIENTATION_ANY,        /* as it is */
  CB_EXPORT_ORIENTATION_LANDSCAPE,  /* the longer side across */
  CB_EXPORT_ORIENTATION_PORTRAIT,   /* the longer side up */
} CbExportOrientation;

/* Turns the page (size and paper) to @orientation: its sides swap when
 * it is the other way. */
void           cb_export_turn                 (CbExport           *self,
                                               CbExportOrientation orientation);

/* Whether the legend of the visible layers is on the page (default TRUE). */
gboolean       cb_export_get_show_legend      (CbExport        *self);
void           cb_export_set_show_legend      (CbExport        *self,
                                               gboolean         show_legend);

/* The smallest side the page layout (title, map, legend, scale bar,
 * sources) can be read at, in pixels. */
#define CB_EXPORT_MIN_PIXELS 240

/* The map area to show, in map metres (NULL: the whole region). */
void           cb_export_set_map_bounds       (CbExport        *self,
                                               const CbBounds  *bounds);
void           cb_export_get_map_bounds       (CbExport        *self,
                                               CbBounds        *out_bounds);

/* "png", "svg" or "pdf" by @path's extension (any case); else CB_ERROR_INVALID_ARGUMENT. */
gboolean       cb_export_format_from_path     (const char      *path,
                                               CbExportFormat  *out_format,
                                               GError         **error);
/* CB_ERROR_TOO_LARGE (or INVALID_ARGUMENT for 0) when the size cannot be written. */
gboolean       cb_export_check_size           (CbExportFormat   format,
                                               guint            width,
                                               guint            height,
                                               double           dpi,
                                               GError         **error);
/*
 * The map-metre box that shows at least the lon/lat box
 * (@west, @south)–(@east, @north): its edges walked, since in a conic
 * projection parallels are arcs.  CB_ERROR_INVALID_ARGUMENT when it
 * cannot be projected.
 */
gboolean       cb_export_geo_box_to_bounds    (double           west,
                                               double           south,
                                               double           east,
                                               double           north,
                                               CbBounds        *out_bounds,
                                               GError         **error);

/*
 * Writes the export to @path in the format of its extension, atomically:
 * on any failure @path is untouched and no temporary file is left.
 * @cancellable is checked between PNG bands and before the file is
 * committed (G_IO_ERROR_CANCELLED).  Safe on a worker thread when nothing
 * else uses the export's renderer or changes its catalog meanwhile.
 */
gboolean       cb_export_write                (CbExport        *self,
                                               const char      *path,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* One page of a document of several pages (see cb_export_write_pages()). */
typedef struct
{
  guint       date;      /* Julian day shown, 0: every line */
  const char *title;     /* NULL: the export's */
  const char *caption;   /* nullable */
  const char *town_id;   /* highlighted town, NULL: the export's */
} CbExportPage;

/*
 * Writes a PDF of @n_pages pages of the export's size, each the export
 * with the page's day, title, caption and town (a lesson sheet, one page
 * per moment), atomically like cb_export_write().  Other formats are
 * refused with CB_ERROR_INVALID_ARGUMENT.
 */
gboolean       cb_export_write_pages          (CbExport           *self,
                                               const CbExportPage *pages,
                                               guint               n_pages,
                                               const char         *path,
                                               GCancellable       *cancellable,
                                               GError            **error);

/*
 * Writes an animated PNG of the export's size, one frame per page, each
 * shown for @delay_ms (a chronology: one frame per moment), atomically.
 */
gboolean       cb_export_write_animation      (CbExport           *self,
                                               const CbExportPage *pages,
                                               guint               n_pages,
                                               guint               delay_ms,
                                               const char         *path,
                                               GCancellable       *cancellable,
                                               GError            **error);

/*
 * Draws the whole layout in the rectangle (0, 0, @width, @height) of @cr's
 * user space, where @units_per_logical user units make one logical pixel
 * (1 for a PNG at 1×, 0.75 for points at 96 dpi...).  The size properties
 * are not used.
 */
void           cb_export_draw                 (CbExport        *self,
                                               cairo_t         *cr,
                                               double           width,
                                               double           height,
                                               double           units_per_logical);

G_END_DECLS
