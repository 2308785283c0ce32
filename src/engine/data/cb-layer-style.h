/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Straight (non-premultiplied) RGBA, each 0..1. */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} CbColor;

#define CB_STYLE_MAX_DASHES 6

/**
 * CbLayerStyle:
 * @line_light, @line_dark: stroke colour on the light and dark palettes
 *   (alpha 0 = no stroke)
 * @fill_light, @fill_dark: fill colour of polygons (alpha 0 = no fill)
 * @line_width: stroke width in logical pixels
 * @dashes, @n_dashes: dash pattern in logical pixels for "dataset" features
 *   (n_dashes 0 = solid)
 * @uncertain_dashes, @n_uncertain_dashes: dash pattern for "reconstructed"
 *   and "approximate" features (same colour, visibly different)
 * @uncertain_alpha: opacity multiplier for those features
 * @point_radius: radius of point symbols in logical pixels
 * @casing: draw a halo in a contrasting colour (cb_layer_style_get_casing())
 *   under the line, so that it stays readable over fills and other lines
 * @hatch_light, @hatch_dark: colour of diagonal hatching drawn over the
 *   fill (alpha 0 = none); it tells areas apart where lightness cannot
 * @hatch_spacing: distance between hatch lines in logical pixels
 */
typedef struct
{
  CbColor line_light;
  CbColor line_dark;
  CbColor fill_light;
  CbColor fill_dark;
  double  line_width;
  double  dashes[CB_STYLE_MAX_DASHES];
  guint   n_dashes;
  double  uncertain_dashes[CB_STYLE_MAX_DASHES];
  guint   n_uncertain_dashes;
  double  uncertain_alpha;
  double  point_radius;
  gboolean casing;
  CbColor hatch_light;
  CbColor hatch_dark;
  double  hatch_spacing;
} CbLayerStyle;

/* One stroke of a line's look: casing, line, hollow core. */
typedef struct
{
  const CbColor *color;
  double         alpha;
  double         width;
  const double  *dashes;
  guint          n_dashes;
} CbLinePass;

#define CB_LINE_MAX_PASSES 3

/* The style of a bundled layer by id; any other id (your layers, NULL)
 * gets the style of a user layer.  Every field is filled in. */
void                cb_layer_style_get_default           (const char   *id,
                                                          CbLayerStyle *out_style);
/* Variants drawn for single features of bundled layers. */
const CbLayerStyle *cb_layer_style_get_foch_june         (void);
const CbLayerStyle *cb_layer_style_get_suwalki_undefined (void);

/* The sea, which is also the map's background: ten or more L* below the
 * land and treaty Lithuania, so that water stays water in greyscale. */
const CbColor      *cb_layer_style_get_sea               (gboolean      dark);

/* The colour of line casings: light under the light palette's lines,
 * dark under the dark one's. */
const CbColor      *cb_layer_style_get_casing            (gboolean      dark);

/*
 * The strokes, bottom first, that draw a line of @style (@uncertain: a
 * reconstructed or approximate stretch) on the light or @dark palette.
 * The map and the legend both stroke with these, so they cannot differ.
 * Returns the number of passes (0: the style draws no line).
 */
guint               cb_layer_style_get_line_passes       (const CbLayerStyle *style,
                                                          gboolean            uncertain,
                                                          gboolean            dark,
                                                          CbLinePass         *passes);

G_END_DECLS
