/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-export-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cb-layer-catalog.h"
#include "cb-window.h"

/* Paper at 300 dpi, portrait, in pixels (ISO 216: 210 × 297 mm and 297 × 420 mm). */
#define PRINT_DPI 300.0
#define A4_SHORT 2480
#define A4_LONG 3508
#define A3_SHORT 3508
#define A3_LONG 4961

struct _CbExportDialog
{
  AdwMessageDialog parent_instance;

  CbMap          *map;
  GtkDropDown    *size_choice;
  GtkSpinButton  *custom_width;
  GtkSpinButton  *custom_height;
  GtkWidget      *custom_box;
  GtkLabel       *size_label;
};

G_DEFINE_FINAL_TYPE (CbExportDialog, cb_export_dialog, ADW_TYPE_MESSAGE_DIALOG)

CbExport *
cb_export_dialog_create_export (CbMap        *map,
                                CbExportSize  size,
                                guint         custom_width,
                                guint         custom_height)
{
  CbViewport *view = cb_map_get_viewport (map);
  double view_width = cb_viewport_get_width (view);
  double view_height = cb_viewport_get_height (view);
  gboolean landscape = view_width >= view_height;
  CbExport *export = cb_export_new (cb_map_get_renderer (map));
  CbBounds visible;
  double factor;

  cb_viewport_get_visible_bounds (view, &visible);
  cb_export_set_map_bounds (export, &visible);
  cb_export_set_language (export, cb_map_get_language (map));
  cb_export_set_selected_town (export, cb_map_get_selected_town (map));

  switch (size)
    {
    case CB_EXPORT_SIZE_VIEW_1X:
    case CB_EXPORT_SIZE_VIEW_2X:
    case CB_EXPORT_SIZE_VIEW_4X:
      factor = size == CB_EXPORT_SIZE_VIEW_1X ? 1 : size == CB_EXPORT_SIZE_VIEW_2X ? 2 : 4;
      cb_export_set_size (export,
                          MAX (1, (guint) lround (view_width * factor)),
                          MAX (1, (guint) lround (view_height * factor)));
      cb_export_set_pixel_scale (export, factor);
      break;

    case CB_EXPORT_SIZE_A4_300DPI:
    case CB_EXPORT_SIZE_A3_300DPI:
      {
        guint short_side = size == CB_EXPORT_SIZE_A4_300DPI ? A4_SHORT : A3_SHORT;
        guint long_side = size == CB_EXPORT_SIZE_A4_300DPI ? A4_LONG : A3_LONG;

        /* Paper turned the way the view is. */
        if (landscape)
          cb_export_set_size (export, long_side, short_side);
        else
          cb_export_set_size (export, short_side, long_side);
        cb_export_set_dpi (export, PRINT_DPI);
        cb_export_set_pixel_scale (export, PRINT_DPI / CB_EXPORT_SCREEN_DPI);
      }
      break;

    case CB_EXPORT_SIZE_CUSTOM:
    default:
      cb_export_set_size (export, custom_width, custom_height);
      break;
    }

  return export;
}

/* One export on its way through the file chooser. */
typedef struct
{
  GtkWindow            *parent;
  CbExport             *export;
  GtkFileChooserNative *chooser;
  GtkFileFilter        *filters[3];
} ExportJob;

static const struct
{
  const char *extension;
  const char *mime_type;
  const char *name;
} formats[] = {
  { "png", "image/png", N_("PNG image") },
  { "svg", "image/svg+xml", N_("SVG drawing") },
  { "pdf", "application/pdf", N_("PDF document") },
};

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->parent);
  g_clear_object (&job->export);
  g_clear_object (&job->chooser);
  for (guint i = 0; i < G_N_ELEMENTS (job->filters); i++)
    g_clear_object (&job->filters[i]);
  g_free (job);
}

static void
open_exported_file (AdwToast *toast,
                    GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Writing in the background. */

/* The worker's own catalog, kept on the window between exports; taken
 * off while an export uses it, so no two workers share one. */
#define SNAPSHOT_CATALOG_KEY "cb-export-snapshot-catalog"

/* One layer as the window showed it when the export started. */
typedef struct
{
  char         *id;
  char         *path;
  char         *title;
  CbLayerGroup  group;
  CbLayerStyle  style;
  gboolean      visible;
} LayerSnapshot;

/* Everything the worker needs, copied on the UI thread: it never reads
 * the window's layers, map or export. */
typedef struct
{
  CbLayerCatalog *catalog;
  GArray         *layers;          /* LayerSnapshot */
  char           *path;
  guint           width;
  guint           height;
  double          pixel_scale;
  double          dpi;
  char           *language;
  char           *selected_town;
  char           *title;
  CbBounds        bounds;
} WriteJob;

static void
layer_snapshot_clear (gpointer data)
{
  LayerSnapshot *layer = data;

  g_free (layer->id);
  g_free (layer->path);
  g_free (layer->title);
}

static void
write_job_free (WriteJob *job)
{
  g_clear_object (&job->catalog);
  g_clear_pointer (&job->layers, g_array_unref);
  g_free (job->path);
  g_free (job->language);
  g_free (job->selected_town);
  g_free (job->title);
  g_free (job);
}

/* The private catalog shown as the window's was: same layers visible,
 * same styles; a user layer it lacks is loaded from its file. */
static gboolean
apply_snapshot (WriteJob  *job,
                GError   **error)
{
  guint n = cb_layer_catalog_get_n_layers (job->catalog);

  for (guint i = 0; i < n; i++)
    cb_layer_set_visible (cb_layer_catalog_get_layer (job->catalog, i), FALSE);

  for (guint i = 0; i < job->layers->len; i++)
    {
      LayerSnapshot *shot = &g_array_index (job->layers, LayerSnapshot, i);
      CbLayer *layer = cb_layer_catalog_get_layer_by_id (job->catalog, shot->id);

      if (layer == NULL && shot->visible && shot->path != NULL)
        {
          layer = cb_layer_catalog_add_user_layer (job->catalog, shot->path, error);
          if (layer == NULL)
            return FALSE;
          cb_layer_set_id (layer, shot->id);
          cb_layer_set_title (layer, shot->title);
          cb_layer_set_group (layer, shot->group);
        }
      if (layer == NULL)
        continue;
      cb_layer_set_style (layer, &shot->style);
      cb_layer_set_visible (layer, shot->visible);
    }
  return TRUE;
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbExport) export = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* First export from this window: load the layers once more, for this
   * thread alone (a fifth of a second, off the UI thread). */
  if (cb_layer_catalog_get_n_layers (job->catalog) == 0 &&
      !cb_layer_catalog_load (job->catalog, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!apply_snapshot (job, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  renderer = cb_renderer_new (job->catalog);
  export = cb_export_new (renderer);
  cb_export_set_size (export, job->width, job->height);
  cb_export_set_pixel_scale (export, job->pixel_scale);
  cb_export_set_dpi (export, job->dpi);
  cb_export_set_language (export, job->language);
  cb_export_set_selected_town (export, job->selected_town);
  cb_export_set_title (export, job->title);
  cb_export_set_map_bounds (export, &job->bounds);

  if (!cb_export_write (export, job->path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cb_export_dialog_write_async (GtkWindow           *parent,
                              CbExport            *export,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CbLayerCatalog *catalog;
  WriteJob *job;
  guint n;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (CB_IS_EXPORT (export));
  g_return_if_fail (path != NULL);

  catalog = cb_renderer_get_catalog (cb_export_get_renderer (export));
  n = cb_layer_catalog_get_n_layers (catalog);

  job = g_new0 (WriteJob, 1);
  job->catalog = g_object_steal_data (G_OBJECT (parent), SNAPSHOT_CATALOG_KEY);
  if (job->catalog == NULL)
    job->catalog = cb_layer_catalog_new ();
  job->layers = g_array_sized_new (FALSE, TRUE, sizeof (LayerSnapshot), n);
  g_array_set_clear_func (job->layers, layer_snapshot_clear);
  for (guint i = 0; i < n; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
      LayerSnapshot shot = {
        .id = g_strdup (cb_layer_get_id (layer)),
        .path = g_strdup (cb_feature_set_get_path (cb_layer_get_features (layer))),
        .title = g_strdup (cb_layer_get_title (layer)),
        .group = cb_layer_get_group (layer),
        .style = *cb_layer_get_style (layer),
        .visible = cb_layer_get_visible (layer),
      };

      g_array_append_val (job->layers, shot);
    }
  job->path = g_strdup (path);
  job->width = cb_export_get_width (export);
  job->height = cb_export_get_height (export);
  job->pixel_scale = cb_export_get_pixel_scale (export);
  job->dpi = cb_export_get_dpi (export);
  job->language = g_strdup (cb_export_get_language (export));
  job->selected_town = g_strdup (cb_export_get_selected_town (export));
  job->title = g_strdup (cb_export_get_title (export));
  cb_export_get_map_bounds (export, &job->bounds);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, cb_export_dialog_write_async);
  g_task_set_name (task, "cb-export-write");
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
cb_export_dialog_write_finish (GtkWindow     *parent,
                               GAsyncResult  *result,
                               GError       **error)
{
  WriteJob *job;

  g_return_val_if_fail (g_task_is_valid (result, parent), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cb_export_dialog_write_async, FALSE);

  /* The worker is done with its catalog: back on the window for the next
   * export (here, on the UI thread), unless another export left one. */
  job = g_task_get_task_data (G_TASK (result));
  if (job->catalog != NULL && cb_layer_catalog_get_n_layers (job->catalog) > 0 &&
      g_object_get_data (G_OBJECT (parent), SNAPSHOT_CATALOG_KEY) == NULL)
    g_object_set_data_full (G_OBJECT (parent), SNAPSHOT_CATALOG_KEY,
                            g_steal_pointer (&job->catalog), g_object_unref);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The window's side of one background export. */
typedef struct
{
  GApplication *application;     /* held: quitting waits for the worker */
  GSimpleAction *action;         /* win.export, disabled meanwhile */
  AdwToast     *progress;
  GCancellable *cancellable;     /* the toast's Cancel, or closing the window */
  char         *path;
} ExportUi;

static void
export_ui_free (ExportUi *ui)
{
  if (ui->application != NULL)
    g_application_release (ui->application);
  g_clear_object (&ui->application);
  g_clear_object (&ui->action);
  g_clear_object (&ui->progress);
  g_clear_object (&ui->cancellable);
  g_free (ui->path);
  g_free (ui);
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWindow *parent = GTK_WINDOW (source);
  ExportUi *ui = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cb_export_dialog_write_finish (parent, result, &error);

  if (ui->progress != NULL)
    adw_toast_dismiss (ui->progress);
  if (ui->action != NULL)
    g_simple_action_set_enabled (ui->action, TRUE);

  /* Cancelled from the toast, or the window was closed: nothing to say. */
  if (g_cancellable_is_cancelled (ui->cancellable) || !gtk_widget_get_realized (GTK_WIDGET (parent)))
    goto out;

  if (!ok)
    {
      show_error (parent, _("Export Failed"), error->message);
      goto out;
    }

  if (CB_IS_WINDOW (parent))
    {
      g_autoptr(GFile) written = g_file_new_for_path (ui->path);
      g_autofree char *display = g_filename_display_name (ui->path);
      AdwToast *toast = adw_toast_new_format (_("Map exported to “%s”"), display);

      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_timeout (toast, 8);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_exported_file),
                             g_steal_pointer (&written), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
      cb_window_add_toast (CB_WINDOW (parent), toast);
    }

out:
  export_ui_free (ui);
}

void
cb_export_dialog_export_to_file (GtkWindow  *parent,
                                 CbExport   *export,
                                 const char *path)
{
  ExportUi *ui;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (CB_IS_EXPORT (export));
  g_return_if_fail (path != NULL);

  ui = g_new0 (ExportUi, 1);
  ui->path = g_strdup (path);
  ui->cancellable = g_cancellable_new ();
  /* gtk_window_destroy() only unrealizes a window that the task still
   * holds: dispose comes after the task, so watch for both. */
  g_signal_connect_object (parent, "unrealize", G_CALLBACK (g_cancellable_cancel),
                           ui->cancellable, G_CONNECT_SWAPPED);
  g_signal_connect_object (parent, "destroy", G_CALLBACK (g_cancellable_cancel),
                           ui->cancellable, G_CONNECT_SWAPPED);

  if (gtk_window_get_application (parent) != NULL)
    {
      ui->application = G_APPLICATION (g_object_ref (gtk_window_get_application (parent)));
      g_application_hold (ui->application);
    }

  if (G_IS_ACTION_MAP (parent))
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (parent), "export");

      if (G_IS_SIMPLE_ACTION (action))
        {
          ui->action = G_SIMPLE_ACTION (g_object_ref (action));
          g_simple_action_set_enabled (ui->action, FALSE);
        }
    }

  if (CB_IS_WINDOW (parent))
    {
      ui->progress = adw_toast_new (_("Exporting…"));
      adw_toast_set_timeout (ui->progress, 0);
      adw_toast_set_button_label (ui->progress, _("_Cancel"));
      g_signal_connect_object (ui->progress, "button-clicked", G_CALLBACK (g_cancellable_cancel),
                               ui->cancellable, G_CONNECT_SWAPPED);
      cb_window_add_toast (CB_WINDOW (parent), g_object_ref (ui->progress));
    }

  cb_export_dialog_write_async (parent, export, path, ui->cancellable, export_written, ui);
}

/* A name without a known extension gets the one of the chosen file type. */
static char *
path_with_extension (ExportJob  *job,
                     const char *path)
{
  GtkFileFilter *chosen = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (job->chooser));

  if (cb_export_format_from_path (path, NULL, NULL))
    return g_strdup (path);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (chosen == job->filters[i])
      return g_strconcat (path, ".", formats[i].extension, NULL);

  return g_strconcat (path, ".png", NULL);
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  ExportJob       *job)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      show_error (job->parent, _("Export Failed"), _("Choose a file on this computer."));
      goto out;
    }

  path = path_with_extension (job, g_file_peek_path (file));
  cb_export_dialog_export_to_file (job->parent, job->export, path);

out:
  export_job_free (job);
}

static void
choose_file (GtkWindow *parent,
             CbExport  *export)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->parent = g_object_ref (parent);
  job->export = g_object_ref (export);
  job->chooser = gtk_file_chooser_native_new (_("Export Map"), parent,
                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                              _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (job->chooser), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *pattern = g_strdup_printf ("*.%s", formats[i].extension);

      job->filters[i] = gtk_file_filter_new ();
      gtk_file_filter_set_name (job->filters[i], _(formats[i].name));
      gtk_file_filter_add_mime_type (job->filters[i], formats[i].mime_type);
      gtk_file_filter_add_pattern (job->filters[i], pattern);
      g_object_ref (job->filters[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (job->chooser), job->filters[i]);
    }
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (job->chooser), job->filters[0]);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (job->chooser), "contested-borders.png");

  g_signal_connect (job->chooser, "response", G_CALLBACK (chooser_response), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (job->chooser));
}

static CbExportSize
chosen_size (CbExportDialog *self)
{
  return (CbExportSize) gtk_drop_down_get_selected (self->size_choice);
}

static void
update_size_label (CbExportDialog *self)
{
  g_autoptr(CbExport) export = NULL;
  CbExportSize size = chosen_size (self);

  gtk_widget_set_visible (self->custom_box, size == CB_EXPORT_SIZE_CUSTOM);
  export = cb_export_dialog_create_export (self->map, size,
                                           gtk_spin_button_get_value_as_int (self->custom_width),
                                           gtk_spin_button_get_value_as_int (self->custom_height));
  {
    g_autofree char *text = g_strdup_printf (_("%u × %u pixels"),
                                             cb_export_get_width (export),
                                             cb_export_get_height (export));
    gtk_label_set_text (self->size_label, text);
  }
}

static void
cb_export_dialog_response (AdwMessageDialog *dialog,
                           const char       *response)
{
  CbExportDialog *self = CB_EXPORT_DIALOG (dialog);

  if (g_strcmp0 (response, "export") == 0)
    {
      g_autoptr(CbExport) export = NULL;

      /* A size typed just before Enter is not committed yet. */
      gtk_spin_button_update (self->custom_width);
      gtk_spin_button_update (self->custom_height);
      export =
        cb_export_dialog_create_export (self->map, chosen_size (self),
                                        gtk_spin_button_get_value_as_int (self->custom_width),
                                        gtk_spin_button_get_value_as_int (self->custom_height));

      choose_file (gtk_window_get_transient_for (GTK_WINDOW (self)), export);
    }
}

CbExportDialog *
cb_export_dialog_new (GtkWindow *parent,
                      CbMap     *map)
{
  CbExportDialog *self;

  g_return_val_if_fail (CB_IS_MAP (map), NULL);

  self = g_object_new (CB_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", _("Export Map"),
                       "body", _("The image shows the current view with a title, "
                                 "the legend of the visible layers, a scale bar and the data sources."),
                       NULL);
  self->map = g_object_ref (map);
  update_size_label (self);

  return self;
}

static void
cb_export_dialog_dispose (GObject *object)
{
  CbExportDialog *self = CB_EXPORT_DIALOG (object);

  g_clear_object (&self->map);

  G_OBJECT_CLASS (cb_export_dialog_parent_class)->dispose (object);
}

/* Enter chooses the file from anywhere in the dialog, the size list
 * included (Space still opens the list).  Through the default button,
 * which also closes the dialog (a bare response would leave it open). */
static gboolean
enter_pressed (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (widget));

  /* Not "default.activate": with the size list focused it opens the list. */
  if (button != NULL && gtk_widget_is_sensitive (button))
    gtk_widget_activate (button);
  else
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (widget), "export");
  return TRUE;
}

static void
cb_export_dialog_class_init (CbExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = cb_export_dialog_dispose;
  dialog_class->response = cb_export_dialog_response;
}

static GtkSpinButton *
pixel_spin (const char *accessible_name,
            double      value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, CB_EXPORT_MAX_PIXELS, 100));

  gtk_spin_button_set_value (spin, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  return spin;
}

static void
cb_export_dialog_init (CbExportDialog *self)
{
  const char *sizes[] = {
    _("Current view"),
    _("Current view at 2×"),
    _("Current view at 4×"),
    _("A4 at 300 dpi"),
    _("A3 at 300 dpi"),
    _("Custom size"),
    NULL,
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *times = gtk_label_new ("×");

  self->size_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (sizes));
  gtk_drop_down_set_selected (self->size_choice, CB_EXPORT_SIZE_VIEW_2X);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->size_choice),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Size"), -1);

  self->custom_width = pixel_spin (_("Width in pixels"), 1600);
  self->custom_height = pixel_spin (_("Height in pixels"), 1200);
  self->custom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (self->custom_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->custom_box), GTK_WIDGET (self->custom_width));
  gtk_box_append (GTK_BOX (self->custom_box), times);
  gtk_box_append (GTK_BOX (self->custom_box), GTK_WIDGET (self->custom_height));

  self->size_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->size_label), "dim-label");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->size_choice));
  gtk_box_append (GTK_BOX (box), self->custom_box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->size_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  g_signal_connect_swapped (self->size_choice, "notify::selected", G_CALLBACK (update_size_label), self);
  g_signal_connect_swapped (self->custom_width, "value-changed", G_CALLBACK (update_size_label), self);
  g_signal_connect_swapped (self->custom_height, "value-changed", G_CALLBACK (update_size_label), self);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Choose File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_alternative_trigger_new (
                                                              gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                                              gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0)),
                                                            gtk_callback_action_new (enter_pressed, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
}

/* Printing. */

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           CbExport          *export)
{
  /* Points, at 96 logical px per inch: the furniture keeps its screen size
   * in print, and the map fills the printable area. */
  cb_export_draw (export, gtk_print_context_get_cairo_context (context),
                  gtk_print_context_get_width (context),
                  gtk_print_context_get_height (context),
                  72.0 / CB_EXPORT_SCREEN_DPI);
}

GtkPrintOperation *
cb_export_dialog_create_print_operation (CbMap *map)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  CbExport *export = cb_export_dialog_create_export (map, CB_EXPORT_SIZE_VIEW_1X, 0, 0);
  CbViewport *view = cb_map_get_viewport (map);

  gtk_page_setup_set_orientation (setup,
                                  cb_viewport_get_width (view) >= cb_viewport_get_height (view)
                                    ? GTK_PAGE_ORIENTATION_LANDSCAPE : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, cb_export_get_title (export));
  /* The operation owns the export: it lives as long as printing does. */
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page), export,
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  return operation;
}

void
cb_export_dialog_print (GtkWindow *parent,
                        CbMap     *map)
{
  g_autoptr(GtkPrintOperation) operation = cb_export_dialog_create_print_operation (map);
  g_autoptr(GError) error = NULL;

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               parent, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, _("Printing Failed"), error->message);
}
