/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "cb-legend.h"
#include "cb-scale-bar.h"
#include "cb-map.h"
#include "cb-place-language.h"
#include "cb-town-marker.h"

/* One zoom step (buttons, keys, double click) doubles the detail. */
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
#define SAVE_VIEW_MS 800
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
  /* Scale bar and legend, which town labels keep clear of (x, y, w, h). */
  double          overlay_rects[8];

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
  GSimpleActionGroup *action_group;

  GSettings *view_settings;
  /* Where this frame's towns go: drawn, markers and hits all use it. */
  CbTownLayout *town_layout;
  guint      save_view_timeout_id;
};

G_DEFINE_FINAL_TYPE (CbMap, cb_map, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_VIEWPORT,
  PROP_LANGUAGE,
  PROP_SELECTED_TOWN,
  PROP_SHOW_LEGEND,
  PROP_POINTER_INSIDE,
  PROP_POINTER_LON,
  PROP_POINTER_LAT,
  N_PROPS
};

enum {
  SIGNAL_TOWN_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
cb_map_new (void)
{
  return g_object_new (CB_TYPE_MAP, NULL);
}

/* ---- helpers ------------------------------------------------------------ */

static void stop_motion (CbMap *self);
static void animate_zoom (CbMap  *self,
                          double  factor,
                          double  sx,
                          double  sy);

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Where the snapshot draws the scale bar and the legend (the same code
 * measures and draws them, so labels placed around these stay readable). */
static void
measure_overlays (CbMap *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double bar_width = 0, bar_height = 0, legend_width = 0, legend_height = 0;

  cb_scale_bar_draw (NULL, self->viewport, 0, 0, width / 3.0, FALSE,
                              &bar_width, &bar_height);
  self->overlay_rects[0] = OVERLAY_MARGIN;
  self->overlay_rects[1] = height - OVERLAY_MARGIN - bar_height;
  self->overlay_rects[2] = bar_width;
  self->overlay_rects[3] = bar_height;

  if (self->show_legend && self->catalog != NULL)
    cb_legend_draw (NULL, self->catalog, 0, 0, FALSE, &legend_width, &legend_height);
  self->overlay_rects[4] = OVERLAY_MARGIN;
  self->overlay_rects[5] = OVERLAY_MARGIN;
  self->overlay_rects[6] = legend_width;
  self->overlay_rects[7] = legend_height;
}

static void
fill_render_options (CbMap           *self,
                     CbRenderOptions *options)
{
  cb_render_options_init (options);
  options->language = self->language;
  options->selected_town_id = self->selected_town;
  options->dark = is_dark ();
  options->device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  options->draw_towns = TRUE;
  options->draw_background = TRUE;

  /* Callers run measure_overlays() first, once per layout or frame. */
  options->avoid_rects = self->overlay_rects;
  options->n_avoid_rects = self->show_legend && self->catalog != NULL ? 2 : 1;
}

/* The town drawn at (@x, @y) in the current frame, or NULL. */
static const CbPlacedTown *
town_at (CbMap  *self,
         double  x,
         double  y)
{
  if (self->town_layout == NULL)
    return NULL;
  return cb_town_layout_find_town_at (self->town_layout, x, y);
}

static MarkerSlot *
find_slot_by_feature (CbMap *self,
                      guint  feature)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (cb_town_marker_get_feature (slot->marker) == feature)
        return slot;
    }

  return NULL;
}

static MarkerSlot *
find_slot_by_widget (CbMap     *self,
                     GtkWidget *widget)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (GTK_WIDGET (slot->marker) == widget)
        return slot;
    }

  return NULL;
}

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

char *
cb_map_format_coordinates (double lon,
                           double lat)
{
  /* TRANSLATORS: latitude and longitude with hemisphere letters, e.g. "54.6872° N, 25.2797° E" */
  return g_strdup_printf (_("%.4f° %s, %.4f° %s"),
                          fabs (lat), lat >= 0 ? C_("compass", "N") : C_("compass", "S"),
                          fabs (lon), lon >= 0 ? C_("compass", "E") : C_("compass", "W"));
}

/* ---- accessible description --------------------------------------------- */

static char *
describe_scale (CbViewport *viewport)
{
  double ground_m_per_px = cb_viewport_get_true_scale (viewport);
  double denominator, magnitude;

  if (!isfinite (ground_m_per_px) || ground_m_per_px <= 0)
    return g_strdup ("");

  /* Two significant figures are what a paper map would print. */
  denominator = ground_m_per_px / METRES_PER_PX;
  magnitude = pow (10, floor (log10 (denominator)) - 1);
  denominator = round (denominator / magnitude) * magnitude;

  /* TRANSLATORS: map scale, e.g. "1 : 2500000" */
  return g_strdup_printf (_("1 : %.0f"), denominator);
}

static void
update_accessible_description (CbMap *self)
{
  g_autofree char *centre = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *description = NULL;
  double lon, lat;

  if (!cb_viewport_map_to_geo (self->viewport,
                               cb_viewport_get_center_x (self->viewport),
                               cb_viewport_get_center_y (self->viewport),
                               &lon, &lat))
    return;

  centre = cb_map_format_coordinates (lon, lat);
  scale = describe_scale (self->viewport);

  if (self->selected_town != NULL)
    {
      g_autofree char *name = NULL;
      GtkWidget *marker = cb_map_get_town_marker (self, self->selected_town);

      if (marker != NULL)
        name = g_strdup (cb_town_marker_get_name (CB_TOWN_MARKER (marker)));
      else
        name = g_strdup (self->selected_town);

      /* TRANSLATORS: accessible description of the map */
      description = g_strdup_printf (_("Centre %s, scale %s, selected town %s"),
                                     centre, scale, name);
    }
  else
    {
      /* TRANSLATORS: accessible description of the map */
      description = g_strdup_printf (_("Centre %s, scale %s"), centre, scale);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static gboolean
a11y_timeout_cb (gpointer user_data)
{
  CbMap *self = CB_MAP (user_data);

  self->a11y_timeout_id = 0;
  update_accessible_description (self);

  return G_SOURCE_REMOVE;
}

/* Screen readers need the state, not every frame of a drag. */
static void
schedule_accessible_update (CbMap *self)
{
  if (self->a11y_timeout_id == 0)
    self->a11y_timeout_id = g_timeout_add (A11Y_UPDATE_MS, a11y_timeout_cb, self);
}

/* ---- view settings ------------------------------------------------------- */

static void
save_view (CbMap *self)
{
  double lon, lat;

  if (self->view_settings == NULL || !self->view_initialised)
    return;

  if (!cb_viewport_map_to_geo (self->viewport,
                               cb_viewport_get_center_x (self->viewport),
                               cb_viewport_get_center_y (self->viewport),
                               &lon, &lat))
    return;

  /* Not g_settings_delay(): it would hold back every key of a shared object. */
  g_settings_set (self->view_settings, "last-center", "(dd)", lon, lat);
  g_settings_set_double (self->view_settings, "last-scale",
                         cb_viewport_get_scale (self->viewport));
}

static gboolean
save_view_timeout_cb (gpointer user_data)
{
  CbMap *self = CB_MAP (user_data);

  self->save_view_timeout_id = 0;
  save_view (self);

  return G_SOURCE_REMOVE;
}

void
cb_map_bind_view_settings (CbMap     *self,
                           GSettings *settings)
{
  double lon, lat, scale;

  g_return_if_fail (CB_IS_MAP (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->view_settings, settings);

  g_settings_get (settings, "last-center", "(dd)", &lon, &lat);
  scale = g_settings_get_double (settings, "last-scale");
  if (scale > 0 && isfinite (lon) && isfinite (lat))
    cb_map_go_to (self, lon, lat, scale);
}

/* ---- actions ------------------------------------------------------------ */

static void
update_zoom_actions (CbMap *self)
{
  double scale = cb_viewport_get_scale (self->viewport);
  gboolean can_zoom_in = scale > cb_viewport_get_min_scale (self->viewport) * 1.0001;
  gboolean can_zoom_out = scale < cb_viewport_get_max_scale (self->viewport) / 1.0001;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.zoom-in", can_zoom_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "map.zoom-out", can_zoom_out);

  if (self->action_group != NULL)
    {
      GAction *action;

      action = g_action_map_lookup_action (G_ACTION_MAP (self->action_group), "zoom-in");
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_zoom_in);
      action = g_action_map_lookup_action (G_ACTION_MAP (self->action_group), "zoom-out");
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), can_zoom_out);
    }
}

static void
zoom_by (CbMap  *self,
         double  factor)
{
  animate_zoom (self, factor,
                gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  zoom_by (CB_MAP (widget), ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_by (CB_MAP (widget), 1.0 / ZOOM_STEP);
}

static void
home_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cb_map_show_home (CB_MAP (widget));
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CbMap *self = CB_MAP (widget);
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  stop_motion (self);

  /* The view moves towards (dx, dy), so the content moves the other way. */
  cb_viewport_pan_by (self->viewport,
                      -dx * PAN_FRACTION * gtk_widget_get_width (widget),
                      -dy * PAN_FRACTION * gtk_widget_get_height (widget));
}

static void
group_action_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  g_autofree char *name = g_strconcat ("map.", g_action_get_name (G_ACTION (action)), NULL);

  gtk_widget_activate_action_variant (GTK_WIDGET (user_data), name, parameter);
}

GActionGroup *
cb_map_get_action_group (CbMap *self)
{
  static const char * const names[] = { "zoom-in", "zoom-out", "home" };

  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  if (self->action_group == NULL)
    {
      self->action_group = g_simple_action_group_new ();

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autoptr(GSimpleAction) action = g_simple_action_new (names[i], NULL);

          g_signal_connect_object (action, "activate",
                                   G_CALLBACK (group_action_activated), self, 0);
          g_action_map_add_action (G_ACTION_MAP (self->action_group), G_ACTION (action));
        }

      update_zoom_actions (self);
    }

  return G_ACTION_GROUP (self->action_group);
}

/* ---- towns -------------------------------------------------------------- */

static void
activate_town (CbMap      *self,
               const char *town_id)
{
  cb_map_set_selected_town (self, town_id);
  g_signal_emit (self, signals[SIGNAL_TOWN_ACTIVATED], 0, town_id);
}

static void
marker_activated (CbTownMarker *marker,
                  CbMap        *self)
{
  activate_town (self, cb_town_marker_get_town_id (marker));
}

static void
clear_markers (CbMap *self)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      g_signal_handlers_disconnect_by_data (slot->marker, self);
      gtk_widget_unparent (GTK_WIDGET (slot->marker));
    }

  g_array_set_size (self->slots, 0);
}

static int
compare_slots_west_to_east (gconstpointer a,
                            gconstpointer b)
{
  const MarkerSlot *slot_a = a;
  const MarkerSlot *slot_b = b;

  return (slot_a->map_x > slot_b->map_x) - (slot_a->map_x < slot_b->map_x);
}

static void
rebuild_markers (CbMap *self)
{
  CbLayer *towns;
  guint n_features;

  clear_markers (self);

  if (self->catalog == NULL || self->renderer == NULL)
    return;

  towns = cb_layer_catalog_get_towns (self->catalog);
  if (towns == NULL)
    return;

  n_features = cb_feature_set_get_n_features (cb_layer_get_features (towns));
  for (guint feature = 0; feature < n_features; feature++)
    {
      const char *id = cb_feature_set_get_attribute (cb_layer_get_features (towns), feature, "id");
      g_autofree char *name = NULL;
      MarkerSlot slot = { 0 };

      if (id == NULL || *id == '\0')
        continue;

      name = cb_renderer_get_town_name (self->renderer, feature, self->language);
      slot.marker = cb_town_marker_new (id, feature, name);
      slot.map_x = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature)->min_x;
      g_array_append_val (self->slots, slot);
    }

  /* Tab order and the accessibility tree both run west to east. */
  g_array_sort (self->slots, compare_slots_west_to_east);

  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      gtk_widget_set_child_visible (GTK_WIDGET (slot->marker), FALSE);
      gtk_widget_set_parent (GTK_WIDGET (slot->marker), GTK_WIDGET (self));
      g_signal_connect (slot->marker, "clicked", G_CALLBACK (marker_activated), self);
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
update_marker_names (CbMap *self)
{
  if (self->renderer == NULL)
    return;

  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);
      g_autofree char *name = NULL;

      name = cb_renderer_get_town_name (self->renderer,
                                        cb_town_marker_get_feature (slot->marker),
                                        self->language);
      cb_town_marker_set_name (slot->marker, name);
    }
}

GtkWidget *
cb_map_get_town_marker (CbMap      *self,
                        const char *town_id)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);
  g_return_val_if_fail (town_id != NULL, NULL);

  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (g_strcmp0 (cb_town_marker_get_town_id (slot->marker), town_id) == 0)
        return GTK_WIDGET (slot->marker);
    }

  return NULL;
}

/* ---- viewport and catalog ----------------------------------------------- */

static void set_hover_feature (CbMap *self,
                               int    feature);

static void
update_pointer_geo (CbMap *self)
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
      set_hover_feature (self, -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_INSIDE]);
      return;
    }

  if (!cb_viewport_screen_to_geo (self->viewport, self->pointer_x, self->pointer_y, &lon, &lat))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (lon != self->pointer_lon)
    {
      self->pointer_lon = lon;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_LON]);
    }
  if (lat != self->pointer_lat)
    {
      self->pointer_lat = lat;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_LAT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
viewport_changed (CbViewport *viewport,
                  CbMap      *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* Markers follow the towns; size_allocate itself sets the viewport size. */
  if (!self->in_allocate)
    gtk_widget_queue_allocate (GTK_WIDGET (self));

  update_zoom_actions (self);
  update_pointer_geo (self);
  schedule_accessible_update (self);

  if (self->view_settings != NULL && self->view_initialised)
    {
      g_clear_handle_id (&self->save_view_timeout_id, g_source_remove);
      self->save_view_timeout_id = g_timeout_add (SAVE_VIEW_MS, save_view_timeout_cb, self);
    }
}

static void
catalog_changed (CbLayerCatalog *catalog,
                 CbMap          *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
catalog_items_changed (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       CbMap      *self)
{
  rebuild_markers (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cb_map_show_home (CbMap *self)
{
  CbBounds bounds;

  g_return_if_fail (CB_IS_MAP (self));

  stop_motion (self);
  if (self->catalog != NULL)
    cb_layer_catalog_get_treaty_bounds (self->catalog, &bounds);
  else
    cb_projection_get_region_bounds (&bounds);

  if (cb_viewport_get_width (self->viewport) > 0 && cb_viewport_get_height (self->viewport) > 0)
    {
      cb_viewport_fit_bounds (self->viewport, &bounds, HOME_PADDING);
      self->view_initialised = TRUE;
    }
  else
    {
      /* No size yet: the first allocation fits the region. */
      self->view_initialised = FALSE;
    }
}

void
cb_map_go_to (CbMap  *self,
              double  lon,
              double  lat,
              double  scale)
{
  double mx, my;

  g_return_if_fail (CB_IS_MAP (self));

  if (!cb_viewport_geo_to_map (self->viewport, lon, lat, &mx, &my))
    return;

  stop_motion (self);
  cb_viewport_freeze_changed (self->viewport);
  if (scale > 0)
    cb_viewport_set_scale (self->viewport, scale);
  cb_viewport_set_center (self->viewport, mx, my);
  cb_viewport_thaw_changed (self->viewport);

  self->view_initialised = TRUE;
}

gboolean
cb_map_center_on_town (CbMap      *self,
                       const char *town_id)
{
  CbLayer *towns;
  const CbBounds *bounds;
  int feature;

  g_return_val_if_fail (CB_IS_MAP (self), FALSE);
  g_return_val_if_fail (town_id != NULL, FALSE);

  if (self->catalog == NULL || (towns = cb_layer_catalog_get_towns (self->catalog)) == NULL)
    return FALSE;

  feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), town_id);
  if (feature < 0)
    return FALSE;

  bounds = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature);

  stop_motion (self);
  cb_viewport_freeze_changed (self->viewport);
  if (cb_viewport_get_scale (self->viewport) > TOWN_SCALE)
    cb_viewport_set_scale (self->viewport, TOWN_SCALE);
  cb_viewport_set_center (self->viewport, bounds->min_x, bounds->min_y);
  cb_viewport_thaw_changed (self->viewport);
  self->view_initialised = TRUE;

  cb_map_set_selected_town (self, town_id);

  return TRUE;
}

/* ---- input -------------------------------------------------------------- */

static void
set_hover_feature (CbMap *self,
                   int    feature)
{
  if (self->hover_feature == feature)
    return;

  self->hover_feature = feature;
  if (!gtk_gesture_is_active (self->drag_gesture))
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), feature >= 0 ? "pointer" : "grab");
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
update_hover (CbMap *self)
{
  const CbPlacedTown *town = NULL;

  if (self->renderer != NULL && self->pointer_inside)
    town = town_at (self, self->pointer_x, self->pointer_y);

  set_hover_feature (self, town != NULL ? (int) town->feature : -1);
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

  update_pointer_geo (self);
  if (!was_inside)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_INSIDE]);

  update_hover (self);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          CbMap                    *self)
{
  self->pointer_inside = FALSE;
  set_hover_feature (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_INSIDE]);
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

static void
stop_motion (CbMap *self)
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
static void
animate_zoom (CbMap  *self,
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

  stop_motion (self);
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
  stop_motion (self);
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

  stop_motion (self);

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

  stop_motion (self);
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
    animate_zoom (self, ZOOM_STEP, x, y);
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

  town = town_at (self, x, y);
  if (town == NULL)
    return;

  /* Keyboard navigation continues from the town clicked. */
  marker = cb_map_get_town_marker (self, town->id);
  if (marker != NULL && gtk_widget_get_child_visible (marker))
    gtk_widget_grab_focus (marker);

  activate_town (self, town->id);
}

static gboolean
cb_map_query_tooltip (GtkWidget  *widget,
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

      if (focus_child == NULL || (slot = find_slot_by_widget (self, focus_child)) == NULL)
        return FALSE;

      gtk_tooltip_set_text (tooltip, cb_town_marker_get_name (slot->marker));
      return TRUE;
    }

  town = town_at (self, x, y);
  if (town == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, town->name);
  gtk_tooltip_set_tip_area (tooltip,
                            &(GdkRectangle) {
                              floor (town->bounds_x), floor (town->bounds_y),
                              ceil (town->bounds_width), ceil (town->bounds_height)
                            });
  return TRUE;
}

/* ---- focus -------------------------------------------------------------- */

static gboolean
slot_is_focusable (const MarkerSlot *slot)
{
  return slot->placed && gtk_widget_get_child_visible (GTK_WIDGET (slot->marker));
}

static int
find_focused_slot (CbMap *self)
{
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self));

  if (focus_child == NULL)
    return -1;

  for (guint i = 0; i < self->slots->len; i++)
    if (GTK_WIDGET (g_array_index (self->slots, MarkerSlot, i).marker) == focus_child)
      return i;

  return -1;
}

static gboolean
focus_slot_from (CbMap *self,
                 int    start,
                 int    step)
{
  for (int i = start; i >= 0 && i < (int) self->slots->len; i += step)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (slot_is_focusable (slot))
        return gtk_widget_grab_focus (GTK_WIDGET (slot->marker));
    }

  return FALSE;
}

/* The nearest town whose dot lies in @direction, favouring the straight line. */
static gboolean
focus_neighbour (CbMap            *self,
                 int               from,
                 GtkDirectionType  direction)
{
  const MarkerSlot *origin = &g_array_index (self->slots, MarkerSlot, from);
  int best = -1;
  double best_cost = G_MAXDOUBLE;

  for (guint i = 0; i < self->slots->len; i++)
    {
      const MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);
      double along, across, cost;

      if ((int) i == from || !slot_is_focusable (slot))
        continue;

      switch (direction)
        {
        case GTK_DIR_LEFT:
          along = origin->dot_x - slot->dot_x;
          across = slot->dot_y - origin->dot_y;
          break;
        case GTK_DIR_RIGHT:
          along = slot->dot_x - origin->dot_x;
          across = slot->dot_y - origin->dot_y;
          break;
        case GTK_DIR_UP:
          along = origin->dot_y - slot->dot_y;
          across = slot->dot_x - origin->dot_x;
          break;
        case GTK_DIR_DOWN:
          along = slot->dot_y - origin->dot_y;
          across = slot->dot_x - origin->dot_x;
          break;
        case GTK_DIR_TAB_FORWARD:
        case GTK_DIR_TAB_BACKWARD:
        default:
          return FALSE;
        }

      /* Only towns within 60° of the direction. */
      if (along <= 0 || fabs (across) > along * 1.8)
        continue;

      cost = along + 2 * fabs (across);
      if (cost < best_cost)
        {
          best_cost = cost;
          best = i;
        }
    }

  if (best < 0)
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (g_array_index (self->slots, MarkerSlot, best).marker));
}

/*
 * Tab enters the map itself first (so arrow keys pan), then walks the towns
 * on screen from west to east, then leaves.  With a town focused, arrow
 * keys go to the nearest town that way.
 */
static gboolean
cb_map_focus (GtkWidget        *widget,
              GtkDirectionType  direction)
{
  CbMap *self = CB_MAP (widget);
  gboolean self_focused = gtk_widget_is_focus (widget);
  int current = find_focused_slot (self);

  if (!self_focused && current < 0)
    {
      if (direction == GTK_DIR_TAB_BACKWARD && focus_slot_from (self, self->slots->len - 1, -1))
        return TRUE;

      return gtk_widget_grab_focus (widget);
    }

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
      return focus_slot_from (self, current + 1, 1);

    case GTK_DIR_TAB_BACKWARD:
      if (self_focused)
        return FALSE;
      if (focus_slot_from (self, current - 1, -1))
        return TRUE;
      return gtk_widget_grab_focus (widget);

    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
    case GTK_DIR_UP:
    case GTK_DIR_DOWN:
      if (current < 0)
        return FALSE;
      return focus_neighbour (self, current, direction);

    default:
      return FALSE;
    }
}

/* ---- layout and drawing ------------------------------------------------- */

static void
allocate_markers (CbMap *self)
{
  CbRenderOptions options;
  const CbPlacedTown *placed = NULL;
  guint n_placed = 0;

  for (guint i = 0; i < self->slots->len; i++)
    g_array_index (self->slots, MarkerSlot, i).placed = FALSE;

  /* The one layout of this frame: the snapshot draws it as placed here. */
  g_clear_pointer (&self->town_layout, cb_town_layout_unref);
  measure_overlays (self);
  if (self->renderer != NULL)
    {
      fill_render_options (self, &options);
      self->town_layout = cb_renderer_layout_towns (self->renderer, self->viewport, &options);
      placed = cb_town_layout_get_towns (self->town_layout, &n_placed);
    }

  for (guint i = 0; i < n_placed; i++)
    {
      MarkerSlot *slot = find_slot_by_feature (self, placed[i].feature);
      GtkAllocation allocation;
      int min;

      if (slot == NULL)
        continue;

      slot->placed = TRUE;
      slot->dot_x = placed[i].x;
      slot->dot_y = placed[i].y;

      allocation.x = floor (placed[i].bounds_x);
      allocation.y = floor (placed[i].bounds_y);
      allocation.width = MAX (1, ceil (placed[i].bounds_x + placed[i].bounds_width) - allocation.x);
      allocation.height = MAX (1, ceil (placed[i].bounds_y + placed[i].bounds_height) - allocation.y);

      gtk_widget_set_child_visible (GTK_WIDGET (slot->marker), TRUE);
      gtk_widget_measure (GTK_WIDGET (slot->marker), GTK_ORIENTATION_HORIZONTAL, -1,
                          &min, NULL, NULL, NULL);
      gtk_widget_size_allocate (GTK_WIDGET (slot->marker), &allocation, -1);
    }

  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (slot->placed)
        continue;

      /* A town that scrolls away must not take the keyboard focus with it. */
      if (gtk_widget_has_focus (GTK_WIDGET (slot->marker)))
        gtk_widget_grab_focus (GTK_WIDGET (self));
      gtk_widget_set_child_visible (GTK_WIDGET (slot->marker), FALSE);
    }
}

/* The selected town's map position, if it is on screen now. */
static gboolean
get_visible_selected_town (CbMap  *self,
                           double *map_x,
                           double *map_y)
{
  CbLayer *towns;
  int feature;
  double sx, sy;

  if (self->selected_town == NULL || self->catalog == NULL ||
      (towns = cb_layer_catalog_get_towns (self->catalog)) == NULL ||
      (feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), self->selected_town)) < 0)
    return FALSE;

  *map_x = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature)->min_x;
  *map_y = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature)->min_y;
  cb_viewport_map_to_screen (self->viewport, *map_x, *map_y, &sx, &sy);

  return sx >= 0 && sy >= 0 &&
         sx < cb_viewport_get_width (self->viewport) &&
         sy < cb_viewport_get_height (self->viewport);
}

/* A side panel opening must not push the town it is about out of view. */
static void
keep_in_view (CbMap  *self,
              double  map_x,
              double  map_y)
{
  double width = cb_viewport_get_width (self->viewport);
  double height = cb_viewport_get_height (self->viewport);
  double margin_x = MIN (KEEP_IN_VIEW_MARGIN, width / 4);
  double margin_y = MIN (KEEP_IN_VIEW_MARGIN, height / 4);
  double sx, sy, dx = 0, dy = 0;

  cb_viewport_map_to_screen (self->viewport, map_x, map_y, &sx, &sy);
  if (sx > width - margin_x)
    dx = width - margin_x - sx;
  else if (sx < margin_x)
    dx = margin_x - sx;
  if (sy > height - margin_y)
    dy = height - margin_y - sy;
  else if (sy < margin_y)
    dy = margin_y - sy;

  if (dx != 0 || dy != 0)
    cb_viewport_pan_by (self->viewport, dx, dy);
}

static void
cb_map_size_allocate (GtkWidget *widget,
                      int        width,
                      int        height,
                      int        baseline)
{
  CbMap *self = CB_MAP (widget);
  gboolean resized = width != cb_viewport_get_width (self->viewport) ||
                     height != cb_viewport_get_height (self->viewport);
  gboolean keep_town = FALSE;
  double town_x = 0, town_y = 0;

  self->in_allocate = TRUE;
  if (resized && self->view_initialised)
    keep_town = get_visible_selected_town (self, &town_x, &town_y);
  cb_viewport_set_size (self->viewport, width, height);
  if (!self->view_initialised && width > 0 && height > 0)
    cb_map_show_home (self);
  else if (keep_town)
    keep_in_view (self, town_x, town_y);
  allocate_markers (self);
  self->in_allocate = FALSE;
}

static void
cb_map_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  /* Any size works; ask for room enough to be useful. */
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
cb_map_snapshot (GtkWidget   *widget,
                 GtkSnapshot *snapshot)
{
  CbMap *self = CB_MAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = is_dark ();
  CbRenderOptions options;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->renderer != NULL)
    {
      fill_render_options (self, &options);
      options.town_layout = self->town_layout;
      cb_renderer_render (self->renderer, cr, self->viewport, &options);
    }
  else
    {
      CbColor background;

      cb_renderer_get_background (dark, &background);
      cairo_set_source_rgba (cr, background.red, background.green, background.blue, background.alpha);
      cairo_paint (cr);
    }

  /* The same scale bar and legend code as export, so both look alike;
   * measure_overlays() said where they go. */
  cb_scale_bar_draw (cr, self->viewport,
                              self->overlay_rects[0], self->overlay_rects[1],
                              width / 3.0, dark, NULL, NULL);

  if (self->show_legend && self->catalog != NULL)
    cb_legend_draw (cr, self->catalog, OVERLAY_MARGIN, OVERLAY_MARGIN, dark, NULL, NULL);

  cairo_destroy (cr);

  /* The markers only draw their focus ring. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* ---- properties --------------------------------------------------------- */

CbViewport *
cb_map_get_viewport (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return self->viewport;
}

CbRenderer *
cb_map_get_renderer (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return self->renderer;
}

CbLayerCatalog *
cb_map_get_catalog (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return self->catalog;
}

void
cb_map_set_catalog (CbMap          *self,
                    CbLayerCatalog *catalog)
{
  g_return_if_fail (CB_IS_MAP (self));
  g_return_if_fail (catalog == NULL || CB_IS_LAYER_CATALOG (catalog));

  if (self->catalog == catalog)
    return;

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);

  g_set_object (&self->catalog, catalog);
  g_clear_object (&self->renderer);

  if (catalog != NULL)
    {
      self->renderer = cb_renderer_new (catalog);
      g_signal_connect (catalog, "changed", G_CALLBACK (catalog_changed), self);
      g_signal_connect (catalog, "items-changed", G_CALLBACK (catalog_items_changed), self);
    }

  rebuild_markers (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

const char *
cb_map_get_language (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return self->language;
}

void
cb_map_set_language (CbMap      *self,
                     const char *language)
{
  CbPlaceLanguage lang = CB_PLACE_LANGUAGE_EN;
  const char *known;

  g_return_if_fail (CB_IS_MAP (self));

  /* Unknown codes fall back to English rather than to empty labels. */
  cb_place_language_from_code (language, &lang);
  known = cb_place_language_to_code (lang);

  if (g_strcmp0 (self->language, known) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (known);

  update_marker_names (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

const char *
cb_map_get_selected_town (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return self->selected_town;
}

void
cb_map_set_selected_town (CbMap      *self,
                          const char *town_id)
{
  g_return_if_fail (CB_IS_MAP (self));

  if (g_strcmp0 (self->selected_town, town_id) == 0)
    return;

  g_free (self->selected_town);
  self->selected_town = g_strdup (town_id);

  /* The selected town is placed first: every marker may move. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  schedule_accessible_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOWN]);
}

gboolean
cb_map_get_show_legend (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), FALSE);

  return self->show_legend;
}

void
cb_map_set_show_legend (CbMap    *self,
                        gboolean  show_legend)
{
  g_return_if_fail (CB_IS_MAP (self));

  show_legend = !!show_legend;
  if (self->show_legend == show_legend)
    return;

  self->show_legend = show_legend;
  /* Labels keep clear of the legend. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LEGEND]);
}

gboolean
cb_map_get_pointer_position (CbMap  *self,
                             double *lon,
                             double *lat)
{
  g_return_val_if_fail (CB_IS_MAP (self), FALSE);

  if (lon != NULL)
    *lon = self->pointer_lon;
  if (lat != NULL)
    *lat = self->pointer_lat;

  return self->pointer_inside;
}

static void
style_changed (CbMap *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cb_map_dispose (GObject *object)
{
  CbMap *self = CB_MAP (object);

  /* A zoom still gliding ends where it was going, and that is saved. */
  stop_motion (self);
  if (self->save_view_timeout_id != 0)
    {
      g_clear_handle_id (&self->save_view_timeout_id, g_source_remove);
      save_view (self);
    }
  g_clear_handle_id (&self->a11y_timeout_id, g_source_remove);

  clear_markers (self);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);

  g_clear_object (&self->renderer);
  g_clear_object (&self->catalog);
  g_clear_object (&self->view_settings);
  g_clear_pointer (&self->town_layout, cb_town_layout_unref);
  g_clear_object (&self->action_group);

  G_OBJECT_CLASS (cb_map_parent_class)->dispose (object);
}

static void
cb_map_finalize (GObject *object)
{
  CbMap *self = CB_MAP (object);

  g_clear_object (&self->viewport);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->selected_town, g_free);

  G_OBJECT_CLASS (cb_map_parent_class)->finalize (object);
}

static void
cb_map_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  CbMap *self = CB_MAP (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_SELECTED_TOWN:
      g_value_set_string (value, self->selected_town);
      break;
    case PROP_SHOW_LEGEND:
      g_value_set_boolean (value, self->show_legend);
      break;
    case PROP_POINTER_INSIDE:
      g_value_set_boolean (value, self->pointer_inside);
      break;
    case PROP_POINTER_LON:
      g_value_set_double (value, self->pointer_lon);
      break;
    case PROP_POINTER_LAT:
      g_value_set_double (value, self->pointer_lat);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_map_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  CbMap *self = CB_MAP (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      cb_map_set_catalog (self, g_value_get_object (value));
      break;
    case PROP_LANGUAGE:
      cb_map_set_language (self, g_value_get_string (value));
      break;
    case PROP_SELECTED_TOWN:
      cb_map_set_selected_town (self, g_value_get_string (value));
      break;
    case PROP_SHOW_LEGEND:
      cb_map_set_show_legend (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_pan_binding (GtkWidgetClass *widget_class,
                 guint           keyval,
                 guint           keypad_keyval,
                 int             dx,
                 int             dy)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, 0, "map.pan", "(ii)", dx, dy);
  gtk_widget_class_add_binding_action (widget_class, keypad_keyval, 0, "map.pan", "(ii)", dx, dy);
}

static void
cb_map_class_init (CbMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro_flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cb_map_dispose;
  object_class->finalize = cb_map_finalize;
  object_class->get_property = cb_map_get_property;
  object_class->set_property = cb_map_set_property;

  widget_class->measure = cb_map_measure;
  widget_class->size_allocate = cb_map_size_allocate;
  widget_class->snapshot = cb_map_snapshot;
  widget_class->focus = cb_map_focus;
  widget_class->query_tooltip = cb_map_query_tooltip;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, CB_TYPE_LAYER_CATALOG, flags);
  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, CB_TYPE_VIEWPORT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "en", flags);
  properties[PROP_SELECTED_TOWN] =
    g_param_spec_string ("selected-town", NULL, NULL, NULL, flags);
  properties[PROP_SHOW_LEGEND] =
    g_param_spec_boolean ("show-legend", NULL, NULL, FALSE, flags);
  properties[PROP_POINTER_INSIDE] =
    g_param_spec_boolean ("pointer-inside", NULL, NULL, FALSE, ro_flags);
  properties[PROP_POINTER_LON] =
    g_param_spec_double ("pointer-lon", NULL, NULL, -180, 180, 0, ro_flags);
  properties[PROP_POINTER_LAT] =
    g_param_spec_double ("pointer-lat", NULL, NULL, -90, 90, 0, ro_flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CbMap::town-activated:
   * @town_id: the "id" of the town
   *
   * A town was clicked, or activated from the keyboard or by assistive
   * technology.  The town is already selected.
   */
  signals[SIGNAL_TOWN_ACTIVATED] =
    g_signal_new ("town-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.home", NULL, home_action);

  add_pan_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0);
  add_pan_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0);
  add_pan_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1);
  add_pan_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "map.home", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "map.home", NULL);

  gtk_widget_class_set_css_name (widget_class, "map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cb_map_init (CbMap *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  self->slots = g_array_new (FALSE, TRUE, sizeof (MarkerSlot));
  self->language = g_strdup ("en");
  self->hover_feature = -1;

  self->viewport = cb_viewport_new ();
  g_signal_connect (self->viewport, "changed", G_CALLBACK (viewport_changed), self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "grab");

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

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (style_changed), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  -1);
  update_zoom_actions (self);
}
