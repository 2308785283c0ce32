/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "cb-history.h"
#include "cb-layer-catalog.h"

G_BEGIN_DECLS

/*
 * The legend, and the one painter of legend swatches: the on-map legend,
 * the export's legend and the layers panel's rows all draw a layer's look
 * with it, so the three cannot disagree.
 */

#define CB_LEGEND_MAX_GROUND 6

/*
 * What a feature sits on in the map: the fills of the areas beneath it,
 * bottom first, over the map's background.  A swatch drawn on its ground
 * has the colours the feature has on the map (the Vilnius Region's fill
 * over the treaty's over the land).
 */
typedef struct
{
  const CbLayerStyle *fills[CB_LEGEND_MAX_GROUND];
  guint               n_fills;
} CbLegendGround;

/*
 * The ground of the features of @layer drawn in @style (NULL: any) on
 * @date (0: every day): each visible area layer below @layer that holds
 * most of the points sampled inside those areas or along those lines.
 */
void cb_legend_get_ground        (CbLayerCatalog     *catalog,
                                  CbLayer            *layer,
                                  const CbLayerStyle *style,
                                  guint32             date,
                                  CbLegendGround     *ground);

/*
 * One swatch of @style for a layer of @type in the rectangle (@x, @y, @w,
 * @h), on @ground (NULL: the land of the default palette): a polygon's
 * fill, hatching and outline, a line's strokes with its casing, or a
 * point.  @uncertain draws the line as reconstructed or approximate
 * stretches are drawn on the map (hollow or dotted).
 */
void cb_legend_draw_swatch       (cairo_t              *cr,
                                  CbGeometryType        type,
                                  const CbLayerStyle   *style,
                                  gboolean              uncertain,
                                  const CbLegendGround *ground,
                                  double                x,
                                  double                y,
                                  double                w,
                                  double                h,
                                  gboolean              dark);
/* Every look @layer has on the map (each style variant, certain and
 * uncertain), stacked in the rectangle. */
void cb_legend_draw_layer_swatch (cairo_t            *cr,
                                  CbLayer            *layer,
                                  double              x,
                                  double              y,
                                  double              w,
                                  double              h,
                                  gboolean            dark);

/*
 * Legend of the visible layers (swatch + title, by group) with its
 * top-left corner at (@x, @y); with a @date (Julian day) only of those
 * with a feature in force that day.  With @cr NULL it only measures.
 */
void cb_legend_draw              (cairo_t            *cr,
                                  CbLayerCatalog     *catalog,
                                  guint32             date,
                                  double              x,
                                  double              y,
                                  gboolean            dark,
                                  double             *out_width,
                                  double             *out_height);

/*
 * The legend of town holders (one row per holder, contested drawn hollow)
 * with its top-left corner at (@x, @y).  With @cr NULL it only measures.
 */
void cb_legend_draw_holders      (cairo_t            *cr,
                                  double              x,
                                  double              y,
                                  gboolean            dark,
                                  double             *out_width,
                                  double             *out_height);

G_END_DECLS
