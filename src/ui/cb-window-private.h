/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-layers-panel.h"
#include "cb-map-view.h"
#include "cb-timeline.h"
#include "cb-tour-bar.h"
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
  CbTimeline *timeline;
  GtkRevealer *tour_revealer;
  CbTourBar *tour_bar;
  AdwWindowTitle *window_title;
  char *default_subtitle;
  CbMap *map;
  CbLayersPanel *layers_panel;
  guint save_view_timeout_id;
  GtkMenuButton *search_button;
  CbTownSearch *town_search;
  CbTownPanel *town_panel;
  AdwHeaderBar *header_bar;
  GtkWidget *layers_button;
  GtkWidget *town_box;

  /* The last allocation, to tell a maximize or a big resize. */
  int last_width;
  int last_height;
  gboolean last_maximized;
  gboolean start_maximized;
  gboolean refit_armed;
  /* A town was opened: once laid out, keep it clear of a folded panel. */
  gboolean keep_town_pending;
  guint keep_town_timeout_id;
};

/*
 * The calls run one way: cb-window.c (init, dispose, properties) calls
 * into the parts; a part calls only the lower parts (cb-window-toasts.c,
 * cb-window-town.c), which call nothing of the window's.
 */

/* cb-window-actions.c: win.* actions (export, print, search, place names),
 * set up once the window has its settings. */
void _cb_window_actions_init (CbWindow *self);
/* Drops the actions that could outlive the window. */
void _cb_window_actions_dispose (CbWindow *self);
/* cb-window-keys.c: Ctrl+F, Escape and F6, before any widget sees them. */
void _cb_window_keys_init (CbWindow *self);
/* cb-window.c: win.show-layers, which shows the folded sidebar over the
 * map without changing the saved choice. */
void _cb_window_layers_sidebar_init (CbWindow *self);
/* cb-window-layers.c: opening, zooming to and removing your layers. */
void _cb_window_layers_init (CbWindow *self);
/* cb-window-tour.c: the guided chronology (win.tour, the tour bar's
 * template callbacks). */
void _cb_window_tour_class_init (GtkWidgetClass *widget_class);
void _cb_window_tour_init (CbWindow *self);
/* cb-window-town.c: the selected town and its panel (and the public
 * cb_window_show_town(), cb_window_[gs]et_selected_town()).  Closes the
 * town panel; with @move_focus, the keyboard goes back to the town's
 * marker on the map (or the map). */
void _cb_window_town_close_panel (CbWindow *self,
                                  gboolean  move_focus);
/* cb-window-toasts.c: the public cb_window_add_toast(). */

G_END_DECLS
