/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * CbPngEncoder: a streaming PNG writer for cairo ARGB32 rows, built for
 * large maps written quickly.
 *
 * Rows arrive in bands (any number of rows per call) and are turned into
 * 8-bit RGB (the export is opaque; premultiplied alpha is undone on the
 * way).  Each band is cut into segments of about 2 MiB that are converted,
 * filtered and deflated independently on worker threads, each ending on a
 * byte boundary (as Z_SYNC_FLUSH does) so they join into one zlib stream
 * whose Adler-32 is combined from the parts: a standard PNG, with memory
 * bounded by a few segments whatever the image height.  The caller's rows
 * are read in place, so write_rows() returns only once they are done.
 *
 * Output goes through @write_func, always from the calling thread and in
 * order.  Not thread-safe itself: one encoder, one calling thread.
 */
typedef struct _CbPngEncoder CbPngEncoder;

typedef gboolean (*CbPngWriteFunc) (const guint8  *data,
                                    gsize          size,
                                    gpointer       user_data,
                                    GError       **error);

/* PNG row filters (the spec's numbers); ADAPTIVE picks per row. */
typedef enum
{
  CB_PNG_FILTER_NONE = 0,
  CB_PNG_FILTER_SUB = 1,
  CB_PNG_FILTER_UP = 2,
  CB_PNG_FILTER_PAETH = 4,
  CB_PNG_FILTER_ADAPTIVE = 5,
} CbPngFilter;

/*
 * A compression "level" for our own coder: deflate with fixed Huffman codes
 * and runs only (distance 1).  Several times faster than zlib on map
 * images, files somewhat larger.
 */
#define CB_PNG_LEVEL_FAST_RLE (-1)

/* The largest width or height PNG can store. */
#define CB_PNG_MAX_DIMENSION 0x7fffffffu

CbPngEncoder *cb_png_encoder_new        (guint            width,
                                         guint            height,
                                         CbPngWriteFunc   write_func,
                                         gpointer         user_data,
                                         GError         **error);
/*
 * Tuning, before the first row: zlib @level (0-9, or
 * CB_PNG_LEVEL_FAST_RLE for our own coder) and @strategy (Z_RLE...; zlib
 * only), the row @filter and the number of compression threads (0 = one
 * per processor, at most 4).  The defaults (CB_PNG_LEVEL_FAST_RLE, UP, 0)
 * were the fastest on map images; bench/png-tuning.c measures them all.
 */
void          cb_png_encoder_set_compression (CbPngEncoder *self,
                                              int           level,
                                              int           strategy,
                                              CbPngFilter   filter,
                                              guint         n_threads);
/* Physical resolution stored in a pHYs chunk (0 = none). */
void          cb_png_encoder_set_dpi    (CbPngEncoder    *self,
                                         double           dpi);
/* A UTF-8 text chunk (iTXt), e.g. "Title", "Source", "Software". */
void          cb_png_encoder_add_text   (CbPngEncoder    *self,
                                         const char      *keyword,
                                         const char      *text);

/*
 * Appends @n_rows rows of cairo ARGB32 pixels (native endian,
 * premultiplied) starting at @data, @stride bytes apart.  Fails when more
 * rows arrive than the height, or when writing fails.
 */
gboolean      cb_png_encoder_write_rows (CbPngEncoder    *self,
                                         const guint8    *data,
                                         gsize            stride,
                                         guint            n_rows,
                                         GError         **error);
/* Writes the rest once all rows are in; fails if rows are missing. */
gboolean      cb_png_encoder_finish     (CbPngEncoder    *self,
                                         GError         **error);
void          cb_png_encoder_free       (CbPngEncoder    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbPngEncoder, cb_png_encoder_free)

G_END_DECLS
