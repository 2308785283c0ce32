/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cb-feature-set.h"
#include "cb-layer-style.h"

G_BEGIN_DECLS

/* The legend group a layer belongs to (set by CbLayerCatalog). */
typedef enum
{
  CB_LAYER_GROUP_TREATY_1920,
  CB_LAYER_GROUP_LINES_1919_1923,
  CB_LAYER_GROUP_REGIONS,
  CB_LAYER_GROUP_CONTEXT,
  CB_LAYER_GROUP_USER,
} CbLayerGroup;

GType cb_layer_group_get_type (void) G_GNUC_CONST;
#define CB_TYPE_LAYER_GROUP (cb_layer_group_get_type ())

#define CB_TYPE_LAYER (cb_layer_get_type ())
G_DECLARE_FINAL_TYPE (CbLayer, cb_layer, CB, LAYER, GObject)

/*
 * CbLayer: how one feature set is shown: its id, title, legend group,
 * style and visibility.  The geometry is a shared, immutable CbFeatureSet;
 * cb_layer_copy() makes an independent view of the same features (an
 * export on a worker thread draws from copies while the window goes on).
 *
 * Properties (all EXPLICIT_NOTIFY): "features" (CbFeatureSet,
 * construct-only), "id" (string, the file's basename unless set),
 * "title" (translated display name), "visible" (boolean), "group"
 * (CbLayerGroup); setting a new style notifies "style" (a read-only
 * pointer property).
 */
CbLayer        *cb_layer_new                    (CbFeatureSet *features,
                                                 const char   *id);
/* Reads the shapefile at @shp_path; the id is its basename. */
CbLayer        *cb_layer_new_from_file          (const char   *shp_path,
                                                 GError      **error);
/* A new layer with the same view state, sharing the feature set. */
CbLayer        *cb_layer_copy                   (CbLayer      *self);

/* (transfer none) */
CbFeatureSet   *cb_layer_get_features           (CbLayer      *self);

const char     *cb_layer_get_id                 (CbLayer      *self);
void            cb_layer_set_id                 (CbLayer      *self,
                                                 const char   *id);
const char     *cb_layer_get_title              (CbLayer      *self);
void            cb_layer_set_title              (CbLayer      *self,
                                                 const char   *title);
gboolean        cb_layer_get_visible            (CbLayer      *self);
void            cb_layer_set_visible            (CbLayer      *self,
                                                 gboolean      visible);
CbLayerGroup    cb_layer_get_group              (CbLayer      *self);
void            cb_layer_set_group              (CbLayer      *self,
                                                 CbLayerGroup  group);
/* The style is copied; the returned pointer is owned by the layer. */
const CbLayerStyle *cb_layer_get_style          (CbLayer      *self);
void            cb_layer_set_style              (CbLayer      *self,
                                                 const CbLayerStyle *style);

G_END_DECLS
