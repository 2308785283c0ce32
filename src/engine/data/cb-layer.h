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

/* The DBF field "certainty" of a feature. */
typedef enum
{
  CB_CERTAINTY_DATASET,
  CB_CERTAINTY_RECONSTRUCTED,
  CB_CERTAINTY_APPROXIMATE,
} CbCertainty;

/* The legend group a layer belongs to (set by CbLayerCatalog). */
typedef enum
{
  CB_LAYER_GROUP_TREATY_1920,
  CB_LAYER_GROUP_LINES_1919_1923,
  CB_LAYER_GROUP_REGIONS,
  CB_LAYER_GROUP_CONTEXT,
  CB_LAYER_GROUP_USER,
} CbLayerGroup;

GType cb_layer_group_get_type (void) G_GNUC_CONST;
#define CB_TYPE_LAYER_GROUP (cb_layer_group_get_type ())

/* Straight (non-premultiplied) RGBA, each 0..1. */
typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} CbColor;

#define CB_STYLE_MAX_DASHES 6

/**
 * CbLayerStyle:
 * @line_light, @line_dark: stroke colour on the light and dark palettes
 *   (alpha 0 = no stroke)
 * @fill_light, @fill_dark: fill colour of polygons (alpha 0 = no fill)
 * @line_width: stroke width in logical pixels
 * @dashes, @n_dashes: dash pattern in logical pixels for "dataset" features
 *   (n_dashes 0 = solid)
 * @uncertain_dashes, @n_uncertain_dashes: dash pattern for "reconstructed"
 *   and "approximate" features (same colour, visibly different)
 * @uncertain_alpha: opacity multiplier for those features
 * @point_radius: radius of point symbols in logical pixels
 * @casing: draw a thin halo in the background colour under the line, so
 *   that it stays readable over fills
 */
typedef struct
{
  CbColor line_light;
  CbColor line_dark;
  CbColor fill_light;
  CbColor fill_dark;
  double  line_width;
  double  dashes[CB_STYLE_MAX_DASHES];
  guint   n_dashes;
  double  uncertain_dashes[CB_STYLE_MAX_DASHES];
  guint   n_uncertain_dashes;
  double  uncertain_alpha;
  double  point_radius;
  gboolean casing;
} CbLayerStyle;

#define CB_TYPE_LAYER (cb_layer_get_type ())
G_DECLARE_FINAL_TYPE (CbLayer, cb_layer, CB, LAYER, GObject)

/*
 * CbLayer: one loaded shapefile.  Geometry is projected into the map CRS
 * once, at load, and kept as flat arrays of doubles with a bounding box per
 * feature.  Attributes are UTF-8 (converted from the .cpg/LDID encoding).
 *
 * Properties: "id" (string, the file's basename unless set), "title"
 * (translated display name), "visible" (boolean), "group" (CbLayerGroup);
 * setting a new style notifies "style" (a read-only pointer property).
 *
 * NULL shapes are skipped (counted in the load notes); feature indices
 * run 0..n_features-1 over the features actually loaded, and
 * cb_layer_get_feature_record() gives the DBF record of each.
 */
CbLayer        *cb_layer_new_from_file          (const char   *shp_path,
                                                 GError      **error);

const char     *cb_layer_get_id                 (CbLayer      *self);
void            cb_layer_set_id                 (CbLayer      *self,
                                                 const char   *id);
const char     *cb_layer_get_title              (CbLayer      *self);
void            cb_layer_set_title              (CbLayer      *self,
                                                 const char   *title);
gboolean        cb_layer_get_visible            (CbLayer      *self);
void            cb_layer_set_visible            (CbLayer      *self,
                                                 gboolean      visible);
CbLayerGroup    cb_layer_get_group              (CbLayer      *self);
void            cb_layer_set_group              (CbLayer      *self,
                                                 CbLayerGroup  group);
/* The style is copied; the returned pointer is owned by the layer. */
const CbLayerStyle *cb_layer_get_style          (CbLayer      *self);
void            cb_layer_set_style              (CbLayer      *self,
                                                 const CbLayerStyle *style);

const char     *cb_layer_get_path               (CbLayer      *self);
CbGeometryType  cb_layer_get_geometry_type      (CbLayer      *self);
/* e.g. "LKS94 / Lithuania TM (from .prj)" or "no .prj: assumed WGS84". */
const char     *cb_layer_get_crs_note           (CbLayer      *self);
gboolean        cb_layer_get_crs_assumed        (CbLayer      *self);
/* The encoding attributes were read in, e.g. "CP1257". */
const char     *cb_layer_get_encoding           (CbLayer      *self);
/* Things the loader repaired or skipped, one sentence each (may be empty). */
const char * const *cb_layer_get_load_notes     (CbLayer      *self);
/* Bounds of all features, in map metres. */
const CbBounds *cb_layer_get_bounds             (CbLayer      *self);
guint           cb_layer_get_n_vertices         (CbLayer      *self);

/* Attribute table. */
guint           cb_layer_get_n_fields           (CbLayer      *self);
const char     *cb_layer_get_field_name         (CbLayer      *self,
                                                 guint         field);
/* -1 when absent; case-insensitive. */
int             cb_layer_find_field             (CbLayer      *self,
                                                 const char   *name);

/* Features. */
guint           cb_layer_get_n_features         (CbLayer      *self);
guint           cb_layer_get_feature_record     (CbLayer      *self,
                                                 guint         feature);
const CbBounds *cb_layer_get_feature_bounds     (CbLayer      *self,
                                                 guint         feature);
guint           cb_layer_get_feature_n_parts    (CbLayer      *self,
                                                 guint         feature);
/*
 * The projected vertices of one part as interleaved x, y pairs (map
 * metres); @n_points receives the number of points.  Polygon parts are
 * rings (outer and holes alike; draw with the even-odd rule).
 */
const double   *cb_layer_get_feature_part       (CbLayer      *self,
                                                 guint         feature,
                                                 guint         part,
                                                 guint        *n_points);
/* UTF-8 value of a field, NULL when the field does not exist; "" for NULL values. */
const char     *cb_layer_get_attribute          (CbLayer      *self,
                                                 guint         feature,
                                                 const char   *field_name);
const char     *cb_layer_get_attribute_by_index (CbLayer      *self,
                                                 guint         feature,
                                                 guint         field);
CbCertainty     cb_layer_get_feature_certainty  (CbLayer      *self,
                                                 guint         feature);
/* The feature whose "id" attribute is @id, or -1. */
int             cb_layer_find_feature_by_id     (CbLayer      *self,
                                                 const char   *id);

/*
 * Hit-tests: the nearest feature within @radius_m map metres of
 * (@map_x, @map_y), or -1.  For points it is the nearest point, for lines
 * the nearest segment, for polygons a feature containing the point (or
 * whose outline is within the radius).
 */
int             cb_layer_find_point_feature     (CbLayer      *self,
                                                 double        map_x,
                                                 double        map_y,
                                                 double        radius_m);
int             cb_layer_find_feature_at        (CbLayer      *self,
                                                 double        map_x,
                                                 double        map_y,
                                                 double        radius_m);

G_END_DECLS
