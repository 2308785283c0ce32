/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-gazetteer.h"

G_BEGIN_DECLS

#define CB_TYPE_TOWN_SEARCH (cb_town_search_get_type ())

G_DECLARE_FINAL_TYPE (CbTownSearch, cb_town_search, CB, TOWN_SEARCH, GtkWidget)

/*
 * CbTownSearch: a search entry over every name of every town, in every
 * language, insensitive to case and diacritics, with a list of matches.
 *
 * Properties:
 *   "language"  string  language the results are named in: en lt pl be ru yi
 *
 * Signals:
 *   "town-chosen" (const char *town_id): a result was activated (Enter on
 *     the entry chooses the first one).
 */
GtkWidget *cb_town_search_new           (void);
void       cb_town_search_set_gazetteer (CbTownSearch *self,
                                         CbGazetteer  *gazetteer);
void       cb_town_search_set_language  (CbTownSearch *self,
                                         const char   *language);
const char *cb_town_search_get_language (CbTownSearch *self);
/* Empties the entry and puts the keyboard focus in it. */
void       cb_town_search_start         (CbTownSearch *self);
/* The entry, for tests and for key capture. (transfer none) */
GtkEditable *cb_town_search_get_entry   (CbTownSearch *self);
/* Number of results listed now. */
guint      cb_town_search_get_n_results (CbTownSearch *self);
/* Id of the town of result @position, or NULL. */
const char *cb_town_search_get_result   (CbTownSearch *self,
                                         guint         position);

G_END_DECLS
