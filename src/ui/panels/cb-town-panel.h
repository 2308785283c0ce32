/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-gazetteer.h"
#include "cb-history.h"

G_BEGIN_DECLS

#define CB_TYPE_TOWN_PANEL (cb_town_panel_get_type ())

G_DECLARE_FINAL_TYPE (CbTownPanel, cb_town_panel, CB, TOWN_PANEL, GtkWidget)

/*
 * CbTownPanel: the story of one town — its names, its status, the clauses
 * that decided it (quoted or summarised, with their sources) and a dated
 * timeline of events. All text is selectable; links open in the browser.
 *
 * Properties:
 *   "town-id"   string  the town shown (nullable)
 *   "language"  string  language of the place name: en lt pl be ru yi
 *
 * Signals:
 *   "close-requested": the close button was pressed (or Escape).
 */
GtkWidget  *cb_town_panel_new          (void);
void        cb_town_panel_set_sources  (CbTownPanel *self,
                                        CbGazetteer *gazetteer,
                                        CbHistory   *history);
const char *cb_town_panel_get_town_id  (CbTownPanel *self);
void        cb_town_panel_set_town_id  (CbTownPanel *self,
                                        const char  *town_id);
const char *cb_town_panel_get_language (CbTownPanel *self);
void        cb_town_panel_set_language (CbTownPanel *self,
                                        const char  *language);
/* The panel's whole text as plain text, as the copy button copies it. */
const char *cb_town_panel_get_text     (CbTownPanel *self);

/* "date" (uint): the day the map shows, a Julian day (0: none).  At a
 * date the panel says who held the town then, dims the later events and
 * marks the latest before it.  "date-activated" (uint day): an event's
 * day was clicked. */
guint        cb_town_panel_get_date    (CbTownPanel *self);
void         cb_town_panel_set_date    (CbTownPanel *self,
                                        guint        date);

G_END_DECLS
