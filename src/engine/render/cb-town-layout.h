/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CbPlacedTown:
 * @feature: feature index in the towns layer
 * @id: the town's "id" attribute (owned by the layer's feature set)
 * @name: the label shown, in the layout's language
 * @x, @y: the town's dot, in logical screen pixels
 * @label_x, @label_y, @label_width, @label_height: the label's rectangle
 * @bounds_x, @bounds_y, @bounds_width, @bounds_height: dot and label
 *   together, the area a click or an accessible element should cover
 * @has_label: FALSE when only the dot is drawn (label did not fit)
 */
typedef struct
{
  guint       feature;
  const char *id;
  char       *name;
  double      x;
  double      y;
  double      label_x;
  double      label_y;
  double      label_width;
  double      label_height;
  double      bounds_x;
  double      bounds_y;
  double      bounds_width;
  double      bounds_height;
  gboolean    has_label;
} CbPlacedTown;

/*
 * CbTownLayout: where the towns of one view go, dots and labels, made by
 * cb_renderer_layout_towns() once per frame and then only read: the
 * renderer draws from it, the map places its town markers from it and
 * hit-tests clicks and hovering against it, so all three always agree.
 * Immutable and reference-counted.
 */
typedef struct _CbTownLayout CbTownLayout;

GType               cb_town_layout_get_type      (void) G_GNUC_CONST;
#define CB_TYPE_TOWN_LAYOUT (cb_town_layout_get_type ())

CbTownLayout       *cb_town_layout_ref           (CbTownLayout *self);
void                cb_town_layout_unref         (CbTownLayout *self);

/* In placement order (the selected town, then by importance); every town
 * whose dot is on screen, with or without a label. */
const CbPlacedTown *cb_town_layout_get_towns     (CbTownLayout *self,
                                                  guint        *n_towns);
/* The placed town whose bounds contain (@sx, @sy) (a label belongs to its
 * town; else the nearest dot wins), or NULL. */
const CbPlacedTown *cb_town_layout_find_town_at  (CbTownLayout *self,
                                                  double        sx,
                                                  double        sy);
/* The placed town with the id @id, or NULL when it is not on screen. */
const CbPlacedTown *cb_town_layout_lookup        (CbTownLayout *self,
                                                  const char   *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbTownLayout, cb_town_layout_unref)

G_END_DECLS
