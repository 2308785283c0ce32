/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cb-atlas.h"
#include "cb-export.h"
#include "cb-map.h"
#include "cb-map-view.h"
#include "cb-town-panel.h"
#include "cb-town-search.h"

G_BEGIN_DECLS

#define CB_TYPE_WINDOW (cb_window_get_type ())

G_DECLARE_FINAL_TYPE (CbWindow, cb_window, CB, WINDOW, AdwApplicationWindow)

/*
 * CbWindow: a view of the application's atlas: the layers panel, the map
 * and the town panel.  "atlas" (CbAtlas) and "settings" (GSettings) are
 * construct-only; "selected-town" (string, nullable) is the one
 * selection: the map and the town panel are bound to it.
 */
/* A window of @application showing @atlas, keeping its state in @settings
 * (the application's: see cb_application_new_window()). */
CbWindow  *cb_window_new          (GtkApplication *application,
                                   CbAtlas        *atlas,
                                   GSettings      *settings);
GSettings *cb_window_get_settings (CbWindow      *self);
CbAtlas   *cb_window_get_atlas    (CbWindow      *self);
void       cb_window_add_toast    (CbWindow      *self,
                                   AdwToast      *toast);
CbMap     *cb_window_get_map      (CbWindow      *self);
CbTownPanel  *cb_window_get_town_panel  (CbWindow   *self);
CbTownSearch *cb_window_get_town_search (CbWindow   *self);
const char   *cb_window_get_selected_town (CbWindow *self);
void          cb_window_set_selected_town (CbWindow   *self,
                                           const char *town_id);
/* Selects @town_id (NULL: none) and opens or closes the town panel. */
void          cb_window_show_town       (CbWindow   *self,
                                         const char *town_id);

/*
 * What win.export does once a file is chosen: win.export is disabled and
 * an "Exporting…" toast (with Cancel) shows while the file is written in
 * the background from a copy of the layers; then a toast offers to open
 * it, or an error dialog says why not.  Closing the window cancels it.
 */
void          cb_window_export_to_file  (CbWindow   *self,
                                         CbExport   *export,
                                         const char *path);

/*
 * Your layers (cb-window-layers.c): opens each file as a layer, zooms to
 * the last one opened, and says in a toast why a file could not be
 * opened.  Returns how many opened.  win.open-layer asks for the files.
 */
guint         cb_window_open_layer_files (CbWindow          *self,
                                          const char * const *paths);
/* (transfer none) */
CbMapView    *cb_window_get_map_view    (CbWindow   *self);

G_END_DECLS
