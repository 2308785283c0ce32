/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "cb-viewport.h"

G_BEGIN_DECLS

/*
 * Scale bar in km whose length is a round number (1, 2, 5 x 10^n) no longer
 * than @max_width logical px, measured with the true (geodesic) scale at
 * the centre of the view.  Drawn with its top-left corner at (@x, @y).
 * Returns the bar's length in km (0 if nothing fits); out_w/out_h (nullable)
 * receive the size drawn.  With @cr NULL nothing is drawn (measure only).
 */
double cb_scale_bar_draw (cairo_t    *cr,
                          CbViewport *viewport,
                          double      x,
                          double      y,
                          double      max_width,
                          gboolean    dark,
                          double     *out_width,
                          double     *out_height);

G_END_DECLS
