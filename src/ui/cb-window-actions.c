/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-export-dialog.h"
#include "cb-export-task.h"
#include "cb-print-operation.h"
#include "cb-window-private.h"

static void
show_error (CbWindow   *self,
            const char *heading,
            const char *message)
{
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- writing an export in the background ---- */

typedef struct
{
  CbWindow     *window;          /* weak: the window may close meanwhile */
  GApplication *application;     /* held: quitting waits for the worker */
  GSimpleAction *action;         /* win.export, disabled meanwhile */
  AdwToast     *progress;
  GCancellable *cancellable;     /* the toast's Cancel, or closing the window */
  char         *path;
} ExportUi;

static void
export_ui_free (ExportUi *ui)
{
  g_clear_weak_pointer (&ui->window);
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
open_exported_file (AdwToast *toast,
                    GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
export_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportUi *ui = user_data;
  CbWindow *self = ui->window;
  g_autoptr(GError) error = NULL;
  gboolean ok = cb_export_write_finish (result, &error);
  g_autoptr(GFile) written = NULL;
  g_autofree char *display = NULL;
  AdwToast *toast;

  if (ui->progress != NULL)
    adw_toast_dismiss (ui->progress);
  if (ui->action != NULL)
    g_simple_action_set_enabled (ui->action, TRUE);

  /* Cancelled from the toast, or the window was closed: nothing to say. */
  if (self == NULL || g_cancellable_is_cancelled (ui->cancellable) ||
      !gtk_widget_get_realized (GTK_WIDGET (self)))
    goto out;

  if (!ok)
    {
      show_error (self, _("Export Failed"), error->message);
      goto out;
    }

  written = g_file_new_for_path (ui->path);
  display = g_filename_display_name (ui->path);
  toast = adw_toast_new_format (_("Map exported to “%s”"), display);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_timeout (toast, 8);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_exported_file),
                         g_steal_pointer (&written), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

out:
  export_ui_free (ui);
}

void
cb_window_export_to_file (CbWindow   *self,
                          CbExport   *export,
                          const char *path)
{
  ExportUi *ui;
  GAction *action;

  g_return_if_fail (CB_IS_WINDOW (self));
  g_return_if_fail (CB_IS_EXPORT (export));
  g_return_if_fail (path != NULL);

  /* The credit line of the data the window shows. */
  if (cb_export_get_credits (export) == NULL)
    cb_export_set_credits (export, cb_atlas_get_credits (self->atlas));

  ui = g_new0 (ExportUi, 1);
  g_set_weak_pointer (&ui->window, self);
  ui->path = g_strdup (path);
  ui->cancellable = g_cancellable_new ();
  g_signal_connect_object (self, "destroy", G_CALLBACK (g_cancellable_cancel),
                           ui->cancellable, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "unrealize", G_CALLBACK (g_cancellable_cancel),
                           ui->cancellable, G_CONNECT_SWAPPED);

  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      ui->application = G_APPLICATION (g_object_ref (gtk_window_get_application (GTK_WINDOW (self))));
      g_application_hold (ui->application);
    }

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "export");
  if (G_IS_SIMPLE_ACTION (action))
    {
      ui->action = G_SIMPLE_ACTION (g_object_ref (action));
      g_simple_action_set_enabled (ui->action, FALSE);
    }

  ui->progress = adw_toast_new (_("Exporting…"));
  adw_toast_set_timeout (ui->progress, 0);
  adw_toast_set_button_label (ui->progress, _("_Cancel"));
  g_signal_connect_object (ui->progress, "button-clicked", G_CALLBACK (g_cancellable_cancel),
                           ui->cancellable, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (ui->progress));

  cb_export_write_async (export, path, ui->cancellable, export_written, ui);
}

/* ---- choosing the file ---- */

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

typedef struct
{
  CbWindow             *window;
  CbExport             *export;
  GtkFileChooserNative *chooser;
  GtkFileFilter        *filters[G_N_ELEMENTS (formats)];
} ChooseJob;

static void
choose_job_free (ChooseJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->export);
  g_clear_object (&job->chooser);
  for (guint i = 0; i < G_N_ELEMENTS (job->filters); i++)
    g_clear_object (&job->filters[i]);
  g_free (job);
}

/* A name without a known extension gets the one of the chosen file type. */
static char *
path_with_extension (ChooseJob  *job,
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
                  ChooseJob       *job)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      show_error (job->window, _("Export Failed"), _("Choose a file on this computer."));
      goto out;
    }

  path = path_with_extension (job, g_file_peek_path (file));
  cb_window_export_to_file (job->window, job->export, path);

out:
  choose_job_free (job);
}

static void
choose_file (CbWindow *self,
             CbExport *export)
{
  ChooseJob *job = g_new0 (ChooseJob, 1);

  job->window = g_object_ref (self);
  job->export = g_object_ref (export);
  job->chooser = gtk_file_chooser_native_new (_("Export Map"), GTK_WINDOW (self),
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

static void
export_dialog_response (CbExportDialog *dialog,
                        const char     *response,
                        CbWindow       *self)
{
  g_autoptr(CbExport) export = NULL;

  if (g_strcmp0 (response, "export") != 0)
    return;

  export = cb_export_dialog_create_chosen_export (dialog);
  choose_file (self, export);
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);
  CbExportDialog *dialog = cb_export_dialog_new (GTK_WINDOW (self), self->map);

  g_signal_connect_object (dialog, "response", G_CALLBACK (export_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);
  g_autoptr(CbExport) export = cb_export_dialog_create_export (self->map, CB_EXPORT_SIZE_VIEW_1X, 0, 0);
  g_autoptr(CbPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  cb_export_set_credits (export, cb_atlas_get_credits (self->atlas));
  operation = cb_print_operation_new (export);
  if (gtk_print_operation_run (GTK_PRINT_OPERATION (operation),
                               GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, _("Printing Failed"), error->message);
}

/* ---- towns: search and the language of place names ---- */

static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);

  /* Open already: back to the entry, keeping what was typed. */
  if (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->search_button))))
    {
      gtk_widget_grab_focus (GTK_WIDGET (cb_town_search_get_entry (self->town_search)));
      return;
    }
  gtk_menu_button_popup (self->search_button);
  cb_town_search_start (self->town_search);
}

static void
place_name_language_changed (CbWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "place-name-language");
  const char *code = cb_place_language_to_code (cb_place_language_resolve (setting));

  cb_map_set_language (self->map, code);
  cb_town_panel_set_language (self->town_panel, code);
  cb_town_search_set_language (self->town_search, code);
}

/* The win.* actions made by g_settings_create_action(). */
static const char * const setting_actions[] = {
  "place-name-language", "show-legend", "fade-other-lines", NULL,
};

void
_cb_window_actions_init (CbWindow *self)
{
  static const GActionEntry entries[] = {
    { .name = "export", .activate = export_activated },
    { .name = "print", .activate = print_activated },
    { .name = "search", .activate = search_activated },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  /* The settings drive these: the menu's radio items and the toggles set
   * the key, and the widgets bound to it follow. */
  for (guint i = 0; setting_actions[i] != NULL; i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings,
                                                            setting_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }

  g_signal_connect_object (self->settings, "changed::place-name-language",
                           G_CALLBACK (place_name_language_changed), self, G_CONNECT_SWAPPED);
  place_name_language_changed (self);
}

void
_cb_window_actions_dispose (CbWindow *self)
{
  /* A settings action can outlive the window (GTK keeps a reference);
   * removed, it no longer reports to the window's action group. */
  for (guint i = 0; setting_actions[i] != NULL; i++)
    g_action_map_remove_action (G_ACTION_MAP (self), setting_actions[i]);
}
