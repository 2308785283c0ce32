/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cb-feature-set-private.h"

/* Simplification levels, metres: a factor of two apart, so that the level
 * drawn is never more than twice as detailed as the screen can show,
 * from streets to the whole of Europe. */
static const double lod_tolerances[CB_FEATURE_SET_N_LODS] = {
  0, 15, 30, 60, 120, 240, 480, 960, 1920, 3840, 7680
};

G_DEFINE_BOXED_TYPE (CbFeatureSet, cb_feature_set, cb_feature_set_ref, cb_feature_set_unref)

G_DEFINE_ENUM_TYPE (CbGeometryType, cb_geometry_type,
  G_DEFINE_ENUM_VALUE (CB_GEOMETRY_POINT, "point"),
  G_DEFINE_ENUM_VALUE (CB_GEOMETRY_LINE, "line"),
  G_DEFINE_ENUM_VALUE (CB_GEOMETRY_POLYGON, "polygon"))

CbFeatureSet *
cb_feature_set_new_empty (void)
{
  CbFeatureSet *self = g_new0 (CbFeatureSet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  self->features = g_array_new (FALSE, FALSE, sizeof (CbFeature));
  for (guint i = 0; i < CB_FEATURE_SET_N_LODS; i++)
    {
      self->lods[i].coords = g_array_new (FALSE, FALSE, sizeof (double));
      self->lods[i].parts = g_array_new (FALSE, FALSE, sizeof (CbPartRef));
    }
  self->field_names = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (4096);
  cb_bounds_init_empty (&self->bounds);
  return self;
}

CbFeatureSet *
cb_feature_set_ref (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cb_feature_set_unref (CbFeatureSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->crs_note, g_free);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->features, g_array_unref);
  for (guint i = 0; i < CB_FEATURE_SET_N_LODS; i++)
    {
      g_clear_pointer (&self->lods[i].coords, g_array_unref);
      g_clear_pointer (&self->lods[i].parts, g_array_unref);
    }
  g_clear_pointer (&self->field_names, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->validity, g_free);
  g_free (self);
}

void
cb_feature_set_add_note (CbFeatureSet *self,
                         const char   *format,
                         ...)
{
  va_list args;
  char *note;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keep the array NULL-terminated for cb_feature_set_get_load_notes(). */
  g_ptr_array_index (self->notes, self->notes->len - 1) = note;
  g_ptr_array_add (self->notes, NULL);
}

double
cb_segment_distance2 (double px, double py,
                      double ax, double ay,
                      double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t, cx, cy;

  if (len2 <= 0)
    return (px - ax) * (px - ax) + (py - ay) * (py - ay);
  t = ((px - ax) * dx + (py - ay) * dy) / len2;
  t = CLAMP (t, 0.0, 1.0);
  cx = ax + t * dx - px;
  cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

const char *
cb_feature_set_get_path (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

CbGeometryType
cb_feature_set_get_geometry_type (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, CB_GEOMETRY_POINT);
  return self->geometry_type;
}

const char *
cb_feature_set_get_crs_note (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->crs_note;
}

gboolean
cb_feature_set_get_crs_assumed (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->crs_assumed;
}

const char *
cb_feature_set_get_encoding (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->encoding ? self->encoding : "";
}

const char * const *
cb_feature_set_get_load_notes (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->notes->pdata;
}

const CbBounds *
cb_feature_set_get_bounds (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->bounds;
}

guint
cb_feature_set_get_n_vertices (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lods[0].coords->len / 2;
}

guint
cb_feature_set_get_n_fields (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->values ? self->field_names->len : 0;
}

const char *
cb_feature_set_get_field_name (CbFeatureSet *self,
                         guint    field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < self->field_names->len, NULL);
  return g_ptr_array_index (self->field_names, field);
}

int
cb_feature_set_find_field (CbFeatureSet *self,
                     const char *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  if (self->values == NULL)
    return -1;
  for (guint i = 0; i < self->field_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->field_names, i), name) == 0)
      return i;
  return -1;
}

guint
cb_feature_set_get_n_features (CbFeatureSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->features->len;
}

#define FEATURE(self, i) (&g_array_index ((self)->features, CbFeature, (i)))

guint
cb_feature_set_get_feature_record (CbFeatureSet *self,
                             guint    feature)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (feature < self->features->len, 0);
  return FEATURE (self, feature)->record;
}

const CbBounds *
cb_feature_set_get_feature_bounds (CbFeatureSet *self,
                             guint    feature)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (feature < self->features->len, NULL);
  return &FEATURE (self, feature)->bounds;
}

guint
cb_feature_set_get_feature_n_parts (CbFeatureSet *self,
                              guint    feature)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (feature < self->features->len, 0);
  return FEATURE (self, feature)->n_parts;
}

const double *
cb_feature_set_get_lod_part (CbFeatureSet *self,
                       guint    lod,
                       guint    feature,
                       guint    part,
                       guint   *n_points)
{
  const CbFeature *feat;
  const CbPartRef *ref;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (lod < CB_FEATURE_SET_N_LODS, NULL);
  g_return_val_if_fail (feature < self->features->len, NULL);

  feat = FEATURE (self, feature);
  g_return_val_if_fail (part < feat->n_parts, NULL);

  ref = &g_array_index (self->lods[lod].parts, CbPartRef, feat->first_part + part);
  if (n_points)
    *n_points = ref->n_points;
  return (const double *) self->lods[lod].coords->data + 2 * (gsize) ref->first;
}

const double *
cb_feature_set_get_feature_part (CbFeatureSet *self,
                           guint    feature,
                           guint    part,
                           guint   *n_points)
{
  return cb_feature_set_get_lod_part (self, 0, feature, part, n_points);
}

guint
cb_feature_set_get_n_lods (CbFeatureSet *self)
{
  return CB_FEATURE_SET_N_LODS;
}

double
cb_feature_set_get_lod_tolerance (CbFeatureSet *self,
                            guint    lod)
{
  g_return_val_if_fail (lod < CB_FEATURE_SET_N_LODS, 0);
  return lod_tolerances[lod];
}

guint
cb_feature_set_pick_lod (CbFeatureSet *self,
                   double   tolerance_m)
{
  guint lod = 0;

  for (guint i = 1; i < CB_FEATURE_SET_N_LODS; i++)
    if (lod_tolerances[i] <= tolerance_m)
      lod = i;
  return lod;
}

gsize
cb_feature_set_get_lod_n_vertices (CbFeatureSet *self,
                             guint    lod)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (lod < CB_FEATURE_SET_N_LODS, 0);
  return self->lods[lod].coords->len / 2;
}

const char *
cb_feature_set_get_attribute_by_index (CbFeatureSet *self,
                                 guint    feature,
                                 guint    field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (feature < self->features->len, NULL);

  if (self->values == NULL || field >= self->field_names->len)
    return NULL;
  return self->values[(gsize) feature * self->field_names->len + field];
}

const char *
cb_feature_set_get_attribute (CbFeatureSet *self,
                        guint       feature,
                        const char *field_name)
{
  int field;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field_name != NULL, NULL);

  field = cb_feature_set_find_field (self, field_name);
  if (field < 0)
    return NULL;
  return cb_feature_set_get_attribute_by_index (self, feature, field);
}

CbCertainty
cb_feature_set_get_feature_certainty (CbFeatureSet *self,
                                guint    feature)
{
  g_return_val_if_fail (self != NULL, CB_CERTAINTY_DATASET);
  g_return_val_if_fail (feature < self->features->len, CB_CERTAINTY_DATASET);
  return FEATURE (self, feature)->certainty;
}

int
cb_feature_set_find_feature_by_id (CbFeatureSet *self,
                             const char *id)
{
  int field;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  field = cb_feature_set_find_field (self, "id");
  if (field < 0)
    return -1;
  for (guint i = 0; i < self->features->len; i++)
    if (g_strcmp0 (cb_feature_set_get_attribute_by_index (self, i, field), id) == 0)
      return i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */

guint32
cb_feature_set_parse_day (const char *text,
                          gboolean    last)
{
  unsigned year = 0, month = 0, day = 0;
  int consumed = 0;
  int n;

  if (text == NULL)
    return 0;
  n = sscanf (text, "%4u-%2u-%2u%n", &year, &month, &day, &consumed);
  if (n < 3)
    {
      consumed = 0;
      day = 0;
      n = sscanf (text, "%4u-%2u%n", &year, &month, &consumed);
      if (n < 2)
        {
          consumed = 0;
          month = 0;
          n = sscanf (text, "%4u%n", &year, &consumed);
          if (n < 1)
            return 0;
        }
    }
  if (text[consumed] != '\0' || year < 1 || year > 9999 || month > 12)
    return 0;

  if (month == 0)
    month = last ? 12 : 1;
  if (day == 0)
    day = last ? g_date_get_days_in_month (month, year) : 1;
  if (!g_date_valid_dmy (day, month, year))
    return 0;
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, day, month, year);
    return g_date_get_julian (&date);
  }
}

/* Immutable once made; made by the first caller of any thread. */
static const guint32 *
ensure_validity (CbFeatureSet *self)
{
  if (g_once_init_enter (&self->validity))
    {
      guint n = self->features->len;
      guint32 *validity = g_new0 (guint32, 2 * (gsize) MAX (n, 1));
      int from_field = cb_feature_set_find_field (self, "valid_from");
      int to_field = cb_feature_set_find_field (self, "valid_to");

      for (guint f = 0; f < n; f++)
        {
          if (from_field >= 0)
            validity[2 * f] = cb_feature_set_parse_day (cb_feature_set_get_attribute_by_index (self, f, from_field), FALSE);
          if (to_field >= 0)
            validity[2 * f + 1] = cb_feature_set_parse_day (cb_feature_set_get_attribute_by_index (self, f, to_field), TRUE);
        }
      g_once_init_leave (&self->validity, validity);
    }
  return self->validity;
}

void
cb_feature_set_get_validity (CbFeatureSet *self,
                             guint         feature,
                             guint32      *from_day,
                             guint32      *to_day)
{
  const guint32 *validity;

  g_return_if_fail (self != NULL);
  g_return_if_fail (feature < self->features->len);

  validity = ensure_validity (self);
  if (from_day)
    *from_day = validity[2 * feature];
  if (to_day)
    *to_day = validity[2 * feature + 1];
}

gboolean
cb_feature_set_is_valid_on (CbFeatureSet *self,
                            guint         feature,
                            guint32       julian_day)
{
  const guint32 *validity;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (feature < self->features->len, FALSE);

  if (julian_day == 0)
    return TRUE;
  validity = ensure_validity (self);
  return (validity[2 * feature] == 0 || validity[2 * feature] <= julian_day) &&
         (validity[2 * feature + 1] == 0 || julian_day <= validity[2 * feature + 1]);
}
