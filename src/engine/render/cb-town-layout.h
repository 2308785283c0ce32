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

/**
 * CbLabelKind: what a map label names.
 */
typedef enum
{
  CB_LABEL_KIND_LINE,     /* a historical line, along it */
  CB_LABEL_KIND_REGION,   /* a region, inside its area */
  CB_LABEL_KIND_COUNTRY,  /* a state of the day, inside its visible part */
  CB_LABEL_KIND_SEA,
  CB_LABEL_KIND_RIVER,    /* along the river, when zoomed in */
} CbLabelKind;

/**
 * CbPlacedLabel:
 * @kind: what the label names
 * @layer_id: (nullable): id of the layer it belongs to (interned string)
 * @feature: a feature of that layer the label was placed on
 * @text: the text shown
 * @x, @y: the centre of the text, in logical screen pixels
 * @angle: rotation in radians, clockwise on screen; always within
 *   (-pi/2, pi/2], so that no label reads upside down
 * @width, @height: the unrotated text box
 * @corners: the box on screen, four (x, y) pairs
 * @color: the text colour (the halo is the background colour)
 */
typedef struct
{
  CbLabelKind  kind;
  const char  *layer_id;
  guint        feature;
  char        *text;
  double       x;
  double       y;
  double       angle;
  double       width;
  double       height;
  double       corners[8];
  double       color[4];
} CbPlacedLabel;

/*
 * CbTownLayout: where the towns of one view go, dots and labels, and the
 * other map labels (lines, regions, countries, seas, rivers), placed in
 * the same pass so that none covers another.  Made by
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

/* The other labels, in placement order (most important first). */
const CbPlacedLabel *cb_town_layout_get_labels   (CbTownLayout *self,
                                                  guint        *n_labels);
/* The label whose box contains (@sx, @sy), or NULL. */
const CbPlacedLabel *cb_town_layout_find_label_at (CbTownLayout *self,
                                                   double        sx,
                                                   double        sy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbTownLayout, cb_town_layout_unref)

G_END_DECLS
