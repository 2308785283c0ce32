/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cb-map-private.h"

/* A town under the legend or a floating control cannot be seen: the
 * keyboard passes it by. */
static gboolean
slot_is_covered (const CbMap      *self,
                 const MarkerSlot *slot)
{
  for (guint i = 0; i < self->n_overlay_rects; i++)
    {
      const double *r = &self->overlay_rects[4 * i];

      if (slot->dot_x >= r[0] && slot->dot_x <= r[0] + r[2] &&
          slot->dot_y >= r[1] && slot->dot_y <= r[1] + r[3])
        return TRUE;
    }
  return FALSE;
}

static gboolean
slot_is_focusable (const CbMap      *self,
                   const MarkerSlot *slot)
{
  return slot->placed && gtk_widget_get_child_visible (GTK_WIDGET (slot->marker)) &&
         !slot_is_covered (self, slot);
}

static int
find_focused_slot (CbMap *self)
{
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self));

  if (focus_child == NULL)
    return -1;

  for (guint i = 0; i < self->slots->len; i++)
    if (GTK_WIDGET (g_array_index (self->slots, MarkerSlot, i).marker) == focus_child)
      return i;

  return -1;
}

static gboolean
focus_slot_from (CbMap *self,
                 int    start,
                 int    step)
{
  for (int i = start; i >= 0 && i < (int) self->slots->len; i += step)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (slot_is_focusable (self, slot))
        return gtk_widget_grab_focus (GTK_WIDGET (slot->marker));
    }

  return FALSE;
}

/* The nearest town whose dot lies in @direction, favouring the straight line. */
static gboolean
focus_neighbour (CbMap            *self,
                 int               from,
                 GtkDirectionType  direction)
{
  const MarkerSlot *origin = &g_array_index (self->slots, MarkerSlot, from);
  int best = -1;
  double best_cost = G_MAXDOUBLE;

  for (guint i = 0; i < self->slots->len; i++)
    {
      const MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);
      double along, across, cost;

      if ((int) i == from || !slot_is_focusable (self, slot))
        continue;

      switch (direction)
        {
        case GTK_DIR_LEFT:
          along = origin->dot_x - slot->dot_x;
          across = slot->dot_y - origin->dot_y;
          break;
        case GTK_DIR_RIGHT:
          along = slot->dot_x - origin->dot_x;
          across = slot->dot_y - origin->dot_y;
          break;
        case GTK_DIR_UP:
          along = origin->dot_y - slot->dot_y;
          across = slot->dot_x - origin->dot_x;
          break;
        case GTK_DIR_DOWN:
          along = slot->dot_y - origin->dot_y;
          across = slot->dot_x - origin->dot_x;
          break;
        case GTK_DIR_TAB_FORWARD:
        case GTK_DIR_TAB_BACKWARD:
        default:
          return FALSE;
        }

      /* Only towns within 60° of the direction. */
      if (along <= 0 || fabs (across) > along * 1.8)
        continue;

      cost = along + 2 * fabs (across);
      if (cost < best_cost)
        {
          best_cost = cost;
          best = i;
        }
    }

  if (best < 0)
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (g_array_index (self->slots, MarkerSlot, best).marker));
}

/* The selected town's slot, if its marker can take the focus. */
static int
find_selected_slot (CbMap *self)
{
  GtkWidget *marker;

  if (self->selected_town == NULL ||
      (marker = cb_map_get_town_marker (self, self->selected_town)) == NULL)
    return -1;

  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (GTK_WIDGET (slot->marker) == marker)
        return slot_is_focusable (self, slot) ? (int) i : -1;
    }
  return -1;
}

/*
 * Tab into the map goes straight to the towns (the selected one, or the
 * westernmost on screen), then walks them west to east, then leaves.
 * Shift+Tab walks back to the map itself, where the arrow keys pan (as
 * after Escape on a town, or F6).  With a town focused, arrow keys go to
 * the nearest town that way.
 */
gboolean
_cb_map_focus (GtkWidget        *widget,
               GtkDirectionType  direction)
{
  CbMap *self = CB_MAP (widget);
  gboolean self_focused = gtk_widget_is_focus (widget);
  int current = find_focused_slot (self);

  if (!self_focused && current < 0)
    {
      int selected = find_selected_slot (self);

      if (direction == GTK_DIR_TAB_FORWARD &&
          (focus_slot_from (self, selected >= 0 ? selected : 0, 1) ||
           (selected > 0 && focus_slot_from (self, 0, 1))))
        return TRUE;
      if (direction == GTK_DIR_TAB_BACKWARD && focus_slot_from (self, self->slots->len - 1, -1))
        return TRUE;

      return gtk_widget_grab_focus (widget);
    }

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
      /* From the map itself (after F6 or Escape), as when coming in. */
      if (current < 0)
        {
          int selected = find_selected_slot (self);

          if (selected >= 0 && focus_slot_from (self, selected, 1))
            return TRUE;
        }
      return focus_slot_from (self, current + 1, 1);

    case GTK_DIR_TAB_BACKWARD:
      if (self_focused)
        return FALSE;
      if (focus_slot_from (self, current - 1, -1))
        return TRUE;
      return gtk_widget_grab_focus (widget);

    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
    case GTK_DIR_UP:
    case GTK_DIR_DOWN:
      if (current < 0)
        return FALSE;
      return focus_neighbour (self, current, direction);

    default:
      return FALSE;
    }
}

