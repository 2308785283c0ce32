/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-layers-panel.h"
#include "cb-export-dialog.h"
#include "cb-map.h"
#include "cb-paths.h"
#include "cb-town-panel.h"
#include "cb-town-search.h"
#include "cb-window.h"

struct _CbWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  CbLayerCatalog *catalog;
  CbGazetteer *gazetteer;
  CbHistory *history;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwFlap *layers_flap;
  AdwFlap *town_flap;
  GtkOverlay *map_overlay;
  CbMap *map;
  CbLayersPanel *layers_panel;
  GtkLabel *coordinates_label;
  GtkMenuButton *search_button;
  CbTownSearch *town_search;
  CbTownPanel *town_panel;
};

G_DEFINE_FINAL_TYPE (CbWindow, cb_window, ADW_TYPE_APPLICATION_WINDOW)

CbWindow *
cb_window_new (CbApplication *application)
{
  return g_object_new (CB_TYPE_WINDOW, "application", application, NULL);
}

/**
 * cb_window_get_settings:
 *
 * Returns: (transfer none): the application's settings, shared by the window's parts
 */
GSettings *
cb_window_get_settings (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->settings;
}

/**
 * cb_window_add_toast:
 * @toast: (transfer full): the toast to show
 */
void
cb_window_add_toast (CbWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * cb_window_get_map:
 *
 * Returns: (transfer none): the map
 */
CbMap *
cb_window_get_map (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->map;
}

/**
 * cb_window_get_catalog:
 *
 * Returns: (transfer none): the layers shown on the map
 */
CbLayerCatalog *
cb_window_get_catalog (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->catalog;
}

/**
 * cb_window_get_town_panel:
 *
 * Returns: (transfer none): the panel that tells a town's story
 */
CbTownPanel *
cb_window_get_town_panel (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->town_panel;
}

/**
 * cb_window_get_town_search:
 *
 * Returns: (transfer none): the place search of the header bar
 */
CbTownSearch *
cb_window_get_town_search (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->town_search;
}

/* ---- towns: panel, search, place-name language ---- */

/* Opens the town panel on @town_id and highlights the town on the map. */
void
cb_window_show_town (CbWindow   *self,
                     const char *town_id)
{
  g_return_if_fail (CB_IS_WINDOW (self));

  cb_town_panel_set_town_id (self->town_panel, town_id);
  cb_map_set_selected_town (self->map, town_id);
  adw_flap_set_reveal_flap (self->town_flap, town_id != NULL);
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
  cb_window_show_town (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  CbWindow      *self)
{
  gtk_menu_button_popup (self->search_button);
  cb_town_search_start (self->town_search);
}

static void
place_name_language_change_state (GSimpleAction *action,
                                  GVariant      *value,
                                  CbWindow      *self)
{
  g_settings_set_value (self->settings, "place-name-language", value);
}

static void
place_name_language_changed (CbWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "place-name-language");
  const char *code = cb_place_language_to_code (cb_place_language_resolve (setting));
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "place-name-language");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (setting));

  cb_map_set_language (self->map, code);
  cb_town_panel_set_language (self->town_panel, code);
  cb_town_search_set_language (self->town_search, code);
}

static void
setup_towns (CbWindow *self)
{
  g_autofree char *towns_path = g_build_filename (cb_paths_get_geodata_dir (), "towns.shp", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleAction) language_action = NULL;
  g_autoptr(GVariant) language = NULL;
  g_autoptr(GSimpleAction) search = NULL;
  GtkEventController *shortcuts;
  GPtrArray *problems;

  self->gazetteer = cb_gazetteer_new_from_file (towns_path, &error);
  if (self->gazetteer == NULL)
    {
      cb_window_add_toast (self, adw_toast_new (error->message));
      g_clear_error (&error);
      self->gazetteer = cb_gazetteer_new ();
    }

  /* The content names towns, so the gazetteer checks it; a broken entry is
   * reported and skipped, never fatal. */
  self->history = cb_history_new (NULL);
  if (!cb_history_load_dir (self->history, cb_paths_get_history_dir (), self->gazetteer, &error))
    cb_window_add_toast (self, adw_toast_new (error->message));

  problems = cb_history_get_problems (self->history);
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = cb_history_problem_to_string (g_ptr_array_index (problems, i));

      g_message ("%s/%s", cb_paths_get_history_dir (), text);
    }
  if (problems->len > 0)
    {
      g_autofree char *title =
        g_strdup_printf (ngettext ("%u problem in the history files was skipped",
                                   "%u problems in the history files were skipped",
                                   problems->len),
                         problems->len);

      cb_window_add_toast (self, adw_toast_new (title));
    }

  cb_town_panel_set_sources (self->town_panel, self->gazetteer, self->history);
  cb_town_search_set_gazetteer (self->town_search, self->gazetteer);
  g_signal_connect_object (self->map, "town-activated",
                           G_CALLBACK (map_town_activated), self, G_CONNECT_SWAPPED);

  /* The preference is remembered in GSettings: the menu's radio items set
   * it, and the action's state, the map, the panel and the search follow.
   * (Not g_settings_create_action(): its action outlives the window and
   * then reports to a freed action group.) */
  language = g_settings_get_value (self->settings, "place-name-language");
  language_action = g_simple_action_new_stateful ("place-name-language",
                                                  G_VARIANT_TYPE_STRING, language);
  g_signal_connect_object (language_action, "change-state",
                           G_CALLBACK (place_name_language_change_state), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (language_action));
  g_signal_connect_object (self->settings, "changed::place-name-language",
                           G_CALLBACK (place_name_language_changed), self, G_CONNECT_SWAPPED);
  place_name_language_changed (self);

  search = g_simple_action_new ("search", NULL);
  g_signal_connect_object (search, "activate", G_CALLBACK (search_activated), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (search));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_named_action_new ("win.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* ---- export and print (cb-export-dialog.c) ---- */

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);

  gtk_window_present (GTK_WINDOW (cb_export_dialog_new (GTK_WINDOW (self), self->map)));
}

static void
print_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);

  cb_export_dialog_print (GTK_WINDOW (self), self->map);
}

static void
setup_export (CbWindow *self)
{
  static const GActionEntry entries[] = {
    { .name = "export", .activate = export_activated },
    { .name = "print", .activate = print_activated },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

/* ---- map area ---- */

static void
map_pointer_moved (CbWindow *self)
{
  g_autofree char *text = NULL;
  double lon, lat;

  if (!cb_map_get_pointer_position (self->map, &lon, &lat))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->coordinates_label), FALSE);
      return;
    }

  text = cb_map_format_coordinates (lon, lat);
  gtk_label_set_text (self->coordinates_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->coordinates_label), TRUE);
}

static void
setup_map_area (CbWindow *self)
{
  g_autoptr(GError) error = NULL;
  const char * const *warnings;

  self->catalog = cb_layer_catalog_new ();
  if (!cb_layer_catalog_load (self->catalog, NULL, &error))
    {
      cb_window_add_toast (self, adw_toast_new (error->message));
    }
  else if ((warnings = cb_layer_catalog_get_warnings (self->catalog))[0] != NULL)
    {
      g_autofree char *title = NULL;

      /* The map still works without a broken layer; say which one. */
      title = g_strdup_printf (ngettext ("%u layer could not be loaded: %s",
                                         "%u layers could not be loaded: %s",
                                         g_strv_length ((char **) warnings)),
                               g_strv_length ((char **) warnings), warnings[0]);
      cb_window_add_toast (self, adw_toast_new (title));
    }

  /* Settings first, so the rows start in their saved state. */
  cb_layers_panel_set_settings (self->layers_panel, self->settings);
  cb_layers_panel_set_catalog (self->layers_panel, self->catalog);
  cb_map_set_catalog (self->map, self->catalog);
  g_settings_bind (self->settings, "show-legend", self->map, "show-legend", G_SETTINGS_BIND_GET);
  cb_map_bind_view_settings (self->map, self->settings);

  /* The zoom buttons float over the map, outside it: give them (and menus)
   * its actions.  On the window, whose action muxer exists already: GTK 4.8
   * does not re-parent the buttons' muxers onto one created later. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "map",
                                  cb_map_get_action_group (self->map));
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

static gboolean
cb_window_close_request (GtkWindow *window)
{
  save_window_state (CB_WINDOW (window));

  return GTK_WINDOW_CLASS (cb_window_parent_class)->close_request (window);
}

static void
restore_window_state (CbWindow *self)
{
  int width, height;

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
show_layers_change_state (GSimpleAction *action,
                          GVariant      *value,
                          CbWindow      *self)
{
  g_settings_set_value (self->settings, "show-layers", value);
}

static void
show_layers_setting_changed (GSettings     *settings,
                             const char    *key,
                             GSimpleAction *action)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);

  g_simple_action_set_state (action, value);
}

static void
cb_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CB_TYPE_WINDOW);

  G_OBJECT_CLASS (cb_window_parent_class)->dispose (object);
}

static void
cb_window_finalize (GObject *object)
{
  CbWindow *self = CB_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);
  g_clear_object (&self->history);
  g_clear_object (&self->gazetteer);

  G_OBJECT_CLASS (cb_window_parent_class)->finalize (object);
}

static void
cb_window_class_init (CbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cb_window_dispose;
  object_class->finalize = cb_window_finalize;
  window_class->close_request = cb_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, layers_flap);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, town_flap);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, map_overlay);

  g_type_ensure (CB_TYPE_MAP);
  g_type_ensure (CB_TYPE_LAYERS_PANEL);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, map);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, layers_panel);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, coordinates_label);
  gtk_widget_class_bind_template_callback (widget_class, map_pointer_moved);

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
  g_autoptr(GSimpleAction) show_layers = NULL;
  g_autoptr(GVariant) layers_shown = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
  setup_map_area (self);
  setup_towns (self);
  setup_export (self);

  /* The setting is the single source of truth: the action toggles it, and the
   * flap and the action's state follow it. */
  layers_shown = g_settings_get_value (self->settings, "show-layers");
  show_layers = g_simple_action_new_stateful ("show-layers", NULL, layers_shown);
  g_signal_connect_object (show_layers, "change-state",
                           G_CALLBACK (show_layers_change_state), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_layers));
  g_signal_connect_object (self->settings, "changed::show-layers",
                           G_CALLBACK (show_layers_setting_changed), show_layers, 0);
  g_settings_bind (self->settings, "show-layers", self->layers_flap, "reveal-flap",
                   G_SETTINGS_BIND_DEFAULT);
}
