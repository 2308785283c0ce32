/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-map.h"

G_BEGIN_DECLS

#define CB_TYPE_MAP_VIEW (cb_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CbMapView, cb_map_view, CB, MAP_VIEW, GtkWidget)

/* (transfer none) */
CbMap     *cb_map_view_get_map (CbMapView *self);

G_END_DECLS
