/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "cb-layer-catalog.h"
#include "cb-renderer.h"
#include "cb-town-layout.h"
#include "cb-viewport.h"

G_BEGIN_DECLS

/*
 * The map labels other than the towns': names along the historical lines
 * and rivers, inside the regions, and the countries and seas of the day
 * (from CShapes 2.0, geodata/countries_period.shp).  The renderer places
 * the towns first, then hands the same layout here, so one pass places
 * every label and none covers another.  Used by CbRenderer only.
 *
 * A CbLabelLayouter keeps what is costly to remake: the shaped texts and
 * their bitmaps (per device scale), and the period data.  One per renderer.
 */
typedef struct _CbLabelLayouter CbLabelLayouter;

CbLabelLayouter *cb_label_layouter_new   (void);
void             cb_label_layouter_free  (CbLabelLayouter       *self);

/* Appends the labels of the view to @layout, avoiding its towns, their
 * labels and the options' avoid_rects. */
void             cb_label_layouter_place (CbLabelLayouter       *self,
                                          CbLayerCatalog        *catalog,
                                          CbViewport            *viewport,
                                          const CbRenderOptions *options,
                                          CbTownLayout          *layout);

/* Draws the placed labels (not the towns), each kind in its own group;
 * on @raster targets from cached bitmaps. */
void             cb_label_layouter_draw  (CbLabelLayouter       *self,
                                          cairo_t               *cr,
                                          CbTownLayout          *layout,
                                          const CbRenderOptions *options,
                                          gboolean               raster);

/* The day whose country names are shown when no date is set: the treaty's,
 * 12 July 1920. */
guint32          cb_label_default_day    (void);

/* The largest town size class labelled at @scale (metres per pixel);
 * smaller towns (a higher class) are left out until one zooms in. */
int              cb_label_max_town_class (double                 scale);

/* The scale (metres per pixel) from which river names are shown. */
#define CB_LABEL_RIVER_MAX_SCALE 250.0

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbLabelLayouter, cb_label_layouter_free)

G_END_DECLS
