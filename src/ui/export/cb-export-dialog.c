/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-export-dialog.h"

#include <glib/gi18n.h>
#include <math.h>


/* Paper at 300 dpi (ISO 216 A3: 297 × 420 mm; A4 or Letter from the locale). */
#define PRINT_DPI 300.0
#define A3_SHORT_MM 297.0
#define A3_LONG_MM 420.0

struct _CbExportDialog
{
  AdwMessageDialog parent_instance;

  CbMap          *map;
  AdwEntryRow    *title_row;
  AdwComboRow    *size_choice;
  GtkSpinButton  *custom_width;
  GtkSpinButton  *custom_height;
  GtkWidget      *custom_box;
  AdwComboRow    *orientation_choice;
  GtkSwitch      *legend_switch;
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
        double short_side = A3_SHORT_MM, long_side = A3_LONG_MM;

        if (size == CB_EXPORT_SIZE_A4_300DPI)
          cb_export_get_locale_paper (&short_side, &long_side);
        /* Paper turned the way the view is; a PDF page is the paper exactly. */
        cb_export_set_dpi (export, PRINT_DPI);
        if (landscape)
          cb_export_set_paper (export, long_side, short_side);
        else
          cb_export_set_paper (export, short_side, long_side);
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

void
cb_export_dialog_apply_page (CbExport            *export,
                             const char          *title,
                             CbExportOrientation  orientation,
                             gboolean             show_legend)
{
  g_autoptr(CbExport) fresh = NULL;

  g_return_if_fail (CB_IS_EXPORT (export));

  cb_export_turn (export, orientation);
  cb_export_set_show_legend (export, show_legend);
  /* The default title stays the default (it follows the language). */
  fresh = cb_export_new (cb_export_get_renderer (export));
  if (title != NULL && *title != '\0' && g_strcmp0 (title, cb_export_get_title (fresh)) != 0)
    cb_export_set_title (export, title);
}

static CbExportSize
chosen_size (CbExportDialog *self)
{
  return (CbExportSize) adw_combo_row_get_selected (self->size_choice);
}

static CbExport *
create_chosen (CbExportDialog *self)
{
  CbExport *export = cb_export_dialog_create_export (self->map, chosen_size (self),
                                                     gtk_spin_button_get_value_as_int (self->custom_width),
                                                     gtk_spin_button_get_value_as_int (self->custom_height));

  cb_export_dialog_apply_page (export, gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                               (CbExportOrientation) adw_combo_row_get_selected (self->orientation_choice),
                               gtk_switch_get_active (self->legend_switch));
  return export;
}

static void
update_size_label (CbExportDialog *self)
{
  g_autoptr(CbExport) export = NULL;
  CbExportSize size = chosen_size (self);

  gtk_widget_set_visible (self->custom_box, size == CB_EXPORT_SIZE_CUSTOM);
  export = create_chosen (self);
  {
    g_autofree char *text = NULL;
    double paper_width, paper_height;

    if (cb_export_get_paper (export, &paper_width, &paper_height))
      /* TRANSLATORS: a sheet of paper in millimetres, then its size in pixels */
      text = g_strdup_printf (_("%g × %g mm, %u × %u pixels"),
                              round (paper_width), round (paper_height),
                              cb_export_get_width (export), cb_export_get_height (export));
    else
      text = g_strdup_printf (_("%u × %u pixels"),
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
  return create_chosen (self);
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
                                 "the legend of the visible layers, a scale bar, a north arrow "
                                 "and the data sources."),
                       NULL);
  self->map = g_object_ref (map);
  {
    g_autoptr(CbExport) fresh = cb_export_new (cb_map_get_renderer (map));

    gtk_editable_set_text (GTK_EDITABLE (self->title_row), cb_export_get_title (fresh));
  }
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
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (CB_EXPORT_MIN_PIXELS,
                                                                          CB_EXPORT_MAX_PIXELS, 100));

  gtk_spin_button_set_value (spin, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  return spin;
}

static void
cb_export_dialog_init (CbExportDialog *self)
{
  gboolean letter = cb_export_get_locale_paper (NULL, NULL);
  const char *sizes[] = {
    _("Current view"),
    _("Current view at 2×"),
    _("Current view at 4×"),
    letter ? _("Letter at 300 dpi") : _("A4 at 300 dpi"),
    _("A3 at 300 dpi"),
    _("Custom size"),
    NULL,
  };
  const char *orientations[] = {
    _("As the view"),
    _("Landscape"),
    _("Portrait"),
    NULL,
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *times = gtk_label_new ("×");
  AdwActionRow *legend_row;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  self->title_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Title"));

  self->size_choice = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->size_choice), _("Size"));
  {
    g_autoptr(GtkStringList) model = gtk_string_list_new (sizes);

    adw_combo_row_set_model (self->size_choice, G_LIST_MODEL (model));
  }
  /* Paper by default: what a teacher prints and hands out. */
  adw_combo_row_set_selected (self->size_choice, CB_EXPORT_SIZE_A4_300DPI);

  self->orientation_choice = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->orientation_choice), _("Orientation"));
  {
    g_autoptr(GtkStringList) model = gtk_string_list_new (orientations);

    adw_combo_row_set_model (self->orientation_choice, G_LIST_MODEL (model));
  }

  self->legend_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->legend_switch, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->legend_switch), GTK_ALIGN_CENTER);
  legend_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (legend_row), _("Legend"));
  adw_action_row_add_suffix (legend_row, GTK_WIDGET (self->legend_switch));
  adw_action_row_set_activatable_widget (legend_row, GTK_WIDGET (self->legend_switch));

  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->title_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->size_choice));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->orientation_choice));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (legend_row));

  self->custom_width = pixel_spin (_("Width in pixels"), 1600);
  self->custom_height = pixel_spin (_("Height in pixels"), 1200);
  self->custom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (self->custom_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->custom_box), GTK_WIDGET (self->custom_width));
  gtk_box_append (GTK_BOX (self->custom_box), times);
  gtk_box_append (GTK_BOX (self->custom_box), GTK_WIDGET (self->custom_height));

  self->size_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->size_label), "dim-label");

  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), self->custom_box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->size_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  g_signal_connect_swapped (self->size_choice, "notify::selected", G_CALLBACK (update_size_label), self);
  g_signal_connect_swapped (self->orientation_choice, "notify::selected", G_CALLBACK (update_size_label), self);
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
