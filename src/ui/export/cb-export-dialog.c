/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-export-dialog.h"

#include <glib/gi18n.h>
#include <math.h>


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
  /* The day the map shows, and the towns' holders that day. */
  cb_export_set_date (export, cb_map_get_date (map));
  cb_export_set_history (export, cb_map_get_history (map));

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

CbExport *
cb_export_dialog_create_chosen_export (CbExportDialog *self)
{
  g_return_val_if_fail (CB_IS_EXPORT_DIALOG (self), NULL);

  /* A size typed just before Enter is not committed yet. */
  gtk_spin_button_update (self->custom_width);
  gtk_spin_button_update (self->custom_height);
  return cb_export_dialog_create_export (self->map, chosen_size (self),
                                         gtk_spin_button_get_value_as_int (self->custom_width),
                                         gtk_spin_button_get_value_as_int (self->custom_height));
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

  object_class->dispose = cb_export_dialog_dispose;
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
