/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CB_MAP_CRS:
 *
 * The map's own coordinate system: a Lambert conformal conic fitted to
 * Lithuania and its neighbours, metres, north up at lon 24.5 (the centre of
 * the treaty region).  Every layer is projected into it once, at load.
 */
#define CB_MAP_CRS "+proj=lcc +lat_1=53.5 +lat_2=56 +lat_0=54.5 +lon_0=24.5 +datum=WGS84 +units=m +no_defs +type=crs"

/** CB_WGS84_CRS: geographic WGS84, longitude first. */
#define CB_WGS84_CRS "+proj=longlat +datum=WGS84 +no_defs +type=crs"

/**
 * CbBounds:
 * @min_x, @min_y, @max_x, @max_y: a rectangle, in map metres unless said
 *   otherwise (y grows to the north).
 *
 * An empty box has min > max (see cb_bounds_init_empty()).
 */
typedef struct
{
  double min_x;
  double min_y;
  double max_x;
  double max_y;
} CbBounds;

void     cb_bounds_init_empty   (CbBounds       *bounds);
gboolean cb_bounds_is_empty     (const CbBounds *bounds);
void     cb_bounds_extend       (CbBounds       *bounds,
                                 double          x,
                                 double          y);
void     cb_bounds_union        (CbBounds       *bounds,
                                 const CbBounds *other);
gboolean cb_bounds_intersects   (const CbBounds *a,
                                 const CbBounds *b);
gboolean cb_bounds_contains     (const CbBounds *bounds,
                                 double          x,
                                 double          y);

#define CB_TYPE_PROJECTION (cb_projection_get_type ())
G_DECLARE_FINAL_TYPE (CbProjection, cb_projection, CB, PROJECTION, GObject)

/*
 * A CbProjection converts between one source CRS and the map CRS
 * (forward = source -> map, inverse = map -> source).  Each object owns its
 * own PROJ context, so one object may be used from one thread at a time and
 * different objects from different threads.
 */

/* WGS84 longitude/latitude (degrees) <-> map metres. */
CbProjection *cb_projection_new_geographic    (GError    **error);
/* @definition: anything PROJ accepts ("EPSG:3346", WKT, a PROJ string)
 * except parameters that name files (grids, init=). */
CbProjection *cb_projection_new_from_definition (const char *definition,
                                                 GError    **error);
/*
 * Reads a shapefile's .prj (ESRI WKT, at most 1 MB, checked before it is
 * read) through PROJ.  PROJ strings and anything naming a file (grids,
 * init=) are refused: PROJ would open that file.
 */
CbProjection *cb_projection_new_from_prj_file (const char *prj_path,
                                               GError    **error);
/* The same for .prj text already in memory; @display names it in errors. */
CbProjection *cb_projection_new_from_prj_text (const char *text,
                                               gsize       length,
                                               const char *display,
                                               GError    **error);

/* A human-readable name of the source CRS, e.g. "LKS94 / Lithuania TM". */
const char   *cb_projection_get_source_name   (CbProjection *self);
gboolean      cb_projection_source_is_wgs84   (CbProjection *self);

/*
 * Converts @n points in place (x[i], y[i]).  A point that cannot be
 * converted (NaN, out of the projection's domain) becomes NaN; returns the
 * number of points converted successfully.
 */
gsize    cb_projection_forward       (CbProjection *self,
                                      double       *x,
                                      double       *y,
                                      gsize         n);
/* Single points; FALSE (and NaN out) on failure. */
gboolean cb_projection_forward_point (CbProjection *self,
                                      double        in_x,
                                      double        in_y,
                                      double       *out_x,
                                      double       *out_y);
gboolean cb_projection_inverse_point (CbProjection *self,
                                      double        in_x,
                                      double        in_y,
                                      double       *out_x,
                                      double       *out_y);

/*
 * The box the app is about (20-30 E, 52-57.5 N) in map metres: the limit
 * of panning and the "whole region" fallback before geodata is loaded.
 */
void     cb_projection_get_region_bounds (CbBounds *out_bounds);

/*
 * The largest map rectangle inside the box the context data covers
 * (CB_DATA_WEST..EAST, SOUTH..NORTH: land, sea, lakes, rivers and today's
 * borders are all clipped to it): the limit of the view and of exports,
 * so that everything shown has data.
 */
#define CB_DATA_WEST 19.5
#define CB_DATA_EAST 30.5
#define CB_DATA_SOUTH 51.5
#define CB_DATA_NORTH 58.0
void     cb_projection_get_data_bounds   (CbBounds *out_bounds);

/* Ellipsoidal (WGS84) distance in metres between two lon/lat points. */
double   cb_projection_geodesic_distance (double lon1,
                                          double lat1,
                                          double lon2,
                                          double lat2);

G_END_DECLS
