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
 * @casing: draw a thin halo in the background colour under the line, so
 *   that it stays readable over fills
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
} CbLayerStyle;

/* The style of a bundled layer by id; any other id (your layers, NULL)
 * gets the style of a user layer.  Every field is filled in. */
void                cb_layer_style_get_default           (const char   *id,
                                                          CbLayerStyle *out_style);
/* Variants drawn for single features of bundled layers. */
const CbLayerStyle *cb_layer_style_get_foch_june         (void);
const CbLayerStyle *cb_layer_style_get_suwalki_undefined (void);

G_END_DECLS
