/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cb-map-private.h"

/* Moves the view so that map point (@mx, @my) is at screen point (@sx, @sy). */
static void
keep_map_point_at (CbMap  *self,
                   double  mx,
                   double  my,
                   double  sx,
                   double  sy)
{
  double now_x, now_y;

  cb_viewport_screen_to_map (self->viewport, sx, sy, &now_x, &now_y);
  cb_viewport_set_center (self->viewport,
                          cb_viewport_get_center_x (self->viewport) + (mx - now_x),
                          cb_viewport_get_center_y (self->viewport) + (my - now_y));
}

/* Where wheel zooms stay still: the pointer, else the middle of the map. */
static void
get_zoom_focus (CbMap  *self,
                double *x,
                double *y)
{
  if (self->pointer_inside)
    {
      *x = self->pointer_x;
      *y = self->pointer_y;
    }
  else
    {
      *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
}

/* By name: the property specs belong to cb-map.c, which this part must
 * not call. */
static void
notify_pointer_inside (CbMap *self)
{
  g_object_notify (G_OBJECT (self), "pointer-inside");
}

void
_cb_map_set_hover_feature (CbMap *self,
                           int    feature)
{
  if (self->hover_feature == feature)
    return;

  self->hover_feature = feature;
  if (!gtk_gesture_is_active (self->drag_gesture))
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), feature >= 0 ? "pointer" : "grab");
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

/* Follows the pointer's map coordinates as the view moves under it. */
void
_cb_map_update_pointer_geo (CbMap *self)
{
  double lon, lat;

  if (!self->pointer_inside)
    return;

  /* The map shrank away from a still pointer (a side panel opened):
   * GTK sends no leave event then. */
  if (self->pointer_x < 0 || self->pointer_y < 0 ||
      self->pointer_x >= cb_viewport_get_width (self->viewport) ||
      self->pointer_y >= cb_viewport_get_height (self->viewport))
    {
      self->pointer_inside = FALSE;
      _cb_map_set_hover_feature (self, -1);
      notify_pointer_inside (self);
      return;
    }

  if (!cb_viewport_screen_to_geo (self->viewport, self->pointer_x, self->pointer_y, &lon, &lat))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (lon != self->pointer_lon)
    {
      self->pointer_lon = lon;
      g_object_notify (G_OBJECT (self), "pointer-lon");
    }
  if (lat != self->pointer_lat)
    {
      self->pointer_lat = lat;
      g_object_notify (G_OBJECT (self), "pointer-lat");
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_cb_map_update_hover (CbMap *self)
{
  const CbPlacedTown *town = NULL;

  if (self->renderer != NULL && self->pointer_inside)
    town = _cb_map_towns_find_at (self, self->pointer_x, self->pointer_y);

  _cb_map_set_hover_feature (self, town != NULL ? (int) town->feature : -1);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CbMap                    *self)
{
  gboolean was_inside = self->pointer_inside;

  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;

  _cb_map_update_pointer_geo (self);
  if (!was_inside)
    notify_pointer_inside (self);

  _cb_map_update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          CbMap                    *self)
{
  self->pointer_inside = FALSE;
  _cb_map_set_hover_feature (self, -1);
  notify_pointer_inside (self);
}

static void
stop_fling (CbMap *self)
{
  if (self->fling_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fling_tick_id);
  self->fling_tick_id = 0;
}

/* A zoom in progress jumps to its end: the user asked for that view. */
static void
finish_zoom_animation (CbMap *self)
{
  if (self->zoom_tick_id == 0)
    return;

  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->zoom_tick_id);
  self->zoom_tick_id = 0;

  cb_viewport_freeze_changed (self->viewport);
  cb_viewport_set_scale (self->viewport, self->zoom_end_scale);
  keep_map_point_at (self, self->zoom_anchor_x, self->zoom_anchor_y,
                   self->zoom_screen_x, self->zoom_screen_y);
  cb_viewport_thaw_changed (self->viewport);
}

void
_cb_map_stop_motion (CbMap *self)
{
  stop_fling (self);
  finish_zoom_animation (self);
}

static gboolean
zoom_tick (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  CbMap *self = CB_MAP (widget);
  double t = (gdk_frame_clock_get_frame_time (clock) - self->zoom_start_time) / (double) ZOOM_ANIMATION_US;
  double eased, scale;

  if (t >= 1)
    {
      finish_zoom_animation (self);
      return G_SOURCE_REMOVE;
    }

  /* Ease out, evenly in log scale so each frame zooms by a like ratio. */
  eased = 1 - pow (1 - MAX (t, 0), 3);
  scale = exp (log (self->zoom_start_scale) +
               (log (self->zoom_end_scale) - log (self->zoom_start_scale)) * eased);

  cb_viewport_freeze_changed (self->viewport);
  cb_viewport_set_scale (self->viewport, scale);
  keep_map_point_at (self, self->zoom_anchor_x, self->zoom_anchor_y,
                   self->zoom_screen_x, self->zoom_screen_y);
  cb_viewport_thaw_changed (self->viewport);

  return G_SOURCE_CONTINUE;
}

/* Zooms by @factor around screen point (@sx, @sy), gliding when GTK's
 * animations are on. */
void
_cb_map_animate_zoom (CbMap  *self,
                      double  factor,
                      double  sx,
                      double  sy)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean animations = FALSE;
  double from_scale;

  stop_fling (self);
  g_object_get (gtk_widget_get_settings (widget), "gtk-enable-animations", &animations, NULL);

  if (!animations || clock == NULL || !gtk_widget_get_mapped (widget))
    {
      finish_zoom_animation (self);
      cb_viewport_zoom_at (self->viewport, factor, sx, sy);
      return;
    }

  /* A second press while gliding goes one step further than the first
   * was heading. */
  from_scale = self->zoom_tick_id != 0 ? self->zoom_end_scale : cb_viewport_get_scale (self->viewport);
  if (self->zoom_tick_id == 0 || sx != self->zoom_screen_x || sy != self->zoom_screen_y)
    {
      finish_zoom_animation (self);
      from_scale = cb_viewport_get_scale (self->viewport);
      cb_viewport_screen_to_map (self->viewport, sx, sy, &self->zoom_anchor_x, &self->zoom_anchor_y);
      self->zoom_screen_x = sx;
      self->zoom_screen_y = sy;
    }

  self->zoom_start_scale = cb_viewport_get_scale (self->viewport);
  self->zoom_end_scale = CLAMP (from_scale / factor,
                                cb_viewport_get_min_scale (self->viewport),
                                cb_viewport_get_max_scale (self->viewport));
  self->zoom_start_time = gdk_frame_clock_get_frame_time (clock);

  if (self->zoom_tick_id == 0)
    self->zoom_tick_id = gtk_widget_add_tick_callback (widget, zoom_tick, NULL, NULL);
}

static gboolean
fling_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  CbMap *self = CB_MAP (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double dt = (now - self->fling_last_time) / (double) G_USEC_PER_SEC;
  double decay;

  self->fling_last_time = now;
  if (dt <= 0)
    return G_SOURCE_CONTINUE;

  /* Exponential slow-down, the same on every frame rate. */
  decay = pow (0.5, dt / FLING_HALF_LIFE);
  self->fling_velocity_x *= decay;
  self->fling_velocity_y *= decay;
  cb_viewport_pan_by (self->viewport, self->fling_velocity_x * dt, self->fling_velocity_y * dt);

  if (hypot (self->fling_velocity_x, self->fling_velocity_y) < FLING_STOP_SPEED)
    {
      self->fling_tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
swipe_cb (GtkGestureSwipe *gesture,
          double           velocity_x,
          double           velocity_y,
          CbMap           *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  _cb_map_stop_motion (self);
  if (clock == NULL || hypot (velocity_x, velocity_y) < FLING_MIN_SPEED ||
      gtk_gesture_is_active (self->zoom_gesture))
    return;

  self->fling_velocity_x = velocity_x;
  self->fling_velocity_y = velocity_y;
  self->fling_last_time = gdk_frame_clock_get_frame_time (clock);
  self->fling_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fling_tick, NULL, NULL);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          start_x,
               double          start_y,
               CbMap          *self)
{
  _cb_map_stop_motion (self);
  self->drag_start_x = start_x;
  self->drag_start_y = start_y;
  cb_viewport_screen_to_map (self->viewport, start_x, start_y,
                             &self->drag_anchor_x, &self->drag_anchor_y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                CbMap          *self)
{
  /* Two fingers belong to the pinch. */
  if (gtk_gesture_is_active (self->zoom_gesture))
    return;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  keep_map_point_at (self, self->drag_anchor_x, self->drag_anchor_y,
                   self->drag_start_x + offset_x, self->drag_start_y + offset_y);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             CbMap          *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->hover_feature >= 0 ? "pointer" : "grab");
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           CbMap                    *self)
{
  double steps, x, y;

  if (dy == 0)
    return FALSE;

  _cb_map_stop_motion (self);

  /* A wheel clicks in notches; a touchpad sends pixels and must feel smooth. */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    steps = -dy * WHEEL_STEPS_PER_NOTCH;
  else
    steps = -dy / TOUCHPAD_PX_PER_STEP;

  get_zoom_focus (self, &x, &y);
  cb_viewport_zoom_at (self->viewport, pow (ZOOM_STEP, steps), x, y);

  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               CbMap            *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return;

  _cb_map_stop_motion (self);
  self->pinch_start_scale = cb_viewport_get_scale (self->viewport);
  cb_viewport_screen_to_map (self->viewport, x, y, &self->pinch_anchor_x, &self->pinch_anchor_y);
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       CbMap          *self)
{
  double x, y;

  if (scale <= 0 || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;

  /* The pinched point stays between the fingers, which may also move. */
  cb_viewport_freeze_changed (self->viewport);
  cb_viewport_set_scale (self->viewport, self->pinch_start_scale / scale);
  keep_map_point_at (self, self->pinch_anchor_x, self->pinch_anchor_y, x, y);
  cb_viewport_thaw_changed (self->viewport);
}

/* A finger left on the screen after a pinch drags on from where it is
 * now, not from where it first touched. */
static void
zoom_end_cb (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             CbMap            *self)
{
  double offset_x, offset_y;

  if (!gtk_gesture_drag_get_offset (GTK_GESTURE_DRAG (self->drag_gesture), &offset_x, &offset_y))
    return;

  cb_viewport_screen_to_map (self->viewport,
                             self->drag_start_x + offset_x, self->drag_start_y + offset_y,
                             &self->drag_anchor_x, &self->drag_anchor_y);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  CbMap           *self)
{
  if (n_press == 1)
    gtk_widget_grab_focus (GTK_WIDGET (self));
  else if (n_press == 2)
    _cb_map_animate_zoom (self, ZOOM_STEP, x, y);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CbMap           *self)
{
  const CbPlacedTown *town;
  GtkWidget *marker;

  if (n_press != 1 || self->renderer == NULL)
    return;

  town = _cb_map_towns_find_at (self, x, y);
  if (town == NULL)
    return;

  /* Keyboard navigation continues from the town clicked. */
  marker = cb_map_get_town_marker (self, town->id);
  if (marker != NULL && gtk_widget_get_child_visible (marker))
    gtk_widget_grab_focus (marker);

  _cb_map_towns_activate (self, town->id);
}

gboolean
_cb_map_query_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip)
{
  CbMap *self = CB_MAP (widget);
  const CbPlacedTown *town;

  if (self->renderer == NULL)
    return FALSE;

  if (keyboard_mode)
    {
      GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
      MarkerSlot *slot;

      if (focus_child == NULL || (slot = _cb_map_towns_find_slot_by_widget (self, focus_child)) == NULL)
        return FALSE;

      gtk_tooltip_set_text (tooltip, cb_town_marker_get_name (slot->marker));
      return TRUE;
    }

  town = _cb_map_towns_find_at (self, x, y);
  if (town == NULL)
    return FALSE;

  /* On a chosen day: who held the town, and why it is not certain. */
  if (self->date != 0 && self->history != NULL)
    {
      const CbHistoryHolding *holding;
      g_autoptr(GString) text = g_string_new (town->name);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, self->date);
      holding = cb_history_get_holder_at (self->history, town->id, &date);
      if (holding != NULL)
        {
          g_string_append_printf (text, "\n%s", cb_holder_get_title (holding->holder));
          if (holding->holder == CB_HOLDER_CONTESTED || holding->certainty != CB_HOLD_DOCUMENTED)
            if (holding->note != NULL)
              g_string_append_printf (text, "\n%s", holding->note);
        }
      gtk_tooltip_set_text (tooltip, text->str);
    }
  else
    gtk_tooltip_set_text (tooltip, town->name);
  gtk_tooltip_set_tip_area (tooltip,
                            &(GdkRectangle) {
                              floor (town->bounds_x), floor (town->bounds_y),
                              ceil (town->bounds_width), ceil (town->bounds_height)
                            });
  return TRUE;
}


void
_cb_map_motion_init (CbMap *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  self->drag_gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag_gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->drag_gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag_gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag_gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->drag_gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  /* A quick drag glides on, as in GNOME Maps. */
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_swipe_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
  g_signal_connect (controller, "swipe", G_CALLBACK (swipe_cb), self);
  gtk_widget_add_controller (widget, controller);

  self->zoom_gesture = gtk_gesture_zoom_new ();
  g_signal_connect (self->zoom_gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (self->zoom_gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  g_signal_connect (self->zoom_gesture, "end", G_CALLBACK (zoom_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (self->zoom_gesture));

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
  g_signal_connect (controller, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (controller, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (widget, controller);
}
