/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cb-label-layout.h"
#include "cb-layer.h"
#include "cb-paths.h"
#include "cb-render-common.h"
#include "cb-shapefile.h"
#include "cb-town-layout-private.h"

/* Same limit as the renderer: cairo's fixed point overflows near 2^23. */
#define COORD_LIMIT 1.0e6
/* Area labels are placed on a grid of cells at least this many logical
 * px wide (about 9000 cells in all: big views get bigger cells). */
#define MIN_CELL 12.0
/* Air around every label, logical px. */
#define LABEL_AIR 2.0
#define BITMAP_PAD 3.0
#define HALO_WIDTH 3.0
#define ANGLE_STEP (G_PI / 720)

/* ------------------------------------------------------------------ */
/* Names                                                               */

/* The names drawn along the lines (name and year), and a short form for
 * where the name finds no room (lines in a narrow corridor).  A NULL
 * feature prefix matches every feature of the layer. */
static const struct
{
  const char *layer;
  const char *feature_prefix;
  const char *text;
  const char *short_text;
} line_names[] = {
  { "treaty_1920_line", NULL, NC_("map label", "Treaty line 1920"), NC_("map label, short", "1920") },
  { "foch_line_1919", "foch_line_1919_june", NC_("map label", "Entente line June 1919"),
    NC_("map label, short", "June 1919") },
  { "foch_line_1919", NULL, NC_("map label", "Foch line July 1919"), NC_("map label, short", "July 1919") },
  { "demarcation_1923", NULL, NC_("map label", "Demarcation line 1923"), NC_("map label, short", "1923") },
  { "curzon_line_1919", NULL, NC_("map label", "Line of 8 December 1919"),
    NC_("map label, short", "8 Dec 1919") },
  { "suwalki_agreement_1920", NULL, NC_("map label", "Suwałki line 1920"),
    NC_("map label, short", "7 Oct 1920") },
  { "riga_preliminary_1920", NULL, NC_("map label", "Riga preliminary line 1920"),
    NC_("map label, short", "12 Oct 1920") },
  { "riga_1921", NULL, NC_("map label", "Riga frontier 1921"), NC_("map label, short", "1921") },
};

/* Regions named inside their areas; a NULL text takes each feature's own
 * "name" (one label per feature). */
static const struct
{
  const char *layer;
  const char *text;
} region_names[] = {
  { "vilnius_region", NC_("map label", "Vilnius region") },
  { "suwalki_region", NC_("map label", "Suwałki region") },
  { "central_lithuania_1920_1922", NC_("map label", "Central Lithuania") },
  { "neutral_zone_1920_1923", NC_("map label", "Neutral zone") },
  { "governorates_1897", NULL },
};

/* The names in geodata/src/countries_period.geojson (English, as there),
 * listed here so that they are translated like the other map labels. */
G_GNUC_UNUSED static const char *period_names[] = {
  NC_("map label", "Lithuania"),
  NC_("map label", "Poland"),
  NC_("map label", "Latvia"),
  NC_("map label", "Estonia"),
  NC_("map label", "Danzig"),
  NC_("map label", "Germany (East Prussia)"),
  NC_("map label", "Soviet Russia"),
  NC_("map label", "Soviet Russia / USSR"),
  NC_("map label", "Baltic Sea"),
};

static const char *
map_label (const char *msgid)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "map label", msgid);
}

guint32
cb_label_default_day (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 12, G_DATE_JULY, 1920);
  return g_date_get_julian (&date);
}

int
cb_label_max_town_class (double scale)
{
  /* Metres per pixel up to which each size class is shown. */
  static const double limits[] = { G_MAXDOUBLE, 2500, 1200, 450 };
  int max_class = 1;

  for (int c = 1; c <= (int) G_N_ELEMENTS (limits); c++)
    if (scale <= limits[c - 1])
      max_class = c;
  return max_class;
}

/* ------------------------------------------------------------------ */
/* Shaped texts                                                        */

typedef struct
{
  PangoLayout *layout;
  double width;   /* ink and logical boxes together */
  double height;
  double ox;      /* where the layout's origin goes in that box */
  double oy;
  cairo_surface_t *bitmap;
  double bitmap_scale;
  double bitmap_color[4];
  gboolean bitmap_dark;
  /* The text set at an angle, for labels along lines: an angle depends
   * only on the line and the scale, so panning reuses these. */
  struct
  {
    cairo_surface_t *surface;
    double angle;
  } turned[8];
  guint next_turned;
} Shape;

static void
shape_clear_turned (Shape *shape)
{
  for (guint i = 0; i < G_N_ELEMENTS (shape->turned); i++)
    g_clear_pointer (&shape->turned[i].surface, cairo_surface_destroy);
}

static void
shape_free (gpointer data)
{
  Shape *shape = data;

  g_clear_object (&shape->layout);
  g_clear_pointer (&shape->bitmap, cairo_surface_destroy);
  shape_clear_turned (shape);
  g_free (shape);
}

struct _CbLabelLayouter
{
  PangoContext *pango;
  GHashTable *shapes;         /* "kind\x1ftext" -> Shape */
  CbFeatureSet *period;       /* countries_period, or NULL */
  gboolean period_loaded;
  /* Scratch, kept between frames. */
  GArray *screen;             /* double */
  GArray *cum;                /* double */
  GPtrArray *row_xs;          /* GArray of double, one per grid row */
  guint8 *mask;
  guint8 *tmp;
  guint8 *line_cells;         /* cells a named line crosses */
  gboolean have_line_cells;
  guint16 *dist;
  guint32 *sat;               /* summed-area table of mask */
  gsize grid_alloc;
  GArray *candidates;         /* guint */
  /* The last placement and what it was made from: an unchanged view
   * (a redraw, a hover) reuses it. */
  GByteArray *last_inputs;
  GArray *last_labels;        /* CbPlacedLabel */
};

static void
clear_placed_label (gpointer data)
{
  g_clear_pointer (&((CbPlacedLabel *) data)->text, g_free);
}

CbLabelLayouter *
cb_label_layouter_new (void)
{
  CbLabelLayouter *self = g_new0 (CbLabelLayouter, 1);

  self->pango = cb_render_create_pango_context ();
  self->shapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shape_free);
  self->screen = g_array_new (FALSE, FALSE, sizeof (double));
  self->cum = g_array_new (FALSE, FALSE, sizeof (double));
  self->row_xs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  self->last_inputs = g_byte_array_new ();
  self->last_labels = g_array_new (FALSE, TRUE, sizeof (CbPlacedLabel));
  g_array_set_clear_func (self->last_labels, clear_placed_label);
  return self;
}

void
cb_label_layouter_free (CbLabelLayouter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->pango);
  g_clear_pointer (&self->shapes, g_hash_table_unref);
  g_clear_pointer (&self->period, cb_feature_set_unref);
  g_array_unref (self->screen);
  g_array_unref (self->cum);
  g_ptr_array_unref (self->row_xs);
  g_array_unref (self->candidates);
  g_byte_array_unref (self->last_inputs);
  g_array_unref (self->last_labels);
  g_free (self->mask);
  g_free (self->tmp);
  g_free (self->line_cells);
  g_free (self->dist);
  g_free (self->sat);
  g_free (self);
}

static Shape *
get_shape (CbLabelLayouter *self,
           CbLabelKind      kind,
           const char      *text)
{
  g_autofree char *key = g_strdup_printf ("%d\x1f%s", kind, text);
  Shape *shape = g_hash_table_lookup (self->shapes, key);
  PangoFontDescription *font;
  PangoAttrList *attrs;
  g_autofree char *shown = NULL;

  if (shape != NULL)
    return shape;

  shape = g_new0 (Shape, 1);
  font = pango_font_description_from_string (CB_RENDER_FONT_FAMILY);
  attrs = pango_attr_list_new ();
  switch (kind)
    {
    case CB_LABEL_KIND_LINE:
      pango_font_description_set_absolute_size (font, 11 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_SEMIBOLD);
      break;
    case CB_LABEL_KIND_REGION:
      pango_font_description_set_absolute_size (font, 12.5 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_SEMIBOLD);
      pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
      break;
    case CB_LABEL_KIND_COUNTRY:
      pango_font_description_set_absolute_size (font, 14 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (2 * PANGO_SCALE));
      /* Country names in capitals, as atlases set them. */
      shown = g_utf8_strup (text, -1);
      break;
    case CB_LABEL_KIND_SEA:
      pango_font_description_set_absolute_size (font, 14 * PANGO_SCALE);
      pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (2 * PANGO_SCALE));
      break;
    case CB_LABEL_KIND_RIVER:
    default:
      pango_font_description_set_absolute_size (font, 10.5 * PANGO_SCALE);
      pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
      break;
    }
  shape->layout = pango_layout_new (self->pango);
  pango_layout_set_font_description (shape->layout, font);
  pango_layout_set_attributes (shape->layout, attrs);
  pango_layout_set_text (shape->layout, shown != NULL ? shown : text, -1);
  pango_font_description_free (font);
  pango_attr_list_unref (attrs);

  cb_render_text_ink_box (shape->layout, &shape->width, &shape->height, &shape->ox, &shape->oy);

  g_hash_table_insert (self->shapes, g_steal_pointer (&key), shape);
  return shape;
}

/* ------------------------------------------------------------------ */
/* Collision space                                                     */

typedef struct
{
  double c[8];
  double min_x, min_y, max_x, max_y;
} Quad;

typedef struct
{
  CbLabelLayouter *self;
  GArray *quads;          /* Quad: everything placed so far */
  double view_w;
  double view_h;
  /* Viewport transform. */
  double cx, cy, inv_scale;
  double scale;
  CbBounds visible;
  guint32 day;
  gboolean dark;
  CbTownLayout *layout;
} Placer;

static void
quad_bounds (Quad *q)
{
  q->min_x = q->max_x = q->c[0];
  q->min_y = q->max_y = q->c[1];
  for (guint i = 1; i < 4; i++)
    {
      q->min_x = MIN (q->min_x, q->c[2 * i]);
      q->max_x = MAX (q->max_x, q->c[2 * i]);
      q->min_y = MIN (q->min_y, q->c[2 * i + 1]);
      q->max_y = MAX (q->max_y, q->c[2 * i + 1]);
    }
}

static void
quad_from_rect (Quad   *q,
                double  x,
                double  y,
                double  w,
                double  h)
{
  double c[8] = { x, y, x + w, y, x + w, y + h, x, y + h };

  memcpy (q->c, c, sizeof c);
  quad_bounds (q);
}

/* A box of @w x @h centred on (@x, @y), turned by @angle. */
static void
quad_rotated (Quad   *q,
              double  x,
              double  y,
              double  w,
              double  h,
              double  angle)
{
  double ca = cos (angle), sa = sin (angle);
  static const double sx[4] = { -1, 1, 1, -1 }, sy[4] = { -1, -1, 1, 1 };

  for (guint i = 0; i < 4; i++)
    {
      double dx = sx[i] * w / 2, dy = sy[i] * h / 2;

      q->c[2 * i] = x + dx * ca - dy * sa;
      q->c[2 * i + 1] = y + dx * sa + dy * ca;
    }
  quad_bounds (q);
}

/* Separating axes: two convex quads overlap unless some edge normal of
 * either separates their projections. */
static gboolean
quads_overlap (const Quad *a,
               const Quad *b)
{
  const Quad *qs[2] = { a, b };

  if (a->max_x <= b->min_x || b->max_x <= a->min_x ||
      a->max_y <= b->min_y || b->max_y <= a->min_y)
    return FALSE;

  for (guint k = 0; k < 2; k++)
    for (guint e = 0; e < 2; e++)
      {
        const double *c = qs[k]->c;
        double nx = -(c[2 * e + 3] - c[2 * e + 1]);
        double ny = c[2 * e + 2] - c[2 * e];
        double amin = G_MAXDOUBLE, amax = -G_MAXDOUBLE, bmin = G_MAXDOUBLE, bmax = -G_MAXDOUBLE;

        for (guint i = 0; i < 4; i++)
          {
            double pa = a->c[2 * i] * nx + a->c[2 * i + 1] * ny;
            double pb = b->c[2 * i] * nx + b->c[2 * i + 1] * ny;

            amin = MIN (amin, pa);
            amax = MAX (amax, pa);
            bmin = MIN (bmin, pb);
            bmax = MAX (bmax, pb);
          }
        if (amax <= bmin || bmax <= amin)
          return FALSE;
      }
  return TRUE;
}

static gboolean
placer_fits (Placer     *p,
             const Quad *q)
{
  if (q->min_x < 1 || q->min_y < 1 || q->max_x > p->view_w - 1 || q->max_y > p->view_h - 1)
    return FALSE;
  for (guint i = 0; i < p->quads->len; i++)
    if (quads_overlap (q, &g_array_index (p->quads, Quad, i)))
      return FALSE;
  return TRUE;
}

static void
placer_add_obstacle (Placer     *p,
                     const Quad *q)
{
  g_array_append_val (p->quads, *q);
}

static void
placer_add_label (Placer        *p,
                  CbLabelKind    kind,
                  const char    *layer_id,
                  guint          feature,
                  const char    *text,
                  const Shape   *shape,
                  double         x,
                  double         y,
                  double         angle,
                  const CbColor *color,
                  const Quad    *air)
{
  CbPlacedLabel label = { 0 };
  Quad box;

  label.kind = kind;
  label.layer_id = layer_id != NULL ? g_intern_string (layer_id) : NULL;
  label.feature = feature;
  label.text = g_strdup (text);
  label.x = x;
  label.y = y;
  label.angle = angle;
  label.width = shape->width;
  label.height = shape->height;
  quad_rotated (&box, x, y, shape->width, shape->height, angle);
  memcpy (label.corners, box.c, sizeof box.c);
  label.color[0] = color->red;
  label.color[1] = color->green;
  label.color[2] = color->blue;
  label.color[3] = color->alpha;
  g_array_append_val (p->layout->labels, label);
  placer_add_obstacle (p, air);
}

/* Whether a label with @text of @kind sits within @distance of (@x, @y). */
static gboolean
same_text_near (Placer      *p,
                CbLabelKind  kind,
                const char  *text,
                double       x,
                double       y,
                double       distance)
{
  for (guint i = 0; i < p->layout->labels->len; i++)
    {
      const CbPlacedLabel *l = &g_array_index (p->layout->labels, CbPlacedLabel, i);

      if (l->kind == kind && (x - l->x) * (x - l->x) + (y - l->y) * (y - l->y) < distance * distance &&
          g_strcmp0 (l->text, text) == 0)
        return TRUE;
    }
  return FALSE;
}

static inline void
to_screen (const Placer *p,
           double        x,
           double        y,
           double       *sx,
           double       *sy)
{
  *sx = CLAMP ((x - p->cx) * p->inv_scale + p->view_w / 2, -COORD_LIMIT, COORD_LIMIT);
  *sy = CLAMP ((p->cy - y) * p->inv_scale + p->view_h / 2, -COORD_LIMIT, COORD_LIMIT);
}

static const double *
part_to_screen (Placer       *p,
                const double *pts,
                guint         n)
{
  g_array_set_size (p->self->screen, 2 * n);
  for (guint i = 0; i < n; i++)
    to_screen (p, pts[2 * i], pts[2 * i + 1],
               &g_array_index (p->self->screen, double, 2 * i),
               &g_array_index (p->self->screen, double, 2 * i + 1));
  return (const double *) (gconstpointer) p->self->screen->data;
}

static gboolean
feature_shown (Placer       *p,
               CbFeatureSet *features,
               guint         f)
{
  return cb_bounds_intersects (cb_feature_set_get_feature_bounds (features, f), &p->visible) &&
         (p->day == 0 || cb_feature_set_is_valid_on (features, f, p->day));
}

/* Text colour from a style colour: darker on light maps, lighter on dark,
 * opaque, so that thin pale lines still give readable names. */
static void
text_color (const CbColor *base,
            gboolean       dark,
            double         amount,
            CbColor       *out)
{
  double t = dark ? 1.0 : 0.0;

  out->red = base->red + (t - base->red) * amount;
  out->green = base->green + (t - base->green) * amount;
  out->blue = base->blue + (t - base->blue) * amount;
  out->alpha = 1.0;
}

/* ------------------------------------------------------------------ */
/* Along lines                                                         */

static void
point_at (const double *xy,
          const double *cum,
          guint         n,
          double        s,
          double       *x,
          double       *y)
{
  guint lo = 0, hi = n - 1;
  double t, len;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (cum[mid] <= s)
        lo = mid;
      else
        hi = mid;
    }
  len = cum[hi] - cum[lo];
  t = len > 0 ? CLAMP ((s - cum[lo]) / len, 0, 1) : 0;
  *x = xy[2 * lo] + (xy[2 * hi] - xy[2 * lo]) * t;
  *y = xy[2 * lo + 1] + (xy[2 * hi + 1] - xy[2 * lo + 1]) * t;
}

/*
 * Straight labels along a screen polyline: wherever a stretch as long as
 * the text is nearly straight, the text is set along its chord, beside
 * the line (above, else below), turned so that it never reads upside
 * down; then again every @spacing px on a long line.
 */
static void
place_along (Placer        *p,
             const double  *xy,
             guint          n,
             CbLabelKind    kind,
             const char    *layer_id,
             guint          feature,
             const char    *text,
             const CbColor *color,
             double         gap,
             double         spacing)
{
  Shape *shape = get_shape (p->self, kind, text);
  double w = shape->width, h = shape->height;
  double len = w + 8;
  double *cum, total, s_in = -1, s_out = -1, s;
  const double step = 6;
  guint n_placed = 0;

  if (n < 2 || w <= 0)
    return;

  g_array_set_size (p->self->cum, n);
  cum = (double *) (gpointer) p->self->cum->data;
  cum[0] = 0;
  for (guint i = 1; i < n; i++)
    cum[i] = cum[i - 1] + hypot (xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
  total = cum[n - 1];
  if (total < len)
    return;

  /* The stretch on screen. */
  for (guint i = 0; i < n; i++)
    if (xy[2 * i] >= 0 && xy[2 * i] <= p->view_w && xy[2 * i + 1] >= 0 && xy[2 * i + 1] <= p->view_h)
      {
        if (s_in < 0)
          s_in = cum[i > 0 ? i - 1 : 0];
        s_out = cum[MIN (i + 1, n - 1)];
      }
  if (s_in < 0)
    return;

  /* The first label a little way in, or centred on a short stretch;
   * then, if nothing fitted, from the start of the stretch. */
  for (int attempt = 0; attempt < 2 && n_placed == 0; attempt++)
  for (s = attempt == 0 ? s_in + MIN (spacing * 0.3, MAX (0, (s_out - s_in - len) / 2)) : s_in;
       s + len <= MIN (total, s_out + len);)
    {
      double x0, y0, x1, y1, dx, dy, chord, angle, mx, my, nx, ny, worst = 0;
      gboolean placed = FALSE;

      point_at (xy, cum, n, s, &x0, &y0);
      point_at (xy, cum, n, s + len, &x1, &y1);
      dx = x1 - x0;
      dy = y1 - y0;
      chord = hypot (dx, dy);
      if (chord < 0.8 * len)
        {
          s += step;
          continue;
        }
      /* How far the line strays from the chord under the text. */
      for (guint i = 1; i + 1 < n; i++)
        if (cum[i] > s && cum[i] < s + len)
          worst = MAX (worst, fabs ((xy[2 * i] - x0) * dy - (xy[2 * i + 1] - y0) * dx) / chord);
      if (worst > h * 0.9)
        {
          s += step;
          continue;
        }

      /* In steps of a quarter degree: panning moves the line by whole
       * pixels but its angle by rounding noise, and each new angle is a
       * new bitmap to draw (ensure_turned()). */
      angle = round (atan2 (dy, dx) / ANGLE_STEP) * ANGLE_STEP;
      /* Upright: never beyond a quarter turn either way. */
      if (angle > G_PI / 2)
        angle -= G_PI;
      else if (angle <= -G_PI / 2)
        angle += G_PI;
      mx = (x0 + x1) / 2;
      my = (y0 + y1) / 2;
      /* The text's "down" direction. */
      nx = -sin (angle);
      ny = cos (angle);

      if (!same_text_near (p, kind, text, mx, my, spacing * 0.8))
        for (int side = -1; side <= 1 && !placed; side += 2)
          {
            double off = side * (h / 2 + worst + gap);
            double cx = mx + nx * off, cy = my + ny * off;
            Quad air;

            quad_rotated (&air, cx, cy, w + 2 * LABEL_AIR, h + 2 * LABEL_AIR, angle);
            if (!placer_fits (p, &air))
              continue;
            placer_add_label (p, kind, layer_id, feature, text, shape, cx, cy, angle, color, &air);
            placed = TRUE;
          }
      n_placed += placed;
      s += placed ? len + spacing : step;
    }
}

static const char *
line_name (CbLayer  *layer,
           guint     feature,
           gboolean  short_form)
{
  const char *id = cb_feature_set_get_attribute (cb_layer_get_features (layer), feature, "id");

  for (guint i = 0; i < G_N_ELEMENTS (line_names); i++)
    if (g_str_equal (line_names[i].layer, cb_layer_get_id (layer)) &&
        (line_names[i].feature_prefix == NULL ||
         (id != NULL && g_str_has_prefix (id, line_names[i].feature_prefix))))
      return short_form ? g_dpgettext2 (GETTEXT_PACKAGE, "map label, short", line_names[i].short_text)
                        : map_label (line_names[i].text);
  return NULL;
}

static void
place_line_layer (Placer                *p,
                  CbLayer               *layer,
                  CbLabelKind            kind,
                  gboolean               dark)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  guint lod = cb_feature_set_pick_lod (features, p->scale);
  guint n_features = cb_feature_set_get_n_features (features);

  /* The full names first; then, for a line whose name found no room
   * anywhere, its short form. */
  for (int short_form = 0; short_form <= (kind == CB_LABEL_KIND_LINE); short_form++)
  for (guint f = 0; f < n_features; f++)
    {
      const CbLayerStyle *style;
      const char *text;
      CbColor color;

      if (!feature_shown (p, features, f))
        continue;
      text = kind == CB_LABEL_KIND_RIVER ? cb_feature_set_get_attribute (features, f, "name")
                                         : line_name (layer, f, short_form);
      if (text == NULL || *text == '\0')
        continue;
      if (short_form && same_text_near (p, kind, line_name (layer, f, FALSE), 0, 0, 1e9))
        continue;
      style = cb_layer_catalog_get_feature_style (layer, f);
      text_color (dark ? &style->line_dark : &style->line_light, dark,
                  kind == CB_LABEL_KIND_RIVER ? 0.35 : 0.25, &color);

      for (guint part = 0; part < cb_feature_set_get_feature_n_parts (features, f); part++)
        {
          guint n;
          const double *pts = cb_feature_set_get_lod_part (features, lod, f, part, &n);

          if (n < 2)
            continue;
          place_along (p, part_to_screen (p, pts, n), n, kind, cb_layer_get_id (layer), f,
                       text, &color, style->line_width / 2 + 2,
                       kind == CB_LABEL_KIND_RIVER ? 600 : 420);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Inside areas                                                        */

typedef struct
{
  int cols;
  int rows;
  double cell;
} Grid;

static void
grid_init (Placer *p,
           Grid   *g)
{
  CbLabelLayouter *self = p->self;
  gsize cells;

  g->cell = MAX (MIN_CELL, ceil (sqrt (p->view_w * p->view_h / 9000.0)));
  g->cols = MAX (1, (int) ceil (p->view_w / g->cell));
  g->rows = MAX (1, (int) ceil (p->view_h / g->cell));
  cells = (gsize) g->cols * g->rows;
  if (cells > self->grid_alloc)
    {
      self->mask = g_renew (guint8, self->mask, cells);
      self->tmp = g_renew (guint8, self->tmp, cells);
      self->line_cells = g_renew (guint8, self->line_cells, cells);
      self->dist = g_renew (guint16, self->dist, cells);
      self->sat = g_renew (guint32, self->sat, (gsize) (g->cols + 1) * (g->rows + 1));
      self->grid_alloc = cells;
    }
  while (self->row_xs->len < (guint) g->rows)
    g_ptr_array_add (self->row_xs, g_array_new (FALSE, FALSE, sizeof (double)));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sets in @out (even-odd, all parts together) the cells whose centre is
 * inside @feature. */
static void
rasterize_feature (Placer       *p,
                   const Grid   *g,
                   CbFeatureSet *features,
                   guint         lod,
                   guint         feature,
                   guint8       *out)
{
  for (int r = 0; r < g->rows; r++)
    g_array_set_size (g_ptr_array_index (p->self->row_xs, r), 0);

  for (guint part = 0; part < cb_feature_set_get_feature_n_parts (features, feature); part++)
    {
      guint n;
      const double *pts = cb_feature_set_get_lod_part (features, lod, feature, part, &n);
      const double *xy;

      if (n < 3)
        continue;
      xy = part_to_screen (p, pts, n);
      for (guint i = 0; i < n; i++)
        {
          guint j = (i + 1) % n;
          double x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * j], y1 = xy[2 * j + 1];
          int r0, r1;

          if (y0 == y1)
            continue;
          r0 = MAX (0, (int) ceil (MIN (y0, y1) / g->cell - 0.5));
          r1 = MIN (g->rows - 1, (int) floor (MAX (y0, y1) / g->cell - 0.5));
          for (int r = r0; r <= r1; r++)
            {
              double yc = (r + 0.5) * g->cell;
              double x;

              if ((y0 <= yc) == (y1 <= yc))
                continue;
              x = x0 + (yc - y0) * (x1 - x0) / (y1 - y0);
              g_array_append_val ((GArray *) g_ptr_array_index (p->self->row_xs, r), x);
            }
        }
    }

  for (int r = 0; r < g->rows; r++)
    {
      GArray *xs = g_ptr_array_index (p->self->row_xs, r);

      g_array_sort (xs, compare_doubles);
      for (guint k = 0; k + 1 < xs->len; k += 2)
        {
          double xa = g_array_index (xs, double, k), xb = g_array_index (xs, double, k + 1);
          int c0 = MAX (0, (int) ceil (xa / g->cell - 0.5));
          int c1 = MIN (g->cols - 1, (int) floor (xb / g->cell - 0.5));

          for (int c = c0; c <= c1; c++)
            out[r * g->cols + c] = 1;
        }
    }
}

/* Every feature of @features with @text as its name (NULL: feature
 * @only), shown today, into @out (cleared first). */
static gboolean
rasterize_features (Placer       *p,
                    const Grid   *g,
                    CbFeatureSet *features,
                    const char   *field,
                    const char   *text,
                    int           only,
                    guint8       *out)
{
  guint lod = cb_feature_set_pick_lod (features, g->cell / 2 * p->scale);
  gboolean any = FALSE;

  memset (out, 0, (gsize) g->cols * g->rows);
  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    {
      if (only >= 0 && (int) f != only)
        continue;
      if (text != NULL && g_strcmp0 (cb_feature_set_get_attribute (features, f, field), text) != 0)
        continue;
      if (!feature_shown (p, features, f))
        continue;
      rasterize_feature (p, g, features, lod, f, out);
      any = TRUE;
    }
  return any;
}

/*
 * Places @text inside the cells set in the layouter's mask: the cells
 * deepest inside the visible part first (chessboard distance to its edge
 * or the view's), the whole text inside, clear of everything placed.
 * Work stays within the mask's bounding box: most areas are small.
 */
static void
place_in_mask (Placer        *p,
               const Grid    *g,
               CbLabelKind    kind,
               const char    *layer_id,
               guint          feature,
               const char    *text,
               const CbColor *color)
{
  CbLabelLayouter *self = p->self;
  Shape *shape = get_shape (self, kind, text);
  int cols = g->cols, rows = g->rows, sat_w = cols + 1;
  guint8 *mask = self->mask;
  guint16 *dist = self->dist;
  guint32 *sat = self->sat;
  int half_c, half_r, r_min = rows, r_max = -1, c_min = cols, c_max = -1;
  guint counts[256] = { 0 };
  guint n_candidates = 0, tried = 0;
  guint *order;

  for (int r = 0; r < rows; r++)
    {
      const guint8 *row = mask + (gsize) r * cols;
      int first = -1, last = -1;

      for (int c = 0; c < cols; c++)
        if (row[c])
          {
            if (first < 0)
              first = c;
            last = c;
          }
      if (first < 0)
        continue;
      r_min = MIN (r_min, r);
      r_max = r;
      c_min = MIN (c_min, first);
      c_max = MAX (c_max, last);
    }
  /* Names of areas keep off the lines: a cell a line crosses is outside. */
  if (self->have_line_cells)
    for (gsize i = 0; i < (gsize) cols * rows; i++)
      mask[i] &= !self->line_cells[i];

  half_c = (int) ceil ((shape->width / 2 + LABEL_AIR) / g->cell);
  half_r = (int) ceil ((shape->height / 2 + LABEL_AIR) / g->cell);
  if (r_max < 0 || r_max - r_min < 2 * half_r || c_max - c_min < 2 * half_c)
    return;

  /* Distance to the nearest cell outside (the view's edge is outside). */
  for (int r = r_min; r <= r_max; r++)
    for (int c = c_min; c <= c_max; c++)
      {
        guint16 d = 0;

        if (mask[r * cols + c])
          {
            if (r == 0 || c == 0 || r + 1 >= rows || c + 1 >= cols || r == r_min || c == c_min)
              d = 1;
            else
              {
                d = dist[(r - 1) * cols + c - 1];
                d = MIN (d, dist[(r - 1) * cols + c]);
                d = MIN (d, dist[r * cols + c - 1]);
                d = c < c_max ? MIN (d, dist[(r - 1) * cols + c + 1]) : 0;
                d++;
              }
          }
        dist[r * cols + c] = d;
      }
  for (int r = r_max; r >= r_min; r--)
    for (int c = c_max; c >= c_min; c--)
      {
        guint16 d = dist[r * cols + c];

        if (d <= 1)
          continue;
        if (r == r_max || c == c_max || c == c_min)
          d = 1;
        else
          {
            d = MIN (d, dist[(r + 1) * cols + c + 1] + 1);
            d = MIN (d, dist[(r + 1) * cols + c] + 1);
            d = MIN (d, dist[r * cols + c + 1] + 1);
            d = MIN (d, dist[(r + 1) * cols + c - 1] + 1);
          }
        dist[r * cols + c] = MIN (d, 255);
      }

  /* Summed-area table over the box: whether a block of cells is all
   * inside, at once. */
  for (int c = c_min; c <= c_max + 1; c++)
    sat[r_min * sat_w + c] = 0;
  for (int r = r_min; r <= r_max; r++)
    {
      guint32 row_sum = 0;

      sat[(r + 1) * sat_w + c_min] = 0;
      for (int c = c_min; c <= c_max; c++)
        {
          row_sum += mask[r * cols + c];
          sat[(r + 1) * sat_w + c + 1] = sat[r * sat_w + c + 1] + row_sum;
        }
    }

  /* Candidates (cells where the whole text is inside), deepest first by
   * a counting sort on the distance. */
  g_array_set_size (self->candidates, 0);
  for (int r = r_min + half_r; r <= r_max - half_r; r++)
    for (int c = c_min + half_c; c <= c_max - half_c; c++)
      {
        guint i = r * cols + c;
        int r0 = r - half_r, r1 = r + half_r + 1, c0 = c - half_c, c1 = c + half_c + 1;
        guint32 inside;

        if (dist[i] < MIN (half_r, half_c) + 1)
          continue;
        inside = sat[r1 * sat_w + c1] - sat[r0 * sat_w + c1] - sat[r1 * sat_w + c0] + sat[r0 * sat_w + c0];
        if (inside != (guint32) ((r1 - r0) * (c1 - c0)))
          continue;
        g_array_append_val (self->candidates, i);
        counts[dist[i]]++;
      }
  n_candidates = self->candidates->len;
  if (n_candidates == 0)
    return;
  g_array_set_size (self->candidates, 2 * n_candidates);
  order = &g_array_index (self->candidates, guint, n_candidates);
  {
    guint start = 0;

    for (int d = 255; d >= 0; d--)
      {
        guint n = counts[d];

        counts[d] = start;
        start += n;
      }
    for (guint k = 0; k < n_candidates; k++)
      {
        guint i = g_array_index (self->candidates, guint, k);

        order[counts[dist[i]]++] = i;
      }
  }

  for (guint k = 0; k < n_candidates && tried < 200; k++, tried++)
    {
      guint i = order[k];
      double x = (i % cols + 0.5) * g->cell, y = (i / cols + 0.5) * g->cell;
      Quad air;

      quad_rotated (&air, x, y, shape->width + 2 * LABEL_AIR, shape->height + 2 * LABEL_AIR, 0);
      if (!placer_fits (p, &air))
        continue;
      placer_add_label (p, kind, layer_id, feature, text, shape, x, y, 0, color, &air);
      return;
    }
}

/* Marks in the layouter's line_cells the cells @layer's lines cross. */
static void
mark_line_cells (Placer     *p,
                 const Grid *g,
                 CbLayer    *layer)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  guint lod = cb_feature_set_pick_lod (features, g->cell / 2 * p->scale);

  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    {
      if (!feature_shown (p, features, f))
        continue;
      for (guint part = 0; part < cb_feature_set_get_feature_n_parts (features, f); part++)
        {
          guint n;
          const double *pts = cb_feature_set_get_lod_part (features, lod, f, part, &n);
          const double *xy;

          if (n < 2)
            continue;
          xy = part_to_screen (p, pts, n);
          for (guint i = 0; i + 1 < n; i++)
            {
              double x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
              double len = hypot (x1 - x0, y1 - y0);
              int steps;

              if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) ||
                  (x0 > p->view_w && x1 > p->view_w) || (y0 > p->view_h && y1 > p->view_h))
                continue;
              steps = MIN ((int) ceil (len / (g->cell / 2)), 100000);
              for (int k = 0; k <= steps; k++)
                {
                  double t = steps > 0 ? (double) k / steps : 0;
                  int c = (int) floor ((x0 + (x1 - x0) * t) / g->cell);
                  int r = (int) floor ((y0 + (y1 - y0) * t) / g->cell);

                  if (c >= 0 && r >= 0 && c < g->cols && r < g->rows)
                    p->self->line_cells[r * g->cols + c] = 1;
                }
            }
        }
    }
}

static void
place_region_layer (Placer  *p,
                    CbLayer *layer,
                    const char *text,
                    gboolean dark)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  const CbLayerStyle *style = cb_layer_get_style (layer);
  const CbColor *base = dark ? &style->line_dark : &style->line_light;
  CbColor color;
  Grid g;

  if (base->alpha <= 0)
    base = dark ? &style->fill_dark : &style->fill_light;
  text_color (base, dark, 0.45, &color);
  grid_init (p, &g);

  if (text != NULL)
    {
      int first = -1;

      for (guint f = 0; f < cb_feature_set_get_n_features (features) && first < 0; f++)
        if (feature_shown (p, features, f))
          first = f;
      if (first < 0)
        return;
      rasterize_features (p, &g, features, NULL, NULL, -1, p->self->mask);
      place_in_mask (p, &g, CB_LABEL_KIND_REGION, cb_layer_get_id (layer), first, text, &color);
      return;
    }

  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    {
      const char *name = cb_feature_set_get_attribute (features, f, "name");

      if (name == NULL || *name == '\0' || !feature_shown (p, features, f))
        continue;
      rasterize_features (p, &g, features, NULL, NULL, f, p->self->mask);
      place_in_mask (p, &g, CB_LABEL_KIND_REGION, cb_layer_get_id (layer), f, name, &color);
    }
}

/*
 * The period data, read once per process and folder and then shared (it
 * is immutable) by every renderer and thread: like the catalog's layers,
 * an export draws it without reading any file.
 */
static CbFeatureSet *
shared_period_data (void)
{
  static GMutex lock;
  static GHashTable *loaded;   /* path -> CbFeatureSet, or NULL after a failure */
  g_autofree char *path = g_build_filename (cb_paths_get_geodata_dir (), "countries_period.shp", NULL);
  CbFeatureSet *set = NULL;

  g_mutex_lock (&lock);
  if (loaded == NULL)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  if (g_hash_table_contains (loaded, path))
    set = g_hash_table_lookup (loaded, path);
  else
    {
      g_autoptr(GError) error = NULL;

      set = cb_shapefile_load (path, &error);
      /* The map is still whole without the names: say so once, go on. */
      if (set == NULL)
        g_message ("No country names on the map: %s", error->message);
      g_hash_table_insert (loaded, g_strdup (path), set);
    }
  if (set != NULL)
    cb_feature_set_ref (set);
  g_mutex_unlock (&lock);
  return set;
}

static CbFeatureSet *
period_data (CbLabelLayouter *self)
{
  if (!self->period_loaded)
    {
      self->period_loaded = TRUE;
      self->period = shared_period_data ();
    }
  return self->period;
}

static void
place_countries (Placer   *p,
                 gboolean  dark)
{
  static const CbColor country_light = { 0.36, 0.34, 0.31, 1 }, country_dark = { 0.74, 0.72, 0.69, 1 };
  static const CbColor sea_light = { 0.20, 0.40, 0.60, 1 }, sea_dark = { 0.55, 0.70, 0.85, 1 };
  CbFeatureSet *period = period_data (p->self);
  g_autoptr(GPtrArray) done = NULL;
  gsize cells;
  guint n;
  Grid g;

  if (period == NULL)
    return;
  n = cb_feature_set_get_n_features (period);
  done = g_ptr_array_new ();
  grid_init (p, &g);
  cells = (gsize) g.cols * g.rows;
  /* The land of the day, gathered on the way for the seas. */
  memset (p->self->tmp, 0, cells);

  /* Each state of the day, once, its polygons together. */
  for (guint f = 0; f < n; f++)
    {
      const char *id = cb_feature_set_get_attribute (period, f, "id");
      const char *name = cb_feature_set_get_attribute (period, f, "name");

      if (id == NULL || !g_str_has_prefix (id, "country_") || name == NULL ||
          !feature_shown (p, period, f) || g_ptr_array_find_with_equal_func (done, name, g_str_equal, NULL))
        continue;
      g_ptr_array_add (done, (gpointer) name);
      rasterize_features (p, &g, period, "name", name, -1, p->self->mask);
      for (gsize i = 0; i < cells; i++)
        p->self->tmp[i] |= p->self->mask[i];
      place_in_mask (p, &g, CB_LABEL_KIND_COUNTRY, NULL, f, map_label (name),
                     dark ? &country_dark : &country_light);
    }

  /* Seas: their box, less the land of the day. */
  for (guint f = 0; f < n; f++)
    {
      const char *id = cb_feature_set_get_attribute (period, f, "id");
      const char *name = cb_feature_set_get_attribute (period, f, "name");

      if (id == NULL || !g_str_has_prefix (id, "sea_") || name == NULL || !feature_shown (p, period, f))
        continue;
      rasterize_features (p, &g, period, NULL, NULL, f, p->self->mask);
      for (gsize i = 0; i < cells; i++)
        p->self->mask[i] &= !p->self->tmp[i];
      place_in_mask (p, &g, CB_LABEL_KIND_SEA, NULL, f, map_label (name), dark ? &sea_dark : &sea_light);
    }
}

/* ------------------------------------------------------------------ */

static void
add_input (GByteArray    *inputs,
           gconstpointer  data,
           gsize          size)
{
  g_byte_array_append (inputs, data, size);
}

/* Everything a placement depends on, as bytes: the view, the options,
 * the towns placed before, each layer's visibility and style. */
static GByteArray *
placement_inputs (CbLayerCatalog        *catalog,
                  CbViewport            *viewport,
                  const CbRenderOptions *options,
                  CbTownLayout          *layout)
{
  GByteArray *inputs = g_byte_array_new ();
  double view[5] = { cb_viewport_get_center_x (viewport), cb_viewport_get_center_y (viewport),
                     cb_viewport_get_scale (viewport), cb_viewport_get_width (viewport),
                     cb_viewport_get_height (viewport) };
  gboolean dark = options->dark;

  add_input (inputs, view, sizeof view);
  add_input (inputs, &options->date, sizeof options->date);
  add_input (inputs, &dark, sizeof dark);
  if (options->n_avoid_rects > 0)
    add_input (inputs, options->avoid_rects, 4 * sizeof (double) * options->n_avoid_rects);
  for (guint i = 0; i < layout->towns->len; i++)
    {
      const CbPlacedTown *town = &g_array_index (layout->towns, CbPlacedTown, i);
      double where[6] = { town->x, town->y, town->label_x, town->label_y,
                          town->label_width, town->has_label ? town->label_height : -1 };

      add_input (inputs, where, sizeof where);
    }
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
      gboolean visible = cb_layer_get_visible (layer);

      add_input (inputs, &layer, sizeof layer);
      add_input (inputs, &visible, sizeof visible);
      add_input (inputs, cb_layer_get_style (layer), sizeof (CbLayerStyle));
    }
  return inputs;
}

static void
copy_labels (GArray *to,
             GArray *from)
{
  for (guint i = 0; i < from->len; i++)
    {
      CbPlacedLabel label = g_array_index (from, CbPlacedLabel, i);

      label.text = g_strdup (label.text);
      g_array_append_val (to, label);
    }
}

static void place_all (CbLabelLayouter       *self,
                       CbLayerCatalog        *catalog,
                       CbViewport            *viewport,
                       const CbRenderOptions *options,
                       CbTownLayout          *layout);

void
cb_label_layouter_place (CbLabelLayouter       *self,
                         CbLayerCatalog        *catalog,
                         CbViewport            *viewport,
                         const CbRenderOptions *options,
                         CbTownLayout          *layout)
{
  g_autoptr(GByteArray) inputs = placement_inputs (catalog, viewport, options, layout);
  guint first = layout->labels->len;

  if (inputs->len == self->last_inputs->len &&
      memcmp (inputs->data, self->last_inputs->data, inputs->len) == 0)
    {
      copy_labels (layout->labels, self->last_labels);
      return;
    }

  place_all (self, catalog, viewport, options, layout);

  g_byte_array_set_size (self->last_inputs, 0);
  g_byte_array_append (self->last_inputs, inputs->data, inputs->len);
  g_array_set_size (self->last_labels, 0);
  for (guint i = first; i < layout->labels->len; i++)
    {
      CbPlacedLabel label = g_array_index (layout->labels, CbPlacedLabel, i);

      label.text = g_strdup (label.text);
      g_array_append_val (self->last_labels, label);
    }
}

static void
place_all (CbLabelLayouter       *self,
                         CbLayerCatalog        *catalog,
                         CbViewport            *viewport,
                         const CbRenderOptions *options,
                         CbTownLayout          *layout)
{
  g_autoptr(GArray) quads = g_array_new (FALSE, FALSE, sizeof (Quad));
  CbLayer *towns = cb_layer_catalog_get_towns (catalog);
  guint n_layers = cb_layer_catalog_get_n_layers (catalog);
  gboolean dark = options->dark;
  Placer p = { 0 };

  p.self = self;
  p.quads = quads;
  p.layout = layout;
  p.view_w = cb_viewport_get_width (viewport);
  p.view_h = cb_viewport_get_height (viewport);
  p.cx = cb_viewport_get_center_x (viewport);
  p.cy = cb_viewport_get_center_y (viewport);
  p.scale = cb_viewport_get_scale (viewport);
  p.inv_scale = 1.0 / p.scale;
  p.day = options->date;
  p.dark = dark;
  cb_viewport_get_visible_bounds (viewport, &p.visible);

  /* What is already there: the towns, dots and labels, and the overlays. */
  for (guint i = 0; i < layout->towns->len; i++)
    {
      const CbPlacedTown *town = &g_array_index (layout->towns, CbPlacedTown, i);
      Quad q;

      quad_from_rect (&q, town->x - 5, town->y - 5, 10, 10);
      placer_add_obstacle (&p, &q);
      if (town->has_label)
        {
          quad_from_rect (&q, town->label_x - 1, town->label_y - 1,
                          town->label_width + 2, town->label_height + 2);
          placer_add_obstacle (&p, &q);
        }
    }
  for (guint i = 0; i < options->n_avoid_rects; i++)
    {
      const double *r = &options->avoid_rects[4 * i];
      Quad q;

      quad_from_rect (&q, r[0], r[1], r[2], r[3]);
      placer_add_obstacle (&p, &q);
    }

  /* Lines, the top of the drawing order (the treaty) first. */
  for (guint i = n_layers; i-- > 0;)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (layer == towns || !cb_layer_get_visible (layer) ||
          cb_feature_set_get_geometry_type (cb_layer_get_features (layer)) != CB_GEOMETRY_LINE)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (line_names); k++)
        if (g_strcmp0 (line_names[k].layer, cb_layer_get_id (layer)) == 0)
          {
            place_line_layer (&p, layer, CB_LABEL_KIND_LINE, dark);
            break;
          }
    }

  /* The cells the named lines cross, which area names keep off. */
  {
    Grid g;

    grid_init (&p, &g);
    memset (self->line_cells, 0, (gsize) g.cols * g.rows);
    self->have_line_cells = TRUE;
    for (guint i = 0; i < n_layers; i++)
      {
        CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

        if (!cb_layer_get_visible (layer) ||
            cb_feature_set_get_geometry_type (cb_layer_get_features (layer)) != CB_GEOMETRY_LINE)
          continue;
        for (guint k = 0; k < G_N_ELEMENTS (line_names); k++)
          if (g_strcmp0 (line_names[k].layer, cb_layer_get_id (layer)) == 0)
            {
              mark_line_cells (&p, &g, layer);
              break;
            }
      }
  }

  /* Regions. */
  for (guint i = n_layers; i-- > 0;)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (!cb_layer_get_visible (layer))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (region_names); k++)
        if (g_strcmp0 (region_names[k].layer, cb_layer_get_id (layer)) == 0)
          {
            place_region_layer (&p, layer,
                                region_names[k].text ? map_label (region_names[k].text) : NULL, dark);
            break;
          }
    }

  /* Countries and seas of the day (with no day: of the treaty's), with
   * the land they name: not on a map without its base layer. */
  if (p.day == 0)
    p.day = cb_label_default_day ();
  {
    CbLayer *land = cb_layer_catalog_get_layer_by_id (catalog, "countries_modern");

    if (land != NULL && cb_layer_get_visible (land))
      place_countries (&p, dark);
  }

  /* Rivers, once zoomed in. */
  if (p.scale <= CB_LABEL_RIVER_MAX_SCALE)
    {
      CbLayer *rivers = cb_layer_catalog_get_layer_by_id (catalog, "rivers");

      if (rivers != NULL && cb_layer_get_visible (rivers))
        place_line_layer (&p, rivers, CB_LABEL_KIND_RIVER, dark);
    }
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

static void
ensure_bitmap (Shape         *shape,
               double         scale,
               gboolean       dark,
               const double  *color)
{
  const CbColor *halo = dark ? &cb_render_background_dark : &cb_render_background_light;
  CbColor text = { color[0], color[1], color[2], color[3] };
  cairo_t *cr;
  int w, h;

  if (shape->bitmap != NULL && shape->bitmap_scale == scale && shape->bitmap_dark == dark &&
      memcmp (shape->bitmap_color, color, sizeof shape->bitmap_color) == 0)
    return;

  g_clear_pointer (&shape->bitmap, cairo_surface_destroy);
  shape_clear_turned (shape);
  w = (int) ceil ((shape->width + 2 * BITMAP_PAD) * scale);
  h = (int) ceil ((shape->height + 2 * BITMAP_PAD) * scale);
  shape->bitmap = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (w, 1), MAX (h, 1));
  cairo_surface_set_device_scale (shape->bitmap, scale, scale);
  shape->bitmap_scale = scale;
  shape->bitmap_dark = dark;
  memcpy (shape->bitmap_color, color, sizeof shape->bitmap_color);

  cr = cairo_create (shape->bitmap);
  cairo_move_to (cr, BITMAP_PAD + shape->ox, BITMAP_PAD + shape->oy);
  cb_render_show_text (cr, shape->layout, &text, halo, 0.85, HALO_WIDTH);
  cairo_destroy (cr);
}

/* The half size of the box that holds the text turned by @angle. */
static void
turned_half_size (const Shape *shape,
                  double       angle,
                  double      *half_w,
                  double      *half_h)
{
  double w = shape->width + 2 * BITMAP_PAD, h = shape->height + 2 * BITMAP_PAD;
  double ca = fabs (cos (angle)), sa = fabs (sin (angle));

  *half_w = ceil ((w * ca + h * sa) / 2);
  *half_h = ceil ((w * sa + h * ca) / 2);
}

static cairo_surface_t *
ensure_turned (Shape          *shape,
               double          angle,
               double          scale,
               gboolean        dark)
{
  const CbColor *halo = dark ? &cb_render_background_dark : &cb_render_background_light;
  CbColor text = { shape->bitmap_color[0], shape->bitmap_color[1], shape->bitmap_color[2],
                   shape->bitmap_color[3] };
  double half_w, half_h;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint slot;

  for (guint i = 0; i < G_N_ELEMENTS (shape->turned); i++)
    if (shape->turned[i].surface != NULL && shape->turned[i].angle == angle)
      return shape->turned[i].surface;

  turned_half_size (shape, angle, &half_w, &half_h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        MAX (1, (int) ceil (2 * half_w * scale)),
                                        MAX (1, (int) ceil (2 * half_h * scale)));
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_translate (cr, half_w, half_h);
  cairo_rotate (cr, angle);
  cairo_move_to (cr, -shape->width / 2 + shape->ox, -shape->height / 2 + shape->oy);
  cb_render_show_text (cr, shape->layout, &text, halo, 0.85, HALO_WIDTH);
  cairo_destroy (cr);

  slot = shape->next_turned++ % G_N_ELEMENTS (shape->turned);
  g_clear_pointer (&shape->turned[slot].surface, cairo_surface_destroy);
  shape->turned[slot].surface = surface;
  shape->turned[slot].angle = angle;
  return surface;
}

static void
draw_label (CbLabelLayouter       *self,
            cairo_t               *cr,
            const CbPlacedLabel   *label,
            const CbRenderOptions *options,
            gboolean               raster)
{
  Shape *shape = get_shape (self, label->kind, label->text);
  double scale = options->device_scale > 0 ? options->device_scale : 1.0;

  cairo_save (cr);
  if (raster)
    {
      double x = label->x - shape->width / 2 - BITMAP_PAD;
      double y = label->y - shape->height / 2 - BITMAP_PAD;

      ensure_bitmap (shape, scale, options->dark, label->color);
      if (label->angle == 0)
        {
          /* Whole device pixels: a copied bitmap must not be resampled. */
          x = round (x * scale) / scale;
          y = round (y * scale) / scale;
          cairo_set_source_surface (cr, shape->bitmap, x, y);
          cairo_rectangle (cr, x, y, shape->width + 2 * BITMAP_PAD, shape->height + 2 * BITMAP_PAD);
        }
      else
        {
          cairo_surface_t *turned = ensure_turned (shape, label->angle, scale, options->dark);
          double half_w, half_h;

          turned_half_size (shape, label->angle, &half_w, &half_h);
          x = round ((label->x - half_w) * scale) / scale;
          y = round ((label->y - half_h) * scale) / scale;
          cairo_set_source_surface (cr, turned, x, y);
          cairo_rectangle (cr, x, y, 2 * half_w, 2 * half_h);
        }
      cairo_fill (cr);
    }
  else
    {
      const CbColor *halo = options->dark ? &cb_render_background_dark : &cb_render_background_light;
      CbColor color = { label->color[0], label->color[1], label->color[2], label->color[3] };

      cairo_translate (cr, label->x, label->y);
      cairo_rotate (cr, label->angle);
      cairo_move_to (cr, -shape->width / 2 + shape->ox, -shape->height / 2 + shape->oy);
      cb_render_show_text (cr, shape->layout, &color, halo, 0.85, HALO_WIDTH);
    }
  cairo_restore (cr);
}

void
cb_label_layouter_draw (CbLabelLayouter       *self,
                        cairo_t               *cr,
                        CbTownLayout          *layout,
                        const CbRenderOptions *options,
                        gboolean               raster)
{
  /* Bottom first: the widest names under the narrower ones. */
  static const struct
  {
    CbLabelKind kind;
    const char *id;
    const char *title;
  } groups[] = {
    { CB_LABEL_KIND_SEA, "labels-seas", N_("Sea names") },
    { CB_LABEL_KIND_COUNTRY, "labels-countries", N_("Country names") },
    { CB_LABEL_KIND_REGION, "labels-regions", N_("Region names") },
    { CB_LABEL_KIND_RIVER, "labels-rivers", N_("River names") },
    { CB_LABEL_KIND_LINE, "labels-lines", N_("Line names") },
  };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      gboolean open = FALSE;

      for (guint i = 0; i < layout->labels->len; i++)
        {
          const CbPlacedLabel *label = &g_array_index (layout->labels, CbPlacedLabel, i);

          if (label->kind != groups[g].kind)
            continue;
          if (!open)
            cb_render_begin_group (cr, groups[g].id, _(groups[g].title));
          open = TRUE;
          draw_label (self, cr, label, options, raster);
        }
      if (open)
        cb_render_end_group (cr);
    }
}
