/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-feature-set.h"

G_BEGIN_DECLS

/*
 * The inside of a CbFeatureSet, for the code that builds one
 * (cb-shapefile.c reads it, cb-simplify.c adds the levels of detail).
 * Nothing else includes this: to everyone else a set is immutable.
 */

#define CB_FEATURE_SET_N_LODS 11

typedef struct
{
  guint32 first;     /* index of the first point (not double) */
  guint32 n_points;
} CbPartRef;

typedef struct
{
  guint32  record;
  guint32  first_part;
  guint32  n_parts;
  guint8   certainty;
  CbBounds bounds;
} CbFeature;

typedef struct
{
  GArray *coords;   /* double x, y pairs */
  GArray *parts;    /* CbPartRef, one per part of the whole set */
} CbLod;

struct _CbFeatureSet
{
  gatomicrefcount ref_count;

  char *path;
  CbGeometryType geometry_type;
  char *crs_note;
  gboolean crs_assumed;
  char *encoding;
  GPtrArray *notes;      /* char *, NULL-terminated */
  CbBounds bounds;

  GArray *features;      /* CbFeature */
  CbLod lods[CB_FEATURE_SET_N_LODS];

  /* valid_from/valid_to as Julian days (GDate), two per feature; made on
   * first use (see cb_feature_set_get_validity()). */
  guint32 *validity;

  GPtrArray *field_names;      /* char * */
  GStringChunk *strings;
  const char **values;         /* n_features * n_fields */
};

/* An empty set (no features, no fields) for a builder to fill. */
CbFeatureSet *cb_feature_set_new_empty      (void);
void          cb_feature_set_add_note       (CbFeatureSet *self,
                                             const char   *format,
                                             ...) G_GNUC_PRINTF (2, 3);
/* Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
double        cb_segment_distance2          (double px, double py,
                                             double ax, double ay,
                                             double bx, double by);

G_END_DECLS
