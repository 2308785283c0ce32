/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-test-app.h"
#include "cb-export.h"
#include "cb-layer-catalog.h"
#include "cb-render-common.h"
#include "cb-svg-writer.h"

/*
 * End to end: the built `contested-borders --export` with no display, and
 * CbExport in process.  Pixels are checked for the layers' own colours, read
 * from the catalog's styles.
 */

static guint
count_colour (cairo_surface_t *surface,
              const CbColor   *colour,
              int              tolerance)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int r = (int) (colour->red * 255 + 0.5);
  int g = (int) (colour->green * 255 + 0.5);
  int b = (int) (colour->blue * 255 + 0.5);
  guint count = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 p = row[x];

          if (ABS ((int) ((p >> 16) & 0xff) - r) <= tolerance &&
              ABS ((int) ((p >> 8) & 0xff) - g) <= tolerance &&
              ABS ((int) (p & 0xff) - b) <= tolerance)
            count++;
        }
    }
  return count;
}

static guint
count_layer_colour (cairo_surface_t *surface,
                    const char      *layer_id)
{
  CbLayerStyle style;

  cb_layer_style_get_default (layer_id, &style);
  return count_colour (surface, &style.line_light, 10);
}

/* A line drawn in the uncertain style: its colour at uncertain_alpha over the
 * light map background. */
static guint
count_layer_uncertain (cairo_surface_t *surface,
                       const char      *layer_id)
{
  CbLayerStyle style;
  CbColor blend;

  cb_layer_style_get_default (layer_id, &style);
  blend.red = style.line_light.red * style.uncertain_alpha + (1 - style.uncertain_alpha);
  blend.green = style.line_light.green * style.uncertain_alpha + (1 - style.uncertain_alpha);
  blend.blue = style.line_light.blue * style.uncertain_alpha + (1 - style.uncertain_alpha);
  blend.alpha = 1;
  return count_colour (surface, &blend, 40);
}

static guint
count_layer_fill (cairo_surface_t *surface,
                  const char      *layer_id)
{
  CbLayerStyle style;

  cb_layer_style_get_default (layer_id, &style);
  g_assert_cmpfloat (style.fill_light.alpha, >, 0);
  return count_colour (surface, &style.fill_light, 10);
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "map.PNG", NULL);
  g_autofree char *towns_only = g_build_filename (fixture->dir, "towns.png", NULL);
  g_autofree char *err = NULL;
  cairo_surface_t *surface;
  guint treaty, foch;

  g_assert_cmpint (run_app ((const char *[]) { "--export", path, "--size", "1000x700", NULL }, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1000);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 700);
  /* The default layers are drawn: the treaty line and the Foch lines.  The
   * treaty line is reconstructed or approximate all along (geodata/SOURCES.md),
   * so it has the uncertain look. */
  treaty = count_layer_uncertain (surface, "treaty_1920_line");
  foch = count_layer_colour (surface, "foch_line_1919");
  g_assert_cmpuint (treaty, >, 200);
  g_assert_cmpuint (foch, >, 5);
  cairo_surface_destroy (surface);

  /* --layers leaves the others out, --town and --lang are accepted. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_app ((const char *[]) { "--export", towns_only, "--size", "1000x700",
                                               "--layers", "towns,lakes", "--town", "lida",
                                               "--lang", "pl", NULL }, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  surface = cairo_image_surface_create_from_png (towns_only);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpuint (count_layer_uncertain (surface, "treaty_1920_line"), <, treaty / 20);
  g_assert_cmpuint (count_layer_fill (surface, "lakes"), >, 200);
  cairo_surface_destroy (surface);
}

/* What an SVG holds, read with GMarkup: its layers and its texts. */
typedef struct
{
  char   *layer;       /* the innermost Inkscape layer around it, or NULL */
  char   *content;     /* the tspans' text */
  double  size;        /* font-size × the transform's scale: output px */
  double  xx, yx;      /* the transform's first column (rotation) */
  gboolean halo;       /* a stroke painted under the fill */
} SvgText;

typedef struct
{
  GPtrArray *layers;        /* char*: inkscape:label, in document order */
  GPtrArray *texts;         /* SvgText* */
  GPtrArray *open_layers;   /* per open element: its layer label or NULL */
  gboolean   layers_at_root;
  guint      depth;
  gboolean   glyph_outlines;
  SvgText   *current;
  double     width;
  double     height;
} SvgInfo;

static void
svg_text_free (gpointer data)
{
  SvgText *text = data;

  g_free (text->layer);
  g_free (text->content);
  g_free (text);
}

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgInfo *info = user_data;
  const char *groupmode = NULL, *label = NULL, *id = NULL;
  const char *layer = info->open_layers->len > 0
                      ? g_ptr_array_index (info->open_layers, info->open_layers->len - 1) : NULL;

  info->depth++;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "inkscape:groupmode"))
        groupmode = values[i];
      else if (g_str_equal (names[i], "inkscape:label"))
        label = values[i];
      else if (g_str_equal (names[i], "id"))
        id = values[i];
      else if (g_str_equal (element, "svg") && g_str_equal (names[i], "width"))
        info->width = g_ascii_strtod (values[i], NULL);
      else if (g_str_equal (element, "svg") && g_str_equal (names[i], "height"))
        info->height = g_ascii_strtod (values[i], NULL);
    }
  /* cairo's glyph outlines are <g id="glyph…"> in <defs>. */
  if (id != NULL && g_str_has_prefix (id, "glyph"))
    info->glyph_outlines = TRUE;

  if (g_str_equal (element, "g") && g_strcmp0 (groupmode, "layer") == 0)
    {
      g_ptr_array_add (info->layers, g_strdup (label));
      /* Inkscape lists the layers that are the root's children. */
      if (info->depth != 2)
        info->layers_at_root = FALSE;
      layer = label;
    }
  g_ptr_array_add (info->open_layers, (gpointer) g_intern_string (layer));

  if (g_str_equal (element, "text"))
    {
      SvgText *text = g_new0 (SvgText, 1);
      double size = 0;
      gboolean stroke = FALSE, paint_order = FALSE;

      text->layer = g_strdup (layer);
      text->content = g_strdup ("");
      text->xx = 1;
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], "font-size"))
            size = g_ascii_strtod (values[i], NULL);
          else if (g_str_equal (names[i], "stroke"))
            stroke = TRUE;
          else if (g_str_equal (names[i], "paint-order"))
            paint_order = g_str_equal (values[i], "stroke");
          else if (g_str_equal (names[i], "transform"))
            {
              double m[6] = { 1, 0, 0, 1, 0, 0 };

              g_assert_cmpint (sscanf (values[i], "matrix(%lf,%lf,%lf,%lf,%lf,%lf)",
                                       &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]), ==, 6);
              text->xx = m[0];
              text->yx = m[1];
            }
        }
      text->size = size * hypot (text->xx, text->yx);
      text->halo = stroke && paint_order;
      info->current = text;
      g_ptr_array_add (info->texts, text);
    }
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgInfo *info = user_data;

  info->depth--;
  g_ptr_array_set_size (info->open_layers, info->open_layers->len - 1);
  if (g_str_equal (element, "text"))
    info->current = NULL;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  SvgInfo *info = user_data;

  if (info->current != NULL)
    {
      char *joined = g_strdup_printf ("%s%.*s", info->current->content, (int) length, text);

      g_free (info->current->content);
      info->current->content = joined;
    }
}

/* Parses @contents (failing the test when it is not well-formed XML). */
static SvgInfo *
svg_info_parse (const char *contents,
                gsize       length)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SvgInfo *info = g_new0 (SvgInfo, 1);

  info->layers = g_ptr_array_new_with_free_func (g_free);
  info->texts = g_ptr_array_new_with_free_func (svg_text_free);
  info->open_layers = g_ptr_array_new ();
  info->layers_at_root = TRUE;
  context = g_markup_parse_context_new (&parser, 0, info, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  return info;
}

static void
svg_info_free (SvgInfo *info)
{
  g_ptr_array_unref (info->layers);
  g_ptr_array_unref (info->texts);
  g_ptr_array_unref (info->open_layers);
  g_free (info);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SvgInfo, svg_info_free)

static gboolean
svg_has_layer (SvgInfo    *info,
               const char *label)
{
  for (guint i = 0; i < info->layers->len; i++)
    if (g_strcmp0 (g_ptr_array_index (info->layers, i), label) == 0)
      return TRUE;
  return FALSE;
}

/* The first text in @layer that contains @fragment; the test fails
 * when there is none. */
static const SvgText *
svg_expect_text (SvgInfo    *info,
                 const char *fragment,
                 const char *layer)
{
  for (guint i = 0; i < info->texts->len; i++)
    {
      const SvgText *text = g_ptr_array_index (info->texts, i);

      if (strstr (text->content, fragment) != NULL && g_strcmp0 (text->layer, layer) == 0)
        return text;
    }
  g_error ("no <text> “%s” in the SVG layer “%s”", fragment, layer);
}

static void
test_svg (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "map.svg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autoptr(SvgInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const SvgText *text;
  gsize length;

  g_assert_cmpint (run_app ((const char *[]) { "--export", path, "--size", "1200x900",
                                               "--bbox", "22,53.5,27.5,56.5", NULL }, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  info = svg_info_parse (contents, length);
  g_assert_nonnull (strstr (contents, "width=\"1200px\""));
  g_assert_nonnull (strstr (contents, "height=\"900px\""));
  /* Vector paths, not an embedded picture of the map. */
  g_assert_null (strstr (contents, "<image"));
  g_assert_nonnull (strstr (contents, "<path"));

  /* Layers as Inkscape layers, children of the root, named as in the
   * layers sidebar, and the page's parts as layers of their own. */
  g_assert_true (info->layers_at_root);
  for (const char * const *label = (const char *[]) { "Treaty line of 12 July 1920", "Entente lines of 1919",
                                                      "Lakes", "Towns", "Title", "Sources", "Legend",
                                                      "Scale bar", "North arrow", NULL };
       *label != NULL; label++)
    if (!svg_has_layer (info, *label))
      g_error ("no layer “%s” in the SVG", *label);

  /* Labels are text, not glyph outlines: each town in its layer, with its
   * halo as a stroke painted under the fill. */
  g_assert_false (info->glyph_outlines);
  g_assert_cmpuint (info->texts->len, >, 20);
  for (const char * const *town = (const char *[]) { "Vilnius", "Kaunas", "Lida", "Hrodna", NULL };
       *town != NULL; town++)
    g_assert_true (svg_expect_text (info, *town, "Towns")->halo);
  svg_expect_text (info, "Peace Treaty", "Title");
  svg_expect_text (info, "Treaty line of 12 July 1920", "Legend");
  svg_expect_text (info, "km", "Scale bar");
  /* A north arrow, with its letter. */
  g_assert_cmpstr (svg_expect_text (info, "N", "North arrow")->content, ==, "N");
  /* A readable footer: 11 px text at 1600 × 1200 was 8 px at this size;
   * it grows with the page now. */
  text = svg_expect_text (info, "Sources:", "Sources");
  g_assert_cmpfloat (text->size, >=, 12);

  if (xmllint != NULL)
    {
      int status = 0;

      g_spawn_sync (NULL, (char *[]) { xmllint, (char *) "--noout", path, NULL }, NULL,
                    G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "map.pdf", NULL);
  g_autofree char *prefix = g_build_filename (fixture->dir, "page", NULL);
  g_autofree char *page_png = g_build_filename (fixture->dir, "page.png", NULL);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  g_autofree char *info = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *page;
  int status = 0;

  g_assert_cmpint (run_app ((const char *[]) { "--export", path, NULL }, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  if (pdfinfo == NULL || pdftoppm == NULL)
    {
      g_test_skip ("pdfinfo and pdftoppm (poppler-utils) are needed to read the PDF");
      return;
    }

  /* Without --size, a sheet of A4 (the C locale's paper), landscape:
   * 297 × 210 mm is 841.89 × 595.28 pt. */
  g_spawn_sync (NULL, (char *[]) { pdfinfo, path, NULL }, NULL, G_SPAWN_DEFAULT,
                NULL, NULL, &info, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_regex_match_simple ("^Pages:\\s+1$", info, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Page size:\\s+841.89 x 595.27\\d* pts \\(A4\\)$", info, G_REGEX_MULTILINE, 0));

  /* Rendered by poppler, the treaty line is there in its colour. */
  g_spawn_sync (NULL, (char *[]) { pdftoppm, (char *) "-png", (char *) "-r", (char *) "48",
                                   (char *) "-singlefile", path, prefix, NULL },
                NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  page = cairo_image_surface_create_from_png (page_png);
  g_assert_cmpint (cairo_surface_status (page), ==, CAIRO_STATUS_SUCCESS);
  /* 11.69 in at 48 dpi. */
  g_assert_cmpint (cairo_image_surface_get_width (page), >=, 561);
  g_assert_cmpint (cairo_image_surface_get_width (page), <=, 562);
  g_assert_cmpuint (count_layer_uncertain (page, "treaty_1920_line"), >, 50);
  cairo_surface_destroy (page);
}

static void
assert_bad_arguments (Fixture            *fixture,
                      const char * const *args,
                      const char         *fragment)
{
  g_autofree char *err = NULL;
  g_auto(GStrv) left = NULL;

  g_assert_cmpint (run_app (args, 0, &err), ==, 2);
  /* One line naming the problem. */
  g_assert_nonnull (strstr (err, fragment));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  left = names_in (fixture->dir);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
}

static void
test_bad_arguments (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *jpg = g_build_filename (fixture->dir, "map.jpg", NULL);

  assert_bad_arguments (fixture, (const char *[]) { "--export", jpg, NULL }, ".png, .svg or .pdf");
  assert_bad_arguments (fixture, (const char *[]) { "--export", png, "--size", "12", NULL }, "--size");
  assert_bad_arguments (fixture, (const char *[]) { "--export", png, "--size", "40000x300", NULL }, "32767");
  assert_bad_arguments (fixture, (const char *[]) { "--export", png, "--layers", "no_such_layer", NULL }, "no_such_layer");
  assert_bad_arguments (fixture, (const char *[]) { "--export", png, "--town", "atlantis", NULL }, "atlantis");
  assert_bad_arguments (fixture, (const char *[]) { "--export", png, "--lang", "xx", NULL }, "xx");
  assert_bad_arguments (fixture, (const char *[]) { "--export", png, "--bbox", "1,2,3", NULL }, "--bbox");
  assert_bad_arguments (fixture, (const char *[]) { "--size", "100x100", NULL }, "--export");
}

static void
test_unwritable_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *locked = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;

  /* root may write anywhere it has a mode bit for; /sys refuses even root. */
  if (geteuid () == 0)
    path = g_build_filename ("/sys", "cb-export-test.png", NULL);
  else
    {
      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      path = g_build_filename (locked, "map.png", NULL);
    }

  g_assert_cmpint (run_app ((const char *[]) { "--export", path, NULL }, 0, &err), ==, 1);
  {
    g_autofree char *base = g_path_get_basename (path);

    g_assert_nonnull (strstr (err, base));
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  if (geteuid () != 0)
    {
      g_auto(GStrv) left = names_in (locked);

      g_assert_cmpuint (g_strv_length (left), ==, 0);
      g_rmdir (locked);
    }
}

static void
test_existing_file_kept (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) left = NULL;

  g_assert_true (g_file_set_contents (path, "the old map", -1, NULL));

  /* The disk "fills" after 20 kB, halfway through the PNG. */
  g_assert_cmpint (run_app ((const char *[]) { "--export", path, NULL }, 20000, &err), ==, 1);
  g_assert_nonnull (strstr (err, "map.png"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old map");
  left = names_in (fixture->dir);
  g_assert_cmpuint (g_strv_length (left), ==, 1);
  g_clear_pointer (&contents, g_free);

  /* Same for the vector formats. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&err, g_free);
  path = g_build_filename (fixture->dir, "map.pdf", NULL);
  g_assert_true (g_file_set_contents (path, "the old pdf", -1, NULL));
  g_assert_cmpint (run_app ((const char *[]) { "--export", path, NULL }, 20000, &err), ==, 1);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old pdf");
  g_clear_pointer (&left, g_strfreev);
  left = names_in (fixture->dir);
  g_assert_cmpuint (g_strv_length (left), ==, 2);
}

static void
test_help (void)
{
  g_autofree char *app = g_test_build_filename (G_TEST_BUILT, "..", "src", "contested-borders", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char *[]) { app, (char *) "--help", NULL }, NULL, G_SPAWN_DEFAULT,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (const char * const *option = (const char *[]) { "--export", "--size", "--layers", "--town",
                                                       "--lang", "--bbox", "Examples", "--list-towns",
                                                       "--list-layers", "--title", "--orientation",
                                                       "--no-legend", "240 pixels", NULL };
       *option != NULL; option++)
    g_assert_nonnull (strstr (out, *option));
}

/* In process: text drawn rotated keeps its rotation; text outside the
 * clip is left out; groups nest; the document is well-formed. */
static void
test_svg_writer (void)
{
  g_autoptr(CbSvgWriter) svg = cb_svg_writer_new (400, 300);
  cairo_t *cr = cb_svg_writer_get_cr (svg);
  g_autoptr(PangoLayout) along = cb_render_text_new ("Foch line 1919 & <more>", 12, FALSE);
  g_autoptr(PangoLayout) hidden = cb_render_text_new ("Clipped away", 12, FALSE);
  g_autoptr(PangoLayout) plain = cb_render_text_new ("Plain", 10, TRUE);
  g_autoptr(PangoLayout) region = cb_render_text_new ("Vilnius Region", 13, FALSE);
  PangoAttrList *attributes = pango_attr_list_new ();
  const CbColor ink = { 0.8, 0.1, 0.1, 1 };
  const CbColor halo = { 1, 1, 1, 1 };
  g_autoptr(GBytes) document = NULL;
  g_autoptr(SvgInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const SvgText *text;
  gsize length;
  const char *contents;

  cb_render_begin_group (cr, "lines", "Lines & <more>");
  cairo_rectangle (cr, 0, 0, 200, 300);
  cairo_clip (cr);
  cairo_move_to (cr, 10, 10);
  cairo_line_to (cr, 190, 290);
  cairo_set_source_rgb (cr, 0, 0, 1);
  cairo_stroke (cr);
  cairo_save (cr);
  cairo_translate (cr, 50, 60);
  cairo_rotate (cr, G_PI / 6);
  cairo_move_to (cr, 0, 0);
  cb_render_show_text (cr, along, &ink, &halo, 0.8, 3);
  cairo_restore (cr);
  cairo_move_to (cr, 300, 100);       /* right of the clip */
  cb_render_show_text (cr, hidden, &ink, NULL, 0, 0);
  cb_render_end_group (cr);
  cairo_reset_clip (cr);
  cb_render_begin_group (cr, "lines", "Second");
  cb_render_begin_group (cr, "inner", "Inner");
  cairo_move_to (cr, 250, 250);
  cb_render_show_text (cr, plain, &ink, NULL, 0, 0);
  cb_render_end_group (cr);
  /* A region name: italic and spaced out by attributes over the whole text. */
  pango_attr_list_insert (attributes, pango_attr_style_new (PANGO_STYLE_ITALIC));
  pango_attr_list_insert (attributes, pango_attr_letter_spacing_new (2 * PANGO_SCALE));
  pango_layout_set_attributes (region, attributes);
  pango_attr_list_unref (attributes);
  cairo_move_to (cr, 220, 40);
  cb_render_show_text (cr, region, &ink, &halo, 1, 2);
  cb_render_end_group (cr);

  document = cb_svg_writer_finish (svg, &error);
  g_assert_no_error (error);
  contents = g_bytes_get_data (document, &length);
  info = svg_info_parse (contents, length);

  g_assert_cmpuint (info->layers->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (info->layers, 0), ==, "Lines & <more>");
  /* Ids stay unique when a group comes twice. */
  g_assert_nonnull (strstr (contents, "id=\"layer-lines\""));
  g_assert_nonnull (strstr (contents, "id=\"layer-lines-2\""));
  g_assert_false (info->layers_at_root);   /* "Inner" is a sublayer */
  g_assert_false (info->glyph_outlines);
  /* No marker left over: every marker fill was replaced. */
  g_assert_null (strstr (contents, "9.17%"));

  text = svg_expect_text (info, "Foch line 1919 & <more>", "Lines & <more>");
  g_assert_true (text->halo);
  g_assert_cmpfloat_with_epsilon (text->xx, cos (G_PI / 6), 1e-4);
  g_assert_cmpfloat_with_epsilon (text->yx, sin (G_PI / 6), 1e-4);
  g_assert_cmpfloat_with_epsilon (text->size, 12, 1e-3);
  g_assert_nonnull (strstr (contents, "fill=\"#cc1a1a\""));
  text = svg_expect_text (info, "Plain", "Inner");
  g_assert_false (text->halo);
  g_assert_nonnull (strstr (contents, "font-weight=\"700\""));
  for (guint i = 0; i < info->texts->len; i++)
    g_assert_null (strstr (((SvgText *) g_ptr_array_index (info->texts, i))->content, "Clipped"));
  g_assert_cmpuint (info->texts->len, ==, 3);
  svg_expect_text (info, "Vilnius Region", "Second");
  g_assert_nonnull (strstr (contents, "font-style=\"italic\" letter-spacing=\"2\""));
}

/* In process: a PNG written in bands equals the page drawn in one piece. */
static void
test_bands_match_single_render (void)
{
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbExport) export = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cb-bands-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "wide.png", NULL);
  /* Wide enough that CB_EXPORT_BAND_BYTES holds fewer rows than the height. */
  const int width = 9000, height = 2200;
  cairo_surface_t *whole, *banded;
  cairo_t *cr;
  guint differing = 0;

  g_assert_cmpuint (CB_EXPORT_BAND_BYTES / (width * 4), <, height);

  g_assert_true (cb_layer_catalog_load (catalog, NULL, &error));
  renderer = cb_renderer_new (catalog);
  export = cb_export_new (renderer);
  cb_export_set_size (export, width, height);
  cb_export_set_pixel_scale (export, 3);
  g_assert_true (cb_export_write (export, path, NULL, &error));
  g_assert_no_error (error);

  whole = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (whole);
  cb_export_draw (export, cr, width, height, 3);
  cairo_destroy (cr);
  cairo_surface_flush (whole);

  banded = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (banded), ==, CAIRO_STATUS_SUCCESS);
  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (whole) + y * cairo_image_surface_get_stride (whole));
      const guint32 *b = (const guint32 *) (gconstpointer) (cairo_image_surface_get_data (banded) + y * cairo_image_surface_get_stride (banded));

      for (int x = 0; x < width; x++)
        for (int shift = 0; shift < 24; shift += 8)
          if (ABS ((int) ((a[x] >> shift) & 0xff) - (int) ((b[x] >> shift) & 0xff)) > 2)
            {
              differing++;
              break;
            }
    }
  /* Antialiasing may differ by a hair at a few band edges, nothing more. */
  g_assert_cmpuint (differing, <, (guint) width / 10);

  cairo_surface_destroy (whole);
  cairo_surface_destroy (banded);
  g_unlink (path);
  g_rmdir (dir);
}

/* A lesson sheet: one PDF page per moment, each with its own day, title
 * and caption; other formats are refused. */
static void
test_pages (void)
{
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbExport) export = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cb-pages-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "lesson.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "lesson.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  const CbExportPage pages[] = {
    { 700484, "Lithuania’s first government", "First page caption", "vilnius" },
    { 701093, "The peace treaty of Moscow", "Second page caption", "vilnius" },
    { 701180, "The Suwałki Agreement", "Third page caption", "suwalki" },
  };
  guint n_pages = 0;
  gsize length;

  g_assert_true (cb_layer_catalog_load (catalog, NULL, &error));
  renderer = cb_renderer_new (catalog);
  export = cb_export_new (renderer);
  cb_export_set_size (export, 1123, 794);   /* A4 landscape at 96 dpi */

  g_assert_false (cb_export_write_pages (export, pages, G_N_ELEMENTS (pages), png, NULL, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));

  g_assert_true (cb_export_write_pages (export, pages, G_N_ELEMENTS (pages), pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  /* The page objects (the PDF holds binary streams: no string search). */
  for (gsize i = 0; i + 12 <= length; i++)
    n_pages += memcmp (contents + i, "/Type /Page", 11) == 0 && contents[i + 11] != 's';
  g_assert_cmpuint (n_pages, ==, G_N_ELEMENTS (pages));

  /* Each page names its day and carries its caption. */
  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, pdf, "-", NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &text, NULL, &status, NULL));
      g_assert_nonnull (strstr (text, "11 November 1918"));
      g_assert_nonnull (strstr (text, "12 July 1920"));
      g_assert_nonnull (strstr (text, "Third page caption"));
    }

  g_unlink (pdf);
  g_rmdir (dir);
}

/* The chronology as an animated PNG: one frame per moment, which a real
 * decoder (apngdis) takes apart. */
static void
test_animation (void)
{
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbExport) export = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cb-apng-XXXXXX", NULL);
  g_autofree char *apng = g_build_filename (dir, "chronology.png", NULL);
  g_autofree char *apngdis = g_find_program_in_path ("apngdis");
  g_autofree char *contents = NULL;
  const CbExportPage pages[] = {
    { 700484, "One", "First caption", "vilnius" },
    { 701093, "Two", "Second caption", "vilnius" },
    { 701180, "Three", "Third caption", "suwalki" },
    { 702069, "Four", "Fourth caption", "vilnius" },
  };
  guint n_fctl = 0;
  gsize length;

  g_assert_true (cb_layer_catalog_load (catalog, NULL, &error));
  renderer = cb_renderer_new (catalog);
  export = cb_export_new (renderer);
  cb_export_set_size (export, 640, 360);
  g_assert_true (cb_export_write_animation (export, pages, G_N_ELEMENTS (pages), 1500, apng, NULL, &error));
  g_assert_no_error (error);

  /* acTL says four frames, and four frame controls follow. */
  g_assert_true (g_file_get_contents (apng, &contents, &length, NULL));
  g_assert_cmpint (memcmp (contents + 37, "acTL", 4), ==, 0);
  g_assert_cmpuint ((guint8) contents[44], ==, G_N_ELEMENTS (pages));
  for (gsize i = 0; i + 4 <= length; i++)
    n_fctl += memcmp (contents + i, "fcTL", 4) == 0;
  g_assert_cmpuint (n_fctl, ==, G_N_ELEMENTS (pages));

  if (apngdis != NULL)
    {
      const char *argv[] = { apngdis, apng, "frame", NULL };
      g_autofree char *out = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      for (guint i = 1; i <= G_N_ELEMENTS (pages); i++)
        {
          g_autofree char *name = g_strdup_printf ("frame%u.png", i);
          g_autofree char *frame = g_build_filename (dir, name, NULL);
          cairo_surface_t *image = cairo_image_surface_create_from_png (frame);

          g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
          g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
          cairo_surface_destroy (image);
          g_unlink (frame);
          g_free (name);
          name = g_strdup_printf ("frame%u.txt", i);
          g_free (frame);
          frame = g_build_filename (dir, name, NULL);
          g_unlink (frame);
        }
      /* No fifth frame. */
      {
        g_autofree char *fifth = g_build_filename (dir, "frame5.png", NULL);

        g_assert_false (g_file_test (fifth, G_FILE_TEST_EXISTS));
      }
    }
  else
    g_test_message ("apngdis is not installed: frames counted in the file only");

  g_unlink (apng);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/cli/png", Fixture, NULL, fixture_set_up, test_png, fixture_tear_down);
  g_test_add ("/export/cli/svg", Fixture, NULL, fixture_set_up, test_svg, fixture_tear_down);
  g_test_add ("/export/cli/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/export/cli/bad-arguments", Fixture, NULL, fixture_set_up, test_bad_arguments, fixture_tear_down);
  g_test_add ("/export/cli/unwritable-folder", Fixture, NULL, fixture_set_up, test_unwritable_folder, fixture_tear_down);
  g_test_add ("/export/cli/existing-file-kept", Fixture, NULL, fixture_set_up, test_existing_file_kept, fixture_tear_down);
  g_test_add_func ("/export/cli/help", test_help);
  g_test_add_func ("/export/svg-writer", test_svg_writer);
  g_test_add_func ("/export/bands-match-single-render", test_bands_match_single_render);
  g_test_add_func ("/export/pages", test_pages);
  g_test_add_func ("/export/animation", test_animation);

  return g_test_run ();
}
