/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cb-layer-catalog.h"

G_BEGIN_DECLS

#define CB_TYPE_LAYERS_PANEL (cb_layers_panel_get_type ())
G_DECLARE_FINAL_TYPE (CbLayersPanel, cb_layers_panel, CB, LAYERS_PANEL, GtkWidget)

/*
 * CbLayersPanel: every layer of a CbLayerCatalog, grouped (Treaty of 1920,
 * Lines of 1919–1923, Regions, Context, your layers), each row with its
 * legend swatch, title, a note on its sources and certainty, and a switch.
 *
 * The switches are stateful boolean actions in the group "layers" that
 * the panel inserts on itself: "layers.<id>" (underscores become '-', see
 * cb_layers_panel_action_name_for_layer()) and "layers.show-legend".
 * With "settings" set, the actions persist in its keys "layer-visibility"
 * (a{sb}: only layers the user switched; the rest keep their default) and
 * "show-legend" (b), which are the source of truth.
 */
GtkWidget      *cb_layers_panel_new              (void);

CbLayerCatalog *cb_layers_panel_get_catalog      (CbLayersPanel  *self);
void            cb_layers_panel_set_catalog      (CbLayersPanel  *self,
                                                  CbLayerCatalog *catalog);
GSettings      *cb_layers_panel_get_settings     (CbLayersPanel  *self);
void            cb_layers_panel_set_settings     (CbLayersPanel  *self,
                                                  GSettings      *settings);
/* (transfer none) */
GActionGroup   *cb_layers_panel_get_action_group (CbLayersPanel  *self);
/* "treaty_1920_line" -> "treaty-1920-line" (newly allocated). */
char           *cb_layers_panel_action_name_for_layer (const char *layer_id);

G_END_DECLS
