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
/* The box a label must keep free: ink and logical box together (marks and
 * some scripts, such as pointed Yiddish, reach past the logical box), and
 * the offset (@ox, @oy) from the box's corner to the layout's origin. */
void          cb_render_text_ink_box         (PangoLayout   *layout,
                                              double        *width,
                                              double        *height,
                                              double        *ox,
                                              double        *oy);

/* Every map text is drawn through cb_render_show_text(), and every layer
 * between cb_render_begin_group() and cb_render_end_group(), so a vector
 * export can keep text as text and layers as named groups.  Draws @layout
 * with its top-left corner at the current point, in @color, over a halo of
 * @halo_width px in @halo (none when @halo is NULL). */
void          cb_render_show_text            (cairo_t       *cr,
                                              PangoLayout   *layout,
                                              const CbColor *color,
                                              const CbColor *halo,
                                              double         halo_alpha,
                                              double         halo_width);
void          cb_render_begin_group          (cairo_t       *cr,
                                              const char    *id,
                                              const char    *title);
void          cb_render_end_group            (cairo_t       *cr);

/*
 * A vector writer that keeps text and groups itself (the SVG export) sets
 * these on the cairo_t it draws on; the three calls above then go to it
 * instead of drawing glyphs.  @funcs must outlive the cairo_t (static);
 * NULL @funcs removes them.
 */
typedef struct
{
  void (*show_text)   (gpointer       data,
                       cairo_t       *cr,
                       PangoLayout   *layout,
                       const CbColor *color,
                       const CbColor *halo,
                       double         halo_alpha,
                       double         halo_width);
  void (*begin_group) (gpointer       data,
                       cairo_t       *cr,
                       const char    *id,
                       const char    *title);
  void (*end_group)   (gpointer       data,
                       cairo_t       *cr);
} CbRenderSinkFuncs;

void          cb_render_set_sink             (cairo_t                 *cr,
                                              const CbRenderSinkFuncs *funcs,
                                              gpointer                 data);

G_END_DECLS
