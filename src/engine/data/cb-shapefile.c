/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <shapefil.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cb-error.h"
#include "cb-shapefile.h"
#include "cb-shapefile-io.h"
#include "cb-simplify.h"

/* Projected coordinates further than this from the map's origin are not
 * part of any map of this region; dropping them keeps every screen
 * coordinate well inside cairo's fixed-point range at the closest zoom. */
#define CB_MAP_LIMIT_M 5.0e6

/* ------------------------------------------------------------------ */
/* Companion files and shapelib's error reporting                      */

/* Every file shapelib opens goes through cb-shapefile-io's hooks. */
#define shapelib_error cb_shapefile_io_last_error

static char *
find_companion (const char *base,
                const char *ext)
{
  return cb_shapefile_io_find (base, ext, NULL);
}

/* Why shapelib would not open a .dbf: it seldom says. */
static char *
diagnose_dbf (const char *path,
              SAHooks    *hooks)
{
  SAFile fp = hooks->FOpen (path, "rb");
  guint8 header[32];
  SAOffset got;
  gulong size;
  guint header_len, record_len;

  if (fp == NULL)
    return g_strdup (shapelib_error ());
  got = hooks->FRead (header, 1, sizeof header, fp);
  hooks->FSeek (fp, 0, SEEK_END);
  size = hooks->FTell (fp);
  hooks->FClose (fp);

  if (got < sizeof header)
    return g_strdup_printf ("%lu bytes, too short for a dBASE header", size);
  header_len = header[8] | (header[9] << 8);
  record_len = header[10] | (header[11] << 8);
  if (header_len < 33 || header_len > size)
    return g_strdup_printf ("its header length %u does not fit a file of %lu bytes", header_len, size);
  if (record_len == 0)
    return g_strdup ("its record length is zero");
  if ((header_len - 32) / 32 == 0)
    return g_strdup ("it declares no fields");
  return g_strdup_printf ("bad field descriptors (%s)", shapelib_error ());
}

/* ------------------------------------------------------------------ */
/* Encodings                                                           */

/* The code page of a .cpg file or the DBF language driver id, as an
 * iconv name, or NULL when unknown. */
static const char *
encoding_from_code_page (const char *code_page)
{
  g_autofree char *up = NULL;
  const char *digits;
  int ldid;

  if (code_page == NULL || *code_page == '\0')
    return NULL;

  up = g_ascii_strup (code_page, -1);
  g_strstrip (up);

  if (g_str_has_prefix (up, "LDID/"))
    {
      ldid = atoi (up + 5);
      switch (ldid)
        {
        case 0x01: return "CP437";
        case 0x02: return "CP850";
        case 0x03: return "CP1252";
        case 0x57: return NULL;  /* "ANSI": the writer's code page, unknown */
        case 0x64: return "CP852";
        case 0x65: return "CP866";
        case 0xC8: return "CP1250";
        case 0xC9: return "CP1251";
        case 0xCA: return "CP1254";
        case 0xCB: return "CP1253";
        case 0xCC: return "CP1257";
        default: return NULL;
        }
    }

  if (strstr (up, "UTF-8") || strstr (up, "UTF8") || strcmp (up, "65001") == 0)
    return "UTF-8";

  /* "1257", "CP1257", "ANSI 1257", "WINDOWS-1257", "88591", "ISO-8859-13"... */
  if (strstr (up, "8859"))
    {
      const char *tail = strstr (up, "8859") + 4;

      if (*tail == '-' || *tail == '_')
        tail++;
      if (strcmp (tail, "1") == 0) return "ISO-8859-1";
      if (strcmp (tail, "2") == 0) return "ISO-8859-2";
      if (strcmp (tail, "4") == 0) return "ISO-8859-4";
      if (strcmp (tail, "5") == 0) return "ISO-8859-5";
      if (strcmp (tail, "13") == 0) return "ISO-8859-13";
      return NULL;
    }
  if (strstr (up, "KOI8"))
    return strstr (up, "U") ? "KOI8-U" : "KOI8-R";

  digits = up;
  while (*digits && !g_ascii_isdigit (*digits))
    digits++;
  if (strcmp (digits, "1250") == 0) return "CP1250";
  if (strcmp (digits, "1251") == 0) return "CP1251";
  if (strcmp (digits, "1252") == 0) return "CP1252";
  if (strcmp (digits, "1257") == 0) return "CP1257";
  if (strcmp (digits, "866") == 0) return "CP866";
  if (strcmp (digits, "852") == 0) return "CP852";
  if (strcmp (digits, "775") == 0) return "CP775";
  return NULL;
}

/* Converts one raw DBF value to UTF-8 in the layer's string chunk. */
static const char *
intern_value (CbFeatureSet *self,
              GIConv      conv,
              const char *raw)
{
  g_autofree char *converted = NULL;
  const char *end = NULL;

  if (raw == NULL || *raw == '\0')
    return "";

  if (conv != (GIConv) -1)
    {
      gsize len = strlen (raw);
      g_autoptr(GError) error = NULL;

      g_iconv (conv, NULL, NULL, NULL, NULL);
      converted = g_convert_with_iconv (raw, len, conv, NULL, NULL, &error);
    }

  if (converted == NULL)
    {
      /* Undeclared or failed: keep valid UTF-8, replace the rest. */
      if (g_utf8_validate (raw, -1, &end))
        converted = g_strdup (raw);
      else
        converted = g_utf8_make_valid (raw, -1);
    }

  g_strstrip (converted);
  return g_string_chunk_insert_const (self->strings, converted);
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

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

static gboolean
geometry_type_from_shp (int             shp_type,
                        CbGeometryType *out)
{
  switch (shp_type)
    {
    case SHPT_POINT:
    case SHPT_POINTZ:
    case SHPT_POINTM:
    case SHPT_MULTIPOINT:
    case SHPT_MULTIPOINTZ:
    case SHPT_MULTIPOINTM:
      *out = CB_GEOMETRY_POINT;
      return TRUE;
    case SHPT_ARC:
    case SHPT_ARCZ:
    case SHPT_ARCM:
      *out = CB_GEOMETRY_LINE;
      return TRUE;
    case SHPT_POLYGON:
    case SHPT_POLYGONZ:
    case SHPT_POLYGONM:
      *out = CB_GEOMETRY_POLYGON;
      return TRUE;
    default:
      return FALSE;
    }
}

typedef struct
{
  gsize dropped_vertices;
  gsize bad_parts;
  gsize null_shapes;
  gsize unreadable;
  gsize type_mismatch;
} LoadStats;

/* Appends one part (already projected in @x, @y) to level 0, dropping
 * unprojectable or far-away vertices.  Returns TRUE if something was kept. */
static gboolean
append_part (CbFeatureSet *self,
             CbFeature *feat,
             double    *x,
             double    *y,
             guint      n,
             LoadStats *stats)
{
  CbLod *lod = &self->lods[0];
  CbPartRef ref;
  guint min_points;

  ref.first = lod->coords->len / 2;
  ref.n_points = 0;

  for (guint i = 0; i < n; i++)
    {
      double pt[2] = { x[i], y[i] };

      if (!isfinite (pt[0]) || !isfinite (pt[1]) ||
          fabs (pt[0]) > CB_MAP_LIMIT_M || fabs (pt[1]) > CB_MAP_LIMIT_M)
        {
          stats->dropped_vertices++;
          continue;
        }
      g_array_append_vals (lod->coords, pt, 2);
      ref.n_points++;
      cb_bounds_extend (&feat->bounds, pt[0], pt[1]);
    }

  min_points = self->geometry_type == CB_GEOMETRY_POINT ? 1
             : self->geometry_type == CB_GEOMETRY_LINE ? 2 : 3;
  if (ref.n_points < min_points)
    {
      if (n > 0)
        stats->bad_parts++;
      g_array_set_size (lod->coords, ref.first * 2);
      return FALSE;
    }

  g_array_append_val (lod->parts, ref);
  feat->n_parts++;
  return TRUE;
}

static gboolean
load_geometry (CbFeatureSet *self,
               SHPHandle      shp,
               CbProjection  *projection,
               GArray        *records,
               LoadStats     *stats,
               const char    *display,
               GError       **error)
{
  int n_entities = 0, shp_type = 0;
  double min_bound[4], max_bound[4];
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

  SHPGetInfo (shp, &n_entities, &shp_type, min_bound, max_bound);

  if (shp_type == SHPT_MULTIPATCH)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: multipatch (3D surface) shapes are not supported", display);
      return FALSE;
    }
  if (!geometry_type_from_shp (shp_type, &self->geometry_type))
    {
      g_set_error (error, CB_ERROR,
                   shp_type == SHPT_NULL ? CB_ERROR_UNSUPPORTED : CB_ERROR_CORRUPT,
                   shp_type == SHPT_NULL ? "%s: the file holds only empty (NULL) shapes"
                                         : "%s: unknown shape type %d",
                   display, shp_type);
      return FALSE;
    }
  if (n_entities < 0)
    n_entities = 0;

  for (int i = 0; i < n_entities; i++)
    {
      SHPObject *obj = SHPReadObject (shp, i);
      CbFeature feat = { 0 };
      CbGeometryType obj_type;

      if (obj == NULL)
        {
          stats->unreadable++;
          continue;
        }
      if (obj->nSHPType == SHPT_NULL || obj->nVertices <= 0)
        {
          stats->null_shapes++;
          SHPDestroyObject (obj);
          continue;
        }
      if (!geometry_type_from_shp (obj->nSHPType, &obj_type) ||
          obj_type != self->geometry_type)
        {
          stats->type_mismatch++;
          SHPDestroyObject (obj);
          continue;
        }

      feat.record = i;
      feat.first_part = self->lods[0].parts->len;
      cb_bounds_init_empty (&feat.bounds);

      g_array_set_size (xs, obj->nVertices);
      g_array_set_size (ys, obj->nVertices);
      memcpy (xs->data, obj->padfX, sizeof (double) * obj->nVertices);
      memcpy (ys->data, obj->padfY, sizeof (double) * obj->nVertices);
      cb_projection_forward (projection, (double *) xs->data, (double *) ys->data,
                             obj->nVertices);

      if (self->geometry_type == CB_GEOMETRY_POINT || obj->nParts <= 0)
        {
          /* Points and multipoints: one part holding every point. */
          append_part (self, &feat, (double *) xs->data, (double *) ys->data,
                       obj->nVertices, stats);
        }
      else
        {
          for (int p = 0; p < obj->nParts; p++)
            {
              int start = obj->panPartStart[p];
              int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;

              /* Out-of-range or decreasing part indices: skip that part. */
              if (start < 0 || start >= obj->nVertices || end > obj->nVertices || end <= start)
                {
                  stats->bad_parts++;
                  continue;
                }
              append_part (self, &feat,
                           (double *) xs->data + start, (double *) ys->data + start,
                           end - start, stats);
            }
        }
      SHPDestroyObject (obj);

      if (feat.n_parts == 0)
        continue;

      g_array_append_val (self->features, feat);
      g_array_append_val (records, feat.record);
      cb_bounds_union (&self->bounds, &feat.bounds);
    }

  if (self->features->len == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   n_entities == 0 ? "%s: the file holds no shapes"
                   : stats->unreadable == (gsize) n_entities
                     ? "%s: no shape could be read (%s)"
                     : "%s: no shape has usable coordinates (%s)",
                   display,
                   stats->unreadable ? shapelib_error ()
                   : "coordinates missing, not numbers or outside the map's area");
      return FALSE;
    }
  return TRUE;
}

static void
load_attributes (CbFeatureSet *self,
                 const char *base,
                 GArray     *records,
                 const char *display)
{
  g_autofree char *dbf_problem = NULL;
  g_autofree char *dbf_path = cb_shapefile_io_find (base, "dbf", &dbf_problem);
  g_autofree char *cpg_path = find_companion (base, "cpg");
  SAHooks hooks;
  DBFHandle dbf;
  const char *code_page;
  const char *encoding;
  GIConv conv = (GIConv) -1;
  int n_fields, n_records;
  gsize missing_records = 0;

  if (dbf_path == NULL && dbf_problem != NULL)
    {
      cb_feature_set_add_note (self, "%s: the .dbf file cannot be used (%s): the features have no attributes",
                               display, dbf_problem);
      return;
    }
  if (dbf_path == NULL)
    {
      cb_feature_set_add_note (self, "%s: no .dbf file: the features have no attributes", display);
      return;
    }

  cb_shapefile_io_setup_hooks (&hooks);
  cb_shapefile_io_clear_error ();
  dbf = DBFOpenLL (dbf_path, "rb", &hooks);
  if (dbf == NULL)
    {
      g_autofree char *why = diagnose_dbf (dbf_path, &hooks);

      cb_feature_set_add_note (self, "%s: the .dbf file cannot be read (%s): the features have no attributes",
                display, why);
      return;
    }

  /* shapelib reads the .cpg itself; otherwise it reports the LDID byte. */
  code_page = DBFGetCodePage (dbf);
  encoding = encoding_from_code_page (code_page);
  if (encoding == NULL && code_page != NULL && cpg_path != NULL)
    {
      /* The .cpg's bytes, whatever they are (found by fuzzing): valid
       * UTF-8, and short enough for a message. */
      g_autofree char *valid = g_utf8_make_valid (code_page, -1);
      g_autofree char *shown = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), 40));

      cb_feature_set_add_note (self, "%s: unknown code page \"%s\" in the .cpg; reading UTF-8 where valid",
                               display, shown);
    }
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    conv = g_iconv_open ("UTF-8", encoding);
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0 && conv == (GIConv) -1)
    cb_feature_set_add_note (self, "%s: encoding %s is not available; reading UTF-8 where valid",
              display, encoding);
  self->encoding = g_strdup (encoding ? encoding : "UTF-8 (assumed)");

  n_fields = MAX (DBFGetFieldCount (dbf), 0);
  n_records = MAX (DBFGetRecordCount (dbf), 0);
  for (int f = 0; f < n_fields; f++)
    {
      char name[XBASE_FLDNAME_LEN_READ + 1] = { 0 };

      DBFGetFieldInfo (dbf, f, name, NULL, NULL);
      g_ptr_array_add (self->field_names,
                       g_utf8_make_valid (g_strstrip (name), -1));
    }

  self->values = g_new0 (const char *, (gsize) MAX (n_fields, 1) * MAX (self->features->len, 1));
  for (guint i = 0; i < self->features->len; i++)
    {
      int record = g_array_index (records, guint32, i);
      gboolean have_record = record < n_records;

      if (!have_record)
        missing_records++;
      for (int f = 0; f < n_fields; f++)
        {
          const char *raw = NULL;

          if (have_record && !DBFIsAttributeNULL (dbf, record, f))
            raw = DBFReadStringAttribute (dbf, record, f);
          self->values[(gsize) i * n_fields + f] = intern_value (self, conv, raw);
        }
    }
  if (missing_records > 0)
    cb_feature_set_add_note (self, "%s: the .dbf has %d records for more shapes; %" G_GSIZE_FORMAT
              " features have empty attributes", display, n_records, missing_records);

  if (conv != (GIConv) -1)
    g_iconv_close (conv);
  DBFClose (dbf);
}

static CbFeatureSet *
load (const char  *shp_path,
      GError     **error)
{
  g_autoptr(CbFeatureSet) self = NULL;
  g_autoptr(CbProjection) projection = NULL;
  g_autoptr(GArray) records = NULL;
  g_autofree char *display = NULL;
  g_autofree char *base = NULL;
  g_autofree char *shp_file = NULL;
  g_autofree char *shx_file = NULL;
  g_autofree char *prj_file = NULL;
  g_autofree char *problem = NULL;
  SAHooks hooks;
  SHPHandle shp;
  LoadStats stats = { 0 };
  gboolean ok;

  display = g_filename_display_name (shp_path);
  if (g_str_has_suffix (shp_path, ".shp") || g_str_has_suffix (shp_path, ".SHP"))
    base = g_strndup (shp_path, strlen (shp_path) - 4);
  else
    base = g_strdup (shp_path);

  shp_file = cb_shapefile_io_find (base, "shp", &problem);
  if (shp_file == NULL)
    {
      /* A FIFO or a loop of links is there, yet not a shapefile. */
      if (problem != NULL)
        g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED, "%s", problem);
      else
        g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                     "%s: no such shapefile", display);
      return NULL;
    }
  shx_file = cb_shapefile_io_find (base, "shx", &problem);
  if (shx_file == NULL)
    {
      if (problem != NULL)
        g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                     "%s: the index file (.shx) cannot be used: %s", display, problem);
      else
        g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                     "%s: the index file (.shx) is missing", display);
      return NULL;
    }

  self = cb_feature_set_new_empty ();
  self->path = g_strdup (shp_file);

  prj_file = cb_shapefile_io_find (base, "prj", &problem);
  if (prj_file == NULL && problem != NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED, "%s", problem);
      return NULL;
    }
  if (prj_file != NULL)
    {
      g_autofree char *prj_text = NULL;
      g_autofree char *prj_display = g_filename_display_name (prj_file);
      gsize prj_length = 0;

      /* Read through the checked open: the size is known before reading. */
      if (!cb_shapefile_io_read (prj_file, 1024 * 1024, &prj_text, &prj_length, error))
        return NULL;
      projection = cb_projection_new_from_prj_text (prj_text, prj_length, prj_display, error);
      if (projection == NULL)
        return NULL;
      self->crs_note = g_strdup_printf ("%s (from .prj)",
                                        cb_projection_get_source_name (projection));
    }
  else
    {
      projection = cb_projection_new_geographic (error);
      if (projection == NULL)
        return NULL;
      self->crs_assumed = TRUE;
      self->crs_note = g_strdup ("no .prj: assumed WGS84");
      cb_feature_set_add_note (self, "%s: no .prj file: coordinates taken as WGS84 longitude/latitude",
                display);
    }

  cb_shapefile_io_setup_hooks (&hooks);
  cb_shapefile_io_clear_error ();
  shp = SHPOpenLL (shp_file, "rb", &hooks);
  if (shp == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   "%s: not a readable shapefile (%s)", display,
                   shapelib_error ());
      return NULL;
    }

  records = g_array_new (FALSE, FALSE, sizeof (guint32));
  ok = load_geometry (self, shp, projection, records, &stats, display, error);
  SHPClose (shp);
  if (!ok)
    return NULL;

  if (stats.null_shapes)
    cb_feature_set_add_note (self, "%s: %" G_GSIZE_FORMAT " empty (NULL) shapes skipped",
              display, stats.null_shapes);
  if (stats.unreadable)
    cb_feature_set_add_note (self, "%s: %" G_GSIZE_FORMAT " shapes could not be read (%s) and were skipped",
              display, stats.unreadable, shapelib_error ());
  if (stats.type_mismatch)
    cb_feature_set_add_note (self, "%s: %" G_GSIZE_FORMAT " shapes of another type than the file's skipped",
              display, stats.type_mismatch);
  if (stats.bad_parts)
    cb_feature_set_add_note (self, "%s: %" G_GSIZE_FORMAT " parts with bad indices or too few points skipped",
              display, stats.bad_parts);
  if (stats.dropped_vertices)
    cb_feature_set_add_note (self, "%s: %" G_GSIZE_FORMAT " vertices with invalid or far-away coordinates dropped",
              display, stats.dropped_vertices);

  load_attributes (self, base, records, display);

  /* Companions refused by the checked open (a FIFO .cpg, a huge file). */
  for (const char * const *r = cb_shapefile_io_get_refusals (); *r != NULL; r++)
    cb_feature_set_add_note (self, "%s: skipped", *r);

  {
    int certainty_field = cb_feature_set_find_field (self, "certainty");

    for (guint i = 0; i < self->features->len && certainty_field >= 0; i++)
      g_array_index (self->features, CbFeature, i).certainty =
        parse_certainty (cb_feature_set_get_attribute_by_index (self, i, certainty_field));
  }

  cb_simplify_build_lods (self);

  return g_steal_pointer (&self);
}

CbFeatureSet *
cb_shapefile_load (const char  *shp_path,
                   GError     **error)
{
  CbFeatureSet *set;

  g_return_val_if_fail (shp_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cb_shapefile_io_begin (NULL);
  set = load (shp_path, error);
  cb_shapefile_io_end ();
  return set;
}

CbFeatureSet *
cb_shapefile_load_from_memory (const char  *shp_name,
                               GHashTable  *files,
                               GError     **error)
{
  CbFeatureSet *set;

  g_return_val_if_fail (shp_name != NULL, NULL);
  g_return_val_if_fail (files != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cb_shapefile_io_begin (files);
  set = load (shp_name, error);
  cb_shapefile_io_end ();
  return set;
}
