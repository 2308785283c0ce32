/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cb-application.h"
#include "cb-layer-catalog.h"
#include "cb-map.h"
#include "cb-town-panel.h"
#include "cb-town-search.h"

G_BEGIN_DECLS

#define CB_TYPE_WINDOW (cb_window_get_type ())

G_DECLARE_FINAL_TYPE (CbWindow, cb_window, CB, WINDOW, AdwApplicationWindow)

CbWindow  *cb_window_new          (CbApplication *application);
GSettings *cb_window_get_settings (CbWindow      *self);
void       cb_window_add_toast    (CbWindow      *self,
                                   AdwToast      *toast);
CbMap     *cb_window_get_map      (CbWindow      *self);
CbLayerCatalog *cb_window_get_catalog (CbWindow  *self);
CbTownPanel  *cb_window_get_town_panel  (CbWindow   *self);
CbTownSearch *cb_window_get_town_search (CbWindow   *self);
void          cb_window_show_town       (CbWindow   *self,
                                         const char *town_id);

G_END_DECLS
