/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-window-private.h"

/*
 * Your layers in the window: win.open-layer (a native file chooser, several
 * files at once), files dropped on the map, and win.zoom-to-layer and
 * win.remove-layer ("s": the layer id) for the layers panel's rows.
 */

#define ZOOM_PADDING 32.0

/* At most this many toasts for one batch of files that failed. */
#define MAX_ERROR_TOASTS 3

static void
zoom_to (CbWindow *self,
         CbLayer  *layer)
{
  cb_viewport_fit_bounds (cb_map_get_viewport (self->map),
                          cb_feature_set_get_bounds (cb_layer_get_features (layer)),
                          ZOOM_PADDING);
}

guint
cb_window_open_layer_files (CbWindow           *self,
                            const char * const *paths)
{
  CbLayer *last = NULL;
  guint n_opened = 0, n_failed = 0;

  g_return_val_if_fail (CB_IS_WINDOW (self), 0);
  g_return_val_if_fail (paths != NULL, 0);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      CbLayer *layer = cb_atlas_open_layer (self->atlas, paths[i], &error);
      const char * const *notes;

      if (layer == NULL)
        {
          if (++n_failed <= MAX_ERROR_TOASTS)
            {
              /* Toast titles are markup: a file's name or content may hold "<". */
              g_autofree char *escaped = g_markup_escape_text (error->message, -1);
              AdwToast *toast = adw_toast_new (escaped);

              adw_toast_set_timeout (toast, 10);
              cb_window_add_toast (self, toast);
            }
          continue;
        }
      n_opened++;
      last = layer;
      /* What the loader assumed or repaired, e.g. "no .prj: taken as WGS84". */
      notes = cb_feature_set_get_load_notes (cb_layer_get_features (layer));
      if (notes[0] != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (notes[0], -1);

          cb_window_add_toast (self, adw_toast_new (escaped));
        }
    }
  if (n_failed > MAX_ERROR_TOASTS)
    cb_window_add_toast (self, adw_toast_new_format (_("%u more files could not be opened"),
                                                     n_failed - MAX_ERROR_TOASTS));
  if (last != NULL)
    {
      zoom_to (self, last);
      g_settings_set_boolean (self->settings, "show-layers", TRUE);
    }
  return n_opened;
}

static void
open_files (CbWindow   *self,
            GListModel *files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  cb_window_open_layer_files (self, (const char * const *) paths->pdata);
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  CbWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      open_files (self, files);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_layer_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) layers = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Layer"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (layers, _("Shapefiles and GeoJSON"));
  gtk_file_filter_add_suffix (layers, "shp");
  gtk_file_filter_add_suffix (layers, "geojson");
  gtk_file_filter_add_suffix (layers, "json");
  gtk_file_filter_add_mime_type (layers, "application/geo+json");
  gtk_file_filter_add_mime_type (layers, "application/x-esri-shape");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), layers);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static CbLayer *
layer_from_parameter (CbWindow *self,
                      GVariant *parameter)
{
  CbLayer *layer = cb_layer_catalog_get_layer_by_id (cb_atlas_get_catalog (self->atlas),
                                                     g_variant_get_string (parameter, NULL));

  return layer != NULL && cb_layer_get_group (layer) == CB_LAYER_GROUP_USER ? layer : NULL;
}

static void
zoom_to_layer_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);
  CbLayer *layer = layer_from_parameter (self, parameter);

  if (layer != NULL)
    zoom_to (self, layer);
}

static void
remove_layer_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);
  CbLayer *layer = layer_from_parameter (self, parameter);

  if (layer == NULL)
    return;
  {
    g_autofree char *escaped = g_markup_escape_text (cb_layer_get_title (layer), -1);

    cb_window_add_toast (self, adw_toast_new_format (_("“%s” removed"), escaped));
  }
  cb_atlas_remove_layer (self->atlas, layer);
}

static gboolean
files_dropped (GtkDropTarget *target,
               const GValue  *value,
               double         x,
               double         y,
               CbWindow      *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_FILE);

  for (GSList *l = files; l != NULL; l = l->next)
    g_list_store_append (store, l->data);
  open_files (self, G_LIST_MODEL (store));
  return g_list_model_get_n_items (G_LIST_MODEL (store)) > 0;
}

void
_cb_window_layers_init (CbWindow *self)
{
  static const GActionEntry entries[] = {
    { .name = "open-layer", .activate = open_layer_activated },
    { .name = "zoom-to-layer", .activate = zoom_to_layer_activated, .parameter_type = "s" },
    { .name = "remove-layer", .activate = remove_layer_activated, .parameter_type = "s" },
  };
  GtkDropTarget *target;

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (files_dropped), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map_view), GTK_EVENT_CONTROLLER (target));
}
