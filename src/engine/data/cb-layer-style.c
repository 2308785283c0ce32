/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bundled layers' styles: one table, shared by the catalog, your
 * layers and the tests. */

#include "config.h"

#include <string.h>

#include "cb-layer-style.h"

#define RGB(hex, a) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (a) }
#define NONE { 0, 0, 0, 0 }

typedef struct
{
  const char  *id;
  CbLayerStyle style;
} StyleEntry;

/*
 * Line colours are mostly the Okabe-Ito palette (distinguishable with every
 * common colour-vision deficiency); each line also has its own dash
 * pattern, so that in greyscale print no two lines look alike, and the
 * historical lines a white (dark: black) casing, so that each stays
 * readable over fills and where lines share a corridor.  Uncertain
 * (reconstructed/approximate) stretches keep colour and pattern and are
 * drawn hollow.
 *
 * Areas step in lightness, so that neighbours differ in greyscale too
 * (tests/test-palette.c checks every pair): land L* 97, treaty Lithuania
 * 87, sea (real water polygons) and the Vilnius Region about 75.  The
 * Suwałki Region, which touches both, is hatched instead.
 */
static const StyleEntry styles[] = {
  /* The water colour (cb_layer_style_get_sea), drawn only where the data
   * has water: under it the renderer paints a neutral ground. */
  { "sea", { .line_light = NONE, .line_dark = NONE,
             .fill_light = RGB (0x9fc1dc, 1), .fill_dark = RGB (0x12171c, 1),
             .line_width = 0 } },
  { "countries_modern", { .line_light = NONE, .line_dark = NONE,
                          .fill_light = RGB (0xf8f6f1, 1), .fill_dark = RGB (0x3a3d42, 1),
                          .line_width = 0 } },
  { "lakes", { .line_light = RGB (0x6f9cc4, 1), .line_dark = RGB (0x3d5d78, 1),
               .fill_light = RGB (0x9fc1dc, 1), .fill_dark = RGB (0x12171c, 1),
               .line_width = 0.5 } },
  { "rivers", { .line_light = RGB (0x7eaad3, 1), .line_dark = RGB (0x225588, 1),
                .line_width = 1.0 } },
  { "borders_modern", { .line_light = RGB (0xbbaa99, 1), .line_dark = RGB (0x151515, 1),
                        .line_width = 1.0, .dashes = { 6, 2, 1.5, 2 }, .n_dashes = 4 } },
  { "treaty_1920_territory", { .line_light = RGB (0xd55e00, 0.45), .line_dark = RGB (0xff8c42, 0.45),
                               .fill_light = RGB (0xd55e00, 0.22), .fill_dark = RGB (0xff8c42, 0.24),
                               .line_width = 0.8 } },
  { "vilnius_region", { .line_light = RGB (0x0b6fc4, 0.9), .line_dark = RGB (0x7cc4f0, 0.9),
                        .fill_light = RGB (0x0b6fc4, 0.32), .fill_dark = RGB (0x7cc4f0, 0.26),
                        .line_width = 1.0 } },
  { "suwalki_region", { .line_light = RGB (0x007a58, 0.9), .line_dark = RGB (0x2fd3a0, 0.9),
                        .fill_light = RGB (0x009e73, 0.22), .fill_dark = RGB (0x2fd3a0, 0.14),
                        .hatch_light = RGB (0x005c42, 0.8), .hatch_dark = RGB (0x6fe8c2, 0.5),
                        .hatch_spacing = 7,
                        .line_width = 1.0 } },
  { "central_lithuania_1920_1922", { .line_light = RGB (0xb3a400, 1), .line_dark = RGB (0xf0e442, 1),
                                     .fill_light = RGB (0xf0e442, 0.28), .fill_dark = RGB (0xf0e442, 0.16),
                                     .line_width = 1.0, .dashes = { 4, 2 }, .n_dashes = 2 } },
  { "governorates_1897", { .line_light = RGB (0x8c6d46, 1), .line_dark = RGB (0xb89a72, 1),
                           .line_width = 1.2, .dashes = { 5, 2 }, .n_dashes = 2 } },
  { "uezds_1897", { .line_light = RGB (0xb5a48e, 1), .line_dark = RGB (0x8c7b66, 1),
                    .line_width = 0.7, .dashes = { 2, 2 }, .n_dashes = 2 } },
  { "neutral_zone_1920_1923", { .line_light = RGB (0x555555, 0.8), .line_dark = RGB (0xbbbbbb, 0.8),
                                .fill_light = RGB (0x777777, 0.22), .fill_dark = RGB (0xaaaaaa, 0.18),
                                .line_width = 1.0, .dashes = { 3, 2 }, .n_dashes = 2 } },
  { "riga_preliminary_1920", { .line_light = RGB (0xcc79a7, 1), .line_dark = RGB (0xe59ac4, 1),
                               .line_width = 2.0, .dashes = { 6, 2, 6, 6 }, .n_dashes = 4, .casing = TRUE } },
  { "riga_1921", { .line_light = RGB (0x6a3d9a, 1), .line_dark = RGB (0xb99ad6, 1),
                   .line_width = 2.5, .dashes = { 16, 3, 4, 3 }, .n_dashes = 4, .casing = TRUE } },
  { "curzon_line_1919", { .line_light = RGB (0x8c5c00, 1), .line_dark = RGB (0xf5c04d, 1),
                          .line_width = 2.5, .dashes = { 2, 3, 8, 3 }, .n_dashes = 4, .casing = TRUE } },
  { "demarcation_1923", { .line_light = RGB (0x000000, 1), .line_dark = RGB (0xf2f2f2, 1),
                          .line_width = 2.0, .dashes = { 12, 3, 2, 3, 2, 3 }, .n_dashes = 6,
                          .casing = TRUE } },
  { "suwalki_agreement_1920", { .line_light = RGB (0x00664a, 1), .line_dark = RGB (0x9ff5d8, 1),
                                .line_width = 2.5, .dashes = { 9, 3, 2, 3 }, .n_dashes = 4,
                                .casing = TRUE } },
  { "foch_line_1919", { .line_light = RGB (0x0072b2, 1), .line_dark = RGB (0x22bbff, 1),
                        .line_width = 2.5, .dashes = { 14, 4 }, .n_dashes = 2,
                        .casing = TRUE } },
  { "treaty_1920_line", { .line_light = RGB (0xb84a00, 1), .line_dark = RGB (0xff8c42, 1),
                          .line_width = 3.5, .casing = TRUE } },
  { "towns", { .line_light = RGB (0x1a1a1a, 1), .line_dark = RGB (0xf0f0f0, 1),
               .fill_light = RGB (0xffffff, 1), .fill_dark = RGB (0x303030, 1),
               .line_width = 1.0, .point_radius = 3 } },
};

/* The first Foch line (18 June 1919) is a variant of the layer's style:
 * same family, its own colour and pattern.  A dark reddish purple: the
 * old pink vanished on the Vilnius Region's fill. */
static const CbLayerStyle foch_june_style = {
  .line_light = RGB (0xb8336a, 1), .line_dark = RGB (0xeeaacc, 1),
  .line_width = 2.5, .dashes = { 4, 3 }, .n_dashes = 2, .casing = TRUE,
};

/* The Suwałki region, which Art. 2 left undetermined, is a feature of the
 * treaty territory with its own outline and legend row. */
static const CbLayerStyle suwalki_undefined_style = {
  .line_light = RGB (0xd55e00, 0.9), .line_dark = RGB (0xff8c42, 0.9),
  .fill_light = RGB (0xd55e00, 0.22), .fill_dark = RGB (0xff8c42, 0.24),
  .line_width = 1.5, .dashes = { 4, 3 }, .n_dashes = 2,
};

static const CbLayerStyle user_style = {
  .line_light = RGB (0x882255, 1), .line_dark = RGB (0xdd6699, 1),
  .fill_light = RGB (0x882255, 0.15), .fill_dark = RGB (0xdd6699, 0.15),
  .line_width = 1.5, .point_radius = 3,
};

static const CbColor sea_light = RGB (0x9fc1dc, 1);
static const CbColor sea_dark = RGB (0x12171c, 1);
static const CbColor casing_light = RGB (0xffffff, 1);
static const CbColor casing_dark = RGB (0x0b0e11, 1);

static void
finish_style (CbLayerStyle *style)
{
  /* Common to every style: how uncertain stretches look. */
  if (style->n_uncertain_dashes == 0)
    {
      style->uncertain_dashes[0] = 1.5;
      style->uncertain_dashes[1] = 3;
      style->n_uncertain_dashes = 2;
    }
  if (style->uncertain_alpha <= 0)
    style->uncertain_alpha = 0.7;
  if (style->point_radius <= 0)
    style->point_radius = 3;
}

void
cb_layer_style_get_default (const char   *id,
                            CbLayerStyle *out_style)
{
  g_return_if_fail (out_style != NULL);

  *out_style = user_style;
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (styles); i++)
    if (strcmp (styles[i].id, id) == 0)
      {
        *out_style = styles[i].style;
        break;
      }
  finish_style (out_style);
}

static const CbLayerStyle *
finished_once (const CbLayerStyle *base,
               CbLayerStyle       *store,
               gsize              *initialised)
{
  if (g_once_init_enter (initialised))
    {
      *store = *base;
      finish_style (store);
      g_once_init_leave (initialised, 1);
    }
  return store;
}

const CbLayerStyle *
cb_layer_style_get_foch_june (void)
{
  static CbLayerStyle style;
  static gsize initialised;

  return finished_once (&foch_june_style, &style, &initialised);
}

const CbLayerStyle *
cb_layer_style_get_suwalki_undefined (void)
{
  static CbLayerStyle style;
  static gsize initialised;

  return finished_once (&suwalki_undefined_style, &style, &initialised);
}

const CbColor *
cb_layer_style_get_sea (gboolean dark)
{
  return dark ? &sea_dark : &sea_light;
}

const CbColor *
cb_layer_style_get_casing (gboolean dark)
{
  return dark ? &casing_dark : &casing_light;
}

guint
cb_layer_style_get_line_passes (const CbLayerStyle *style,
                                gboolean            uncertain,
                                gboolean            dark,
                                CbLinePass         *passes)
{
  const CbColor *color = dark ? &style->line_dark : &style->line_light;
  const CbColor *casing = cb_layer_style_get_casing (dark);
  double width = style->line_width;
  guint n = 0;

  g_return_val_if_fail (passes != NULL, 0);

  if (color->alpha <= 0 || width <= 0)
    return 0;

  /* The casing: a halo in a colour that contrasts with every line, so a
   * line stays readable over any fill and where lines run close. */
  if (style->casing)
    passes[n++] = (CbLinePass) { casing, 0.85, width + (uncertain ? 4 : 3), NULL, 0 };
  if (style->casing && uncertain)
    {
      /* Reconstructed or approximate: the line keeps its colour and its own
       * dash pattern but is drawn hollow, so it reads as "this line, less
       * sure" at a glance.  Each coloured edge stays wider than a pixel and
       * a half, or the colour washes out into the casing. */
      double outer = width + 2;

      passes[n++] = (CbLinePass) { color, 1.0, outer, style->dashes, style->n_dashes };
      passes[n++] = (CbLinePass) { casing, 1.0, MAX (outer * 0.25, 1.0),
                                   style->dashes, style->n_dashes };
    }
  else if (uncertain)
    passes[n++] = (CbLinePass) { color, style->uncertain_alpha, MAX (width - 0.5, 1.0),
                                 style->uncertain_dashes, style->n_uncertain_dashes };
  else
    passes[n++] = (CbLinePass) { color, 1.0, width, style->dashes, style->n_dashes };
  return n;
}
