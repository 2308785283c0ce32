/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cb-gazetteer.h"
#include "cb-history.h"
#include "cb-layer-catalog.h"
#include "cb-tour.h"

G_BEGIN_DECLS

#define CB_TYPE_ATLAS (cb_atlas_get_type ())
G_DECLARE_FINAL_TYPE (CbAtlas, cb_atlas, CB, ATLAS, GObject)

/*
 * CbAtlas: everything the atlas knows, loaded once: the layers (the
 * catalog), the towns (a gazetteer built from the towns layer, so
 * towns.shp is read once), the treaty texts and town histories, and the
 * credit line of the data sources.  The application owns one and every
 * window and the command line use it.
 *
 * Loading never fails as a whole: what could not be loaded is described
 * by cb_atlas_get_problems(), and the rest is there.
 *
 * With cb_atlas_bind_settings() the layers' visibility is kept in the
 * "layer-visibility" key (a{sb}): the saved values are applied now, and
 * every later change of a layer's "visible" is written back.
 */
CbAtlas        *cb_atlas_new             (void);

/* NULL directories: cb_paths_get_geodata_dir(), cb_paths_get_history_dir(). */
void            cb_atlas_load            (CbAtlas    *self,
                                          const char *geodata_dir,
                                          const char *history_dir);

/* (transfer none) */
CbLayerCatalog *cb_atlas_get_catalog     (CbAtlas    *self);
CbGazetteer    *cb_atlas_get_gazetteer   (CbAtlas    *self);
CbHistory      *cb_atlas_get_history     (CbAtlas    *self);
/* The guided chronology (tour.ini beside the history); NULL when it
 * could not be read.  (transfer none) */
CbTour         *cb_atlas_get_tour        (CbAtlas    *self);
const char     *cb_atlas_get_credits     (CbAtlas    *self);

/*
 * Whole failures, one sentence each (the map data folder is missing, the
 * history folder cannot be read...); never NULL.  Layers that were
 * skipped are in cb_layer_catalog_get_warnings(), entries of the history
 * files in cb_history_get_problems().
 */
const char * const *cb_atlas_get_problems (CbAtlas   *self);

void            cb_atlas_bind_settings   (CbAtlas    *self,
                                          GSettings  *settings);

/*
 * Your layers.  cb_atlas_open_layer() opens a shapefile or GeoJSON file
 * (see cb_user_layer_load()) into the catalog; once settings are bound,
 * the user layers' paths, colours, widths and visibility are kept in the
 * "user-layers" key and opened again by cb_atlas_bind_settings().  A
 * remembered file that cannot be opened any more is dropped from the key
 * and described in one problem (cb_atlas_get_problems()).
 */
CbLayer        *cb_atlas_open_layer      (CbAtlas    *self,
                                          const char *path,
                                          GError    **error);
void            cb_atlas_remove_layer    (CbAtlas    *self,
                                          CbLayer    *layer);

G_END_DECLS
