/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "cb-history.h"
#include "cb-layer-catalog.h"
#include "cb-town-layout.h"
#include "cb-viewport.h"

G_BEGIN_DECLS

/**
 * CbRenderOptions:
 * @language: town label language: "en", "lt", "pl", "be", "ru" or "yi"
 *   (NULL = "en"); falls back to the "name" field when empty
 * @selected_town_id: "id" of the town to highlight, or NULL
 * @dark: use the dark palette
 * @device_scale: device pixels per logical pixel (HiDPI; 1 by default);
 *   widths stay in logical pixels, hairlines are snapped to device pixels
 * @draw_towns: draw the towns layer with labels
 * @draw_background: fill the view with the background colour first
 * @avoid_rects: (nullable): @n_avoid_rects rectangles (x, y, width, height
 *   in logical screen pixels, four doubles each) where no town label may go,
 *   e.g. a legend or scale bar drawn over the map
 * @date: a Julian day (g_date_get_julian()): only features in force on
 *   that day are drawn (see cb_feature_set_is_valid_on()); 0 draws all
 * @fade_out_of_date: with a @date, draw the features not in force that day
 *   too, faded, under the others
 * @history: (nullable): with a @date, each town's dot takes the colour of
 *   whoever held it that day (cb_renderer_get_holder_color()); a contested
 *   or uncertain holding is drawn hollow
 * @town_layout: (nullable): where the towns go, from
 *   cb_renderer_layout_towns() with the same view and options; NULL: the
 *   render lays them out itself
 *
 * Initialise with cb_render_options_init() so new fields get defaults.
 */
typedef struct
{
  const char *language;
  const char *selected_town_id;
  gboolean    dark;
  double      device_scale;
  gboolean    draw_towns;
  gboolean    draw_background;
  const double *avoid_rects;
  guint       n_avoid_rects;
  CbTownLayout *town_layout;
  guint32     date;
  gboolean    fade_out_of_date;
  CbHistory  *history;
  /*< private >*/
  gpointer    padding[3];
} CbRenderOptions;

void cb_render_options_init (CbRenderOptions *options);


#define CB_TYPE_RENDERER (cb_renderer_get_type ())
G_DECLARE_FINAL_TYPE (CbRenderer, cb_renderer, CB, RENDERER, GObject)

/*
 * CbRenderer: draws a CbLayerCatalog through a CbViewport onto any cairo_t
 * (widget snapshot, PNG/SVG/PDF export, printing).  The view covers the
 * rectangle (0, 0, width, height) of the viewport in the cairo_t's current
 * user space; callers translate/scale the cairo_t to place it.  The
 * renderer does not clip (clipping doubles cairo's cost): it may draw a
 * few pixels outside that rectangle, so clip the cairo_t when that matters.
 *
 * Speed: geometry is projected once at load and simplified into levels of
 * detail; the renderer culls features by bounding box, draws the level
 * within half a device pixel (a whole one for context layers), strokes
 * only the visible runs of lines, and on cairo image targets writes lines
 * straight into the pixels (cb-line-raster.c) and copies cached label
 * bitmaps; recording targets get one image drawn that way.  Vector
 * targets (PDF, SVG, print) get plain cairo paths and real text.  Set
 * CB_RENDER_CAIRO_ONLY=1 to draw everything with cairo.
 *
 * A renderer keeps caches (labels, placement): use one per thread.
 */
CbRenderer     *cb_renderer_new              (CbLayerCatalog        *catalog);
/* (transfer none) */
CbLayerCatalog *cb_renderer_get_catalog      (CbRenderer            *self);

void            cb_renderer_render           (CbRenderer            *self,
                                              cairo_t               *cr,
                                              CbViewport            *viewport,
                                              const CbRenderOptions *options);

/*
 * Renders into an ARGB32 image surface of ceil(width x @scale) x
 * ceil(height x @scale) device pixels (no device scale set: pixels are
 * device pixels; @scale also becomes options->device_scale).  Image
 * targets let the renderer write lines straight into the pixels, several
 * times faster than cairo's stroker.  cb_renderer_render() does this by
 * itself on recording targets (gtk_snapshot_append_cairo()), recording
 * just the image; a widget may also wrap this surface in a
 * GdkMemoryTexture (GDK_MEMORY_DEFAULT is cairo's ARGB32 layout).  The
 * renderer reuses a surface once the caller has dropped its reference.
 * (transfer full)
 */
cairo_surface_t *cb_renderer_render_image    (CbRenderer            *self,
                                              CbViewport            *viewport,
                                              const CbRenderOptions *options,
                                              double                 scale);

/*
 * Places the towns of @viewport: every dot on screen, and each label only
 * where it overlaps no other, towns taken by size class (then name), the
 * selected one first; zooming in leaves room for more.  (transfer full)
 */
CbTownLayout   *cb_renderer_layout_towns     (CbRenderer            *self,
                                              CbViewport            *viewport,
                                              const CbRenderOptions *options);

/* A town's name in @language (fallback: "name_en", then "name"); newly allocated. */
char           *cb_renderer_get_town_name    (CbRenderer            *self,
                                              guint                  feature,
                                              const char            *language);

/* The colour of a town's holder on the map and in the holders' legend. */
void            cb_renderer_get_holder_color (CbHolder               holder,
                                              gboolean               dark,
                                              CbColor               *out_color);

/* The colour painted under every layer (a neutral ground, not water). */
void            cb_renderer_get_background   (gboolean               dark,
                                              CbColor               *out_color);

G_END_DECLS
