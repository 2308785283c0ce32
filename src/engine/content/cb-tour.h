/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-history.h"

G_BEGIN_DECLS

/* One stop of the guided chronology. */
typedef struct
{
  const CbHistoryEvent *event;   /* owned by the history */
  char                 *town_id; /* where the map centres */
  char                 *title;   /* a few words, in the content language */
  guint32               day;     /* the event's day (Julian) */
} CbTourMoment;

#define CB_TYPE_TOUR (cb_tour_get_type ())
G_DECLARE_FINAL_TYPE (CbTour, cb_tour, CB, TOUR, GObject)

/*
 * CbTour: the key moments of 1918–1923 in order, from tour.ini in the
 * history folder.  Each names an event of @history (its summary and
 * sources are the caption's) and a town to centre on.  A moment whose
 * event or town is unknown, or whose event has no exact day, is skipped
 * and reported as "tour.ini:LINE: reason" in the problems.
 */
CbTour             *cb_tour_new_from_file (const char  *path,
                                           CbHistory   *history,
                                           GError     **error);
guint               cb_tour_get_n_moments (CbTour      *self);
const CbTourMoment *cb_tour_get_moment    (CbTour      *self,
                                           guint        index);
/* "tour.ini:LINE: reason", one per skipped moment (never NULL). */
const char * const *cb_tour_get_problems  (CbTour      *self);

G_END_DECLS
