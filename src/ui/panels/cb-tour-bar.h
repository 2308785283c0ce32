/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-tour.h"

G_BEGIN_DECLS

#define CB_TYPE_TOUR_BAR (cb_tour_bar_get_type ())
G_DECLARE_FINAL_TYPE (CbTourBar, cb_tour_bar, CB, TOUR_BAR, GtkWidget)

/*
 * CbTourBar: the guided chronology's caption: the moment's title and day,
 * two lines of its event, its sources, and Previous / Next / Close.
 * "tour" (CbTour) and "index" (uint, the moment shown) are properties;
 * whoever shows the bar follows "index" (moves the date and the map) and
 * hides it on "close-requested".  Its actions tour.previous, tour.next
 * (Page Up/Down) and tour.close (Escape) are the buttons'.
 */
GtkWidget *cb_tour_bar_new       (void);
CbTour    *cb_tour_bar_get_tour  (CbTourBar *self);
void       cb_tour_bar_set_tour  (CbTourBar *self,
                                  CbTour    *tour);
guint      cb_tour_bar_get_index (CbTourBar *self);
void       cb_tour_bar_set_index (CbTourBar *self,
                                  guint      index);
/* Moves one moment on (@forward) or back; FALSE at either end. */
gboolean   cb_tour_bar_step      (CbTourBar *self,
                                  gboolean   forward);

G_END_DECLS
