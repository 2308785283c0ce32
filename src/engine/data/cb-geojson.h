/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-feature-set.h"

G_BEGIN_DECLS

/* Files larger than this are refused before reading: json-glib's tree
 * peaks at about 13 times the file's size (bench/cb-user-layers-bench),
 * so this keeps an open under about 2.6 GB. */
#define CB_GEOJSON_MAX_BYTES ((goffset) 200 * 1024 * 1024)

/*
 * Reads a GeoJSON file (RFC 7946: a FeatureCollection, a Feature or a bare
 * geometry, WGS84 longitude/latitude) into a new feature set projected
 * into the map CRS.  A legacy (2008) "crs" member naming another CRS is
 * honoured through PROJ.  Properties become the attribute table, in the
 * order they first appear; non-string values are written as JSON.
 *
 * One layer holds one kind of geometry: a file mixing points, lines and
 * polygons is refused, as are files that are not JSON, hold no features,
 * have longitudes or latitudes out of range, are folders or are larger
 * than CB_GEOJSON_MAX_BYTES.  Every error names the file and the reason.
 */
CbFeatureSet *cb_geojson_load (const char  *path,
                               GError     **error);

/* The same, from @length bytes at @data that came from @path (named in
 * messages and kept as the set's path); nothing is read from disk. */
CbFeatureSet *cb_geojson_load_from_data (const char  *data,
                                         gsize        length,
                                         const char  *path,
                                         GError     **error);
/* Whether @path looks like GeoJSON by its name (.geojson, .json). */
gboolean      cb_geojson_is_geojson_path (const char *path);

G_END_DECLS
