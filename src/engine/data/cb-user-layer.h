/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-layer.h"

G_BEGIN_DECLS

/* Shapefiles larger than this are refused before reading. */
#define CB_USER_LAYER_MAX_SHP_BYTES ((goffset) 1024 * 1024 * 1024)

/*
 * Opens a file the user chose: an ESRI shapefile (the .shp, or any of its
 * .shx, .dbf, .prj, .cpg companions) or GeoJSON (by extension, or by a
 * first character "{").  The layer is in CB_LAYER_GROUP_USER, titled by
 * the file's name without extension, with the neutral user style; its id
 * is "user-" and that name, to be made unique by the catalog.
 *
 * Fails with a CB_ERROR naming the file and the reason: missing, a
 * folder, unreadable, too large, of another format, or what the format's
 * loader says.
 */
CbLayer *cb_user_layer_load (const char  *path,
                             GError     **error);

/* Sets the stroke colour (both palettes; a light fill of it for polygons)
 * and line width of a user layer's style. */
void     cb_user_layer_set_appearance (CbLayer       *layer,
                                       const CbColor *color,
                                       double         width);

G_END_DECLS
