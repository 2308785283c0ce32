/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-feature-card.h"
#include "cb-map.h"

G_BEGIN_DECLS

#define CB_TYPE_MAP_VIEW (cb_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CbMapView, cb_map_view, CB, MAP_VIEW, GtkWidget)

/*
 * CbMapView: the map with its floating buttons, the coordinates under the
 * pointer, the "What's here" card, the measuring line and the map's
 * context menu (What's Here?, Measure Distance, Copy Coordinates;
 * right click, Shift+F10 or Menu).  A click on a line, region or point
 * opens the card; Enter on the map opens it for the centre; while
 * measuring, clicks add points and Escape ends.
 *
 * Actions: mapview.whats-here, mapview.measure, mapview.copy-coordinates
 * (at the point the context menu was opened), mapview.context-menu.
 */

/* (transfer none) */
CbMap     *cb_map_view_get_map (CbMapView *self);

/* (transfer none) */
CbFeatureCard *cb_map_view_get_feature_card (CbMapView *self);
/* Shows the card for the map widget point (@x, @y). */
void       cb_map_view_identify_at        (CbMapView *self,
                                           double     x,
                                           double     y,
                                           gboolean   focus_card);
void       cb_map_view_popup_context_menu (CbMapView *self,
                                           double     x,
                                           double     y);
void       cb_map_view_start_measure      (CbMapView *self);
void       cb_map_view_stop_measure       (CbMapView *self);
gboolean   cb_map_view_get_measuring      (CbMapView *self);
/* Adds the point under the map widget point (@x, @y), snapped to a town
 * drawn there. */
void       cb_map_view_add_measure_point  (CbMapView *self,
                                           double     x,
                                           double     y);
/* Geodesic length on the WGS84 ellipsoid of the measured line, km. */
double     cb_map_view_get_measured_km    (CbMapView *self);

G_END_DECLS
