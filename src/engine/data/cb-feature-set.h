/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cb-projection.h"

G_BEGIN_DECLS

typedef enum
{
  CB_GEOMETRY_POINT,
  CB_GEOMETRY_LINE,
  CB_GEOMETRY_POLYGON,
} CbGeometryType;

GType cb_geometry_type_get_type (void) G_GNUC_CONST;
#define CB_TYPE_GEOMETRY_TYPE (cb_geometry_type_get_type ())

/* The DBF field "certainty" of a feature. */
typedef enum
{
  CB_CERTAINTY_DATASET,
  CB_CERTAINTY_RECONSTRUCTED,
  CB_CERTAINTY_APPROXIMATE,
} CbCertainty;

/*
 * CbFeatureSet: the geometry and attributes of one loaded file, immutable
 * once built and reference-counted, so that any number of CbLayers (the
 * window's, an export's on another thread) share it without copying.
 *
 * Geometry is projected into the map CRS once, at load, and kept as flat
 * arrays of doubles with a bounding box per feature, in levels of detail.
 * Attributes are UTF-8.  NULL shapes are skipped (counted in the load
 * notes); feature indices run 0..n_features-1 over the features actually
 * loaded, and cb_feature_set_get_feature_record() gives the DBF record of
 * each.
 */
typedef struct _CbFeatureSet CbFeatureSet;

GType           cb_feature_set_get_type             (void) G_GNUC_CONST;
#define CB_TYPE_FEATURE_SET (cb_feature_set_get_type ())

CbFeatureSet   *cb_feature_set_ref                  (CbFeatureSet *self);
void            cb_feature_set_unref                (CbFeatureSet *self);

const char     *cb_feature_set_get_path             (CbFeatureSet *self);
CbGeometryType  cb_feature_set_get_geometry_type    (CbFeatureSet *self);
/* e.g. "LKS94 / Lithuania TM (from .prj)" or "no .prj: assumed WGS84". */
const char     *cb_feature_set_get_crs_note         (CbFeatureSet *self);
gboolean        cb_feature_set_get_crs_assumed      (CbFeatureSet *self);
/* The encoding attributes were read in, e.g. "CP1257". */
const char     *cb_feature_set_get_encoding         (CbFeatureSet *self);
/* Things the loader repaired or skipped, one sentence each (may be empty). */
const char * const *cb_feature_set_get_load_notes   (CbFeatureSet *self);
/* Bounds of all features, in map metres. */
const CbBounds *cb_feature_set_get_bounds           (CbFeatureSet *self);
guint           cb_feature_set_get_n_vertices       (CbFeatureSet *self);

/* Attribute table. */
guint           cb_feature_set_get_n_fields         (CbFeatureSet *self);
const char     *cb_feature_set_get_field_name       (CbFeatureSet *self,
                                                     guint         field);
/* -1 when absent; case-insensitive. */
int             cb_feature_set_find_field           (CbFeatureSet *self,
                                                     const char   *name);

/* Features. */
guint           cb_feature_set_get_n_features       (CbFeatureSet *self);
guint           cb_feature_set_get_feature_record   (CbFeatureSet *self,
                                                     guint         feature);
const CbBounds *cb_feature_set_get_feature_bounds   (CbFeatureSet *self,
                                                     guint         feature);
guint           cb_feature_set_get_feature_n_parts  (CbFeatureSet *self,
                                                     guint         feature);
/*
 * The projected vertices of one part as interleaved x, y pairs (map
 * metres); @n_points receives the number of points.  Polygon parts are
 * rings (outer and holes alike; draw with the even-odd rule).
 */
const double   *cb_feature_set_get_feature_part     (CbFeatureSet *self,
                                                     guint         feature,
                                                     guint         part,
                                                     guint        *n_points);
/* UTF-8 value of a field, NULL when the field does not exist; "" for NULL values. */
const char     *cb_feature_set_get_attribute        (CbFeatureSet *self,
                                                     guint         feature,
                                                     const char   *field_name);
const char     *cb_feature_set_get_attribute_by_index (CbFeatureSet *self,
                                                       guint         feature,
                                                       guint         field);
CbCertainty     cb_feature_set_get_feature_certainty (CbFeatureSet *self,
                                                      guint         feature);
/* The feature whose "id" attribute is @id, or -1. */
int             cb_feature_set_find_feature_by_id   (CbFeatureSet *self,
                                                     const char   *id);

/*
 * When a feature was in force, from its "valid_from" and "valid_to"
 * fields (ISO dates; a year or year-month stands for its first day in
 * "valid_from" and its last in "valid_to"), as Julian day numbers
 * (g_date_get_julian()).  0 means open: no start known, or still in force.
 * A feature without such fields is in force on every day.
 */
void            cb_feature_set_get_validity         (CbFeatureSet *self,
                                                     guint         feature,
                                                     guint32      *from_day,
                                                     guint32      *to_day);
/* Whether @feature was in force on @julian_day (0: any day). */
gboolean        cb_feature_set_is_valid_on          (CbFeatureSet *self,
                                                     guint         feature,
                                                     guint32       julian_day);
/* A date "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a Julian day: its first day,
 * or with @last its last; 0 when it is empty or not a date. */
guint32         cb_feature_set_parse_day            (const char   *text,
                                                     gboolean      last);

/*
 * Levels of detail, for the renderer.  Level 0 is the geometry as loaded;
 * level i > 0 is simplified (Douglas-Peucker) to within
 * cb_feature_set_get_lod_tolerance (i) metres, and rings smaller than that
 * are dropped (n_points 0).  Part indices are the same at every level.
 */
guint           cb_feature_set_get_n_lods           (CbFeatureSet *self);
double          cb_feature_set_get_lod_tolerance    (CbFeatureSet *self,
                                                     guint         lod);
/* The coarsest level whose tolerance is at most @tolerance_m. */
guint           cb_feature_set_pick_lod             (CbFeatureSet *self,
                                                     double        tolerance_m);
const double   *cb_feature_set_get_lod_part         (CbFeatureSet *self,
                                                     guint         lod,
                                                     guint         feature,
                                                     guint         part,
                                                     guint        *n_points);
/* Total vertices at a level (for the benchmark's report). */
gsize           cb_feature_set_get_lod_n_vertices   (CbFeatureSet *self,
                                                     guint         lod);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbFeatureSet, cb_feature_set_unref)

G_END_DECLS
