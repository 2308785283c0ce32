/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-hit-test.h"

G_BEGIN_DECLS

#define CB_TYPE_FEATURE_CARD (cb_feature_card_get_type ())
G_DECLARE_FINAL_TYPE (CbFeatureCard, cb_feature_card, CB, FEATURE_CARD, GtkWidget)

/*
 * CbFeatureCard: "What's here", the features under a point of the map,
 * one row each, the top layer first.  For the atlas's own layers a row
 * gives the feature's name, dates, certainty, note and sources (with
 * their web address where SOURCES.md has one); for your layers, the
 * attribute table.  Rows are focusable and labelled for screen readers.
 *
 * CSS name: featurecard.
 *
 * Signals:
 *   "close-requested" (void): the close button or Escape.
 */
GtkWidget  *cb_feature_card_new        (void);

/* Shows @hits (an array of CbHit) found at @lon, @lat; @geodata_dir
 * (nullable) is where SOURCES.md is looked up. */
void        cb_feature_card_show_hits  (CbFeatureCard *self,
                                        GArray        *hits,
                                        double         lon,
                                        double         lat,
                                        const char    *geodata_dir);
guint       cb_feature_card_get_n_rows (CbFeatureCard *self);
/* The row widget at @index (for focus and tests).  (transfer none) */
GtkWidget  *cb_feature_card_get_row    (CbFeatureCard *self,
                                        guint          index);
/* The text a screen reader gets for row @index (newly allocated). */
char       *cb_feature_card_get_row_text (CbFeatureCard *self,
                                          guint          index);

G_END_DECLS
