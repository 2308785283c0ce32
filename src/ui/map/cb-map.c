/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "cb-legend.h"
#include "cb-scale-bar.h"
#include "cb-map-private.h"
#include "cb-timeline.h"
#include "cb-place-language.h"

/* One zoom step (buttons, keys, double click) doubles the detail. */

G_DEFINE_FINAL_TYPE (CbMap, cb_map, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_VIEWPORT,
  PROP_LANGUAGE,
  PROP_SELECTED_TOWN,
  PROP_SHOW_LEGEND,
  PROP_DATE,
  PROP_FADE_OTHER_LINES,
  PROP_HISTORY,
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


gboolean
_cb_map_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Where the snapshot draws the scale bar and the legend (the same code
 * measures and draws them, so labels placed around these stay readable). */
static gboolean
shows_holders (CbMap *self)
{
  return self->date != 0 && self->history != NULL;
}

static void
add_overlay (CbMap  *self,
             double  x,
             double  y,
             double  w,
             double  h)
{
  double *r;

  g_return_if_fail (4 * (self->n_overlay_rects + 1) <= G_N_ELEMENTS (self->overlay_rects));
  r = &self->overlay_rects[4 * self->n_overlay_rects++];

  r[0] = x;
  r[1] = y;
  r[2] = w;
  r[3] = h;
}

/* Where the snapshot draws the scale bar, the legend and the holders'
 * legend (the same code measures and draws them, so labels placed around
 * these stay readable): the scale bar first, then the others if shown. */
static void
measure_overlays (CbMap *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double bar_width = 0, bar_height = 0, w = 0, h = 0;

  self->n_overlay_rects = 0;
  cb_scale_bar_draw (NULL, self->viewport, 0, 0, width / 3.0, FALSE, &bar_width, &bar_height);
  add_overlay (self, OVERLAY_MARGIN, height - OVERLAY_MARGIN - bar_height, bar_width, bar_height);

  for (int corner = 0; corner < 4; corner++)
    {
      int cw = self->corner_reserve[corner][0], ch = self->corner_reserve[corner][1];
      gboolean right = corner == GTK_CORNER_TOP_RIGHT || corner == GTK_CORNER_BOTTOM_RIGHT;
      gboolean bottom = corner == GTK_CORNER_BOTTOM_LEFT || corner == GTK_CORNER_BOTTOM_RIGHT;

      if (cw > 0 && ch > 0)
        add_overlay (self, right ? width - cw : 0, bottom ? height - ch : 0, cw, ch);
    }

  if (self->show_legend && self->catalog != NULL)
    {
      cb_legend_draw (NULL, self->catalog, self->date, 0, 0, FALSE, &w, &h);
      add_overlay (self, OVERLAY_MARGIN, OVERLAY_MARGIN, w, h);
    }

  if (shows_holders (self))
    {
      cb_legend_draw_holders (NULL, 0, 0, FALSE, &w, &h);
      add_overlay (self, OVERLAY_MARGIN, height - 2 * OVERLAY_MARGIN - bar_height - h, w, h);
    }
}

static void
fill_render_options (CbMap           *self,
                     CbRenderOptions *options)
{
  cb_render_options_init (options);
  options->language = self->language;
  options->selected_town_id = self->selected_town;
  options->dark = _cb_map_is_dark ();
  options->device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  options->draw_towns = TRUE;
  options->draw_background = TRUE;
  options->date = self->date;
  options->fade_out_of_date = self->fade_other_lines;
  options->history = self->history;

  /* Callers run measure_overlays() first, once per layout or frame. */
  options->avoid_rects = self->overlay_rects;
  options->n_avoid_rects = self->n_overlay_rects;
}

const char *
cb_map_get_town_at (CbMap  *self,
                    double  x,
                    double  y,
                    double *lon,
                    double *lat)
{
  const CbPlacedTown *town;
  CbLayer *towns;
  const double *pt;

  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  town = _cb_map_towns_find_at (self, x, y);
  towns = self->catalog ? cb_layer_catalog_get_towns (self->catalog) : NULL;
  if (town == NULL || towns == NULL)
    return NULL;
  pt = cb_feature_set_get_feature_part (cb_layer_get_features (towns), town->feature, 0, NULL);
  if (lon != NULL && lat != NULL && !cb_viewport_map_to_geo (self->viewport, pt[0], pt[1], lon, lat))
    return NULL;
  return town->id;
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

  if (self->date != 0)
    {
      g_autofree char *day = cb_timeline_format_day (self->date);
      g_autofree char *dated = NULL;

      /* TRANSLATORS: accessible description of the map showing one day:
       * the day, then the description of the view */
      dated = g_strdup_printf (_("On %s: %s"), day, description);
      g_free (description);
      description = g_steal_pointer (&dated);
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

/* ---- actions ------------------------------------------------------------ */

static void
update_zoom_actions (CbMap *self)
{
  double scale = cb_viewport_get_scale (self->viewport);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-in");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               scale > cb_viewport_get_min_scale (self->viewport) * 1.0001);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "zoom-out");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                               scale < cb_viewport_get_max_scale (self->viewport) / 1.0001);
}

static void
zoom_by (CbMap  *self,
         double  factor)
{
  _cb_map_animate_zoom (self, factor,
                        gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                        gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
zoom_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  zoom_by (CB_MAP (user_data), ZOOM_STEP);
}

static void
zoom_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  zoom_by (CB_MAP (user_data), 1.0 / ZOOM_STEP);
}

static void
home_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  cb_map_show_home (CB_MAP (user_data));
}

static void
pan_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  CbMap *self = CB_MAP (user_data);
  GtkWidget *widget = GTK_WIDGET (self);
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  _cb_map_stop_motion (self);

  /* The view moves towards (dx, dy), so the content moves the other way. */
  cb_viewport_pan_by (self->viewport,
                      -dx * PAN_FRACTION * gtk_widget_get_width (widget),
                      -dy * PAN_FRACTION * gtk_widget_get_height (widget));
}

GActionGroup *
cb_map_get_action_group (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

/* ---- towns -------------------------------------------------------------- */

static void
marker_activated (CbTownMarker *marker,
                  CbMap        *self)
{
  _cb_map_towns_activate (self, cb_town_marker_get_town_id (marker));
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

/* ---- viewport and catalog ----------------------------------------------- */


static void
viewport_changed (CbViewport *viewport,
                  CbMap      *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* Markers follow the towns; size_allocate itself sets the viewport size. */
  if (!self->in_allocate)
    gtk_widget_queue_allocate (GTK_WIDGET (self));

  update_zoom_actions (self);
  _cb_map_update_pointer_geo (self);
  schedule_accessible_update (self);
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

  _cb_map_stop_motion (self);
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

  _cb_map_stop_motion (self);
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

  _cb_map_stop_motion (self);
  cb_viewport_freeze_changed (self->viewport);
  if (cb_viewport_get_scale (self->viewport) > TOWN_SCALE)
    cb_viewport_set_scale (self->viewport, TOWN_SCALE);
  cb_viewport_set_center (self->viewport, bounds->min_x, bounds->min_y);
  cb_viewport_thaw_changed (self->viewport);
  self->view_initialised = TRUE;

  cb_map_set_selected_town (self, town_id);

  return TRUE;
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
  /* What was in view stays in view, larger or smaller. */
  if (resized && self->view_initialised && self->keep_extent_on_resize &&
      width > 0 && height > 0 && cb_viewport_get_width (self->viewport) > 0 &&
      cb_viewport_get_height (self->viewport) > 0)
    cb_viewport_set_scale (self->viewport,
                           cb_viewport_get_scale (self->viewport) *
                           MAX (cb_viewport_get_width (self->viewport) / width,
                                cb_viewport_get_height (self->viewport) / height));
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
  gboolean dark = _cb_map_is_dark ();
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
    cb_legend_draw (cr, self->catalog, self->date, OVERLAY_MARGIN, OVERLAY_MARGIN, dark, NULL, NULL);

  /* Measured last in measure_overlays(). */
  if (shows_holders (self))
    {
      const double *r = &self->overlay_rects[4 * (self->n_overlay_rects - 1)];

      cb_legend_draw_holders (cr, r[0], r[1], dark, NULL, NULL);
    }

  cairo_destroy (cr);

  /* The markers only draw their focus ring. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* ---- properties --------------------------------------------------------- */

void
cb_map_set_keep_extent_on_resize (CbMap    *self,
                                  gboolean  keep)
{
  g_return_if_fail (CB_IS_MAP (self));

  self->keep_extent_on_resize = keep;
}

void
cb_map_set_corner_reserve (CbMap         *self,
                           GtkCornerType  corner,
                           int            width,
                           int            height)
{
  g_return_if_fail (CB_IS_MAP (self));
  g_return_if_fail (corner >= GTK_CORNER_TOP_LEFT && corner <= GTK_CORNER_BOTTOM_RIGHT);

  if (self->corner_reserve[corner][0] == width && self->corner_reserve[corner][1] == height)
    return;
  self->corner_reserve[corner][0] = MAX (width, 0);
  self->corner_reserve[corner][1] = MAX (height, 0);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

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

guint
cb_map_get_date (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), 0);

  return self->date;
}

void
cb_map_set_date (CbMap *self,
                 guint  date)
{
  g_return_if_fail (CB_IS_MAP (self));

  if (self->date == date)
    return;

  self->date = date;
  /* Lines come and go, and with them the room for labels (and the
   * holders' legend). */
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  schedule_accessible_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

CbHistory *
cb_map_get_history (CbMap *self)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);

  return self->history;
}

void
cb_map_set_history (CbMap     *self,
                    CbHistory *history)
{
  g_return_if_fail (CB_IS_MAP (self));
  g_return_if_fail (history == NULL || CB_IS_HISTORY (history));

  if (!g_set_object (&self->history, history))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
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

  /* A zoom still gliding ends where it was going. */
  _cb_map_stop_motion (self);
  g_clear_handle_id (&self->a11y_timeout_id, g_source_remove);

  clear_markers (self);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);

  g_clear_object (&self->renderer);
  g_clear_object (&self->catalog);
  g_clear_object (&self->history);
  g_clear_pointer (&self->town_layout, cb_town_layout_unref);
  g_clear_object (&self->actions);

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
    case PROP_DATE:
      g_value_set_uint (value, self->date);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_FADE_OTHER_LINES:
      g_value_set_boolean (value, self->fade_other_lines);
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
    case PROP_DATE:
      cb_map_set_date (self, g_value_get_uint (value));
      break;
    case PROP_HISTORY:
      cb_map_set_history (self, g_value_get_object (value));
      break;
    case PROP_FADE_OTHER_LINES:
      if (self->fade_other_lines != g_value_get_boolean (value))
        {
          self->fade_other_lines = g_value_get_boolean (value);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
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
  widget_class->focus = _cb_map_focus;
  widget_class->query_tooltip = _cb_map_query_tooltip;

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
  properties[PROP_DATE] =
    g_param_spec_uint ("date", NULL, NULL, 0, G_MAXUINT32, 0, flags);
  properties[PROP_FADE_OTHER_LINES] =
    g_param_spec_boolean ("fade-other-lines", NULL, NULL, FALSE, flags);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, CB_TYPE_HISTORY, flags);
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

  /* The keys use the map's one set of actions (see cb_map_init()). */
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

static const GActionEntry map_actions[] = {
  { .name = "zoom-in", .activate = zoom_in_action },
  { .name = "zoom-out", .activate = zoom_out_action },
  { .name = "home", .activate = home_action },
  { .name = "pan", .activate = pan_action, .parameter_type = "(ii)" },
};

static void
cb_map_init (CbMap *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->slots = g_array_new (FALSE, TRUE, sizeof (MarkerSlot));
  self->language = g_strdup ("en");
  self->hover_feature = -1;

  /* One set of map.* actions, inserted here for the keys and, by whoever
   * floats buttons over the map, on their common ancestor too. */
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), map_actions,
                                   G_N_ELEMENTS (map_actions), self);
  gtk_widget_insert_action_group (widget, "map", G_ACTION_GROUP (self->actions));

  self->viewport = cb_viewport_new ();
  {
    CbBounds data;

    /* The view never leaves the context data (no fake coast, no void). */
    cb_projection_get_data_bounds (&data);
    cb_viewport_set_bounds (self->viewport, NULL);
    cb_viewport_set_extent (self->viewport, &data);
  }
  g_signal_connect (self->viewport, "changed", G_CALLBACK (viewport_changed), self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "grab");

  _cb_map_motion_init (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (style_changed), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  -1);
  update_zoom_actions (self);
}
