/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-window-private.h"

/*
 * The window's own keys, seen before any widget inside (capture phase),
 * so that no focused widget can keep them: Ctrl+F opens search (as a
 * global shortcut, which runs last, it stopped working once the town
 * panel had the focus), Escape closes what lies over the map, F6 and
 * Shift+F6 move between the parts of the window.
 */

static gboolean
focus_is_in (GtkWidget *focus,
             GtkWidget *ancestor)
{
  return focus != NULL && ancestor != NULL &&
         (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

/* The folded sidebar lies over the map: hidden, it leaves the map whole. */
static gboolean
layers_overlay_shown (CbWindow *self)
{
  return adw_flap_get_folded (self->layers_flap) && adw_flap_get_reveal_flap (self->layers_flap);
}

static gboolean
escape_pressed (CbWindow  *self,
                GtkWidget *focus)
{
  /* Measuring and the What's Here card end first, where they are. */
  if (focus_is_in (focus, GTK_WIDGET (self->map_view)) &&
      (cb_map_view_get_measuring (self->map_view) ||
       gtk_widget_get_visible (GTK_WIDGET (cb_map_view_get_feature_card (self->map_view)))))
    return FALSE;
  /* The tour bar's Escape ends the tour. */
  if (focus_is_in (focus, GTK_WIDGET (self->tour_bar)))
    return FALSE;

  if (layers_overlay_shown (self))
    {
      gboolean was_inside = focus_is_in (focus, GTK_WIDGET (self->layers_flap)) &&
                            !focus_is_in (focus, adw_flap_get_content (self->layers_flap));

      adw_flap_set_reveal_flap (self->layers_flap, FALSE);
      if (was_inside)
        gtk_widget_grab_focus (GTK_WIDGET (self->layers_button));
      return TRUE;
    }

  if (adw_flap_get_reveal_flap (self->town_flap))
    {
      gboolean was_inside = focus == NULL || focus_is_in (focus, GTK_WIDGET (self->town_box));

      _cb_window_town_close_panel (self, was_inside);
      return TRUE;
    }

  return FALSE;
}

/* ---- F6: header, sidebar, map, town panel, tour, date bar ---- */

typedef enum {
  PART_HEADER,
  PART_LAYERS,
  PART_MAP,
  PART_TOWN,
  PART_TOUR,
  PART_DATE_BAR,
  N_PARTS
} Part;

static GtkWidget *
part_widget (CbWindow *self,
             Part      part)
{
  switch (part)
    {
    case PART_HEADER:
      return GTK_WIDGET (self->header_bar);
    case PART_LAYERS:
      return GTK_WIDGET (self->layers_panel);
    case PART_MAP:
      return GTK_WIDGET (self->map_view);
    case PART_TOWN:
      return GTK_WIDGET (self->town_box);
    case PART_TOUR:
      return GTK_WIDGET (self->tour_bar);
    case PART_DATE_BAR:
      return GTK_WIDGET (self->timeline);
    case N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
part_shown (CbWindow *self,
            Part      part)
{
  switch (part)
    {
    case PART_LAYERS:
      return adw_flap_get_reveal_flap (self->layers_flap);
    case PART_TOWN:
      return adw_flap_get_reveal_flap (self->town_flap);
    case PART_TOUR:
      return gtk_revealer_get_reveal_child (self->tour_revealer);
    case PART_HEADER:
    case PART_MAP:
    case PART_DATE_BAR:
      return TRUE;
    case N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
focus_part (CbWindow *self,
            Part      part)
{
  GtkWidget *widget = part_widget (self, part);

  switch (part)
    {
    case PART_MAP:
      /* The map itself, where the arrow keys pan; Tab goes on to the towns. */
      return gtk_widget_grab_focus (GTK_WIDGET (self->map));
    case PART_TOWN:
      /* The town's name, the start of its story. */
      return gtk_widget_grab_focus (GTK_WIDGET (self->town_panel));
    case PART_TOUR:
      return gtk_widget_grab_focus (widget);
    case PART_HEADER:
    case PART_LAYERS:
    case PART_DATE_BAR:
      /* Their first control. */
      gtk_root_set_focus (GTK_ROOT (self), NULL);
      return gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
    case N_PARTS:
    default:
      g_assert_not_reached ();
    }
}

static Part
get_focus_part (CbWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (Part part = 0; part < N_PARTS; part++)
    if (focus_is_in (focus, part_widget (self, part)))
      return part;
  return N_PARTS;
}

static gboolean
cycle_parts (CbWindow *self,
             int       step)
{
  Part current = get_focus_part (self);
  int start = current == N_PARTS ? (step > 0 ? -1 : N_PARTS) : (int) current;

  for (int i = 1; i <= N_PARTS; i++)
    {
      Part part = (Part) (((start + step * i) % N_PARTS + N_PARTS) % N_PARTS);

      if (part_shown (self, part) && focus_part (self, part))
        return TRUE;
    }
  return FALSE;
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             CbWindow              *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* Keys typed in a popover or a dialog belong to it. */
  if (event != NULL &&
      gtk_native_get_for_surface (gdk_event_get_surface (event)) != GTK_NATIVE (self))
    return FALSE;

  if (keyval == GDK_KEY_Escape && mods == 0)
    return escape_pressed (self, focus);

  if (keyval == GDK_KEY_F6 && (mods == 0 || mods == GDK_SHIFT_MASK))
    return cycle_parts (self, mods == 0 ? 1 : -1);

  return FALSE;
}

void
_cb_window_keys_init (CbWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  /* A shortcut, not a keyval test: it also matches the F key under a
   * Cyrillic or other non-Latin layout. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_named_action_new ("win.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}
