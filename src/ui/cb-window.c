/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cb-window-private.h"

G_DEFINE_FINAL_TYPE (CbWindow, cb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ATLAS,
  PROP_SETTINGS,
  PROP_SELECTED_TOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CbWindow *
cb_window_new (GtkApplication *application,
               CbAtlas        *atlas,
               GSettings      *settings)
{
  g_return_val_if_fail (CB_IS_ATLAS (atlas), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CB_TYPE_WINDOW,
                       "application", application,
                       "atlas", atlas,
                       "settings", settings,
                       NULL);
}

/**
 * cb_window_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
cb_window_get_settings (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->settings;
}

/**
 * cb_window_get_atlas:
 *
 * Returns: (transfer none): the application's atlas, which the window shows
 */
CbAtlas *
cb_window_get_atlas (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->atlas;
}

CbMapView *
cb_window_get_map_view (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);
  return self->map_view;
}

CbMap *
cb_window_get_map (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->map;
}

CbTownPanel *
cb_window_get_town_panel (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->town_panel;
}

CbTownSearch *
cb_window_get_town_search (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->town_search;
}

/* Room left for a town's label beside the panel, logical px. */
#define KEEP_TOWN_ROOM 120

/* Folded, the panel lies over the right of the map: the selected town,
 * if under it, moves into the part left uncovered.  Opening the panel
 * can unfold it (the layers sidebar folds away instead), so this runs
 * once the layout has settled (cb_window_size_allocate). */
static void
keep_town_clear_of_panel (CbWindow *self)
{
  CbViewport *viewport = cb_map_get_viewport (self->map);
  CbLayer *towns = cb_layer_catalog_get_towns (cb_atlas_get_catalog (self->atlas));
  const CbBounds *bounds;
  double sx, sy, right;
  int feature, panel_width;

  if (towns == NULL || self->selected_town == NULL || !adw_flap_get_folded (self->town_flap) ||
      adw_flap_get_reveal_progress (self->town_flap) < 1 ||
      (feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), self->selected_town)) < 0)
    return;

  gtk_widget_measure (self->town_box, GTK_ORIENTATION_HORIZONTAL, -1, &panel_width, NULL, NULL, NULL);
  bounds = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature);
  cb_viewport_map_to_screen (viewport, bounds->min_x, bounds->min_y, &sx, &sy);
  right = cb_viewport_get_width (viewport) - panel_width;
  /* Just far enough for the town and its label: the least movement, and
   * clear of the legend on the left. */
  if (right > KEEP_TOWN_ROOM && sx > right - KEEP_TOWN_ROOM)
    cb_viewport_pan_by (viewport, right - KEEP_TOWN_ROOM - sx, 0);
}

#define KEEP_TOWN_SETTLE_MS 250

static gboolean
keep_town_timeout (gpointer user_data)
{
  CbWindow *self = CB_WINDOW (user_data);

  self->keep_town_timeout_id = 0;
  self->keep_town_pending = FALSE;
  keep_town_clear_of_panel (self);
  return G_SOURCE_REMOVE;
}

static void
town_flap_folded (CbWindow *self)
{
  self->keep_town_pending = self->selected_town != NULL;
}

static void
map_town_activated (CbWindow   *self,
                    const char *town_id)
{
  cb_window_show_town (self, town_id);
}

static void
town_search_chosen (CbWindow   *self,
                    const char *town_id)
{
  gtk_menu_button_popdown (self->search_button);
  cb_map_center_on_town (self->map, town_id);
  cb_window_show_town (self, town_id);
  /* Keyboard and screen-reader users land on what they asked for. */
  gtk_widget_grab_focus (GTK_WIDGET (self->town_panel));
}

static void
town_panel_close_requested (CbWindow *self)
{
  _cb_window_town_close_panel (self, TRUE);
}

/* Folded, the panel lies over the map, and a click on the map hides it:
 * that closes it as its own button would. */
static void
town_flap_revealed (CbWindow *self)
{
  if (!adw_flap_get_reveal_flap (self->town_flap) && self->selected_town != NULL)
    cb_window_set_selected_town (self, NULL);
}

/* ---- the layers sidebar ---- */

/*
 * Unfolded, the sidebar shows as the show-layers key says.  Folded (a
 * narrow window), it hides and win.show-layers shows it over the map
 * for a moment, without changing the key.
 */
static void
update_layers_sidebar (CbWindow *self)
{
  gboolean reveal = !adw_flap_get_folded (self->layers_flap) &&
                    g_settings_get_boolean (self->settings, "show-layers");

  adw_flap_set_reveal_flap (self->layers_flap, reveal);
}

static void
layers_sidebar_revealed (CbWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-layers");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (adw_flap_get_reveal_flap (self->layers_flap)));
}

static void
show_layers_change_state (GSimpleAction *action,
                          GVariant      *value,
                          gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);
  gboolean show = g_variant_get_boolean (value);

  if (adw_flap_get_folded (self->layers_flap))
    {
      adw_flap_set_reveal_flap (self->layers_flap, show);
      if (show)
        gtk_widget_child_focus (GTK_WIDGET (self->layers_panel), GTK_DIR_TAB_FORWARD);
    }
  else
    {
      g_settings_set_boolean (self->settings, "show-layers", show);
    }
}

void
_cb_window_layers_sidebar_init (CbWindow *self)
{
  g_autoptr(GSimpleAction) action =
    g_simple_action_new_stateful ("show-layers", NULL, g_variant_new_boolean (FALSE));

  g_signal_connect (action, "change-state", G_CALLBACK (show_layers_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));

  g_signal_connect_object (self->settings, "changed::show-layers",
                           G_CALLBACK (update_layers_sidebar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layers_flap, "notify::folded",
                           G_CALLBACK (update_layers_sidebar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layers_flap, "notify::reveal-flap",
                           G_CALLBACK (layers_sidebar_revealed), self, G_CONNECT_SWAPPED);
  update_layers_sidebar (self);
  layers_sidebar_revealed (self);
}

/* ---- the view, kept across restarts ---- */

#define SAVE_VIEW_MS 800

static void
save_view (CbWindow *self)
{
  CbViewport *viewport = cb_map_get_viewport (self->map);
  double lon, lat;

  g_clear_handle_id (&self->save_view_timeout_id, g_source_remove);

  /* Before the first allocation there is no view worth keeping. */
  if (cb_viewport_get_width (viewport) <= 0 ||
      !cb_viewport_map_to_geo (viewport,
                               cb_viewport_get_center_x (viewport),
                               cb_viewport_get_center_y (viewport),
                               &lon, &lat))
    return;

  /* Not g_settings_delay(): it would hold back every key of a shared object. */
  g_settings_set (self->settings, "last-center", "(dd)", lon, lat);
  g_settings_set_double (self->settings, "last-scale", cb_viewport_get_scale (viewport));
}

static gboolean
save_view_timeout_cb (gpointer user_data)
{
  CbWindow *self = CB_WINDOW (user_data);

  self->save_view_timeout_id = 0;
  save_view (self);
  return G_SOURCE_REMOVE;
}

static void
viewport_changed (CbWindow *self)
{
  g_clear_handle_id (&self->save_view_timeout_id, g_source_remove);
  self->save_view_timeout_id = g_timeout_add (SAVE_VIEW_MS, save_view_timeout_cb, self);
}

static void
restore_view (CbWindow *self)
{
  double lon, lat, scale;

  g_settings_get (self->settings, "last-center", "(dd)", &lon, &lat);
  scale = g_settings_get_double (self->settings, "last-scale");
  if (scale > 0 && isfinite (lon) && isfinite (lat))
    cb_map_go_to (self->map, lon, lat, scale);

  g_signal_connect_object (cb_map_get_viewport (self->map), "changed",
                           G_CALLBACK (viewport_changed), self, G_CONNECT_SWAPPED);
}

/* The subtitle names the day shown. */
static void
date_changed (CbWindow *self)
{
  guint date = cb_timeline_get_date (self->timeline);
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;

  if (self->default_subtitle == NULL)
    self->default_subtitle = g_strdup (adw_window_title_get_subtitle (self->window_title));
  if (date == 0)
    {
      adw_window_title_set_subtitle (self->window_title, self->default_subtitle);
      return;
    }
  day = cb_timeline_format_day (date);
  /* TRANSLATORS: the window's subtitle while the map shows one day */
  subtitle = g_strdup_printf (_("The map on %s"), day);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* What could not be loaded or was repaired, once, in a toast: the map
 * still works without it. */
static void
report_problems (CbWindow *self)
{
  const char * const *problems = cb_atlas_get_problems (self->atlas);
  const char * const *warnings = cb_layer_catalog_get_warnings (cb_atlas_get_catalog (self->atlas));
  GPtrArray *history_problems = cb_history_get_problems (cb_atlas_get_history (self->atlas));

  /* Toast titles are markup; messages quote file names and parser errors. */
  for (guint i = 0; problems[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (problems[i], -1);

      cb_window_add_toast (self, adw_toast_new (escaped));
    }

  if (warnings[0] != NULL)
    {
      guint n = g_strv_length ((char **) warnings);
      g_autofree char *title =
        g_strdup_printf (ngettext ("%u problem loading the layers: %s",
                                   "%u problems loading the layers: %s", n),
                         n, warnings[0]);
      g_autofree char *escaped = g_markup_escape_text (title, -1);

      cb_window_add_toast (self, adw_toast_new (escaped));
    }

  if (history_problems->len > 0)
    {
      g_autofree char *title =
        g_strdup_printf (ngettext ("%u problem in the history files was skipped",
                                   "%u problems in the history files were skipped",
                                   history_problems->len),
                         history_problems->len);

      cb_window_add_toast (self, adw_toast_new (title));
    }
}

static void
setup_views (CbWindow *self)
{
  CbLayerCatalog *catalog = cb_atlas_get_catalog (self->atlas);

  cb_layers_panel_set_catalog (self->layers_panel, catalog);
  cb_map_set_catalog (self->map, catalog);
  cb_town_panel_set_sources (self->town_panel,
                             cb_atlas_get_gazetteer (self->atlas),
                             cb_atlas_get_history (self->atlas));
  cb_town_search_set_gazetteer (self->town_search, cb_atlas_get_gazetteer (self->atlas));

  /* One day shown: the timeline sets it, the map draws it, the settings
   * keep it. */
  cb_map_set_history (self->map, cb_atlas_get_history (self->atlas));
  cb_timeline_set_history (self->timeline, cb_atlas_get_history (self->atlas));
  g_object_bind_property (self->timeline, "date", self->map, "date", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->timeline, "date", self->town_panel, "date", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->town_panel, "date-activated", G_CALLBACK (cb_timeline_set_date),
                           self->timeline, G_CONNECT_SWAPPED);
  cb_tour_bar_set_tour (self->tour_bar, cb_atlas_get_tour (self->atlas));
  if (cb_atlas_get_tour (self->atlas) != NULL)
    {
      CbTour *tour = cb_atlas_get_tour (self->atlas);
      g_autoptr(GArray) key_days = g_array_new (FALSE, FALSE, sizeof (guint32));

      for (guint i = 0; i < cb_tour_get_n_moments (tour); i++)
        g_array_append_val (key_days, cb_tour_get_moment (tour, i)->day);
      cb_timeline_set_key_days (self->timeline, (const guint32 *) (gconstpointer) key_days->data,
                                key_days->len);
    }
  g_settings_bind (self->settings, "map-date", self->timeline, "date", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "fade-other-lines", self->map, "fade-other-lines", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->timeline, "notify::date", G_CALLBACK (date_changed),
                           self, G_CONNECT_SWAPPED);
  date_changed (self);

  /* One selection: the map and the panel follow the window's. */
  g_object_bind_property (self, "selected-town", self->map, "selected-town",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "selected-town", self->town_panel, "town-id",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->map, "town-activated",
                           G_CALLBACK (map_town_activated), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "show-legend", self->map, "show-legend", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->town_flap, "notify::reveal-flap",
                           G_CALLBACK (town_flap_revealed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->town_flap, "notify::folded",
                           G_CALLBACK (town_flap_folded), self, G_CONNECT_SWAPPED);
  restore_view (self);
}

static void
save_window_state (CbWindow *self)
{
  int width, height;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  /* The default size holds the unmaximized size, which is what a user
   * expects back after un-maximizing next time. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set (self->settings, "window-size", "(ii)", width, height);
    }
}

/* A maximize or a big resize keeps what was in view, at a new scale;
 * smaller changes (a panel opening, an edge dragged) keep the scale. */
#define BIG_RESIZE 0.15

static gboolean
is_big_change (int before,
               int after)
{
  return before > 0 && fabs ((double) after / before - 1.0) > BIG_RESIZE;
}

static void
cb_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  CbWindow *self = CB_WINDOW (widget);
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  gboolean refit = self->refit_armed &&
                   (maximized != self->last_maximized ||
                    is_big_change (self->last_width, width) ||
                    is_big_change (self->last_height, height));

  /* A window restored maximized may first show at its default size: the
   * view saved last time is kept until it reaches the state it starts in. */
  if (!self->refit_armed && maximized == self->start_maximized)
    self->refit_armed = TRUE;
  self->last_width = width;
  self->last_height = height;
  self->last_maximized = maximized;

  cb_map_set_keep_extent_on_resize (self->map, refit);
  GTK_WIDGET_CLASS (cb_window_parent_class)->size_allocate (widget, width, height, baseline);
  cb_map_set_keep_extent_on_resize (self->map, FALSE);

  /* The flaps animate (the panel slides out, the sidebar folds away, the
   * panel unfolds): once the layout has been still for a moment, the
   * town is moved if it is under the panel. */
  if (self->keep_town_pending)
    {
      g_clear_handle_id (&self->keep_town_timeout_id, g_source_remove);
      self->keep_town_timeout_id = g_timeout_add (KEEP_TOWN_SETTLE_MS, keep_town_timeout, self);
    }
}

static gboolean
cb_window_close_request (GtkWindow *window)
{
  save_window_state (CB_WINDOW (window));
  save_view (CB_WINDOW (window));

  return GTK_WINDOW_CLASS (cb_window_parent_class)->close_request (window);
}

static void
restore_window_state (CbWindow *self)
{
  int width, height;

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  self->start_maximized = g_settings_get_boolean (self->settings, "window-maximized");
  if (self->start_maximized)
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
cb_window_constructed (GObject *object)
{
  CbWindow *self = CB_WINDOW (object);

  G_OBJECT_CLASS (cb_window_parent_class)->constructed (object);

  g_return_if_fail (self->atlas != NULL && self->settings != NULL);

  restore_window_state (self);
  setup_views (self);
  _cb_window_actions_init (self);
  _cb_window_layers_init (self);
  _cb_window_tour_init (self);
  _cb_window_layers_sidebar_init (self);
  _cb_window_keys_init (self);
  report_problems (self);
}

static void
cb_window_dispose (GObject *object)
{
  CbWindow *self = CB_WINDOW (object);

  /* A view changed just before the window went is still saved. */
  if (self->save_view_timeout_id != 0)
    save_view (self);

  _cb_window_actions_dispose (self);
  g_clear_handle_id (&self->keep_town_timeout_id, g_source_remove);
  /* Its handler points at the window. */
  g_action_map_remove_action (G_ACTION_MAP (self), "show-layers");

  gtk_widget_dispose_template (GTK_WIDGET (object), CB_TYPE_WINDOW);

  G_OBJECT_CLASS (cb_window_parent_class)->dispose (object);
}

static void
cb_window_finalize (GObject *object)
{
  CbWindow *self = CB_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->atlas);
  g_clear_pointer (&self->selected_town, g_free);
  g_clear_pointer (&self->default_subtitle, g_free);

  G_OBJECT_CLASS (cb_window_parent_class)->finalize (object);
}

static void
cb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CbWindow *self = CB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ATLAS:
      g_value_set_object (value, self->atlas);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_SELECTED_TOWN:
      g_value_set_string (value, self->selected_town);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CbWindow *self = CB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ATLAS:
      self->atlas = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_SELECTED_TOWN:
      cb_window_set_selected_town (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_window_class_init (CbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cb_window_constructed;
  object_class->dispose = cb_window_dispose;
  object_class->finalize = cb_window_finalize;
  object_class->get_property = cb_window_get_property;
  object_class->set_property = cb_window_set_property;
  window_class->close_request = cb_window_close_request;
  widget_class->size_allocate = cb_window_size_allocate;

  properties[PROP_ATLAS] =
    g_param_spec_object ("atlas", NULL, NULL, CB_TYPE_ATLAS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_TOWN] =
    g_param_spec_string ("selected-town", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, layers_flap);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, layers_button);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, town_box);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, town_flap);
  g_type_ensure (CB_TYPE_MAP_VIEW);
  g_type_ensure (CB_TYPE_LAYERS_PANEL);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, map_view);
  g_type_ensure (CB_TYPE_TIMELINE);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, window_title);
  _cb_window_tour_class_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, layers_panel);

  g_type_ensure (CB_TYPE_TOWN_PANEL);
  g_type_ensure (CB_TYPE_TOWN_SEARCH);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, town_search);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, town_panel);
  gtk_widget_class_bind_template_callback (widget_class, town_search_chosen);
  gtk_widget_class_bind_template_callback (widget_class, town_panel_close_requested);
}

static void
cb_window_init (CbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->map = cb_map_view_get_map (self->map_view);
}
