/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-feature-set.h"

G_BEGIN_DECLS

/*
 * Reads an ESRI shapefile (.shp with its .shx, .dbf, .prj and .cpg) into a
 * new feature set, projected into the map CRS.  A missing .prj means
 * WGS84; the .cpg or the DBF language id gives the encoding.  Survives
 * NULL shapes, a short or missing .dbf, bad part indices and non-finite
 * coordinates (each noted in the set's load notes); fails with a CB_ERROR
 * naming the file when nothing usable is left.
 */
CbFeatureSet *cb_shapefile_load (const char  *shp_path,
                                 GError     **error);

/*
 * The same from memory (fuzzing, tests): @files maps names to GBytes,
 * e.g. "x.shp", "x.shx", "x.dbf", "x.prj", "x.cpg" for @shp_name "x.shp".
 */
CbFeatureSet *cb_shapefile_load_from_memory (const char  *shp_name,
                                             GHashTable  *files,
                                             GError     **error);

G_END_DECLS
