/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cb-layer.h"

G_BEGIN_DECLS

#define CB_TYPE_LAYER_CATALOG (cb_layer_catalog_get_type ())
G_DECLARE_FINAL_TYPE (CbLayerCatalog, cb_layer_catalog, CB, LAYER_CATALOG, GObject)

/*
 * CbLayerCatalog: the bundled layers, in draw order (bottom first), and
 * any user layers.  It is a GListModel of CbLayer (only layers that loaded
 * are in the model).  Each bundled layer gets its title, group, style and
 * default visibility from the catalog's built-in table.
 *
 * Signals:
 *   "changed" (void): any layer's visibility or style changed, or a layer
 *     was added; the view must be redrawn.
 */

/* Static description of one bundled layer. */
typedef struct
{
  const char   *id;              /* basename in geodata/, e.g. "treaty_1920_line" */
  const char   *title;           /* untranslated; use cb_layer_get_title() for the translation */
  CbLayerGroup  group;
  gboolean      default_visible;
  gboolean      required;        /* a missing file is worth a warning */
} CbLayerInfo;

CbLayerCatalog *cb_layer_catalog_new              (void);

/* The built-in table, in draw order; @n_infos receives its length. */
const CbLayerInfo *cb_layer_catalog_get_infos     (guint          *n_infos);
/*
 * The style of one feature: the layer's style, except for features drawn
 * as a variant (the Entente line of 18 June 1919 in "foch_line_1919").
 * (transfer none)
 */
const CbLayerStyle *cb_layer_catalog_get_feature_style (CbLayer *layer,
                                                        guint    feature);

/* One legend row: a title and the style of its swatch (both transfer none). */
typedef struct
{
  const char         *title;
  const CbLayerStyle *style;
} CbLegendEntry;

/* The legend rows of @layer (one, or one per variant); returns how many
 * were written to @entries (at most @max_entries; 4 is always enough). */
guint           cb_layer_catalog_get_legend_entries (CbLayer       *layer,
                                                     CbLegendEntry *entries,
                                                     guint          max_entries);

/* Translated group name, e.g. "Treaty of 1920". */
const char     *cb_layer_group_get_title          (CbLayerGroup    group);

/*
 * Loads every bundled layer from @geodata_dir (NULL: cb_paths_get_geodata_dir()).
 * A layer that is missing or broken is skipped and described in the
 * warnings; the rest loads.  Fails only when not a single layer loaded.
 * Calling it again reloads.
 */
gboolean        cb_layer_catalog_load             (CbLayerCatalog *self,
                                                   const char     *geodata_dir,
                                                   GError        **error);
/*
 * A catalog with copies of every layer (same view state, the same shared
 * feature sets): no file is read, so it is cheap, and the copy may be
 * handed to another thread while this one goes on changing.
 */
CbLayerCatalog *cb_layer_catalog_copy             (CbLayerCatalog *self);

/* One sentence per skipped layer or repaired file (never NULL). */
const char * const *cb_layer_catalog_get_warnings (CbLayerCatalog *self);

/* Opens a user's shapefile or GeoJSON with cb_user_layer_load() and adds
 * it above the bundled lines, below the towns, with a unique id.
 * (transfer none) */
CbLayer        *cb_layer_catalog_add_user_layer   (CbLayerCatalog *self,
                                                   const char     *path,
                                                   GError        **error);
/* Adds an already-loaded layer at the user-layer position. */
void            cb_layer_catalog_add_layer        (CbLayerCatalog *self,
                                                   CbLayer        *layer);
gboolean        cb_layer_catalog_remove_layer     (CbLayerCatalog *self,
                                                   CbLayer        *layer);

guint           cb_layer_catalog_get_n_layers     (CbLayerCatalog *self);
/* (transfer none) */
CbLayer        *cb_layer_catalog_get_layer        (CbLayerCatalog *self,
                                                   guint           position);
/* (transfer none) (nullable) */
CbLayer        *cb_layer_catalog_get_layer_by_id  (CbLayerCatalog *self,
                                                   const char     *id);
/* The "towns" layer, if loaded. (transfer none) (nullable) */
CbLayer        *cb_layer_catalog_get_towns        (CbLayerCatalog *self);

/* Bounds of the treaty region (the treaty layers plus the 1919 lines and
 * regions), for "fit the whole region"; falls back to
 * cb_projection_get_region_bounds() when nothing is loaded. */
void            cb_layer_catalog_get_treaty_bounds (CbLayerCatalog *self,
                                                    CbBounds       *out_bounds);

G_END_DECLS
