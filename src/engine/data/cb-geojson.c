/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-geojson.h"

#include "cb-checked-file.h"
#include "cb-projection.h"
#include "cb-simplify.h"

/* As in cb-shapefile.c: vertices further than this from the map's origin
 * belong to no map of this region and would overflow cairo later. */
#define CB_MAP_LIMIT_M 5.0e6

typedef struct
{
  CbFeatureSet *set;
  CbProjection *projection;
  const char   *display;
  gboolean      wgs84;
  gboolean      have_type;
  GHashTable   *field_index;   /* name -> index + 1 */
  GPtrArray    *rows;          /* GPtrArray of const char * per feature */
  GArray       *xs;
  GArray       *ys;
  gsize         dropped_vertices;
  gsize         null_geometries;
  gsize         emptied_features;
  gsize         bad_parts;
  guint         feature_number;  /* of the file, for messages */
} Loader;

/* A member's string value, or @fallback when it is absent or not a string:
 * json_object_get_string_member_with_default() is a critical warning on an
 * array or object member (found by fuzzing). */
static const char *
member_string (JsonObject *object,
               const char *name,
               const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

static const char *
geometry_type_name (CbGeometryType type)
{
  switch (type)
    {
    case CB_GEOMETRY_POINT: return _("points");
    case CB_GEOMETRY_LINE: return _("lines");
    case CB_GEOMETRY_POLYGON: default: return _("polygons");
    }
}

static gboolean
set_geometry_type (Loader          *loader,
                   CbGeometryType   type,
                   GError         **error)
{
  if (!loader->have_type)
    {
      loader->set->geometry_type = type;
      loader->have_type = TRUE;
      return TRUE;
    }
  if (loader->set->geometry_type == type)
    return TRUE;
  g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
               _("%s: mixes geometry types (%s and %s); a layer holds one kind, so split the file"),
               loader->display, geometry_type_name (loader->set->geometry_type),
               geometry_type_name (type));
  return FALSE;
}

/* One position [lon, lat, ...] appended to the scratch arrays. */
static gboolean
read_position (Loader    *loader,
               JsonNode  *node,
               GError   **error)
{
  JsonArray *array;
  double xy[2];

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) < 2)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: feature %u has a position that is not a list of two numbers"),
                   loader->display, loader->feature_number);
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *value = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                       _("%s: feature %u has a coordinate that is not a number"),
                       loader->display, loader->feature_number);
          return FALSE;
        }
      xy[i] = json_node_get_double (value);
    }
  if (loader->wgs84 && (!isfinite (xy[0]) || !isfinite (xy[1]) ||
                        fabs (xy[0]) > 180 || fabs (xy[1]) > 90))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: feature %u has coordinates out of range (%g, %g); GeoJSON "
                     "holds WGS84 longitude (−180 to 180) and latitude (−90 to 90)"),
                   loader->display, loader->feature_number, xy[0], xy[1]);
      return FALSE;
    }
  g_array_append_val (loader->xs, xy[0]);
  g_array_append_val (loader->ys, xy[1]);
  return TRUE;
}

static gboolean
read_positions (Loader    *loader,
                JsonNode  *node,
                GError   **error)
{
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: feature %u has coordinates that are not a list of positions"),
                   loader->display, loader->feature_number);
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    if (!read_position (loader, json_array_get_element (array, i), error))
      return FALSE;
  return TRUE;
}

/* Projects the scratch positions and appends them as one part. */
static void
flush_part (Loader    *loader,
            CbFeature *feat)
{
  CbLod *lod = &loader->set->lods[0];
  double *x = (double *) loader->xs->data, *y = (double *) loader->ys->data;
  guint n = loader->xs->len;
  CbPartRef ref = { lod->coords->len / 2, 0 };
  guint min_points;

  cb_projection_forward (loader->projection, x, y, n);
  for (guint i = 0; i < n; i++)
    {
      double pt[2] = { x[i], y[i] };

      if (!isfinite (pt[0]) || !isfinite (pt[1]) ||
          fabs (pt[0]) > CB_MAP_LIMIT_M || fabs (pt[1]) > CB_MAP_LIMIT_M)
        {
          loader->dropped_vertices++;
          continue;
        }
      g_array_append_vals (lod->coords, pt, 2);
      ref.n_points++;
      cb_bounds_extend (&feat->bounds, pt[0], pt[1]);
    }
  g_array_set_size (loader->xs, 0);
  g_array_set_size (loader->ys, 0);

  min_points = loader->set->geometry_type == CB_GEOMETRY_POINT ? 1
             : loader->set->geometry_type == CB_GEOMETRY_LINE ? 2 : 3;
  if (ref.n_points < min_points)
    {
      if (n > 0)
        loader->bad_parts++;
      g_array_set_size (lod->coords, ref.first * 2);
      return;
    }
  g_array_append_val (lod->parts, ref);
  feat->n_parts++;
}

static gboolean
read_geometry (Loader    *loader,
               JsonNode  *node,
               CbFeature *feat,
               GError   **error)
{
  JsonObject *object;
  JsonNode *coords;
  JsonArray *array;
  const char *type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;  /* an unlocated feature: counted by the caller */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: feature %u has a geometry that is not an object"),
                   loader->display, loader->feature_number);
      return FALSE;
    }
  object = json_node_get_object (node);
  type = member_string (object, "type", "");
  coords = json_object_get_member (object, "coordinates");

  if (strcmp (type, "GeometryCollection") == 0)
    {
      JsonNode *members = json_object_get_member (object, "geometries");

      if (members == NULL || !JSON_NODE_HOLDS_ARRAY (members))
        {
          g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                       _("%s: feature %u has a GeometryCollection without geometries"),
                       loader->display, loader->feature_number);
          return FALSE;
        }
      array = json_node_get_array (members);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_geometry (loader, json_array_get_element (array, i), feat, error))
          return FALSE;
      return TRUE;
    }

  if (strcmp (type, "Point") == 0 || strcmp (type, "MultiPoint") == 0)
    {
      if (!set_geometry_type (loader, CB_GEOMETRY_POINT, error))
        return FALSE;
      /* Points and multipoints: one part holding every point, as in shapefiles. */
      if (!(type[0] == 'P' ? read_position (loader, coords, error)
                           : read_positions (loader, coords, error)))
        return FALSE;
      flush_part (loader, feat);
      return TRUE;
    }

  if (strcmp (type, "LineString") == 0 || strcmp (type, "Polygon") == 0 ||
      strcmp (type, "MultiLineString") == 0 || strcmp (type, "MultiPolygon") == 0)
    {
      gboolean multi = type[0] == 'M';
      gboolean polygon = strstr (type, "Polygon") != NULL;
      /* Nesting depth of the part lists: LineString 0, MultiLineString and
       * Polygon 1, MultiPolygon 2. */
      guint depth = (multi ? 1 : 0) + (polygon ? 1 : 0);
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();

      if (!set_geometry_type (loader, polygon ? CB_GEOMETRY_POLYGON : CB_GEOMETRY_LINE, error))
        return FALSE;

      g_ptr_array_add (parts, coords);
      for (guint d = 0; d < depth; d++)
        {
          g_autoptr(GPtrArray) next = g_ptr_array_new ();

          for (guint i = 0; i < parts->len; i++)
            {
              JsonNode *list = g_ptr_array_index (parts, i);

              if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
                {
                  g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                               _("%s: feature %u has %s coordinates nested wrongly"),
                               loader->display, loader->feature_number, type);
                  return FALSE;
                }
              array = json_node_get_array (list);
              for (guint k = 0; k < json_array_get_length (array); k++)
                g_ptr_array_add (next, json_array_get_element (array, k));
            }
          g_ptr_array_set_size (parts, 0);
          g_ptr_array_extend_and_steal (parts, g_steal_pointer (&next));
        }
      for (guint i = 0; i < parts->len; i++)
        {
          if (!read_positions (loader, g_ptr_array_index (parts, i), error))
            return FALSE;
          flush_part (loader, feat);
        }
      return TRUE;
    }

  {
    g_autofree char *shown = g_utf8_make_valid (type, -1);  /* "\ud800" decodes to non-UTF-8 */

    g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                 _("%s: feature %u has an unknown geometry type “%s”"),
                 loader->display, loader->feature_number, shown);
  }
  return FALSE;
}

/* A property value as text: strings as they are, the rest as JSON. */
static const char *
value_to_string (Loader   *loader,
                 JsonNode *node)
{
  g_autofree char *text = NULL;
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "";
  if (!JSON_NODE_HOLDS_VALUE (node))
    text = json_to_string (node, FALSE);
  else if ((type = json_node_get_value_type (node)) == G_TYPE_STRING)
    {
      const char *value = json_node_get_string (node);

      /* A valid file can still decode to bytes that are not UTF-8: JSON's
       * "\ud800" escape (a lone surrogate) does (found by fuzzing). */
      if (g_utf8_validate (value, -1, NULL))
        return g_string_chunk_insert_const (loader->set->strings, value);
      text = g_utf8_make_valid (value, -1);
    }
  else if (type == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));
    }
  else if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? "true" : "false";
  else
    return "";
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  return g_string_chunk_insert_const (loader->set->strings, text);
}

/* Sets field @name of @row (adding the field the first time it is seen);
 * unless @keep_existing and it has a value already. */
static void
set_field (Loader     *loader,
           GPtrArray  *row,
           const char *name,
           JsonNode   *value,
           gboolean    keep_existing)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (loader->field_index, name));

  if (index == 0)
    {
      char *copy = g_utf8_make_valid (name, -1);

      g_ptr_array_add (loader->set->field_names, copy);
      index = loader->set->field_names->len;
      g_hash_table_insert (loader->field_index, copy, GUINT_TO_POINTER (index));
    }
  if (row->len < index)
    g_ptr_array_set_size (row, index);
  if (keep_existing && g_ptr_array_index (row, index - 1) != NULL)
    return;
  g_ptr_array_index (row, index - 1) = (gpointer) value_to_string (loader, value);
}

/* The properties, and the Feature's own "id" (RFC 7946 §3.2) as the field
 * "id" unless a property has that name. */
static void
read_properties (Loader   *loader,
                 JsonNode *node,
                 JsonNode *feature_id)
{
  GPtrArray *row = g_ptr_array_new ();

  g_ptr_array_add (loader->rows, row);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      GList *members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        set_field (loader, row, l->data, json_object_get_member (object, l->data), FALSE);
      g_list_free (members);
    }
  if (feature_id != NULL && JSON_NODE_HOLDS_VALUE (feature_id))
    set_field (loader, row, "id", feature_id, TRUE);
}

static gboolean
read_feature (Loader      *loader,
              JsonNode    *node,
              guint        record,
              GError     **error)
{
  JsonObject *object;
  JsonNode *geometry;
  CbFeature feat = { 0 };

  loader->feature_number = record + 1;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (member_string (json_node_get_object (node), "type", ""),
                 "Feature") != 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: item %u of “features” is not a Feature"),
                   loader->display, record + 1);
      return FALSE;
    }
  object = json_node_get_object (node);

  feat.record = record;
  feat.first_part = loader->set->lods[0].parts->len;
  cb_bounds_init_empty (&feat.bounds);
  geometry = json_object_get_member (object, "geometry");
  if (!read_geometry (loader, geometry, &feat, error))
    return FALSE;
  if (feat.n_parts == 0)
    {
      /* Told apart: "no geometry" is the file's choice, "no usable part"
       * is what the loader dropped (short parts, far-away vertices). */
      if (geometry == NULL || JSON_NODE_HOLDS_NULL (geometry))
        loader->null_geometries++;
      else
        loader->emptied_features++;
      return TRUE;
    }

  g_array_append_val (loader->set->features, feat);
  cb_bounds_union (&loader->set->bounds, &feat.bounds);
  read_properties (loader, json_object_get_member (object, "properties"),
                   json_object_get_member (object, "id"));
  return TRUE;
}

/* The legacy "crs" member of GeoJSON 2008: {"type": "name", "properties":
 * {"name": "urn:ogc:def:crs:EPSG::3346"}}.  NULL when absent or WGS84. */
static const char *
legacy_crs_name (JsonObject *root)
{
  JsonNode *crs = json_object_get_member (root, "crs");
  JsonNode *props_node;
  JsonObject *props;
  const char *name;

  if (crs == NULL || !JSON_NODE_HOLDS_OBJECT (crs))
    return NULL;
  /* Not json_object_get_object_member(): it is a critical warning when
   * "properties" is missing (found by fuzzing). */
  props_node = json_object_get_member (json_node_get_object (crs), "properties");
  if (props_node == NULL || !JSON_NODE_HOLDS_OBJECT (props_node))
    return NULL;
  props = json_node_get_object (props_node);
  name = member_string (props, "name", NULL);
  if (name == NULL || strstr (name, "CRS84") != NULL || g_str_has_suffix (name, ":4326"))
    return NULL;
  return name;
}

static gboolean
check_file (const char  *path,
            const char  *display,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, CB_ERROR, saved == ENOENT ? CB_ERROR_NOT_FOUND : CB_ERROR_IO,
                   _("%s cannot be opened: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   _("%s is a folder, not a map file"), display);
      return FALSE;
    }
  if ((goffset) st.st_size > CB_GEOJSON_MAX_BYTES)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                   _("%s is too large to open (%u MB; GeoJSON files up to %u MB can be opened — a shapefile holds more)"),
                   display, (guint) MIN (st.st_size / (1024 * 1024), G_MAXUINT),
                   (guint) (CB_GEOJSON_MAX_BYTES / (1024 * 1024)));
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, CB_ERROR, CB_ERROR_IO,
                   _("%s cannot be read: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Deeper than any GeoJSON needs (a MultiPolygon in a collection is about
 * ten): json-glib's parser recurses, so a hostile file could overflow the
 * stack. */
#define MAX_DEPTH 64

/* Whether brackets nest deeper than MAX_DEPTH outside strings. */
static gboolean
too_deep (const char *data,
          gsize       length)
{
  gboolean in_string = FALSE, escaped = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return TRUE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return FALSE;
}

static gboolean
load_root (Loader      *loader,
           JsonNode    *root_node,
           GError     **error)
{
  JsonObject *root;
  const char *type;

  if (root_node == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: the file is empty"), loader->display);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: not GeoJSON (the file is JSON, but not an object with a “type”)"),
                   loader->display);
      return FALSE;
    }
  root = json_node_get_object (root_node);
  type = member_string (root, "type", NULL);
  if (type == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: not GeoJSON (no “type” member)"), loader->display);
      return FALSE;
    }

  if (strcmp (type, "FeatureCollection") == 0)
    {
      JsonNode *features = json_object_get_member (root, "features");
      JsonArray *array;

      if (features == NULL || !JSON_NODE_HOLDS_ARRAY (features))
        {
          g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                       _("%s: the FeatureCollection has no “features” list"), loader->display);
          return FALSE;
        }
      array = json_node_get_array (features);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_feature (loader, json_array_get_element (array, i), i, error))
          return FALSE;
      return TRUE;
    }
  if (strcmp (type, "Feature") == 0)
    return read_feature (loader, root_node, 0, error);

  /* A bare geometry: one feature without properties. */
  {
    CbFeature feat = { 0 };

    loader->feature_number = 1;
    cb_bounds_init_empty (&feat.bounds);
    if (!read_geometry (loader, root_node, &feat, error))
      return FALSE;
    if (feat.n_parts > 0)
      {
        g_array_append_val (loader->set->features, feat);
        cb_bounds_union (&loader->set->bounds, &feat.bounds);
        g_ptr_array_add (loader->rows, g_ptr_array_new ());
      }
    return TRUE;
  }
}

static CbCertainty
parse_certainty (const char *value)
{
  if (value == NULL)
    return CB_CERTAINTY_DATASET;
  if (g_ascii_strncasecmp (value, "reconstruct", 11) == 0)
    return CB_CERTAINTY_RECONSTRUCTED;
  if (g_ascii_strncasecmp (value, "approx", 6) == 0)
    return CB_CERTAINTY_APPROXIMATE;
  return CB_CERTAINTY_DATASET;
}

gboolean
cb_geojson_is_geojson_path (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json");
}

CbFeatureSet *
cb_geojson_load (const char  *path,
                 GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  if (!check_file (path, display, error))
    return NULL;
  /* A FIFO or a device passes a stat() check: the checked open refuses
   * them without blocking, and the mapping is made from that very file. */
  fd = cb_checked_file_open (path, CB_GEOJSON_MAX_BYTES, NULL, error);
  if (fd < 0)
    return NULL;
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_IO, _("%s cannot be read: %s"),
                   display, local_error->message);
      return NULL;
    }
  return cb_geojson_load_from_data (g_mapped_file_get_contents (mapped),
                                    g_mapped_file_get_length (mapped), path, error);
}

CbFeatureSet *
cb_geojson_load_from_data (const char  *data,
                           gsize        length,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(CbFeatureSet) set = NULL;
  g_autoptr(CbProjection) projection = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) field_index = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) xs = NULL;
  g_autoptr(GArray) ys = NULL;
  g_autofree char *display = NULL;
  const char *crs_name;
  JsonNode *root;
  Loader loader = { 0 };
  guint n_fields, n_features;
  int certainty_field;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  if (length == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT, _("%s: the file is empty"), display);
      return NULL;
    }
  {
    const char *nul = memchr (data, '\0', length);
    const char *end = NULL;

    /* Said plainly here: json-glib calls both "must be UTF-8 encoded". */
    if (nul != NULL)
      {
        g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                     _("%s: not a text file (a NUL byte at byte %lu)"),
                     display, (unsigned long) (nul - data) + 1);
        return NULL;
      }
    if (!g_utf8_validate_len (data, length, &end))
      {
        g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                     _("%s: not UTF-8 text (byte 0x%02X at byte %lu); GeoJSON must be UTF-8"),
                     display, (guint) (guchar) *end, (unsigned long) (end - data) + 1);
        return NULL;
      }
  }
  if (too_deep (data, length))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: not GeoJSON (lists nested more than %d deep)"), display, MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib quotes the bad token, which may hold a lone UTF-16
       * surrogate decoded into bytes that are not UTF-8 (found by fuzzing). */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("%s: not valid JSON (%s)"), display, reason);
      return NULL;
    }
  root = json_parser_get_root (parser);

  set = cb_feature_set_new_empty ();
  set->path = g_strdup (path);
  set->encoding = g_strdup ("UTF-8");

  crs_name = root && JSON_NODE_HOLDS_OBJECT (root) ? legacy_crs_name (json_node_get_object (root)) : NULL;
  if (crs_name != NULL)
    {
      projection = cb_projection_new_from_definition (crs_name, &local_error);
      if (projection == NULL)
        {
          const char *reason = local_error->message;

          /* The projection names its input "CRS definition": here the file
           * and the name already say which. */
          if (g_str_has_prefix (reason, "CRS definition: "))
            reason += strlen ("CRS definition: ");
          g_autofree char *shown = g_utf8_make_valid (crs_name, -1);

          g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                       _("%s: its coordinate system “%s” cannot be used (%s)"),
                       display, shown, reason);
          return NULL;
        }
      set->crs_note = g_strdup_printf (_("%s (from the file’s “crs”)"),
                                       cb_projection_get_source_name (projection));
    }
  else
    {
      projection = cb_projection_new_geographic (error);
      if (projection == NULL)
        return NULL;
      set->crs_note = g_strdup (_("WGS84 (GeoJSON)"));
    }

  field_index = g_hash_table_new (g_str_hash, g_str_equal);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  xs = g_array_new (FALSE, FALSE, sizeof (double));
  ys = g_array_new (FALSE, FALSE, sizeof (double));
  loader = (Loader) {
    .set = set, .projection = projection, .display = display,
    .wgs84 = crs_name == NULL, .field_index = field_index, .rows = rows,
    .xs = xs, .ys = ys,
  };

  if (!load_root (&loader, root, error))
    return NULL;

  n_features = set->features->len;
  if (n_features == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   loader.null_geometries > 0 || loader.emptied_features > 0
                   ? _("%s: no feature has a usable geometry")
                   : _("%s: the file holds no features"),
                   display);
      return NULL;
    }

  n_fields = set->field_names->len;
  set->values = g_new0 (const char *, (gsize) MAX (n_fields, 1) * n_features);
  for (guint i = 0; i < n_features; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      for (guint f = 0; f < n_fields; f++)
        {
          const char *value = f < row->len ? g_ptr_array_index (row, f) : NULL;

          set->values[(gsize) i * n_fields + f] = value ? value : "";
        }
    }

  certainty_field = cb_feature_set_find_field (set, "certainty");
  for (guint i = 0; i < n_features && certainty_field >= 0; i++)
    g_array_index (set->features, CbFeature, i).certainty =
      parse_certainty (cb_feature_set_get_attribute_by_index (set, i, certainty_field));

  if (loader.null_geometries)
    {
      guint n = (guint) MIN (loader.null_geometries, G_MAXUINT);

      cb_feature_set_add_note (set, ngettext ("%s: %u feature without geometry skipped",
                                              "%s: %u features without geometry skipped", n),
                               display, n);
    }
  if (loader.bad_parts)
    {
      guint n = (guint) MIN (loader.bad_parts, G_MAXUINT);

      cb_feature_set_add_note (set, ngettext ("%s: %u part with too few points skipped",
                                              "%s: %u parts with too few points skipped", n),
                               display, n);
    }
  if (loader.dropped_vertices)
    {
      guint n = (guint) MIN (loader.dropped_vertices, G_MAXUINT);

      cb_feature_set_add_note (set, ngettext ("%s: %u vertex far outside the map’s area dropped",
                                              "%s: %u vertices far outside the map’s area dropped", n),
                               display, n);
    }
  if (loader.emptied_features)
    {
      guint n = (guint) MIN (loader.emptied_features, G_MAXUINT);

      cb_feature_set_add_note (set, ngettext ("%s: %u feature left without a usable part skipped",
                                              "%s: %u features left without a usable part skipped", n),
                               display, n);
    }

  cb_simplify_build_lods (set);
  return g_steal_pointer (&set);
}
