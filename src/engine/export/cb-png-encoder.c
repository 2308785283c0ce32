/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-png-encoder.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

#include "cb-error.h"

/* Bytes per pixel of the RGB output. */
#define BPP 3
/* Filtered bytes per segment: big enough that restarting the deflate
 * dictionary per segment costs nothing measurable, small enough that the
 * few in flight stay a few tens of MiB even for 32767-pixel rows. */
#define SEGMENT_TARGET_BYTES (2u * 1024 * 1024)
#define HUGE_PAGE (2u * 1024 * 1024)
/* Chunks may hold up to 2^31-1 bytes; keep IDATs well below. */
#define MAX_CHUNK_BYTES (1u << 30)

/* Reusable buffers of one segment: fresh memory costs a page fault per
 * 4 KiB, which measured as a quarter of the encoding time. */
typedef struct
{
  guint8 *filtered;
  guint8 *out;
  gsize   out_capacity;
  guint8 *rows;                 /* two RGB rows: the one above and the current */
} Buffers;

typedef struct
{
  CbPngEncoder  *encoder;
  /* Input: caller's ARGB rows, valid until write_rows returns. */
  const guint8  *argb;
  gsize          stride;
  guint          n_rows;
  /* The row above the first one: caller's ARGB, or our RGB copy, or none. */
  const guint8  *argb_above;
  const guint8  *rgb_above;
  gboolean       last;
  Buffers       *buffers;

  /* Results, written by the worker. */
  gsize          out_len;
  uLong          adler;
  gsize          filtered_len;
  gboolean       failed;
  gboolean       done;
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
  guint8        *last_row;      /* RGB copy of the last row written so far */
  GQueue         pending;       /* submitted segments, in image order */
  GPtrArray     *spare;         /* Buffers to reuse */
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

static inline guint64
load64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return v;
}

static inline void
store64 (guint8  *p,
         guint64  v)
{
  memcpy (p, &v, 8);
}

/* Eight byte-wise subtractions modulo 256 at once (no borrow between
 * bytes): the filters are a tenth of the encoding time byte by byte. */
static inline guint64
sub_bytes (guint64 a,
           guint64 b)
{
  const guint64 high = 0x8080808080808080ull;

  return ((a | high) - (b & ~high)) ^ ((a ^ ~b) & high);
}

/* restrict: the rows never overlap. */
static void
filter_row (CbPngFilter                 filter,
            const guint8 * restrict   row,
            const guint8 * restrict   above,
            guint8 * restrict         out,
            gsize                       n)
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
      for (i = BPP; i + 8 <= n; i += 8)
        store64 (out + i, sub_bytes (load64 (row + i), load64 (row + i - BPP)));
      for (; i < n; i++)
        out[i] = row[i] - row[i - BPP];
      break;

    case CB_PNG_FILTER_UP:
      for (i = 0; i + 8 <= n; i += 8)
        store64 (out + i, sub_bytes (load64 (row + i), load64 (above + i)));
      for (; i < n; i++)
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
filter_adaptive (const guint8 *row,
                 const guint8 *above,
                 guint8       *out,
                 guint8       *scratch,
                 gsize         n)
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

/* Cairo's premultiplied native-endian ARGB32 to straight RGB bytes. */
static void
unpremultiply_row (const guint32 * restrict src,
                   guint8 * restrict        dst,
                   guint                      width)
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

/* Converts and filters a segment's rows into buffers->filtered. */
static void
filter_segment (CbPngEncoder *self,
                Segment      *segment)
{
  gsize n = self->row_bytes;
  guint8 *above = segment->buffers->rows;
  guint8 *current = above + n;
  g_autofree guint8 *scratch = NULL;

  if (self->filter == CB_PNG_FILTER_ADAPTIVE)
    scratch = g_malloc (n);

  if (segment->argb_above != NULL)
    unpremultiply_row ((const guint32 *) (gconstpointer) segment->argb_above, above, self->width);
  else if (segment->rgb_above != NULL)
    memcpy (above, segment->rgb_above, n);
  else
    memset (above, 0, n);

  for (guint r = 0; r < segment->n_rows; r++)
    {
      guint8 *out = segment->buffers->filtered + r * (n + 1);
      guint8 *swap;

      unpremultiply_row ((const guint32 *) (gconstpointer) (segment->argb + r * segment->stride),
                         current, self->width);
      if (self->filter == CB_PNG_FILTER_ADAPTIVE)
        filter_adaptive (current, above, out, scratch, n);
      else
        {
          out[0] = self->filter;
          filter_row (self->filter, current, above, out + 1, n);
        }

      swap = above;
      above = current;
      current = swap;
    }
}

/*
 * The fast coder: deflate with the fixed Huffman codes and matches at
 * distance 1 only, i.e. run-length coding of the filtered bytes.  After the
 * Sub filter a map's flat areas are long runs of zeros, which is nearly all
 * zlib's Z_RLE finds there too; what this gives up is zlib's per-block
 * Huffman tables (files somewhat larger), for a coder that is a single
 * branch-light pass.
 */
typedef struct
{
  guint8  *out;
  guint64  acc;
  int      n_bits;
} BitWriter;

static inline void
put_bits (BitWriter *w,
          guint32    bits,
          int        count)
{
  w->acc |= (guint64) bits << w->n_bits;
  w->n_bits += count;
  if (w->n_bits >= 32)
    {
      guint32 word = GUINT32_TO_LE ((guint32) w->acc);

      memcpy (w->out, &word, 4);
      w->out += 4;
      w->acc >>= 32;
      w->n_bits -= 32;
    }
}

static void
align_to_byte (BitWriter *w)
{
  while (w->n_bits > 0)
    {
      *w->out++ = (guint8) w->acc;
      w->acc >>= 8;
      w->n_bits = MAX (w->n_bits - 8, 0);
    }
  w->acc = 0;
}

typedef struct
{
  guint32 literal_bits[256];
  guint8  literal_count[256];
  /* Length code and its extra bits, then the 5-bit distance code 0
   * (distance 1), which is all zeros. */
  guint32 match_bits[259];
  guint8  match_count[259];
} FixedCodes;

static guint32
reverse_bits (guint32 code,
              int     length)
{
  guint32 reversed = 0;

  for (int i = 0; i < length; i++)
    reversed |= ((code >> i) & 1) << (length - 1 - i);
  return reversed;
}

static void
fixed_symbol (int      symbol,
              guint32 *bits,
              int     *count)
{
  if (symbol < 144)
    *bits = reverse_bits (0x30 + symbol, *count = 8);
  else if (symbol < 256)
    *bits = reverse_bits (0x190 + symbol - 144, *count = 9);
  else if (symbol < 280)
    *bits = reverse_bits (symbol - 256, *count = 7);
  else
    *bits = reverse_bits (0xc0 + symbol - 280, *count = 8);
}

static const FixedCodes *
fixed_codes (void)
{
  static const guint16 base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
  static const guint8 extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
  static FixedCodes codes;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (int v = 0; v < 256; v++)
        {
          int count;

          fixed_symbol (v, &codes.literal_bits[v], &count);
          codes.literal_count[v] = count;
        }
      for (int length = 3; length <= 258; length++)
        {
          int k = length == 258 ? 28 : 0;
          guint32 bits;
          int count;

          if (length < 258)
            while (k + 1 < 28 && base[k + 1] <= length)
              k++;
          fixed_symbol (257 + k, &bits, &count);
          codes.match_bits[length] = bits | ((guint32) (length - base[k]) << count);
          codes.match_count[length] = count + extra[k] + 5;
        }
      g_once_init_leave (&initialised, 1);
    }
  return &codes;
}

static gsize
run_length (const guint8 *data,
            gsize         start,
            gsize         n)
{
  guint64 pattern = 0x0101010101010101ull * data[start];
  gsize i = start + 1;

  while (i + 8 <= n)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      word ^= pattern;
      if (word != 0)
        return i - start + (gsize) (G_BYTE_ORDER == G_LITTLE_ENDIAN ? __builtin_ctzll (word)
                                                                      : __builtin_clzll (word)) / 8;
      i += 8;
    }
  while (i < n && data[i] == data[start])
    i++;
  return i - start;
}

static gsize
fast_rle_deflate (const guint8 *data,
                  gsize         n,
                  gboolean      last,
                  guint8       *out)
{
  const FixedCodes *codes = fixed_codes ();
  BitWriter w = { out, 0, 0 };

  /* BFINAL, then BTYPE 01: fixed Huffman codes. */
  put_bits (&w, (last ? 1 : 0) | (1 << 1), 3);

  for (gsize i = 0; i < n;)
    {
      guint8 value = data[i];
      gsize run = run_length (data, i, n);
      gsize left = run - 1;

      put_bits (&w, codes->literal_bits[value], codes->literal_count[value]);
      while (left >= 3)
        {
          gsize length = MIN (left, 258);

          put_bits (&w, codes->match_bits[length], codes->match_count[length]);
          left -= length;
        }
      while (left-- > 0)
        put_bits (&w, codes->literal_bits[value], codes->literal_count[value]);
      i += run;
    }

  /* End of block (symbol 256: seven zero bits). */
  put_bits (&w, 0, 7);
  if (!last)
    {
      /* An empty stored block brings the stream to a byte boundary, as
       * zlib's Z_SYNC_FLUSH does, so segments can be joined. */
      put_bits (&w, 0, 3);
      align_to_byte (&w);
      memcpy (w.out, "\x00\x00\xff\xff", 4);
      w.out += 4;
    }
  else
    align_to_byte (&w);

  return (gsize) (w.out - out);
}

static void
compress_segment (gpointer data,
                  gpointer user_data)
{
  Segment *segment = data;
  CbPngEncoder *self = segment->encoder;
  Buffers *buffers = segment->buffers;
  z_stream zs = { 0 };
  int status;

  segment->filtered_len = segment->n_rows * (self->row_bytes + 1);
  filter_segment (self, segment);
  segment->adler = adler32 (adler32 (0, NULL, 0), buffers->filtered, (uInt) segment->filtered_len);

  if (self->level == CB_PNG_LEVEL_FAST_RLE)
    {
      segment->out_len = fast_rle_deflate (buffers->filtered, segment->filtered_len,
                                           segment->last, buffers->out);
      goto out;
    }

  /* Raw deflate: the zlib header and trailer are written once, around all
   * segments. */
  if (deflateInit2 (&zs, self->level, Z_DEFLATED, -15, 9, self->strategy) != Z_OK)
    {
      segment->failed = TRUE;
      goto out;
    }

  zs.next_in = buffers->filtered;
  zs.avail_in = (uInt) segment->filtered_len;
  zs.next_out = buffers->out;
  zs.avail_out = (uInt) buffers->out_capacity;
  /* The output buffer holds deflateBound() bytes and more: one call does. */
  status = deflate (&zs, segment->last ? Z_FINISH : Z_SYNC_FLUSH);
  if ((segment->last && status != Z_STREAM_END) || (!segment->last && status != Z_OK) ||
      zs.avail_in != 0)
    segment->failed = TRUE;
  segment->out_len = buffers->out_capacity - zs.avail_out;
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

/* Large buffers in huge pages where the kernel offers them: fewer page
 * faults, which are slow on virtual machines.  Freed with free(). */
static guint8 *
alloc_large (gsize size)
{
  void *p = NULL;

  if (size < HUGE_PAGE || posix_memalign (&p, HUGE_PAGE, size) != 0)
    return g_malloc (size);  /* g_malloc is malloc since GLib 2.46 */
#ifdef MADV_HUGEPAGE
  madvise (p, size, MADV_HUGEPAGE);
#endif
  return p;
}

static void
buffers_free (Buffers *buffers)
{
  free (buffers->filtered);
  free (buffers->out);
  g_free (buffers->rows);
  g_free (buffers);
}

static Buffers *
take_buffers (CbPngEncoder *self)
{
  Buffers *buffers;
  gsize filtered_capacity = (gsize) self->segment_rows * (self->row_bytes + 1);

  if (self->spare->len > 0)
    return g_ptr_array_steal_index_fast (self->spare, self->spare->len - 1);

  buffers = g_new0 (Buffers, 1);
  buffers->filtered = alloc_large (filtered_capacity);
  /* Enough for either coder: zlib's bound, or 9 bits a byte for ours. */
  buffers->out_capacity = MAX (compressBound ((uLong) filtered_capacity) + 64,
                               (filtered_capacity * 9 + 7) / 8 + 64);
  buffers->out = alloc_large (buffers->out_capacity);
  buffers->rows = g_malloc (2 * self->row_bytes);
  return buffers;
}

static void
segment_free (Segment *segment)
{
  if (segment->buffers != NULL)
    buffers_free (segment->buffers);
  g_free (segment);
}

/* Writes the oldest segment once it is done (or only waits for it, after
 * a failure), and keeps its buffers. */
static gboolean
flush_head (CbPngEncoder  *self,
            gboolean       write,
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

  if (!write)
    ok = FALSE;
  else if (segment->failed)
    {
      set_write_failed (self, error, _("compression failed"));
      ok = FALSE;
    }
  else
    {
      self->adler = adler32_combine (self->adler, segment->adler, (z_off_t) segment->filtered_len);
      for (gsize offset = 0; ok && offset < segment->out_len; offset += MAX_CHUNK_BYTES)
        ok = write_chunk (self, "IDAT", segment->buffers->out + offset,
                          MIN (MAX_CHUNK_BYTES, segment->out_len - offset), error);
    }

  g_ptr_array_add (self->spare, g_steal_pointer (&segment->buffers));
  segment_free (segment);
  return ok;
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
  self->level = CB_PNG_LEVEL_FAST_RLE;
  self->strategy = Z_RLE;
  self->filter = CB_PNG_FILTER_UP;
  self->texts = g_ptr_array_new_with_free_func (g_free);
  self->spare = g_ptr_array_new_with_free_func ((GDestroyNotify) buffers_free);
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
  g_return_if_fail (level == CB_PNG_LEVEL_FAST_RLE || (level >= 0 && level <= 9));

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
  self->last_row = g_malloc (self->row_bytes);

  /* The two-byte zlib header goes in a small IDAT of its own: IDAT chunks
   * only need to be consecutive, their boundaries mean nothing. */
  return write_chunk (self, "IDAT", zlib_header, sizeof zlib_header, error);
}

gboolean
cb_png_encoder_write_rows (CbPngEncoder  *self,
                           const guint8  *data,
                           gsize          stride,
                           guint          n_rows,
                           GError       **error)
{
  guint max_pending;
  gboolean ok = TRUE;

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
  if (n_rows == 0)
    return TRUE;
  if (!start (self, error))
    return FALSE;

  /* Workers read the caller's rows directly, so all of them are done
   * before this returns; a few segments in flight bound the memory. */
  max_pending = self->pool != NULL ? self->n_threads + 1 : 0;
  for (guint first = 0; ok && first < n_rows; first += self->segment_rows)
    {
      Segment *segment = g_new0 (Segment, 1);

      segment->encoder = self;
      segment->argb = data + first * stride;
      segment->stride = stride;
      segment->n_rows = MIN (self->segment_rows, n_rows - first);
      if (first > 0)
        segment->argb_above = segment->argb - stride;
      else if (self->rows_in > 0)
        segment->rgb_above = self->last_row;
      segment->last = self->rows_in + first + segment->n_rows == self->height;
      segment->buffers = take_buffers (self);

      g_queue_push_tail (&self->pending, segment);
      if (self->pool != NULL)
        g_thread_pool_push (self->pool, segment, NULL);
      else
        compress_segment (segment, NULL);

      while (ok && self->pending.length > max_pending)
        ok = flush_head (self, TRUE, error);
    }

  /* Even after a failure, wait: workers may still read the caller's rows. */
  while (self->pending.length > 0)
    ok = flush_head (self, ok, error) && ok;
  if (!ok)
    {
      self->failed = TRUE;
      return FALSE;
    }

  /* The next call's first row is filtered against this one. */
  unpremultiply_row ((const guint32 *) (gconstpointer) (data + (n_rows - 1) * stride),
                     self->last_row, self->width);
  self->rows_in += n_rows;
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

  put_u32 (trailer, (guint32) self->adler);
  return write_chunk (self, "IDAT", trailer, sizeof trailer, error) &&
         write_chunk (self, "IEND", NULL, 0, error);
}

void
cb_png_encoder_free (CbPngEncoder *self)
{
  if (self == NULL)
    return;

  /* Nothing is in flight between calls; the pool just stops. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  g_queue_clear_full (&self->pending, (GDestroyNotify) segment_free);
  g_ptr_array_unref (self->spare);
  g_ptr_array_unref (self->texts);
  g_free (self->last_row);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
