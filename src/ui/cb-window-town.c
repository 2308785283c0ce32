/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-window-private.h"

/* The selected town and its panel: the map, the search, the keys and the
 * panel's own button all open and close it through here. */

const char *
cb_window_get_selected_town (CbWindow *self)
{
  g_return_val_if_fail (CB_IS_WINDOW (self), NULL);

  return self->selected_town;
}

void
cb_window_set_selected_town (CbWindow   *self,
                             const char *town_id)
{
  g_return_if_fail (CB_IS_WINDOW (self));

  if (town_id != NULL && town_id[0] == '\0')
    town_id = NULL;
  if (g_strcmp0 (self->selected_town, town_id) == 0)
    return;

  g_free (self->selected_town);
  self->selected_town = g_strdup (town_id);
  /* By name: the property's spec belongs to cb-window.c. */
  g_object_notify (G_OBJECT (self), "selected-town");
}

void
cb_window_show_town (CbWindow   *self,
                     const char *town_id)
{
  g_return_if_fail (CB_IS_WINDOW (self));

  cb_window_set_selected_town (self, town_id);
  adw_flap_set_reveal_flap (self->town_flap, self->selected_town != NULL);
  self->keep_town_pending = self->selected_town != NULL;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Puts the keyboard back on the town the panel was about, or the map. */
static void
focus_map_or_town (CbWindow   *self,
                   const char *town_id)
{
  GtkWidget *marker = town_id != NULL ? cb_map_get_town_marker (self->map, town_id) : NULL;

  if (marker == NULL || !gtk_widget_get_child_visible (marker) || !gtk_widget_grab_focus (marker))
    gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

void
_cb_window_town_close_panel (CbWindow *self,
                             gboolean  move_focus)
{
  g_autofree char *town_id = g_strdup (self->selected_town);

  cb_window_show_town (self, NULL);
  if (move_focus)
    focus_map_or_town (self, town_id);
}
