/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "cb-layer-style.h"

G_BEGIN_DECLS

/* What the renderer, the legend and the scale bar draw alike. */

#define CB_RENDER_FONT_FAMILY "Cantarell, DejaVu Sans, Noto Sans, Sans"

extern const CbColor cb_render_background_light;
extern const CbColor cb_render_background_dark;

void          cb_render_set_color            (cairo_t       *cr,
                                              const CbColor *color,
                                              double         alpha);
void          cb_render_set_dashes           (cairo_t       *cr,
                                              const double  *dashes,
                                              guint          n_dashes);
/* Unhinted metrics at 96 dpi: text is the same size on every target. */
PangoContext *cb_render_create_pango_context (void);
/* A layout of @text in the map's font, from this thread's own context. */
PangoLayout  *cb_render_text_new             (const char    *text,
                                              double         size,
                                              gboolean       bold);
void          cb_render_text_size            (PangoLayout   *layout,
                                              double        *width,
                                              double        *height);

G_END_DECLS
