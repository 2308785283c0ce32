/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-png-encoder.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cb-error.h"

/* Bytes per pixel of the RGB output. */
#define BPP 3
/* Raw bytes per segment: big enough that the per-segment restart of the
 * deflate dictionary costs nothing measurable, small enough that a few in
 * flight stay a few tens of MiB even for 32767-pixel rows. */
#define SEGMENT_TARGET_BYTES (4u * 1024 * 1024)
/* Chunks may hold up to 2^31-1 bytes; keep IDATs well below. */
#define MAX_CHUNK_BYTES (1u << 30)

typedef struct
{
  CbPngEncoder *encoder;
  /* (n_rows + 1) RGB rows: the row above the segment, then its rows. */
  guint8       *raw;
  guint         n_rows;
  gboolean      last;

  /* Results, written by the worker. */
  guint8       *out;
  gsize         out_len;
  uLong         adler;
  gsize         filtered_len;
  gboolean      failed;
  gboolean      done;
} Segment;

struct _CbPngEncoder
{
  guint          width;
  guint          height;
  gsize          row_bytes;     /* RGB bytes in a row, without the filter byte */
  CbPngWriteFunc write_func;
  gpointer       user_data;

  int            level;
  int            strategy;
  CbPngFilter    filter;
  guint          n_threads;
  double         dpi;
  GPtrArray     *texts;         /* keyword, text, keyword, text... */

  gboolean       header_written;
  guint          rows_in;
  guint          segment_rows;
  Segment       *filling;       /* the segment receiving rows */
  GQueue         pending;       /* submitted segments, in image order */
  GThreadPool   *pool;
  GMutex         lock;
  GCond          cond;
  uLong          adler;
  gboolean       failed;
};

static void
put_u32 (guint8 *p,
         guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
set_write_failed (CbPngEncoder  *self,
                  GError       **error,
                  const char    *reason)
{
  self->failed = TRUE;
  g_set_error (error, CB_ERROR, CB_ERROR_FAILED, _("PNG encoding failed: %s"), reason);
}

static gboolean
write_chunk (CbPngEncoder  *self,
             const char    *type,
             const guint8  *data,
             gsize          size,
             GError       **error)
{
  guint8 head[8];
  guint8 tail[4];
  uLong crc;

  g_assert (size <= MAX_CHUNK_BYTES);

  put_u32 (head, (guint32) size);
  memcpy (head + 4, type, 4);
  crc = crc32 (0, head + 4, 4);
  if (size > 0)
    crc = crc32 (crc, data, (uInt) size);
  put_u32 (tail, (guint32) crc);

  if (!self->write_func (head, sizeof head, self->user_data, error) ||
      (size > 0 && !self->write_func (data, size, self->user_data, error)) ||
      !self->write_func (tail, sizeof tail, self->user_data, error))
    {
      self->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_header (CbPngEncoder  *self,
              GError       **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13];

  if (self->header_written)
    return TRUE;
  self->header_written = TRUE;

  if (!self->write_func (signature, sizeof signature, self->user_data, error))
    {
      self->failed = TRUE;
      return FALSE;
    }

  put_u32 (ihdr, self->width);
  put_u32 (ihdr + 4, self->height);
  ihdr[8] = 8;   /* bit depth */
  ihdr[9] = 2;   /* colour type: RGB */
  ihdr[10] = 0;  /* deflate */
  ihdr[11] = 0;  /* adaptive filtering, per row */
  ihdr[12] = 0;  /* no interlace */
  if (!write_chunk (self, "IHDR", ihdr, sizeof ihdr, error))
    return FALSE;

  if (self->dpi > 0)
    {
      guint8 phys[9];
      guint32 per_metre = (guint32) (self->dpi / 0.0254 + 0.5);

      put_u32 (phys, per_metre);
      put_u32 (phys + 4, per_metre);
      phys[8] = 1; /* unit: metre */
      if (!write_chunk (self, "pHYs", phys, sizeof phys, error))
        return FALSE;
    }

  for (guint i = 0; i + 1 < self->texts->len; i += 2)
    {
      const char *keyword = g_ptr_array_index (self->texts, i);
      const char *text = g_ptr_array_index (self->texts, i + 1);
      g_autoptr(GByteArray) itxt = g_byte_array_new ();
      /* keyword NUL, uncompressed, method 0, empty language NUL, empty
       * translated keyword NUL, text */
      static const guint8 middle[] = { 0, 0, 0, 0, 0 };

      g_byte_array_append (itxt, (const guint8 *) keyword, strlen (keyword));
      g_byte_array_append (itxt, middle, sizeof middle);
      g_byte_array_append (itxt, (const guint8 *) text, strlen (text));
      if (!write_chunk (self, "iTXt", itxt->data, itxt->len, error))
        return FALSE;
    }

  return TRUE;
}

static inline guint8
paeth (guint8 a,
       guint8 b,
       guint8 c)
{
  int p = (int) a + b - c;
  int pa = abs (p - a);
  int pb = abs (p - b);
  int pc = abs (p - c);

  if (pa <= pb && pa <= pc)
    return a;
  if (pb <= pc)
    return b;
  return c;
}

static void
filter_row (CbPngFilter   filter,
            const guint8 *row,
            const guint8 *above,
            guint8       *out,
            gsize         n)
{
  gsize i;

  switch (filter)
    {
    case CB_PNG_FILTER_NONE:
    case CB_PNG_FILTER_ADAPTIVE:
      memcpy (out, row, n);
      break;

    case CB_PNG_FILTER_SUB:
      memcpy (out, row, BPP);
      for (i = BPP; i < n; i++)
        out[i] = row[i] - row[i - BPP];
      break;

    case CB_PNG_FILTER_UP:
      for (i = 0; i < n; i++)
        out[i] = row[i] - above[i];
      break;

    case CB_PNG_FILTER_PAETH:
      for (i = 0; i < BPP; i++)
        out[i] = row[i] - above[i];
      for (i = BPP; i < n; i++)
        out[i] = row[i] - paeth (row[i - BPP], above[i], above[i - BPP]);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The usual heuristic: smallest sum of the bytes read as signed. */
static guint64
row_cost (const guint8 *out,
          gsize         n)
{
  guint64 sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (guint64) abs ((gint8) out[i]);
  return sum;
}

static void
filter_segment (CbPngEncoder *self,
                Segment      *segment,
                guint8       *filtered)
{
  gsize n = self->row_bytes;
  g_autofree guint8 *scratch = NULL;

  if (self->filter == CB_PNG_FILTER_ADAPTIVE)
    scratch = g_malloc (n);

  for (guint r = 0; r < segment->n_rows; r++)
    {
      const guint8 *above = segment->raw + r * n;
      const guint8 *row = above + n;
      guint8 *out = filtered + r * (n + 1);

      if (self->filter != CB_PNG_FILTER_ADAPTIVE)
        {
          out[0] = self->filter;
          filter_row (self->filter, row, above, out + 1, n);
          continue;
        }

      {
        static const CbPngFilter candidates[] = {
          CB_PNG_FILTER_SUB, CB_PNG_FILTER_UP, CB_PNG_FILTER_PAETH,
        };
        guint64 best_cost;

        out[0] = CB_PNG_FILTER_NONE;
        filter_row (CB_PNG_FILTER_NONE, row, above, out + 1, n);
        best_cost = row_cost (out + 1, n);
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          {
            guint64 cost;

            filter_row (candidates[c], row, above, scratch, n);
            cost = row_cost (scratch, n);
            if (cost < best_cost)
              {
                best_cost = cost;
                out[0] = candidates[c];
                memcpy (out + 1, scratch, n);
              }
          }
      }
    }
}

static void
compress_segment (gpointer data,
                  gpointer user_data)
{
  Segment *segment = data;
  CbPngEncoder *self = segment->encoder;
  g_autofree guint8 *filtered = NULL;
  z_stream zs = { 0 };
  gsize capacity;
  int status;

  segment->filtered_len = segment->n_rows * (self->row_bytes + 1);
  filtered = g_malloc (segment->filtered_len);
  filter_segment (self, segment, filtered);
  g_clear_pointer (&segment->raw, g_free);

  segment->adler = adler32 (adler32 (0, NULL, 0), filtered, (uInt) segment->filtered_len);

  /* Raw deflate: the zlib header and trailer are written once, around all
   * segments. */
  if (deflateInit2 (&zs, self->level, Z_DEFLATED, -15, 9, self->strategy) != Z_OK)
    {
      segment->failed = TRUE;
      goto out;
    }

  capacity = deflateBound (&zs, segment->filtered_len) + 64;
  segment->out = g_malloc (capacity);
  zs.next_in = filtered;
  zs.avail_in = (uInt) segment->filtered_len;
  zs.next_out = segment->out;
  zs.avail_out = (uInt) capacity;

  do
    {
      if (zs.avail_out == 0)
        {
          gsize used = capacity;

          capacity *= 2;
          segment->out = g_realloc (segment->out, capacity);
          zs.next_out = segment->out + used;
          zs.avail_out = (uInt) (capacity - used);
        }
      status = deflate (&zs, segment->last ? Z_FINISH : Z_SYNC_FLUSH);
    }
  while (status == Z_OK && (zs.avail_out == 0 || (segment->last && status != Z_STREAM_END)));

  if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
    segment->failed = TRUE;
  segment->out_len = capacity - zs.avail_out;
  deflateEnd (&zs);

out:
  if (self->pool != NULL)
    {
      g_mutex_lock (&self->lock);
      segment->done = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  else
    segment->done = TRUE;
}

static void
segment_free (Segment *segment)
{
  g_free (segment->raw);
  g_free (segment->out);
  g_free (segment);
}

static Segment *
segment_new (CbPngEncoder *self,
             const guint8 *row_above)
{
  Segment *segment = g_new0 (Segment, 1);

  segment->encoder = self;
  segment->raw = g_malloc ((self->segment_rows + 1) * self->row_bytes);
  if (row_above != NULL)
    memcpy (segment->raw, row_above, self->row_bytes);
  else
    memset (segment->raw, 0, self->row_bytes);
  return segment;
}

/* Writes the oldest segment once it is done. */
static gboolean
flush_head (CbPngEncoder  *self,
            GError       **error)
{
  Segment *segment = g_queue_peek_head (&self->pending);
  gboolean ok = TRUE;

  if (self->pool != NULL)
    {
      g_mutex_lock (&self->lock);
      while (!segment->done)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);
    }
  g_queue_pop_head (&self->pending);

  if (segment->failed)
    {
      set_write_failed (self, error, _("out of memory"));
      ok = FALSE;
    }
  else
    {
      self->adler = adler32_combine (self->adler, segment->adler, (z_off_t) segment->filtered_len);
      for (gsize offset = 0; ok && offset < segment->out_len; offset += MAX_CHUNK_BYTES)
        ok = write_chunk (self, "IDAT", segment->out + offset,
                          MIN (MAX_CHUNK_BYTES, segment->out_len - offset), error);
    }

  segment_free (segment);
  return ok;
}

static gboolean
submit_filling (CbPngEncoder  *self,
                GError       **error)
{
  Segment *segment = g_steal_pointer (&self->filling);
  guint max_pending = self->pool != NULL ? self->n_threads + 1 : 0;

  segment->last = self->rows_in == self->height;
  g_queue_push_tail (&self->pending, segment);

  if (self->pool != NULL)
    g_thread_pool_push (self->pool, segment, NULL);
  else
    compress_segment (segment, NULL);

  /* Bound memory: never more than a few segments in flight. */
  while (self->pending.length > max_pending)
    if (!flush_head (self, error))
      return FALSE;

  return TRUE;
}

CbPngEncoder *
cb_png_encoder_new (guint            width,
                    guint            height,
                    CbPngWriteFunc   write_func,
                    gpointer         user_data,
                    GError         **error)
{
  CbPngEncoder *self;

  g_return_val_if_fail (write_func != NULL, NULL);

  if (width == 0 || height == 0 ||
      width > CB_PNG_MAX_DIMENSION || height > CB_PNG_MAX_DIMENSION)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                   _("A PNG image cannot be %u × %u pixels"), width, height);
      return NULL;
    }

  self = g_new0 (CbPngEncoder, 1);
  self->width = width;
  self->height = height;
  self->row_bytes = (gsize) width * BPP;
  self->write_func = write_func;
  self->user_data = user_data;
  self->level = 1;
  self->strategy = Z_RLE;
  self->filter = CB_PNG_FILTER_SUB;
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->adler = adler32 (0, NULL, 0);
  self->segment_rows = CLAMP (SEGMENT_TARGET_BYTES / self->row_bytes, 8, 4096);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->pending);

  return self;
}

void
cb_png_encoder_set_compression (CbPngEncoder *self,
                                int           level,
                                int           strategy,
                                CbPngFilter   filter,
                                guint         n_threads)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->header_written);
  g_return_if_fail (level >= 0 && level <= 9);

  self->level = level;
  self->strategy = strategy;
  self->filter = filter;
  self->n_threads = n_threads;
}

void
cb_png_encoder_set_dpi (CbPngEncoder *self,
                        double        dpi)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->header_written);

  self->dpi = dpi;
}

void
cb_png_encoder_add_text (CbPngEncoder *self,
                         const char   *keyword,
                         const char   *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->header_written);
  /* PNG keywords are 1-79 Latin-1 characters. */
  g_return_if_fail (keyword != NULL && *keyword != '\0' && strlen (keyword) < 80);
  g_return_if_fail (text != NULL && g_utf8_validate (text, -1, NULL));

  g_ptr_array_add (self->texts, g_strdup (keyword));
  g_ptr_array_add (self->texts, g_strdup (text));
}

static gboolean
start (CbPngEncoder  *self,
       GError       **error)
{
  static const guint8 zlib_header[2] = { 0x78, 0x01 };

  if (self->header_written)
    return TRUE;

  if (!write_header (self, error))
    return FALSE;

  if (self->n_threads == 0)
    self->n_threads = CLAMP (g_get_num_processors (), 1, 4);
  if (self->n_threads > 1)
    self->pool = g_thread_pool_new (compress_segment, NULL, self->n_threads, FALSE, NULL);

  /* The two-byte zlib header goes in a small IDAT of its own: IDAT chunks
   * only need to be consecutive, their boundaries mean nothing. */
  return write_chunk (self, "IDAT", zlib_header, sizeof zlib_header, error);
}

static inline void
unpremultiply_row (const guint32 *src,
                   guint8        *dst,
                   guint          width)
{
  for (guint x = 0; x < width; x++, dst += BPP)
    {
      guint32 p = src[x];
      guint a = p >> 24;
      guint r = (p >> 16) & 0xff;
      guint g = (p >> 8) & 0xff;
      guint b = p & 0xff;

      if (G_UNLIKELY (a != 0xff))
        {
          if (a == 0)
            r = g = b = 0;
          else
            {
              r = (r * 255 + a / 2) / a;
              g = (g * 255 + a / 2) / a;
              b = (b * 255 + a / 2) / a;
            }
        }
      dst[0] = r;
      dst[1] = g;
      dst[2] = b;
    }
}

gboolean
cb_png_encoder_write_rows (CbPngEncoder  *self,
                           const guint8  *data,
                           gsize          stride,
                           guint          n_rows,
                           GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || n_rows == 0, FALSE);

  if (self->failed)
    {
      set_write_failed (self, error, _("an earlier write failed"));
      return FALSE;
    }
  if (n_rows > self->height - self->rows_in)
    {
      set_write_failed (self, error, _("more rows than the image height"));
      return FALSE;
    }
  if (!start (self, error))
    return FALSE;

  for (guint r = 0; r < n_rows; r++)
    {
      guint8 *dst;

      /* Only the first row finds no segment: later ones are created as
       * the previous one is submitted. */
      if (self->filling == NULL)
        self->filling = segment_new (self, NULL);

      dst = self->filling->raw + (self->filling->n_rows + 1) * self->row_bytes;
      unpremultiply_row ((const guint32 *) (gconstpointer) (data + r * stride), dst, self->width);
      self->filling->n_rows++;
      self->rows_in++;

      if (self->filling->n_rows == self->segment_rows || self->rows_in == self->height)
        {
          /* Hand the next segment its row above before this one leaves. */
          g_autofree guint8 *last_row = g_memdup2 (dst, self->row_bytes);

          if (!submit_filling (self, error))
            return FALSE;
          if (self->rows_in < self->height)
            self->filling = segment_new (self, last_row);
        }
    }

  return TRUE;
}

gboolean
cb_png_encoder_finish (CbPngEncoder  *self,
                       GError       **error)
{
  guint8 trailer[4];

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->failed)
    {
      set_write_failed (self, error, _("an earlier write failed"));
      return FALSE;
    }
  if (self->rows_in != self->height)
    {
      set_write_failed (self, error, _("fewer rows than the image height"));
      return FALSE;
    }

  while (self->pending.length > 0)
    if (!flush_head (self, error))
      return FALSE;

  put_u32 (trailer, (guint32) self->adler);
  return write_chunk (self, "IDAT", trailer, sizeof trailer, error) &&
         write_chunk (self, "IEND", NULL, 0, error);
}

void
cb_png_encoder_free (CbPngEncoder *self)
{
  if (self == NULL)
    return;

  /* Let running workers finish before their segments go. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_queue_clear_full (&self->pending, (GDestroyNotify) segment_free);
  g_clear_pointer (&self->filling, segment_free);
  g_ptr_array_unref (self->texts);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
