/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-layer-catalog.h"

G_BEGIN_DECLS

/* One feature under a point: the layer (transfer none), the feature's
 * index in the layer's feature set, and the distance in map metres from
 * the point to its outline, line or symbol (0 inside a polygon). */
typedef struct
{
  CbLayer *layer;
  guint    feature;
  double   distance;
} CbHit;

/*
 * Whether feature @feature of @set is under the map point (@x, @y): a
 * point or line within @tolerance_m, a polygon containing it (even-odd
 * over all its rings) or with its outline within @tolerance_m.  The test
 * uses the coarsest level of detail finer than half the tolerance, so
 * that it agrees with what is drawn.  @distance receives the distance.
 */
gboolean cb_hit_test_feature (CbFeatureSet *set,
                              guint         feature,
                              double        x,
                              double        y,
                              double        tolerance_m,
                              double       *distance);

/*
 * Every feature of the visible layers of @catalog under (@x, @y), the
 * layer drawn on top first; within a layer, nearest first.
 * Returns a GArray of CbHit (transfer full; may be empty).
 */
GArray  *cb_hit_test_catalog (CbLayerCatalog *catalog,
                              double          x,
                              double          y,
                              double          tolerance_m);

G_END_DECLS
