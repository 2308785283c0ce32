/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-layer-catalog.h"
#include "cb-renderer.h"
#include "cb-viewport.h"

G_BEGIN_DECLS

#define CB_TYPE_MAP (cb_map_get_type ())
G_DECLARE_FINAL_TYPE (CbMap, cb_map, CB, MAP, GtkWidget)

/*
 * CbMap: the interactive map.  It owns a CbViewport and draws a
 * CbLayerCatalog with a CbRenderer; every town of the towns layer is a
 * focusable CbTownMarker child so that assistive technology lists it.
 *
 * CSS name: map (children: townmarker).
 *
 * Properties:
 *   "catalog"        CbLayerCatalog  the layers to draw (nullable)
 *   "viewport"       CbViewport      read-only
 *   "language"       string          town label language: en lt pl be ru yi
 *   "selected-town"  string          id of the highlighted town (nullable)
 *   "show-legend"    boolean         draw a legend of the visible layers
 *   "date"           uint            the day shown, a Julian day
 *                                    (g_date_get_julian()); 0 shows every line
 *   "fade-other-lines" boolean       at a date, draw the lines not in force
 *                                    too, faded
 *   "history"        CbHistory       who held the towns: at a date their
 *                                    dots take the holder's colour (nullable)
 *   "pointer-inside" boolean         read-only: the pointer is over the map
 *   "pointer-lon", "pointer-lat"  double  read-only: WGS84 under the pointer
 *
 * Signals:
 *   "town-activated" (const char *town_id): a town was clicked or
 *     activated with Enter/Space or by assistive technology.
 *
 * Actions (key bindings):
 *   map.pan "(ii)"  (arrow keys; the view moves one step that way)
 *   map.zoom-in     (plus, equal, KP_Add, Ctrl+plus, Ctrl+equal)
 *   map.zoom-out    (minus, KP_Subtract, Ctrl+minus)
 *   map.home        (Home, KP_Home: fit the treaty region)
 */
GtkWidget      *cb_map_new                (void);

CbViewport     *cb_map_get_viewport       (CbMap          *self);
CbRenderer     *cb_map_get_renderer       (CbMap          *self);
CbLayerCatalog *cb_map_get_catalog        (CbMap          *self);
void            cb_map_set_catalog        (CbMap          *self,
                                           CbLayerCatalog *catalog);
const char     *cb_map_get_language       (CbMap          *self);
void            cb_map_set_language       (CbMap          *self,
                                           const char     *language);
const char     *cb_map_get_selected_town  (CbMap          *self);
void            cb_map_set_selected_town  (CbMap          *self,
                                           const char     *town_id);
guint           cb_map_get_date           (CbMap          *self);
void            cb_map_set_date           (CbMap          *self,
                                           guint           date);
CbHistory      *cb_map_get_history        (CbMap          *self);
void            cb_map_set_history        (CbMap          *self,
                                           CbHistory      *history);
gboolean        cb_map_get_show_legend    (CbMap          *self);
void            cb_map_set_show_legend    (CbMap          *self,
                                           gboolean        show_legend);
/* FALSE when the pointer is not over the map. */
gboolean        cb_map_get_pointer_position (CbMap        *self,
                                             double       *lon,
                                             double       *lat);

/* Centres the view on (@lon, @lat); @scale in map metres per pixel, or
 * <= 0 to keep the current one. */
void            cb_map_go_to              (CbMap          *self,
                                           double          lon,
                                           double          lat,
                                           double          scale);
/* Centres on the town with that id, zooming in if the view is wider than
 * a region; selects it.  FALSE if there is no such town. */
gboolean        cb_map_center_on_town     (CbMap          *self,
                                           const char     *town_id);
/* Fits the whole treaty region (the Home key). */
void            cb_map_show_home          (CbMap          *self);
/* The town drawn at the widget point (@x, @y), with its exact WGS84
 * position (for snapping a measurement to it).  (transfer none) (nullable) */
const char     *cb_map_get_town_at        (CbMap          *self,
                                           double          x,
                                           double          y,
                                           double         *lon,
                                           double         *lat);
/* While set, a change of the map's size keeps what is in view (the scale
 * follows) instead of the scale: the window sets it for a maximize or a
 * big resize. */
void            cb_map_set_keep_extent_on_resize (CbMap   *self,
                                                  gboolean keep);
/* Floating controls cover @width × @height logical px in @corner of the
 * map: town labels keep clear of it. */
void            cb_map_set_corner_reserve (CbMap          *self,
                                           GtkCornerType   corner,
                                           int             width,
                                           int             height);
/* The marker of a town (for focus and tests).  (transfer none) (nullable) */
GtkWidget      *cb_map_get_town_marker    (CbMap          *self,
                                           const char     *town_id);

/*
 * The zoom-in, zoom-out and home actions as a group whose enabled state
 * follows the zoom limits, for controls that are not inside the map
 * (insert it as "map" on a common ancestor).  (transfer none)
 */
GActionGroup   *cb_map_get_action_group   (CbMap          *self);

/* "54.6872° N, 25.2797° E" (newly allocated). */
char           *cb_map_format_coordinates (double          lon,
                                           double          lat);

G_END_DECLS
