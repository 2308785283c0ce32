/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * The palette under colour-vision deficiencies and in greyscale.
 *
 * Renders the legend swatches through the legend's own painter (on the
 * ground each feature lies on) and small patches of the real map, then
 * simulates deuteranopia and protanopia (Machado, Oliveira & Fernandes
 * 2009, severity 1.0, in linear RGB) and greyscale (relative luminance,
 * as a black-and-white printer keeps it), and compares colours in CIELAB
 * (ΔE*ab, CIE 1976; D65).
 *
 * Thresholds, chosen before tuning the palette:
 *   - areas that touch: ΔE*ab >= 10.  About four just-noticeable
 *     differences (JND ≈ 2.3, Sharma 2003): neighbouring fills that read as
 *     different at a glance, not only side by side under scrutiny.  In
 *     greyscale ΔE*ab is the L* step, and 10 L* survives a laser printer's
 *     halftone.  A hatched area next to a flat one passes by its texture.
 *   - lines: ΔE*ab >= 20.  Thin marks need far larger differences than
 *     areas to be told apart (Stone, Szafir & Setlur 2014, "An engineering
 *     model for color difference as a function of size": the noticeable
 *     difference grows several-fold as marks shrink to a few pixels).
 *     Where colour alone cannot (twelve lines in greyscale), each line's
 *     own dash pattern must show in the rendered swatch.
 *   - the historical lines against the areas they cross (land, treaty
 *     Lithuania, the Vilnius Region): ΔE*ab >= 20, for the same reason.
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cb-hit-test.h"
#include "cb-layer-catalog.h"
#include "cb-legend.h"
#include "cb-render-common.h"
#include "cb-renderer.h"

#define AREA_DE 10.0
#define LINE_DE 20.0

typedef enum
{
  VISION_NORMAL,
  VISION_DEUTAN,
  VISION_PROTAN,
  VISION_GREY,
  N_VISIONS
} Vision;

static const char *vision_names[] = { "normal", "deuteranopia", "protanopia", "greyscale" };

/* Machado et al. 2009, severity 1.0, for linear RGB. */
static const double machado_deutan[3][3] = {
  { 0.367322, 0.860646, -0.227968 },
  { 0.280085, 0.672501, 0.047413 },
  { -0.011820, 0.042940, 0.968881 },
};
static const double machado_protan[3][3] = {
  { 0.152286, 1.052583, -0.204868 },
  { 0.114503, 0.786281, 0.099216 },
  { -0.003882, -0.048116, 1.051998 },
};

/* Linear RGB. */
typedef struct
{
  double r, g, b;
} Rgb;

typedef struct
{
  double l, a, b;
} Lab;

static double
to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static Rgb
simulate (Rgb     c,
          Vision  vision)
{
  const double (*m)[3] = vision == VISION_DEUTAN ? machado_deutan : machado_protan;
  Rgb out;

  switch (vision)
    {
    case VISION_GREY:
      out.r = out.g = out.b = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
      return out;
    case VISION_DEUTAN:
    case VISION_PROTAN:
      out.r = CLAMP (m[0][0] * c.r + m[0][1] * c.g + m[0][2] * c.b, 0, 1);
      out.g = CLAMP (m[1][0] * c.r + m[1][1] * c.g + m[1][2] * c.b, 0, 1);
      out.b = CLAMP (m[2][0] * c.r + m[2][1] * c.g + m[2][2] * c.b, 0, 1);
      return out;
    case VISION_NORMAL:
    default:
      return c;
    }
}

static double
lab_f (double t)
{
  return t > 216.0 / 24389 ? cbrt (t) : (24389.0 / 27 * t + 16) / 116;
}

static Lab
to_lab (Rgb c)
{
  double x = 0.4124 * c.r + 0.3576 * c.g + 0.1805 * c.b;
  double y = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
  double z = 0.0193 * c.r + 0.1192 * c.g + 0.9505 * c.b;
  double fx = lab_f (x / 0.95047), fy = lab_f (y), fz = lab_f (z / 1.08883);

  return (Lab) { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
}

static double
delta_e (Rgb    a,
         Rgb    b,
         Vision vision)
{
  Lab la = to_lab (simulate (a, vision)), lb = to_lab (simulate (b, vision));

  return sqrt ((la.l - lb.l) * (la.l - lb.l) + (la.a - lb.a) * (la.a - lb.a) +
               (la.b - lb.b) * (la.b - lb.b));
}

/* Linear RGB of an opaque pixel of an ARGB32 surface. */
static Rgb
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 p = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);
  double a = MAX ((p >> 24 & 0xff) / 255.0, 1e-6);

  return (Rgb) { to_linear ((p >> 16 & 0xff) / 255.0 / a),
                 to_linear ((p >> 8 & 0xff) / 255.0 / a),
                 to_linear ((p & 0xff) / 255.0 / a) };
}

/* The mean colour of a rectangle (what the eye averages a hatch into), and
 * its texture: the ΔE between its lightest and darkest tenth in @vision. */
typedef struct
{
  Rgb    mean;
  double texture[N_VISIONS];
} Patch;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static Patch
measure (cairo_surface_t *surface,
         int              x0,
         int              y0,
         int              w,
         int              h)
{
  Patch patch = { { 0, 0, 0 }, { 0 } };
  g_autoptr(GArray) lightness = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = (guint) (w * h);

  cairo_surface_flush (surface);
  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        Rgb c = pixel (surface, x, y);

        patch.mean.r += c.r / n;
        patch.mean.g += c.g / n;
        patch.mean.b += c.b / n;
      }
  for (int v = 0; v < N_VISIONS; v++)
    {
      double lo, hi;

      g_array_set_size (lightness, 0);
      for (int y = y0; y < y0 + h; y++)
        for (int x = x0; x < x0 + w; x++)
          {
            double l = to_lab (simulate (pixel (surface, x, y), v)).l;

            g_array_append_val (lightness, l);
          }
      g_array_sort (lightness, compare_doubles);
      lo = g_array_index (lightness, double, n / 10);
      hi = g_array_index (lightness, double, n - 1 - n / 10);
      patch.texture[v] = hi - lo;
    }
  return patch;
}

static CbLayerCatalog *
load_catalog (gboolean all_visible)
{
  CbLayerCatalog *catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cb_layer_catalog_load (catalog, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; all_visible && i < cb_layer_catalog_get_n_layers (catalog); i++)
    cb_layer_set_visible (cb_layer_catalog_get_layer (catalog, i), TRUE);
  return catalog;
}

static gboolean
is_historical_line (CbLayer *layer)
{
  return cb_feature_set_get_geometry_type (cb_layer_get_features (layer)) == CB_GEOMETRY_LINE &&
         cb_layer_get_group (layer) != CB_LAYER_GROUP_CONTEXT;
}

/* ------------------------------------------------------------------ */
/* Areas on the map                                                    */

typedef struct
{
  const char *name;
  double      lon;
  double      lat;
  /* The area layers drawn there (bottom first), so that a change of data
   * that moves the point off its area fails here, not silently. */
  const char *stack[4];
} Place;

static const Place places[] = {
  { "sea", 20.6, 57.2, { "sea", NULL } },
  { "land", 28.6, 53.0, { "countries_modern", NULL } },
  { "treaty Lithuania", 23.7, 55.45, { "countries_modern", "treaty_1920_territory", NULL } },
  { "Vilnius Region", 26.0, 54.35, { "countries_modern", "treaty_1920_territory", "vilnius_region", NULL } },
  { "Suwałki Region", 22.75, 53.75,
    { "countries_modern", "treaty_1920_territory", "suwalki_region", NULL } },
};

/* Pairs of places whose areas touch on the map (geodata: the Suwałki
 * Region lies inside the treaty territory and shares a stretch of boundary
 * with the Vilnius Region and with the land outside; the treaty territory
 * reaches the water of the lagoon). */
static const char *touching[][2] = {
  { "sea", "land" },
  { "sea", "treaty Lithuania" },
  { "land", "treaty Lithuania" },
  { "land", "Vilnius Region" },
  { "treaty Lithuania", "Vilnius Region" },
  { "land", "Suwałki Region" },
  { "treaty Lithuania", "Suwałki Region" },
  { "Vilnius Region", "Suwałki Region" },
};

#define PATCH 48

/* The map's areas at each place: a patch of the real map, zoomed in (30 m
 * a pixel), with only the area layers shown. */
static void
render_places (gboolean  dark,
               Patch    *out)
{
  g_autoptr(CbLayerCatalog) catalog = load_catalog (FALSE);
  g_autoptr(CbRenderer) renderer = cb_renderer_new (catalog);
  g_autoptr(CbViewport) viewport = cb_viewport_new ();
  CbRenderOptions options;

  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (cb_feature_set_get_geometry_type (cb_layer_get_features (layer)) != CB_GEOMETRY_POLYGON)
        cb_layer_set_visible (layer, FALSE);
    }
  cb_render_options_init (&options);
  options.dark = dark;
  cb_viewport_set_size (viewport, PATCH, PATCH);
  cb_viewport_set_min_scale (viewport, 1);
  cb_viewport_set_scale (viewport, 30);

  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    {
      double x, y;
      g_autoptr(GArray) hits = NULL;
      guint k = 0;
      cairo_surface_t *image;

      g_assert_true (cb_viewport_geo_to_map (viewport, places[p].lon, places[p].lat, &x, &y));
      /* The stack, top first from the hit-test, bottom first in places[]. */
      hits = cb_hit_test_catalog (catalog, x, y, 0);
      for (guint h = hits->len; h-- > 0;)
        {
          CbHit *hit = &g_array_index (hits, CbHit, h);

          if (hit->distance > 0)
            continue;
          g_assert_nonnull (places[p].stack[k]);
          g_assert_cmpstr (cb_layer_get_id (hit->layer), ==, places[p].stack[k]);
          k++;
        }
      g_assert_null (places[p].stack[k]);

      cb_viewport_set_center (viewport, x, y);
      image = cb_renderer_render_image (renderer, viewport, &options, 1);
      out[p] = measure (image, 0, 0, PATCH, PATCH);
      cairo_surface_destroy (image);
    }
}

static const Patch *
place_patch (const Patch *patches,
             const char  *name)
{
  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    if (strcmp (places[p].name, name) == 0)
      return &patches[p];
  g_assert_not_reached ();
}

static gboolean
textured (const Patch *patch,
          Vision       vision)
{
  return patch->texture[vision] >= AREA_DE;
}

/* Every pair of touching areas differs by AREA_DE, or one is hatched and
 * the other not; on both palettes, in every vision. */
static void
test_touching_areas (void)
{
  guint failures = 0;

  for (int dark = 0; dark <= 1; dark++)
    {
      Patch patches[G_N_ELEMENTS (places)];

      render_places (dark, patches);
      for (guint i = 0; i < G_N_ELEMENTS (touching); i++)
        for (int v = 0; v < N_VISIONS; v++)
          {
            const Patch *a = place_patch (patches, touching[i][0]);
            const Patch *b = place_patch (patches, touching[i][1]);
            double de = delta_e (a->mean, b->mean, v);
            gboolean ok = de >= AREA_DE || textured (a, v) != textured (b, v);

            g_test_message ("%s %s, %s: %s / %s: dE %.1f%s%s", dark ? "dark" : "light",
                            "areas", vision_names[v], touching[i][0], touching[i][1], de,
                            textured (a, v) != textured (b, v) ? " (one hatched)" : "",
                            ok ? "" : "  TOO CLOSE");
            failures += !ok;
          }
    }
  g_assert_cmpuint (failures, ==, 0);
}

/* Each area's legend swatch has the colour of the area on the map. */
static void
test_swatches_match_map (void)
{
  static const struct { const char *layer; const char *place; } areas[] = {
    { "countries_modern", "land" },
    { "treaty_1920_territory", "treaty Lithuania" },
    { "vilnius_region", "Vilnius Region" },
    { "suwalki_region", "Suwałki Region" },
  };
  g_autoptr(CbLayerCatalog) catalog = load_catalog (FALSE);
  guint failures = 0;

  for (int dark = 0; dark <= 1; dark++)
    {
      Patch patches[G_N_ELEMENTS (places)];

      render_places (dark, patches);
      for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
        {
          CbLayer *layer = cb_layer_catalog_get_layer_by_id (catalog, areas[i].layer);
          CbLegendGround ground;
          cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 60, 24);
          cairo_t *cr = cairo_create (image);
          Patch swatch;
          double de;

          cb_legend_get_ground (catalog, layer, cb_layer_get_style (layer), 0, &ground);
          cb_legend_draw_swatch (cr, CB_GEOMETRY_POLYGON, cb_layer_get_style (layer), FALSE,
                                 &ground, 0, 0, 60, 24, dark);
          cairo_destroy (cr);
          /* Inside the outline. */
          swatch = measure (image, 4, 4, 52, 16);
          cairo_surface_destroy (image);
          de = delta_e (swatch.mean, place_patch (patches, areas[i].place)->mean, VISION_NORMAL);
          g_test_message ("%s swatch of %s vs the map: dE %.1f", dark ? "dark" : "light",
                          areas[i].layer, de);
          failures += de > 3;
        }
    }
  g_assert_cmpuint (failures, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Lines                                                               */

#define SWATCH_W 120
#define SWATCH_H 24

typedef struct
{
  char   *name;
  gboolean shown_by_default;
  gboolean historical;
  Rgb     ink;
  Rgb     casing;   /* as drawn, over the ground */
  Rgb     ground;
  /* Columns with ink, per vision: the dash pattern as it shows. */
  gboolean columns[N_VISIONS][SWATCH_W];
  /* Across the line: how many separate bands of ink (a hollow line has
   * two) and how many rows of ink at most. */
  int      bands[N_VISIONS];
  int      width[N_VISIONS];
  /* The places (areas) whose ground some vertex of the line lies on. */
  gboolean crosses[G_N_ELEMENTS (places)];
} LineLook;

static void
line_look_clear (gpointer data)
{
  g_free (((LineLook *) data)->name);
}

/* As the map draws the entry: hollow when every feature of it is. */
static gboolean
all_uncertain (CbLayer            *layer,
               const CbLayerStyle *style)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  gboolean any = FALSE;

  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    {
      if (cb_layer_catalog_get_feature_style (layer, f) != style)
        continue;
      if (cb_feature_set_get_feature_certainty (features, f) == CB_CERTAINTY_DATASET)
        return FALSE;
      any = TRUE;
    }
  return any;
}

static void
analyse_line (cairo_surface_t *image,
              LineLook        *look)
{
  double best = -1;

  cairo_surface_flush (image);
  look->ground = pixel (image, 0, 0);
  look->casing = pixel (image, 1, SWATCH_H / 2 - (int) 4);
  /* The ink: the pixel least like both the ground and the casing. */
  for (int y = 0; y < SWATCH_H; y++)
    for (int x = 0; x < SWATCH_W; x++)
      {
        Rgb c = pixel (image, x, y);
        double d = MIN (delta_e (c, look->ground, VISION_NORMAL), delta_e (c, look->casing, VISION_NORMAL));

        if (d > best)
          {
            best = d;
            look->ink = c;
          }
      }
  for (int v = 0; v < N_VISIONS; v++)
    {
      /* Ink shows where the ink stands out from what surrounds it in this
       * vision: from the ground, and from the casing if there is one. */
      gboolean visible = delta_e (look->ink, look->ground, v) >= AREA_DE &&
                         (delta_e (look->ink, look->casing, v) >= AREA_DE ||
                          delta_e (look->casing, look->ground, v) < 1);

      look->bands[v] = look->width[v] = 0;
      for (int x = 0; x < SWATCH_W; x++)
        {
          int bands = 0, rows = 0;
          gboolean last = FALSE;

          for (int y = 0; y < SWATCH_H; y++)
            {
              gboolean ink = visible && delta_e (pixel (image, x, y), look->ink, v) < 5;

              bands += ink && !last;
              rows += ink;
              last = ink;
            }
          look->columns[v][x] = rows > 0;
          look->bands[v] = MAX (look->bands[v], bands);
          look->width[v] = MAX (look->width[v], rows);
        }
    }
}

/* The lengths of the inner runs (the first and last may be cut) of ink
 * (@ink TRUE) or of gaps, sorted. */
static GArray *
runs (const gboolean *columns,
      gboolean        ink)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  int start = 0;

  for (int x = 1; x <= SWATCH_W; x++)
    if (x == SWATCH_W || columns[x] != columns[start])
      {
        if (start > 0 && x < SWATCH_W && columns[start] == ink)
          {
            double length = x - start;

            g_array_append_val (out, length);
          }
        start = x;
      }
  g_array_sort (out, compare_doubles);
  return out;
}

static gboolean
runs_alike (GArray *a,
            GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (fabs (g_array_index (a, double, i) - g_array_index (b, double, i)) > 1.5)
      return FALSE;
  return TRUE;
}

static gboolean
any_ink (const gboolean *columns)
{
  for (int x = 0; x < SWATCH_W; x++)
    if (columns[x])
      return TRUE;
  return FALSE;
}

/* Whether the two dash patterns look different in @vision. */
static gboolean
patterns_differ (const LineLook *a,
                 const LineLook *b,
                 Vision          vision)
{
  g_autoptr(GArray) ink_a = runs (a->columns[vision], TRUE);
  g_autoptr(GArray) ink_b = runs (b->columns[vision], TRUE);
  g_autoptr(GArray) gap_a = runs (a->columns[vision], FALSE);
  g_autoptr(GArray) gap_b = runs (b->columns[vision], FALSE);

  if (!any_ink (a->columns[vision]) || !any_ink (b->columns[vision]))
    return FALSE;   /* a line that does not show has no pattern */
  /* Along the line (dashes), or across it (single or double, width). */
  return !runs_alike (ink_a, ink_b) || !runs_alike (gap_a, gap_b) ||
         a->bands[vision] != b->bands[vision] || abs (a->width[vision] - b->width[vision]) >= 2;
}

/* Which of places[] the features of @layer in @style run over: the area
 * layers under each of its vertices, on the default map. */
static void
find_crossings (CbLayerCatalog     *defaults,
                CbLayer            *layer,
                const CbLayerStyle *style,
                gboolean           *crosses)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  g_autoptr(GPtrArray) hidden = g_ptr_array_new ();

  /* Only the areas: hide every other layer for the hit-test. */
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (defaults); i++)
    {
      CbLayer *other = cb_layer_catalog_get_layer (defaults, i);

      if (cb_layer_get_visible (other) &&
          cb_feature_set_get_geometry_type (cb_layer_get_features (other)) != CB_GEOMETRY_POLYGON)
        {
          cb_layer_set_visible (other, FALSE);
          g_ptr_array_add (hidden, other);
        }
    }
  for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
    {
      if (cb_layer_catalog_get_feature_style (layer, f) != style)
        continue;
      for (guint part = 0; part < cb_feature_set_get_feature_n_parts (features, f); part++)
        {
          guint n;
          const double *pts = cb_feature_set_get_lod_part (features, 0, f, part, &n);

          for (guint i = 0; i < n; i++)
            {
              g_autoptr(GArray) hits = cb_hit_test_catalog (defaults, pts[2 * i], pts[2 * i + 1], 0);
              const char *stack[8] = { NULL };
              guint k = 0;

              for (guint h = hits->len; h-- > 0 && k + 1 < G_N_ELEMENTS (stack);)
                if (g_array_index (hits, CbHit, h).distance <= 0)
                  stack[k++] = cb_layer_get_id (g_array_index (hits, CbHit, h).layer);
              for (guint p = 0; p < G_N_ELEMENTS (places); p++)
                {
                  gboolean same = TRUE;

                  for (guint j = 0; j <= k && same; j++)
                    same = g_strcmp0 (stack[j], j < G_N_ELEMENTS (places[p].stack) ? places[p].stack[j] : NULL) == 0;
                  crosses[p] |= same;
                }
            }
        }
    }
  for (guint i = 0; i < hidden->len; i++)
    cb_layer_set_visible (g_ptr_array_index (hidden, i), TRUE);
}

/* Every line entry of the legend, rendered through the swatch painter on
 * its ground, with every layer shown. */
static GArray *
collect_lines (gboolean dark)
{
  g_autoptr(CbLayerCatalog) catalog = load_catalog (TRUE);
  g_autoptr(CbLayerCatalog) defaults = load_catalog (FALSE);
  GArray *looks = g_array_new (FALSE, TRUE, sizeof (LineLook));

  g_array_set_clear_func (looks, line_look_clear);
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
      CbLegendEntry entries[4];
      guint n_entries;

      if (cb_feature_set_get_geometry_type (cb_layer_get_features (layer)) != CB_GEOMETRY_LINE)
        continue;
      n_entries = cb_layer_catalog_get_legend_entries (layer, entries, G_N_ELEMENTS (entries));
      for (guint e = 0; e < n_entries; e++)
        {
          LineLook look = { 0 };
          CbLegendGround ground;
          cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SWATCH_W, SWATCH_H);
          cairo_t *cr = cairo_create (image);

          cb_legend_get_ground (catalog, layer, entries[e].style, 0, &ground);
          cb_legend_draw_swatch (cr, CB_GEOMETRY_LINE, entries[e].style,
                                 all_uncertain (layer, entries[e].style), &ground,
                                 0, 0, SWATCH_W, SWATCH_H, dark);
          cairo_destroy (cr);
          look.name = g_strdup (entries[e].title);
          look.shown_by_default =
            cb_layer_get_visible (cb_layer_catalog_get_layer_by_id (defaults, cb_layer_get_id (layer)));
          look.historical = is_historical_line (layer);
          if (look.historical)
            find_crossings (defaults, layer, entries[e].style, look.crosses);
          analyse_line (image, &look);
          cairo_surface_destroy (image);
          g_test_message ("%s line %s: ink L* %.0f, %d band(s) %d px wide", dark ? "dark" : "light",
                          look.name, to_lab (look.ink).l, look.bands[VISION_NORMAL], look.width[VISION_NORMAL]);
          g_array_append_val (looks, look);
        }
    }
  g_assert_cmpuint (looks->len, >=, 10);
  return looks;
}

/* Any two lines differ in colour by LINE_DE or show different dash
 * patterns; the default lines differ by colour alone in every vision but
 * greyscale. */
static void
test_lines_apart (void)
{
  guint failures = 0;

  for (int dark = 0; dark <= 1; dark++)
    {
      g_autoptr(GArray) looks = collect_lines (dark);

      for (guint i = 0; i < looks->len; i++)
        for (guint j = i + 1; j < looks->len; j++)
          for (int v = 0; v < N_VISIONS; v++)
            {
              const LineLook *a = &g_array_index (looks, LineLook, i);
              const LineLook *b = &g_array_index (looks, LineLook, j);
              double de = delta_e (a->ink, b->ink, v);
              gboolean by_colour_only = a->shown_by_default && b->shown_by_default && v != VISION_GREY;
              gboolean differ = patterns_differ (a, b, v);
              gboolean ok = de >= LINE_DE || (!by_colour_only && differ);

              if (!ok || de < LINE_DE)
                g_test_message ("%s lines, %s: %s / %s: dE %.1f, patterns %s%s",
                                dark ? "dark" : "light", vision_names[v], a->name, b->name, de,
                                differ ? "differ" : "alike", ok ? "" : "  TOO CLOSE");
              failures += !ok;
            }
    }
  g_assert_cmpuint (failures, ==, 0);
}

/* The historical lines stand out from every area they cross. */
static void
test_lines_on_areas (void)
{
  guint failures = 0;

  for (int dark = 0; dark <= 1; dark++)
    {
      g_autoptr(GArray) looks = collect_lines (dark);
      Patch patches[G_N_ELEMENTS (places)];

      render_places (dark, patches);
      for (guint i = 0; i < looks->len; i++)
        for (guint p = 0; p < G_N_ELEMENTS (places); p++)
          for (int v = 0; v < N_VISIONS; v++)
            {
              const LineLook *look = &g_array_index (looks, LineLook, i);
              double de;

              if (!look->historical || !look->crosses[p])
                continue;
              de = delta_e (look->ink, patches[p].mean, v);
              if (v == 0 || de < LINE_DE)
                g_test_message ("%s: %s on %s, %s: dE %.1f%s", dark ? "dark" : "light",
                                look->name, places[p].name, vision_names[v], de,
                                de < LINE_DE ? "  TOO CLOSE" : "");
              failures += de < LINE_DE;
            }
    }
  g_assert_cmpuint (failures, ==, 0);
}

/* The simulation itself: pure red and green, which deuteranopes and
 * protanopes confuse, come out close; black and white stay apart. */
static void
test_simulation (void)
{
  Rgb red = { to_linear (0xd5 / 255.0), to_linear (0x5e / 255.0), 0 };
  Rgb green = { to_linear (0x5e / 255.0), to_linear (0x8f / 255.0), 0 };
  Rgb black = { 0, 0, 0 }, white = { 1, 1, 1 };

  g_assert_cmpfloat (delta_e (red, green, VISION_NORMAL), >, 40);
  g_assert_cmpfloat (delta_e (red, green, VISION_DEUTAN), <, 15);
  g_assert_cmpfloat (delta_e (red, green, VISION_PROTAN), <, 15);
  g_assert_cmpfloat (fabs (delta_e (black, white, VISION_GREY) - 100), <, 0.5);
  g_assert_cmpfloat (delta_e (white, white, VISION_DEUTAN), <, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/palette/simulation", test_simulation);
  g_test_add_func ("/palette/swatches-match-map", test_swatches_match_map);
  g_test_add_func ("/palette/touching-areas", test_touching_areas);
  g_test_add_func ("/palette/lines-apart", test_lines_apart);
  g_test_add_func ("/palette/lines-on-areas", test_lines_on_areas);

  return g_test_run ();
}
