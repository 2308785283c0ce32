/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-window-private.h"

/* The guided chronology: win.tour starts it, the tour bar steps through
 * its moments and closes it. */

static void
tour_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CbWindow *self = CB_WINDOW (user_data);

  if (cb_tour_bar_get_tour (self->tour_bar) == NULL)
    return;
  gtk_revealer_set_reveal_child (self->tour_revealer, TRUE);
  cb_tour_bar_set_index (self->tour_bar, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->tour_bar));
}

/* A moment of the tour: its day on the timeline, its town on the map. */
static void
tour_moment_changed (CbWindow *self)
{
  CbTour *tour = cb_tour_bar_get_tour (self->tour_bar);
  const CbTourMoment *moment;

  if (tour == NULL || !gtk_revealer_get_reveal_child (self->tour_revealer))
    return;
  moment = cb_tour_get_moment (tour, cb_tour_bar_get_index (self->tour_bar));
  cb_timeline_set_date (self->timeline, moment->day);
  cb_map_center_on_town (self->map, moment->town_id);
}

static void
tour_close_requested (CbWindow *self)
{
  gtk_revealer_set_reveal_child (self->tour_revealer, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

void
_cb_window_tour_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (CB_TYPE_TOUR_BAR);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, tour_revealer);
  gtk_widget_class_bind_template_child (widget_class, CbWindow, tour_bar);
  gtk_widget_class_bind_template_callback (widget_class, tour_moment_changed);
  gtk_widget_class_bind_template_callback (widget_class, tour_close_requested);
}

void
_cb_window_tour_init (CbWindow *self)
{
  static const GActionEntry entries[] = {
    { .name = "tour", .activate = tour_activated },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
