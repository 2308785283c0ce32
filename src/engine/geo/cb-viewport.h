/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cb-projection.h"

G_BEGIN_DECLS

#define CB_TYPE_VIEWPORT (cb_viewport_get_type ())
G_DECLARE_FINAL_TYPE (CbViewport, cb_viewport, CB, VIEWPORT, GObject)

/*
 * CbViewport: what part of the map is shown, independent of any widget.
 *
 * Screen coordinates are logical pixels, origin top left, y down.  Map
 * coordinates are metres in CB_MAP_CRS, y up (north).  Geo coordinates are
 * WGS84 longitude/latitude in degrees.
 *
 * Properties (all EXPLICIT_NOTIFY; notified only when the value changes):
 *   "center-x", "center-y"  double  map metres at the middle of the view
 *   "scale"                 double  map metres per logical pixel
 *   "width", "height"       double  logical pixels
 *   "min-scale", "max-scale" double clamp of "scale" (max-scale = most zoomed out;
 *                           both read as narrowed by the extent, if any)
 *
 * The centre is kept inside the bounds given by cb_viewport_set_bounds()
 * (by default cb_projection_get_region_bounds()).
 *
 * Signal "changed" (void): emitted once after any change of centre, scale
 * or size -- a single emission for every group of changes made by one call,
 * or between cb_viewport_freeze_changed() and cb_viewport_thaw_changed().
 */
CbViewport *cb_viewport_new              (void);

double      cb_viewport_get_center_x     (CbViewport *self);
double      cb_viewport_get_center_y     (CbViewport *self);
void        cb_viewport_set_center_x     (CbViewport *self,
                                          double      x);
void        cb_viewport_set_center_y     (CbViewport *self,
                                          double      y);
void        cb_viewport_set_center       (CbViewport *self,
                                          double      x,
                                          double      y);
double      cb_viewport_get_scale        (CbViewport *self);
void        cb_viewport_set_scale        (CbViewport *self,
                                          double      scale);
double      cb_viewport_get_width        (CbViewport *self);
double      cb_viewport_get_height       (CbViewport *self);
void        cb_viewport_set_width        (CbViewport *self,
                                          double      width);
void        cb_viewport_set_height       (CbViewport *self,
                                          double      height);
void        cb_viewport_set_size         (CbViewport *self,
                                          double      width,
                                          double      height);
double      cb_viewport_get_min_scale    (CbViewport *self);
double      cb_viewport_get_max_scale    (CbViewport *self);
void        cb_viewport_set_min_scale    (CbViewport *self,
                                          double      min_scale);
void        cb_viewport_set_max_scale    (CbViewport *self,
                                          double      max_scale);
/* Centre clamp, in map metres; NULL removes the clamp. */
void        cb_viewport_set_bounds       (CbViewport     *self,
                                          const CbBounds *bounds);
/* FALSE when there is no clamp. */
gboolean    cb_viewport_get_bounds       (CbViewport     *self,
                                          CbBounds       *out_bounds);

/*
 * The map rectangle the view stays inside (NULL removes it): panning stops
 * at its edges and zooming out stops when it fills the view in one
 * direction ("max-scale" and "min-scale" read the limits in force for the
 * current size).  A view shows nothing outside it.
 */
void        cb_viewport_set_extent       (CbViewport     *self,
                                          const CbBounds *extent);
/* FALSE when there is none. */
gboolean    cb_viewport_get_extent       (CbViewport     *self,
                                          CbBounds       *out_extent);

/* Batch several changes into one "changed" emission (nestable). */
void        cb_viewport_freeze_changed   (CbViewport *self);
void        cb_viewport_thaw_changed     (CbViewport *self);

/* Conversions. */
void        cb_viewport_screen_to_map    (CbViewport *self,
                                          double      sx,
                                          double      sy,
                                          double     *map_x,
                                          double     *map_y);
void        cb_viewport_map_to_screen    (CbViewport *self,
                                          double      map_x,
                                          double      map_y,
                                          double     *sx,
                                          double     *sy);
/* FALSE (and NaN) when the point has no geographic position. */
gboolean    cb_viewport_map_to_geo       (CbViewport *self,
                                          double      map_x,
                                          double      map_y,
                                          double     *lon,
                                          double     *lat);
gboolean    cb_viewport_geo_to_map       (CbViewport *self,
                                          double      lon,
                                          double      lat,
                                          double     *map_x,
                                          double     *map_y);
gboolean    cb_viewport_screen_to_geo    (CbViewport *self,
                                          double      sx,
                                          double      sy,
                                          double     *lon,
                                          double     *lat);
gboolean    cb_viewport_geo_to_screen    (CbViewport *self,
                                          double      lon,
                                          double      lat,
                                          double     *sx,
                                          double     *sy);
/* The map rectangle covered by the view. */
void        cb_viewport_get_visible_bounds (CbViewport *self,
                                            CbBounds   *out_bounds);

/* Navigation (each emits at most one "changed"). */
/* Multiplies the zoom by @factor (>1 zooms in) keeping the map point under
 * screen point (@sx, @sy) where it is. */
void        cb_viewport_zoom_at          (CbViewport *self,
                                          double      factor,
                                          double      sx,
                                          double      sy);
/* Moves the map content by (@dx, @dy) screen pixels (drag direction). */
void        cb_viewport_pan_by           (CbViewport *self,
                                          double      dx,
                                          double      dy);
/* Centres on @bounds and picks the scale that shows all of it with
 * @padding logical pixels on every side. */
void        cb_viewport_fit_bounds       (CbViewport     *self,
                                          const CbBounds *bounds,
                                          double          padding);

/* True ground metres per logical pixel at the centre of the view (geodesic). */
double          cb_viewport_get_true_scale       (CbViewport   *self);

G_END_DECLS
