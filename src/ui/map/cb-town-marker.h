/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CB_TYPE_TOWN_MARKER (cb_town_marker_get_type ())
G_DECLARE_FINAL_TYPE (CbTownMarker, cb_town_marker, CB, TOWN_MARKER, GtkButton)

/*
 * CbTownMarker: the focusable, named stand-in of one town on a CbMap.
 *
 * It draws nothing but its CSS (a focus ring): the renderer draws the dot
 * and the label.  It exists so that keyboard and screen-reader users can
 * reach every town: accessible role BUTTON, label = the town's name in the
 * map's language, bounds = where the town is drawn.  It is a GtkButton
 * (without a child) because GTK 4.8 gives only real buttons the AT-SPI
 * "click" action that screen readers use.
 *
 * Properties: "town-id" (string, construct-only), "feature" (uint,
 * construct-only: index in the towns layer), "name" (string).
 * Signal "clicked" (GtkButton's: Enter, Space, the AT "click" action).
 * CSS name: townmarker.
 */
CbTownMarker *cb_town_marker_new         (const char   *town_id,
                                          guint         feature,
                                          const char   *name);

const char   *cb_town_marker_get_town_id (CbTownMarker *self);
guint         cb_town_marker_get_feature (CbTownMarker *self);
const char   *cb_town_marker_get_name    (CbTownMarker *self);
void          cb_town_marker_set_name    (CbTownMarker *self,
                                          const char   *name);

G_END_DECLS
