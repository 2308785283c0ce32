/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-apng.h"

#include <glib/gi18n.h>
#include <string.h>
#include <zlib.h>

#include "cb-atomic-file.h"
#include "cb-error.h"

struct _CbApng
{
  CbAtomicFile *file;
  char *display;
  guint width;
  guint height;
  guint n_frames;
  guint frames_written;
  guint32 sequence;   /* of fcTL and fdAT chunks */
  guint8 *rows;       /* one frame as PNG scanlines: filter byte + RGBA */
};

static void
put_u32 (guint8  *p,
         guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static gboolean
write_chunk (CbApng        *self,
             const char    *type,
             const guint8  *data,
             gsize          size,
             GError       **error)
{
  guint8 head[8], tail[4];
  uLong crc;

  put_u32 (head, size);
  memcpy (head + 4, type, 4);
  crc = crc32 (0, head + 4, 4);
  if (size > 0)
    crc = crc32 (crc, data, (uInt) size);
  put_u32 (tail, crc);
  return cb_atomic_file_write (self->file, head, 8, error) &&
         (size == 0 || cb_atomic_file_write (self->file, data, size, error)) &&
         cb_atomic_file_write (self->file, tail, 4, error);
}

CbApng *
cb_apng_new (const char  *path,
             guint        width,
             guint        height,
             guint        n_frames,
             GError     **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(CbApng) self = NULL;
  guint8 ihdr[13], actl[8];

  g_return_val_if_fail (path != NULL, NULL);

  if (width == 0 || height == 0 || width > 32767 || height > 32767 || n_frames == 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("%s: an animation needs frames of 1 to 32767 pixels a side"), display);
      return NULL;
    }

  self = g_new0 (CbApng, 1);
  self->display = g_filename_display_name (path);
  self->width = width;
  self->height = height;
  self->n_frames = n_frames;
  self->file = cb_atomic_file_new (path, error);
  if (self->file == NULL)
    return NULL;
  self->rows = g_try_malloc ((gsize) height * (1 + 4 * (gsize) width));
  if (self->rows == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE, _("%s: not enough memory for a frame"),
                   self->display);
      return NULL;
    }

  put_u32 (ihdr, width);
  put_u32 (ihdr + 4, height);
  ihdr[8] = 8;      /* bits per channel */
  ihdr[9] = 6;      /* RGBA */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  put_u32 (actl, n_frames);
  put_u32 (actl + 4, 0);   /* loop for ever */
  if (!cb_atomic_file_write (self->file, signature, sizeof signature, error) ||
      !write_chunk (self, "IHDR", ihdr, sizeof ihdr, error) ||
      !write_chunk (self, "acTL", actl, sizeof actl, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
cb_apng_add_frame (CbApng           *self,
                   cairo_surface_t  *image,
                   guint             delay_ms,
                   GError          **error)
{
  guint8 fctl[26];
  g_autofree guint8 *compressed = NULL;
  uLongf compressed_size;
  gsize row_bytes = 1 + 4 * (gsize) self->width;
  const guint8 *pixels;
  int stride;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32, FALSE);
  g_return_val_if_fail ((guint) cairo_image_surface_get_width (image) == self->width &&
                        (guint) cairo_image_surface_get_height (image) == self->height, FALSE);
  g_return_val_if_fail (self->frames_written < self->n_frames, FALSE);

  /* cairo's premultiplied native-endian ARGB to straight RGBA rows. */
  cairo_surface_flush (image);
  pixels = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (guint y = 0; y < self->height; y++)
    {
      const guint32 *src = (const guint32 *) (gconstpointer) (pixels + (gsize) y * stride);
      guint8 *dst = self->rows + y * row_bytes;

      *dst++ = 0;   /* filter: none */
      for (guint x = 0; x < self->width; x++)
        {
          guint32 p = src[x];
          guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

          if (a != 0 && a != 255)
            {
              r = r * 255 / a;
              g = g * 255 / a;
              b = b * 255 / a;
            }
          *dst++ = r;
          *dst++ = g;
          *dst++ = b;
          *dst++ = a;
        }
    }

  compressed_size = compressBound (row_bytes * self->height);
  compressed = g_try_malloc (4 + compressed_size);
  if (compressed == NULL ||
      compress2 (compressed + 4, &compressed_size, self->rows, row_bytes * self->height, 6) != Z_OK)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_IO, _("%s: the frame could not be compressed"),
                   self->display);
      return FALSE;
    }

  put_u32 (fctl, self->sequence++);
  put_u32 (fctl + 4, self->width);
  put_u32 (fctl + 8, self->height);
  put_u32 (fctl + 12, 0);
  put_u32 (fctl + 16, 0);
  /* The delay as a fraction of a second: milliseconds over 1000. */
  fctl[20] = MIN (delay_ms, 65535) >> 8;
  fctl[21] = MIN (delay_ms, 65535) & 0xff;
  fctl[22] = 1000 >> 8;
  fctl[23] = 1000 & 0xff;
  fctl[24] = 0;   /* dispose: none */
  fctl[25] = 0;   /* blend: source */
  if (!write_chunk (self, "fcTL", fctl, sizeof fctl, error))
    return FALSE;

  /* The first frame is the image a plain PNG viewer shows (IDAT); the
   * others are fdAT: the same data after a sequence number. */
  if (self->frames_written == 0)
    {
      if (!write_chunk (self, "IDAT", compressed + 4, compressed_size, error))
        return FALSE;
    }
  else
    {
      put_u32 (compressed, self->sequence++);
      if (!write_chunk (self, "fdAT", compressed, compressed_size + 4, error))
        return FALSE;
    }
  self->frames_written++;
  return TRUE;
}

gboolean
cb_apng_finish (CbApng  *self,
                GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->frames_written != self->n_frames)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("%s: %u of %u frames were drawn"), self->display,
                   self->frames_written, self->n_frames);
      return FALSE;
    }
  return write_chunk (self, "IEND", NULL, 0, error) &&
         cb_atomic_file_commit (self->file, error);
}

void
cb_apng_free (CbApng *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->file, cb_atomic_file_free);
  g_free (self->rows);
  g_free (self->display);
  g_free (self);
}
