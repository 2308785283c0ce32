/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-layers-panel.h"
#include "cb-map-view.h"
#include "cb-window.h"

G_BEGIN_DECLS

struct _CbWindow
{
  AdwApplicationWindow parent_instance;

  /* The application's: the window is a view of them. */
  CbAtlas *atlas;
  GSettings *settings;

  char *selected_town;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwFlap *layers_flap;
  AdwFlap *town_flap;
  CbMapView *map_view;
  CbMap *map;
  CbLayersPanel *layers_panel;
  guint save_view_timeout_id;
  GtkMenuButton *search_button;
  CbTownSearch *town_search;
  CbTownPanel *town_panel;
};

/* cb-window-actions.c: win.* actions (export, print, search, place names,
 * layers panel), set up once the window has its settings. */
void _cb_window_actions_init (CbWindow *self);
/* cb-window-layers.c: opening, zooming to and removing your layers. */
void _cb_window_layers_init (CbWindow *self);
/* The win.* actions made by g_settings_create_action(), NULL-terminated. */
extern const char * const _cb_window_setting_actions[];

G_END_DECLS
