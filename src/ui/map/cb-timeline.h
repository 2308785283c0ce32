/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-history.h"

G_BEGIN_DECLS

/* The days the atlas covers: the armistice of 11 November 1918 to the
 * Conference of Ambassadors' decision of 15 March 1923. */
guint32 cb_timeline_first_day (void);
guint32 cb_timeline_last_day  (void);
/* "1 August 1920" for a Julian day (newly allocated). */
char   *cb_timeline_format_day (guint32 julian_day);

#define CB_TYPE_TIMELINE (cb_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CbTimeline, cb_timeline, CB, TIMELINE, GtkWidget)

/*
 * CbTimeline: the date bar under the map.  "date" (uint) is the day shown
 * as a Julian day (g_date_get_julian()), 0 for "all lines"; the map binds
 * to it.  The scale moves a day with the arrow keys and a month with Page
 * Up/Down; Ctrl+Left/Right and the buttons step from event to event (the
 * ticks, from "history"); Play walks through the days at the speed chosen
 * and stops a while at each key day.
 */
CbHistory *cb_timeline_get_history (CbTimeline *self);
void       cb_timeline_set_history (CbTimeline *self,
                                    CbHistory  *history);
guint      cb_timeline_get_date    (CbTimeline *self);
void       cb_timeline_set_date    (CbTimeline *self,
                                    guint       date);
/* Days where Play stops a while (the guided tour's moments). */
void       cb_timeline_set_key_days (CbTimeline    *self,
                                     const guint32 *days,
                                     guint          n_days);
/* Moves to the next (@forward) or previous event day; FALSE when none. */
gboolean   cb_timeline_step_event  (CbTimeline *self,
                                    gboolean    forward);

G_END_DECLS
