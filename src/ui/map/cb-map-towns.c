/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-map-private.h"

/*
 * Which town is where: the town drawn under a point, the marker of a town,
 * and activating a town. The lowest part of CbMap: it calls no other part,
 * and reaches the map's own properties and signals only through GObject.
 */

/* The town drawn at (@x, @y) in the current frame, or NULL. */
const CbPlacedTown *
_cb_map_towns_find_at (CbMap  *self,
                       double  x,
                       double  y)
{
  if (self->town_layout == NULL)
    return NULL;
  return cb_town_layout_find_town_at (self->town_layout, x, y);
}

MarkerSlot *
_cb_map_towns_find_slot_by_widget (CbMap     *self,
                                   GtkWidget *widget)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (GTK_WIDGET (slot->marker) == widget)
        return slot;
    }

  return NULL;
}

GtkWidget *
cb_map_get_town_marker (CbMap      *self,
                        const char *town_id)
{
  g_return_val_if_fail (CB_IS_MAP (self), NULL);
  g_return_val_if_fail (town_id != NULL, NULL);

  for (guint i = 0; i < self->slots->len; i++)
    {
      MarkerSlot *slot = &g_array_index (self->slots, MarkerSlot, i);

      if (g_strcmp0 (cb_town_marker_get_town_id (slot->marker), town_id) == 0)
        return GTK_WIDGET (slot->marker);
    }

  return NULL;
}

/* Selects the town, then tells the window. Through the property and the
 * signal by name, so this part does not call back into cb-map.c. */
void
_cb_map_towns_activate (CbMap      *self,
                        const char *town_id)
{
  g_object_set (self, "selected-town", town_id, NULL);
  g_signal_emit_by_name (self, "town-activated", town_id);
}
