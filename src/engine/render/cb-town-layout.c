/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-town-layout-private.h"

G_DEFINE_BOXED_TYPE (CbTownLayout, cb_town_layout, cb_town_layout_ref, cb_town_layout_unref)

static void
clear_town (gpointer data)
{
  CbPlacedTown *town = data;

  g_clear_pointer (&town->name, g_free);
}

static void
clear_label (gpointer data)
{
  CbPlacedLabel *label = data;

  g_clear_pointer (&label->text, g_free);
}

CbTownLayout *
cb_town_layout_new (void)
{
  CbTownLayout *self = g_new0 (CbTownLayout, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->towns = g_array_new (FALSE, TRUE, sizeof (CbPlacedTown));
  g_array_set_clear_func (self->towns, clear_town);
  self->labels = g_array_new (FALSE, TRUE, sizeof (CbPlacedLabel));
  g_array_set_clear_func (self->labels, clear_label);
  return self;
}

CbTownLayout *
cb_town_layout_ref (CbTownLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cb_town_layout_unref (CbTownLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_array_unref (self->towns);
  g_array_unref (self->labels);
  g_free (self);
}

const CbPlacedTown *
cb_town_layout_get_towns (CbTownLayout *self,
                          guint        *n_towns)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_towns)
    *n_towns = self->towns->len;
  return (const CbPlacedTown *) (gconstpointer) self->towns->data;
}

const CbPlacedTown *
cb_town_layout_find_town_at (CbTownLayout *self,
                             double        sx,
                             double        sy)
{
  const CbPlacedTown *best = NULL;
  double best_d2 = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->towns->len; i++)
    {
      const CbPlacedTown *town = &g_array_index (self->towns, CbPlacedTown, i);
      double d2;

      if (sx < town->bounds_x || sy < town->bounds_y ||
          sx > town->bounds_x + town->bounds_width ||
          sy > town->bounds_y + town->bounds_height)
        continue;
      d2 = (sx - town->x) * (sx - town->x) + (sy - town->y) * (sy - town->y);
      /* A hit on a label belongs to its town even if another dot is nearer. */
      if (town->has_label &&
          sx >= town->label_x && sx <= town->label_x + town->label_width &&
          sy >= town->label_y && sy <= town->label_y + town->label_height)
        d2 = 0;
      if (d2 < best_d2)
        {
          best_d2 = d2;
          best = town;
        }
    }
  return best;
}

const CbPlacedTown *
cb_town_layout_lookup (CbTownLayout *self,
                       const char   *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; id != NULL && i < self->towns->len; i++)
    {
      const CbPlacedTown *town = &g_array_index (self->towns, CbPlacedTown, i);

      if (g_strcmp0 (town->id, id) == 0)
        return town;
    }
  return NULL;
}

const CbPlacedLabel *
cb_town_layout_get_labels (CbTownLayout *self,
                           guint        *n_labels)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_labels)
    *n_labels = self->labels->len;
  return (const CbPlacedLabel *) (gconstpointer) self->labels->data;
}

/* Whether (@x, @y) is inside the convex quadrilateral @c (either winding). */
static gboolean
quad_contains (const double *c,
               double        x,
               double        y)
{
  int sign = 0;

  for (guint i = 0; i < 4; i++)
    {
      guint j = (i + 1) % 4;
      double cross = (c[2 * j] - c[2 * i]) * (y - c[2 * i + 1]) -
                     (c[2 * j + 1] - c[2 * i + 1]) * (x - c[2 * i]);
      int s = cross > 0 ? 1 : cross < 0 ? -1 : 0;

      if (s == 0)
        continue;
      if (sign != 0 && s != sign)
        return FALSE;
      sign = s;
    }
  return TRUE;
}

const CbPlacedLabel *
cb_town_layout_find_label_at (CbTownLayout *self,
                              double        sx,
                              double        sy)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* Last placed is drawn lowest; the first hit is the most important. */
  for (guint i = 0; i < self->labels->len; i++)
    {
      const CbPlacedLabel *label = &g_array_index (self->labels, CbPlacedLabel, i);

      if (quad_contains (label->corners, sx, sy))
        return label;
    }
  return NULL;
}
