/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-svg-writer.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cb-error.h"
#include "cb-render-common.h"

/* A marker's colour: red and green number the event, blue says "marker".
 * No style colour uses this blue with whole-byte red and green. */
#define MARKER_BLUE 0.0917
#define MAX_MARKERS (256 * 256)

struct _CbSvgWriter
{
  GByteArray      *raw;        /* cairo's document */
  cairo_surface_t *surface;
  cairo_t         *cr;
  GPtrArray       *events;     /* char*: what replaces marker i */
  GHashTable      *ids;        /* group ids used, for unique ones */
  GArray          *opens;      /* int per event: for a group's end, its
                                * begin's index; else -1 */
  GArray          *open_stack; /* begin indices of the groups open */
  guint            depth;      /* groups open */
  gboolean         overflow;   /* more events than markers can number */
};

static cairo_status_t
raw_write (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws marker @index: over @rect in user space (under the clip), or, when
 * @rect is NULL, a unit square at the origin with no clip.  The current
 * path and point are kept. */
static void
draw_marker (cairo_t            *cr,
             guint               index,
             const PangoRectangle *rect)
{
  cairo_path_t *path = cairo_copy_path (cr);

  cairo_save (cr);
  cairo_new_path (cr);
  if (rect == NULL)
    {
      cairo_reset_clip (cr);
      cairo_identity_matrix (cr);
      cairo_rectangle (cr, 0, 0, 1, 1);
    }
  else
    cairo_rectangle (cr, (double) rect->x / PANGO_SCALE, (double) rect->y / PANGO_SCALE,
                     MAX ((double) rect->width / PANGO_SCALE, 0.5),
                     MAX ((double) rect->height / PANGO_SCALE, 0.5));
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_set_source_rgb (cr, (index >> 8) / 255.0, (index & 0xff) / 255.0, MARKER_BLUE);
  cairo_fill (cr);
  cairo_restore (cr);

  cairo_new_path (cr);
  if (path->status == CAIRO_STATUS_SUCCESS)
    cairo_append_path (cr, path);
  cairo_path_destroy (path);
}

/* Adds an event; its marker index, or -1 when there are too many. */
static int
add_event (CbSvgWriter *self,
           char        *markup)
{
  if (self->events->len >= MAX_MARKERS)
    {
      self->overflow = TRUE;
      g_free (markup);
      return -1;
    }
  g_ptr_array_add (self->events, markup);
  {
    int none = -1;

    g_array_append_val (self->opens, none);
  }
  return (int) self->events->len - 1;
}

static void
append_color (GString       *out,
              const char    *attribute,
              const CbColor *color,
              double         alpha)
{
  double a = CLAMP (color->alpha * alpha, 0, 1);

  g_string_append_printf (out, " %s=\"#%02x%02x%02x\"", attribute,
                          (guint) lround (CLAMP (color->red, 0, 1) * 255),
                          (guint) lround (CLAMP (color->green, 0, 1) * 255),
                          (guint) lround (CLAMP (color->blue, 0, 1) * 255));
  if (a < 1)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, " %s-opacity=\"%s\"", attribute,
                              g_ascii_formatd (number, sizeof number, "%.3g", a));
    }
}

static void
append_number (GString    *out,
               const char *format,
               double      value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (number, sizeof number, format, value));
}

/* "Cantarell, DejaVu Sans, Sans" as CSS: quoted names, a generic last. */
static void
append_font_family (GString    *out,
                    const char *families)
{
  g_auto(GStrv) names = g_strsplit (families ? families : "Sans", ",", -1);
  gboolean first = TRUE;
  const char *generic = "sans-serif";

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      g_autofree char *escaped = NULL;

      if (*name == '\0')
        continue;
      if (g_ascii_strcasecmp (name, "Sans") == 0 || g_ascii_strcasecmp (name, "sans-serif") == 0)
        continue;
      if (g_ascii_strcasecmp (name, "Serif") == 0 || g_ascii_strcasecmp (name, "Monospace") == 0)
        {
          generic = g_ascii_strcasecmp (name, "Serif") == 0 ? "serif" : "monospace";
          continue;
        }
      escaped = g_markup_escape_text (name, -1);
      g_string_append_printf (out, "%s'%s'", first ? "" : ", ", escaped);
      first = FALSE;
    }
  g_string_append_printf (out, "%s%s", first ? "" : ", ", generic);
}

/* Attributes over the whole text (an italic, letter-spaced region name):
 * into @font and @letter_spacing (px).  Runs of their own are not kept. */
static void
apply_whole_text_attributes (PangoLayout          *layout,
                             gsize                 length,
                             PangoFontDescription *font,
                             double               *letter_spacing)
{
  PangoAttrList *list = pango_layout_get_attributes (layout);
  GSList *attributes;

  if (list == NULL || font == NULL)
    return;
  attributes = pango_attr_list_get_attributes (list);
  for (GSList *l = attributes; l != NULL; l = l->next)
    {
      PangoAttribute *attribute = l->data;

      if (attribute->start_index > 0 || attribute->end_index < length)
        continue;
      switch ((int) attribute->klass->type)
        {
        case PANGO_ATTR_STYLE:
          pango_font_description_set_style (font, ((PangoAttrInt *) attribute)->value);
          break;
        case PANGO_ATTR_WEIGHT:
          pango_font_description_set_weight (font, ((PangoAttrInt *) attribute)->value);
          break;
        case PANGO_ATTR_SIZE:
          pango_font_description_set_size (font, ((PangoAttrSize *) attribute)->size);
          break;
        case PANGO_ATTR_ABSOLUTE_SIZE:
          pango_font_description_set_absolute_size (font, ((PangoAttrSize *) attribute)->size);
          break;
        case PANGO_ATTR_FAMILY:
          pango_font_description_set_family (font, ((PangoAttrString *) attribute)->value);
          break;
        case PANGO_ATTR_FONT_DESC:
          pango_font_description_merge (font, ((PangoAttrFontDesc *) attribute)->desc, TRUE);
          break;
        case PANGO_ATTR_LETTER_SPACING:
          *letter_spacing = (double) ((PangoAttrInt *) attribute)->value / PANGO_SCALE;
          break;
        default:
          break;
        }
    }
  g_slist_free_full (attributes, (GDestroyNotify) pango_attribute_destroy);
}

static void
svg_show_text (gpointer       data,
               cairo_t       *cr,
               PangoLayout   *layout,
               const CbColor *color,
               const CbColor *halo,
               double         halo_alpha,
               double         halo_width)
{
  CbSvgWriter *self = data;
  const char *text = pango_layout_get_text (layout);
  const PangoFontDescription *layout_font = pango_layout_get_font_description (layout);
  g_autoptr(PangoFontDescription) font = NULL;
  g_autoptr(GString) out = g_string_new ("<text xml:space=\"preserve\"");
  double letter_spacing = 0;
  PangoLayoutIter *iter;
  PangoRectangle logical;
  cairo_matrix_t matrix;
  double x = 0, y = 0, size;
  int index;

  if (text == NULL || *text == '\0')
    return;
  font = pango_font_description_copy (layout_font != NULL
                                      ? layout_font
                                      : pango_context_get_font_description (pango_layout_get_context (layout)));
  apply_whole_text_attributes (layout, strlen (text), font, &letter_spacing);

  if (cairo_has_current_point (cr))
    cairo_get_current_point (cr, &x, &y);
  cairo_get_matrix (cr, &matrix);
  cairo_matrix_translate (&matrix, x, y);

  g_string_append (out, " transform=\"matrix(");
  append_number (out, "%.6g", matrix.xx);
  g_string_append_c (out, ',');
  append_number (out, "%.6g", matrix.yx);
  g_string_append_c (out, ',');
  append_number (out, "%.6g", matrix.xy);
  g_string_append_c (out, ',');
  append_number (out, "%.6g", matrix.yy);
  g_string_append_c (out, ',');
  append_number (out, "%.8g", matrix.x0);
  g_string_append_c (out, ',');
  append_number (out, "%.8g", matrix.y0);
  g_string_append (out, ")\" font-family=\"");
  append_font_family (out, font ? pango_font_description_get_family (font) : NULL);
  g_string_append (out, "\" font-size=\"");
  size = font ? (double) pango_font_description_get_size (font) / PANGO_SCALE : 10;
  /* Points at the layouts' 96 dpi, unless absolute (pixels already). */
  if (font != NULL && !pango_font_description_get_size_is_absolute (font))
    size *= 96.0 / 72.0;
  append_number (out, "%.4g", size);
  g_string_append_c (out, '"');
  if (font != NULL && pango_font_description_get_weight (font) != PANGO_WEIGHT_NORMAL)
    g_string_append_printf (out, " font-weight=\"%d\"", (int) pango_font_description_get_weight (font));
  if (font != NULL && pango_font_description_get_style (font) != PANGO_STYLE_NORMAL)
    g_string_append (out, " font-style=\"italic\"");
  if (letter_spacing != 0)
    {
      g_string_append (out, " letter-spacing=\"");
      append_number (out, "%.4g", letter_spacing);
      g_string_append_c (out, '"');
    }
  append_color (out, "fill", color, 1.0);
  if (halo != NULL && halo_width > 0)
    {
      /* The halo is the text's own stroke, painted under the fill. */
      append_color (out, "stroke", halo, halo_alpha);
      g_string_append (out, " stroke-width=\"");
      append_number (out, "%.4g", halo_width);
      g_string_append (out, "\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
    }
  g_string_append_c (out, '>');

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle line_logical;
      int length = line->length;
      g_autofree char *escaped = NULL;

      while (length > 0 && (text[line->start_index + length - 1] == '\n' ||
                            text[line->start_index + length - 1] == '\r'))
        length--;
      if (length <= 0)
        continue;
      pango_layout_iter_get_line_extents (iter, NULL, &line_logical);
      escaped = g_markup_escape_text (text + line->start_index, length);
      g_string_append (out, "<tspan x=\"");
      append_number (out, "%.6g", (double) line_logical.x / PANGO_SCALE);
      g_string_append (out, "\" y=\"");
      append_number (out, "%.6g", (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE);
      g_string_append_printf (out, "\">%s</tspan>", escaped);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  g_string_append (out, "</text>");

  index = add_event (self, g_string_free (g_steal_pointer (&out), FALSE));
  if (index < 0)
    {
      /* Too many texts to number: this one as glyphs, rather than lost. */
      cairo_save (cr);
      cb_render_set_color (cr, color, 1.0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      return;
    }
  pango_layout_get_extents (layout, NULL, &logical);
  logical.x += (int) lround (x * PANGO_SCALE);
  logical.y += (int) lround (y * PANGO_SCALE);
  draw_marker (cr, (guint) index, &logical);
}

static void
svg_begin_group (gpointer    data,
                 cairo_t    *cr,
                 const char *id,
                 const char *title)
{
  CbSvgWriter *self = data;
  g_autoptr(GString) unique = g_string_new ("layer-");
  g_autofree char *escaped_id = NULL;
  g_autofree char *escaped_title = NULL;
  int index;

  /* An XML name: letters, digits, '-', '_' and '.'. */
  for (const char *p = id ? id : "group"; *p != '\0'; p++)
    g_string_append_c (unique, g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' ? *p : '_');
  if (g_hash_table_contains (self->ids, unique->str))
    {
      guint n = 2;
      g_autofree char *base = g_strdup (unique->str);

      do
        g_string_printf (unique, "%s-%u", base, n++);
      while (g_hash_table_contains (self->ids, unique->str));
    }
  g_hash_table_add (self->ids, g_strdup (unique->str));

  escaped_id = g_markup_escape_text (unique->str, -1);
  escaped_title = g_markup_escape_text (title ? title : id ? id : "", -1);
  index = add_event (self, g_strdup_printf ("<g id=\"%s\" inkscape:groupmode=\"layer\" inkscape:label=\"%s\">",
                                            escaped_id, escaped_title));
  if (index < 0)
    return;
  self->depth++;
  g_array_append_val (self->open_stack, index);
  draw_marker (cr, (guint) index, NULL);
}

static void
svg_end_group (gpointer  data,
               cairo_t  *cr)
{
  CbSvgWriter *self = data;
  int index;

  if (self->depth == 0)
    return;
  index = add_event (self, g_strdup ("</g>"));
  if (index < 0)
    return;
  self->depth--;
  g_array_index (self->opens, int, index) = g_array_index (self->open_stack, int, self->open_stack->len - 1);
  g_array_set_size (self->open_stack, self->open_stack->len - 1);
  draw_marker (cr, (guint) index, NULL);
}

static const CbRenderSinkFuncs svg_sink = {
  svg_show_text,
  svg_begin_group,
  svg_end_group,
};

CbSvgWriter *
cb_svg_writer_new (double width,
                   double height)
{
  CbSvgWriter *self = g_new0 (CbSvgWriter, 1);

  self->raw = g_byte_array_new ();
  self->events = g_ptr_array_new_with_free_func (g_free);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->opens = g_array_new (FALSE, FALSE, sizeof (int));
  self->open_stack = g_array_new (FALSE, FALSE, sizeof (int));
  self->surface = cairo_svg_surface_create_for_stream (raw_write, self->raw, width, height);
  cairo_svg_surface_set_document_unit (self->surface, CAIRO_SVG_UNIT_PX);
  self->cr = cairo_create (self->surface);
  cb_render_set_sink (self->cr, &svg_sink, self);
  return self;
}

cairo_t *
cb_svg_writer_get_cr (CbSvgWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cr;
}

typedef struct
{
  CbSvgWriter *writer;
  GArray      *open;       /* begin indices of the <g> written and not closed */
} Replace;

static double
percent (const GMatchInfo *match,
         int               group)
{
  g_autofree char *text = g_match_info_fetch (match, group);

  return g_ascii_strtod (text, NULL) / 100.0;
}

static gboolean
replace_marker (const GMatchInfo *match,
                GString          *result,
                gpointer          user_data)
{
  Replace *replace = user_data;
  double red = percent (match, 1), green = percent (match, 2), blue = percent (match, 3);
  double r = red * 255, g = green * 255;
  guint index = (guint) lround (r) * 256 + (guint) lround (g);

  if (fabs (blue - MARKER_BLUE) < 2e-5 && fabs (r - round (r)) < 1e-3 &&
      fabs (g - round (g)) < 1e-3 && index < replace->writer->events->len)
    {
      int begin = g_array_index (replace->writer->opens, int, index);
      GArray *open = replace->open;

      /* Should cairo ever drop or rasterise a marker (a fallback image),
       * close only the groups that were opened: the XML stays whole. */
      if (begin < 0 && !g_str_has_prefix (g_ptr_array_index (replace->writer->events, index), "<g "))
        g_string_append (result, g_ptr_array_index (replace->writer->events, index));
      else if (begin < 0)
        {
          int opened = (int) index;

          g_string_append (result, g_ptr_array_index (replace->writer->events, index));
          g_array_append_val (open, opened);
        }
      else if (open->len > 0 && g_array_index (open, int, open->len - 1) == begin)
        {
          g_string_append (result, "</g>");
          g_array_set_size (open, open->len - 1);
        }
    }
  else
    {
      g_autofree char *all = g_match_info_fetch (match, 0);

      g_string_append (result, all);
    }
  return FALSE;
}

GBytes *
cb_svg_writer_finish (CbSvgWriter  *self,
                      GError      **error)
{
  g_autoptr(GRegex) markers = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *document = NULL;
  g_autofree char *replaced = NULL;
  g_autoptr(GString) out = NULL;
  cairo_status_t status;
  Replace replace = { self, NULL };
  const char *root;

  g_return_val_if_fail (self != NULL, NULL);

  /* Groups left open would leave the XML unbalanced: close them. */
  while (self->depth > 0)
    svg_end_group (self, self->cr);
  status = cairo_status (self->cr);
  cairo_destroy (self->cr);
  self->cr = NULL;
  cairo_surface_finish (self->surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (self->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CB_ERROR, status == CAIRO_STATUS_NO_MEMORY ? CB_ERROR_TOO_LARGE : CB_ERROR_FAILED,
                   _("Cannot draw the SVG document: %s"), cairo_status_to_string (status));
      return NULL;
    }

  document = g_strndup ((const char *) self->raw->data, self->raw->len);
  /* cairo 1.16 writes style="…fill:rgb(R%,G%,B%)…", later versions
   * fill="rgb(R%, G%, B%)": a marker is a path or rect of that colour. */
  markers = g_regex_new ("<(?:path|rect)\\b[^<>]*?fill(?::|=\")\\s*rgb\\(\\s*([0-9.]+)%\\s*,\\s*([0-9.]+)%\\s*,"
                         "\\s*([0-9.]+)%\\s*\\)[^<>]*/>",
                         0, 0, NULL);
  replace.open = g_array_new (FALSE, FALSE, sizeof (int));
  replaced = g_regex_replace_eval (markers, document, -1, 0, 0, replace_marker, &replace, &local_error);
  if (replaced != NULL && replace.open->len > 0)
    {
      /* Groups whose end marker was lost: closed at the end of the page. */
      const char *page_end = g_strrstr (replaced, "</g>\n</svg>");
      g_autoptr(GString) closed = g_string_new (replaced);
      gsize at = page_end != NULL ? (gsize) (page_end - replaced) : strlen (replaced);

      for (guint i = 0; i < replace.open->len; i++)
        g_string_insert (closed, at, "</g>\n");
      g_free (replaced);
      replaced = g_string_free (g_steal_pointer (&closed), FALSE);
    }
  g_array_unref (replace.open);
  if (replaced == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_FAILED, _("Cannot write the SVG document: %s"),
                   local_error->message);
      return NULL;
    }

  /* The Inkscape namespace on the root element, for the layer groups. */
  out = g_string_new (replaced);
  {
    /* cairo wraps the page in a plain <g id="surface1">: unwrapped, the
     * layers are the root's children, where Inkscape looks for them. */
    const char *page = strstr (out->str, "</defs>\n<g id=\"surface");
    const char *page_end = page != NULL ? strchr (page + 7, '>') : NULL;
    const char *svg_end = g_strrstr (out->str, "</g>\n</svg>");

    if (page != NULL && page_end != NULL && svg_end != NULL && svg_end > page_end &&
        page_end[-1] != '/')
      {
        gsize close_at = svg_end - out->str;
        gsize open_at = page - out->str + 8;

        g_string_erase (out, close_at, 5);
        g_string_erase (out, open_at, page_end + 1 - (page + 8));
      }
  }
  root = strstr (out->str, "<svg");
  if (root != NULL)
    g_string_insert (out, root - out->str + 4,
                     " xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\"");

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

void
cb_svg_writer_free (CbSvgWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_byte_array_unref (self->raw);
  g_ptr_array_unref (self->events);
  g_hash_table_unref (self->ids);
  g_array_unref (self->opens);
  g_array_unref (self->open_stack);
  g_free (self);
}
