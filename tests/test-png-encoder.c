/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "cb-atomic-file.h"
#include "cb-error.h"
#include "cb-png-encoder.h"

/* A map-like picture: flat fills, antialiased strokes, a gradient, and a
 * translucent shape, so every filter path and unpremultiplication run. */
static cairo_surface_t *
draw_sample (int width,
             int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, width, height);

  cairo_set_source_rgb (cr, 0.95, 0.93, 0.88);
  cairo_paint (cr);
  cairo_pattern_add_color_stop_rgb (gradient, 0, 0.2, 0.4, 0.8);
  cairo_pattern_add_color_stop_rgb (gradient, 1, 0.9, 0.3, 0.1);
  cairo_set_source (cr, gradient);
  cairo_rectangle (cr, width * 0.1, height * 0.1, width * 0.3, height * 0.5);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0.1, 0.6, 0.2, 0.5);
  cairo_arc (cr, width * 0.6, height * 0.6, MIN (width, height) * 0.3, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.7, 0.05, 0.1);
  cairo_set_line_width (cr, 3.5);
  cairo_move_to (cr, 0, height);
  cairo_curve_to (cr, width * 0.3, 0, width * 0.7, height, width, 0);
  cairo_stroke (cr);

  cairo_pattern_destroy (gradient);
  cairo_destroy (cr);
  return surface;
}

static gboolean
append_to_bytes (const guint8  *data,
                 gsize          size,
                 gpointer       user_data,
                 GError       **error)
{
  g_byte_array_append (user_data, data, (guint) size);
  return TRUE;
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->size - reader->offset < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static GByteArray *
encode (cairo_surface_t *surface,
        int              level,
        CbPngFilter      filter,
        int              strategy,
        guint            n_threads,
        guint            band_rows)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  gsize stride = cairo_image_surface_get_stride (surface);
  const guint8 *pixels = cairo_image_surface_get_data (surface);
  GByteArray *bytes = g_byte_array_new ();
  g_autoptr(CbPngEncoder) encoder = NULL;
  g_autoptr(GError) error = NULL;

  encoder = cb_png_encoder_new (width, height, append_to_bytes, bytes, &error);
  g_assert_no_error (error);
  cb_png_encoder_set_compression (encoder, level, strategy, filter, n_threads);
  cb_png_encoder_set_dpi (encoder, 300);
  cb_png_encoder_add_text (encoder, "Title", "Treaty of Moscow — 12 July 1920");

  for (int y = 0; y < height; y += band_rows)
    {
      guint n = MIN (band_rows, (guint) (height - y));

      cb_png_encoder_write_rows (encoder, pixels + y * stride, stride, n, &error);
      g_assert_no_error (error);
    }
  cb_png_encoder_finish (encoder, &error);
  g_assert_no_error (error);

  return bytes;
}

/* Our output must decode (through cairo's libpng reader) to the very pixels
 * drawn, after the same unpremultiply/premultiply round trip. */
static void
assert_decodes_to (GByteArray      *png,
                   cairo_surface_t *expected)
{
  Reader reader = { png->data, png->len, 0 };
  cairo_surface_t *decoded = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
  int width = cairo_image_surface_get_width (expected);
  int height = cairo_image_surface_get_height (expected);
  int max_delta = 0;

  g_assert_cmpint (cairo_surface_status (decoded), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (decoded), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (decoded), ==, height);

  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (expected) + y * cairo_image_surface_get_stride (expected));
      const guint32 *b = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (decoded) + y * cairo_image_surface_get_stride (decoded));

      for (int x = 0; x < width; x++)
        for (int shift = 0; shift < 24; shift += 8)
          max_delta = MAX (max_delta, ABS ((int) ((a[x] >> shift) & 0xff) - (int) ((b[x] >> shift) & 0xff)));
    }
  /* The sample is opaque: exact. */
  g_assert_cmpint (max_delta, ==, 0);

  cairo_surface_destroy (decoded);
}

static void
test_round_trip (void)
{
  static const CbPngFilter filters[] = {
    CB_PNG_FILTER_NONE, CB_PNG_FILTER_SUB, CB_PNG_FILTER_UP,
    CB_PNG_FILTER_PAETH, CB_PNG_FILTER_ADAPTIVE,
  };
  /* Tall enough for several segments at this width. */
  cairo_surface_t *surface = draw_sample (1500, 2000);

  cairo_surface_flush (surface);
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (guint threads = 1; threads <= 3; threads += 2)
      for (int level = CB_PNG_LEVEL_FAST_RLE; level <= 1; level += 2)
        {
          g_autoptr(GByteArray) png = encode (surface, level, filters[f], Z_RLE, threads, 97);

          assert_decodes_to (png, surface);
        }

  {
    g_autoptr(GByteArray) png = encode (surface, 1, CB_PNG_FILTER_SUB, Z_DEFAULT_STRATEGY, 2, 2000);

    assert_decodes_to (png, surface);
  }
  cairo_surface_destroy (surface);
}

static void
test_translucent (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 1);
  guint32 *px = (guint32 *) (gpointer) cairo_image_surface_get_data (surface);
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *decoded;
  Reader reader;
  const guint8 *rgb;

  /* Premultiplied: half-transparent pure red is 0x80800000. */
  px[0] = 0xff112233;
  px[1] = 0x80800000;
  px[2] = 0x00000000;
  px[3] = 0x40204000;
  cairo_surface_mark_dirty (surface);

  png = encode (surface, CB_PNG_LEVEL_FAST_RLE, CB_PNG_FILTER_SUB, Z_RLE, 1, 1);
  reader = (Reader) { png->data, png->len, 0 };
  decoded = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
  g_assert_cmpint (cairo_surface_status (decoded), ==, CAIRO_STATUS_SUCCESS);
  rgb = cairo_image_surface_get_data (decoded);
  px = (guint32 *) (gpointer) rgb;
  /* RGB output, so alpha becomes opaque with the straight colour. */
  g_assert_cmphex (px[0], ==, 0xff112233);
  g_assert_cmphex (px[1], ==, 0xffff0000);
  g_assert_cmphex (px[2], ==, 0xff000000);
  g_assert_cmphex (px[3], ==, 0xff80ff00);

  cairo_surface_destroy (decoded);
  cairo_surface_destroy (surface);
}

static void
test_row_count_checked (void)
{
  guint32 row[8] = { 0 };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(CbPngEncoder) encoder = NULL;
  g_autoptr(GError) error = NULL;

  encoder = cb_png_encoder_new (8, 2, append_to_bytes, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (cb_png_encoder_write_rows (encoder, (const guint8 *) row, sizeof row, 1, &error));
  g_assert_false (cb_png_encoder_finish (encoder, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_FAILED);
  g_clear_error (&error);

  g_clear_pointer (&encoder, cb_png_encoder_free);
  encoder = cb_png_encoder_new (0, 5, append_to_bytes, bytes, &error);
  g_assert_null (encoder);
  g_assert_error (error, CB_ERROR, CB_ERROR_TOO_LARGE);
}

static gboolean
fail_after_header (const guint8  *data,
                   gsize          size,
                   gpointer       user_data,
                   GError       **error)
{
  gsize *budget = user_data;

  if (size > *budget)
    {
      g_set_error_literal (error, CB_ERROR, CB_ERROR_IO, "disk full");
      return FALSE;
    }
  *budget -= size;
  return TRUE;
}

static void
test_write_error_propagates (void)
{
  cairo_surface_t *surface = draw_sample (600, 400);
  gsize budget = 100;
  g_autoptr(CbPngEncoder) encoder = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  cairo_surface_flush (surface);
  encoder = cb_png_encoder_new (600, 400, fail_after_header, &budget, &error);
  g_assert_no_error (error);
  ok = cb_png_encoder_write_rows (encoder, cairo_image_surface_get_data (surface),
                                  cairo_image_surface_get_stride (surface), 400, &error);
  if (ok)
    ok = cb_png_encoder_finish (encoder, &error);
  g_assert_false (ok);
  g_assert_error (error, CB_ERROR, CB_ERROR_IO);

  cairo_surface_destroy (surface);
}

static void
test_atomic_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cb-atomic-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  CbAtomicFile *file;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  /* Abandoned: the old file stays and no temporary file is left. */
  file = cb_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (cb_atomic_file_write (file, "new and longer", 14, &error));
  cb_atomic_file_free (file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "map.png");
  g_assert_null (g_dir_read_name (listing));
  g_clear_pointer (&listing, g_dir_close);

  /* Committed: replaced whole. */
  file = cb_atomic_file_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (cb_atomic_file_write (file, "new", 3, &error));
  g_assert_true (cb_atomic_file_commit (file, &error));
  g_assert_no_error (error);
  cb_atomic_file_free (file);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_atomic_file_missing_folder (void)
{
  g_autoptr(GError) error = NULL;
  CbAtomicFile *file = cb_atomic_file_new ("/nonexistent-cb-folder/map.png", &error);

  g_assert_null (file);
  g_assert_error (error, CB_ERROR, CB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "map.png"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/png-encoder/round-trip", test_round_trip);
  g_test_add_func ("/png-encoder/translucent", test_translucent);
  g_test_add_func ("/png-encoder/row-count-checked", test_row_count_checked);
  g_test_add_func ("/png-encoder/write-error", test_write_error_propagates);
  g_test_add_func ("/atomic-file/replace", test_atomic_file);
  g_test_add_func ("/atomic-file/missing-folder", test_atomic_file_missing_folder);

  return g_test_run ();
}
