/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cb-map.h"
#include "cb-town-marker.h"

G_BEGIN_DECLS

/*
 * The map widget is one class over four files, sharing this header:
 * cb-map.c (the core: view, town markers, layout, drawing, accessibility),
 * cb-map-motion.c (pointer, gestures, zoom glide and fling),
 * cb-map-focus.c (keyboard navigation between towns) and
 * cb-map-towns.c (which town is where: hit-test, markers, activation).
 * Calls run one way: cb-map.c calls motion and focus, all three call
 * towns, and nothing calls back up (so nothing circles).
 */

#define ZOOM_STEP 2.0
/* A wheel notch is half a step; touchpad surface pixels per step. */
#define WHEEL_STEPS_PER_NOTCH 0.5
#define TOUCHPAD_PX_PER_STEP 150.0
/* Arrow keys move the view by this share of its size. */
#define PAN_FRACTION 0.2
/* Margin around the treaty region for Home, logical px. */
#define HOME_PADDING 24.0
/* Scale (m/px) used when jumping to a town from a wide view. */
#define TOWN_SCALE 120.0
#define OVERLAY_MARGIN 12.0
/* How far from the edge a selected town is kept when the map shrinks. */
#define KEEP_IN_VIEW_MARGIN 64.0
#define A11Y_UPDATE_MS 400
/* The renderer's logical px are CSS px: 96 per inch. */
#define METRES_PER_PX (0.0254 / 96.0)
/* Fling: slower than this (px/s) does not glide; the glide halves its
 * speed every FLING_HALF_LIFE seconds. */
#define FLING_MIN_SPEED 250.0
#define FLING_STOP_SPEED 15.0
#define FLING_HALF_LIFE 0.12
/* Zoom steps from keys, buttons and double clicks glide this long (µs). */
#define ZOOM_ANIMATION_US 220000

typedef struct
{
  CbTownMarker *marker;
  double        dot_x;   /* last placed position, logical px */
  double        dot_y;
  double        map_x;   /* the town in map metres, for ordering */
  gboolean      placed;
} MarkerSlot;

struct _CbMap
{
  GtkWidget parent_instance;

  CbViewport     *viewport;
  CbLayerCatalog *catalog;
  CbRenderer     *renderer;
  char           *language;
  char           *selected_town;
  gboolean        show_legend;
  /* The day shown (Julian day; 0: every line), and who held the towns. */
  guint           date;
  gboolean        fade_other_lines;
  CbHistory      *history;
  /* Scale bar, corner controls and legends, which town labels keep clear
   * of (x, y, w, h). */
  double          overlay_rects[28];
  int             corner_reserve[4][2];   /* by GtkCornerType: w, h */
  gboolean        keep_extent_on_resize;
  guint           n_overlay_rects;

  /* West to east; also the order of the children. */
  GArray *slots;

  gboolean view_initialised;
  gboolean in_allocate;

  gboolean pointer_inside;
  double   pointer_x;
  double   pointer_y;
  double   pointer_lon;
  double   pointer_lat;
  int      hover_feature;

  /* The map point that stays under the pointer while dragging/pinching. */
  double      drag_anchor_x;
  double      drag_anchor_y;
  double      drag_start_x;
  double      drag_start_y;
  double      pinch_start_scale;
  double      pinch_anchor_x;
  double      pinch_anchor_y;
  GtkGesture *drag_gesture;
  GtkGesture *zoom_gesture;

  guint   zoom_tick_id;
  gint64  zoom_start_time;
  double  zoom_start_scale;
  double  zoom_end_scale;
  double  zoom_anchor_x;   /* map point kept at screen point zoom_screen_* */
  double  zoom_anchor_y;
  double  zoom_screen_x;
  double  zoom_screen_y;

  guint   fling_tick_id;
  gint64  fling_last_time;
  double  fling_velocity_x;
  double  fling_velocity_y;

  guint               a11y_timeout_id;
  GSimpleActionGroup *actions;

  /* Where this frame's towns go: drawn, markers and hits all use it. */
  CbTownLayout *town_layout;
};

/* cb-map.c */
gboolean            _cb_map_is_dark                (void);

/* cb-map-towns.c (calls no other part) */
const CbPlacedTown *_cb_map_towns_find_at          (CbMap        *self,
                                                    double        x,
                                                    double        y);
MarkerSlot         *_cb_map_towns_find_slot_by_widget (CbMap     *self,
                                                    GtkWidget    *widget);
void                _cb_map_towns_activate         (CbMap        *self,
                                                    const char   *town_id);

/* cb-map-motion.c */
void                _cb_map_motion_init            (CbMap        *self);
void                _cb_map_stop_motion            (CbMap        *self);
void                _cb_map_animate_zoom           (CbMap        *self,
                                                    double        factor,
                                                    double        sx,
                                                    double        sy);
void                _cb_map_set_hover_feature      (CbMap        *self,
                                                    int           feature);
void                _cb_map_update_hover           (CbMap        *self);
void                _cb_map_update_pointer_geo     (CbMap        *self);
gboolean            _cb_map_query_tooltip          (GtkWidget    *widget,
                                                    int           x,
                                                    int           y,
                                                    gboolean      keyboard_mode,
                                                    GtkTooltip   *tooltip);

/* cb-map-focus.c */
gboolean            _cb_map_focus                  (GtkWidget        *widget,
                                                    GtkDirectionType  direction);

G_END_DECLS
