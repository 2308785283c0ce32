/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-layer.h"

G_BEGIN_DECLS

/*
 * Levels of detail, for the renderer.  Level 0 is the geometry as loaded;
 * level i > 0 is simplified (Douglas-Peucker) to within
 * cb_layer_get_lod_tolerance (i) metres, and rings smaller than that are
 * dropped (n_points 0).  Part indices are the same at every level.
 */
guint           cb_layer_get_n_lods             (CbLayer *self);
double          cb_layer_get_lod_tolerance      (CbLayer *self,
                                                 guint    lod);
/* The coarsest level whose tolerance is at most @tolerance_m. */
guint           cb_layer_pick_lod               (CbLayer *self,
                                                 double   tolerance_m);
const double   *cb_layer_get_lod_part           (CbLayer *self,
                                                 guint    lod,
                                                 guint    feature,
                                                 guint    part,
                                                 guint   *n_points);
/* Total vertices at a level (for the benchmark's report). */
gsize           cb_layer_get_lod_n_vertices     (CbLayer *self,
                                                 guint    lod);

G_END_DECLS
