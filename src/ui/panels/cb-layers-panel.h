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
 * Each switch is a property action on its layer's "visible", in the group
 * "layers" that the panel inserts on itself: "layers.<id>" (underscores
 * become '-', see cb_layers_panel_action_name_for_layer()).  The panel
 * only shows the layers' state: CbAtlas keeps it in the settings.  The
 * legend switch uses "win.show-legend".
 */
GtkWidget      *cb_layers_panel_new              (void);

CbLayerCatalog *cb_layers_panel_get_catalog      (CbLayersPanel  *self);
void            cb_layers_panel_set_catalog      (CbLayersPanel  *self,
                                                  CbLayerCatalog *catalog);
/* (transfer none) */
GActionGroup   *cb_layers_panel_get_action_group (CbLayersPanel  *self);
/* "treaty_1920_line" -> "treaty-1920-line" (newly allocated). */
char           *cb_layers_panel_action_name_for_layer (const char *layer_id);

G_END_DECLS
