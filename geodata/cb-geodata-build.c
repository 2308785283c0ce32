/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cb-geodata-build: turns the text sources in geodata/src/ (GeoJSON feature
 * collections, CSV vertex lists, towns.csv) into the ESRI shapefiles the app
 * reads.  Usage: cb-geodata-build SRC_DIR OUT_DIR [LAYER...]
 * (with LAYER names, only those layers are written).
 *
 * The output is deterministic (fixed DBF date, fixed field layout, features in
 * source order), so tests can compare a fresh run with the committed files.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <shapefil.h>

#define WGS84_PRJ \
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]]," \
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"

typedef enum
{
  KIND_POINT,
  KIND_LINE,
  KIND_POLYGON,
} GeomKind;

typedef struct
{
  const char *name;
  GeomKind kind;
} LayerSpec;

/* Every layer of the dataset, in the order written.  The source for a layer
 * is src/<name>.geojson and/or src/<name>.csv (vertex list); towns come from
 * src/towns.csv. */
static const LayerSpec layers[] = {
  { "treaty_1920_line", KIND_LINE },
  { "treaty_1920_territory", KIND_POLYGON },
  { "foch_line_1919", KIND_LINE },
  { "vilnius_region", KIND_POLYGON },
  { "suwalki_region", KIND_POLYGON },
  { "suwalki_agreement_1920", KIND_LINE },
  { "demarcation_1923", KIND_LINE },
  { "neutral_zone_1920_1923", KIND_POLYGON },
  { "riga_preliminary_1920", KIND_LINE },
  { "riga_1921", KIND_LINE },
  { "curzon_line_1919", KIND_LINE },
  { "central_lithuania_1920_1922", KIND_POLYGON },
  { "governorates_1897", KIND_POLYGON },
  { "uezds_1897", KIND_POLYGON },
  { "countries_modern", KIND_POLYGON },
  { "sea", KIND_POLYGON },
  { "borders_modern", KIND_LINE },
  { "rivers", KIND_LINE },
  { "lakes", KIND_POLYGON },
  { "towns", KIND_POINT },
  { "countries_period", KIND_POLYGON },
};

typedef struct
{
  const char *name;
  char type;      /* 'C' or 'N' */
  int width;
  int decimals;
} FieldSpec;

static const FieldSpec common_fields[] = {
  { "id", 'C', 48, 0 },
  { "name", 'C', 120, 0 },
  { "valid_from", 'C', 10, 0 },
  { "valid_to", 'C', 10, 0 },
  { "valid_note", 'C', 254, 0 },
  { "certainty", 'C', 13, 0 },
  { "source", 'C', 160, 0 },
  { "note", 'C', 254, 0 },
};

static const FieldSpec town_fields[] = {
  { "name_en", 'C', 80, 0 },
  { "name_lt", 'C', 80, 0 },
  { "name_pl", 'C', 80, 0 },
  { "name_be", 'C', 80, 0 },
  { "name_ru", 'C', 80, 0 },
  { "name_yi", 'C', 80, 0 },
  /* The source key (geodata/SOURCES.md) of each name, or no_sourced_name. */
  { "source_en", 'C', 40, 0 },
  { "source_lt", 'C', 40, 0 },
  { "source_pl", 'C', 40, 0 },
  { "source_be", 'C', 40, 0 },
  { "source_ru", 'C', 40, 0 },
  { "source_yi", 'C', 40, 0 },
  { "alt_names", 'C', 200, 0 },
  { "size_class", 'N', 1, 0 },
  { "geonameid", 'N', 10, 0 },
  { "lon", 'N', 11, 5 },
  { "lat", 'N', 10, 5 },
};

typedef struct
{
  SHPHandle shp;
  DBFHandle dbf;
  GeomKind kind;
  const char *layer;
  int n_fields;
  const FieldSpec *fields[G_N_ELEMENTS (common_fields) + G_N_ELEMENTS (town_fields)];
  int n_written;
} Writer;

/* ------------------------------------------------------------------ CSV */

/* Parses RFC 4180 CSV (quoted fields, doubled quotes, LF or CRLF). Returns an
 * array of rows, each a NULL-terminated strv. */
static GPtrArray *
csv_parse (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean row_has_data = FALSE;
  const char *p;

  for (p = text; ; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '\0')
            break;
          if (c == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
          continue;
        }

      if (c == '"')
        {
          quoted = TRUE;
          row_has_data = TRUE;
        }
      else if (c == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          row_has_data = TRUE;
        }
      else if (c == '\n' || c == '\0')
        {
          if (row_has_data || field->len > 0)
            {
              g_ptr_array_add (row, g_strdup (field->str));
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
              row = g_ptr_array_new ();
            }
          g_string_truncate (field, 0);
          row_has_data = FALSE;
          if (c == '\0')
            break;
        }
      else if (c != '\r')
        {
          g_string_append_c (field, c);
          row_has_data = TRUE;
        }
    }

  g_ptr_array_free (row, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

static int
csv_column (char **header, const char *name)
{
  int i;

  for (i = 0; header[i] != NULL; i++)
    if (g_strcmp0 (header[i], name) == 0)
      return i;
  return -1;
}

static const char *
csv_get (char **row, int column)
{
  int i;

  if (column < 0)
    return "";
  for (i = 0; i < column; i++)
    if (row[i] == NULL)
      return "";
  return row[column] != NULL ? row[column] : "";
}

/* --------------------------------------------------------------- writer */

static gboolean
writer_open (Writer      *w,
             const char  *out_dir,
             const char  *layer,
             GeomKind     kind,
             GError     **error)
{
  g_autofree char *base = g_build_filename (out_dir, layer, NULL);
  g_autofree char *prj = g_strconcat (base, ".prj", NULL);
  g_autofree char *cpg = g_strconcat (base, ".cpg", NULL);
  int shp_type = kind == KIND_POINT ? SHPT_POINT : kind == KIND_LINE ? SHPT_ARC : SHPT_POLYGON;
  gsize i;

  memset (w, 0, sizeof *w);
  w->kind = kind;
  w->layer = layer;
  w->shp = SHPCreate (base, shp_type);
  w->dbf = DBFCreateEx (base, "UTF-8");
  if (w->shp == NULL || w->dbf == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s: cannot create shapefile", base);
      return FALSE;
    }
  /* A fixed "last modified" date keeps the .dbf byte-identical between runs. */
  DBFSetLastModifiedDate (w->dbf, 120, 7, 12);

  for (i = 0; i < G_N_ELEMENTS (common_fields); i++)
    w->fields[w->n_fields++] = &common_fields[i];
  if (kind == KIND_POINT)
    for (i = 0; i < G_N_ELEMENTS (town_fields); i++)
      w->fields[w->n_fields++] = &town_fields[i];

  for (i = 0; i < (gsize) w->n_fields; i++)
    {
      const FieldSpec *f = w->fields[i];
      DBFFieldType type = f->type == 'N' ? (f->decimals > 0 ? FTDouble : FTInteger) : FTString;

      if (DBFAddField (w->dbf, f->name, type, f->width, f->decimals) < 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "%s: cannot add field %s", base, f->name);
          return FALSE;
        }
    }

  if (!g_file_set_contents (prj, WGS84_PRJ, -1, error))
    return FALSE;
  /* shapelib writes the .cpg itself for DBFCreateEx; make its content exact. */
  if (!g_file_set_contents (cpg, "UTF-8", -1, error))
    return FALSE;
  return TRUE;
}

static void
writer_close (Writer *w)
{
  if (w->shp != NULL)
    SHPClose (w->shp);
  if (w->dbf != NULL)
    DBFClose (w->dbf);
  w->shp = NULL;
  w->dbf = NULL;
}

/* Writes one record.  get_value returns the attribute for a field name. */
typedef const char *(*ValueFunc) (gpointer data, const char *field);

static gboolean
writer_add (Writer      *w,
            int          n_parts,
            const int   *part_starts,
            int          n_vertices,
            const double *xs,
            const double *ys,
            ValueFunc    get_value,
            gpointer     data,
            GError     **error)
{
  int shp_type = w->kind == KIND_POINT ? SHPT_POINT : w->kind == KIND_LINE ? SHPT_ARC : SHPT_POLYGON;
  SHPObject *obj;
  int record;
  int i;

  if (n_vertices < 1 || (w->kind == KIND_LINE && n_vertices < 2) ||
      (w->kind == KIND_POLYGON && n_vertices < 4))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: feature %s has too few vertices (%d)",
                   w->layer, get_value (data, "id"), n_vertices);
      return FALSE;
    }

  obj = SHPCreateObject (shp_type, -1, n_parts, part_starts, NULL,
                         n_vertices, xs, ys, NULL, NULL);
  if (w->kind == KIND_POLYGON)
    SHPRewindObject (NULL, obj);  /* outer rings clockwise, holes counter-clockwise */
  record = SHPWriteObject (w->shp, -1, obj);
  SHPDestroyObject (obj);
  if (record < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s: cannot write shape", w->layer);
      return FALSE;
    }

  for (i = 0; i < w->n_fields; i++)
    {
      const FieldSpec *f = w->fields[i];
      const char *value = get_value (data, f->name);
      gboolean ok;

      if (value == NULL)
        value = "";
      if (f->type == 'C')
        {
          if ((int) strlen (value) > f->width)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "%s: value of %s too long for its field (%zu > %d bytes): %s",
                           w->layer, f->name, strlen (value), f->width, value);
              return FALSE;
            }
          ok = *value == '\0' ? DBFWriteNULLAttribute (w->dbf, record, i)
                              : DBFWriteStringAttribute (w->dbf, record, i, value);
        }
      else if (f->decimals > 0)
        ok = DBFWriteDoubleAttribute (w->dbf, record, i, g_ascii_strtod (value, NULL));
      else
        ok = DBFWriteIntegerAttribute (w->dbf, record, i, (int) g_ascii_strtoll (value, NULL, 10));
      if (!ok)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "%s: cannot write attribute %s", w->layer, f->name);
          return FALSE;
        }
    }
  w->n_written++;
  return TRUE;
}

/* -------------------------------------------------------------- GeoJSON */

static const char *
json_value (gpointer data,
            const char *field)
{
  JsonObject *props = data;

  if (props == NULL || !json_object_has_member (props, field) ||
      json_object_get_null_member (props, field))
    return "";
  return json_object_get_string_member (props, field);
}

/* Appends the positions of a JSON array of [lon, lat] pairs. */
static void
append_positions (JsonArray *positions,
                  GArray    *xs,
                  GArray    *ys)
{
  guint i;

  for (i = 0; i < json_array_get_length (positions); i++)
    {
      JsonArray *pos = json_array_get_array_element (positions, i);
      double x = json_array_get_double_element (pos, 0);
      double y = json_array_get_double_element (pos, 1);

      g_array_append_val (xs, x);
      g_array_append_val (ys, y);
    }
}

static gboolean
add_geojson (Writer      *w,
             const char  *path,
             GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *features;
  guint i;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  features = json_object_get_array_member (root, "features");

  for (i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *props = json_object_get_object_member (feature, "properties");
      JsonObject *geom = json_object_get_object_member (feature, "geometry");
      const char *type = json_object_get_string_member (geom, "type");
      JsonArray *coords = json_object_get_array_member (geom, "coordinates");
      g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
      guint j, k;

      if (g_str_equal (type, "Point"))
        {
          double x = json_array_get_double_element (coords, 0);
          double y = json_array_get_double_element (coords, 1);

          g_array_append_val (xs, x);
          g_array_append_val (ys, y);
        }
      else if (g_str_equal (type, "LineString"))
        {
          int start = 0;

          g_array_append_val (starts, start);
          append_positions (coords, xs, ys);
        }
      else if (g_str_equal (type, "MultiLineString") || g_str_equal (type, "Polygon"))
        {
          for (j = 0; j < json_array_get_length (coords); j++)
            {
              int start = xs->len;

              g_array_append_val (starts, start);
              append_positions (json_array_get_array_element (coords, j), xs, ys);
            }
        }
      else if (g_str_equal (type, "MultiPolygon"))
        {
          for (j = 0; j < json_array_get_length (coords); j++)
            {
              JsonArray *poly = json_array_get_array_element (coords, j);

              for (k = 0; k < json_array_get_length (poly); k++)
                {
                  int start = xs->len;

                  g_array_append_val (starts, start);
                  append_positions (json_array_get_array_element (poly, k), xs, ys);
                }
            }
        }
      else
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s: unsupported geometry type %s", path, type);
          return FALSE;
        }

      if (!writer_add (w, starts->len, (int *) starts->data, xs->len,
                       (double *) xs->data, (double *) ys->data,
                       json_value, props, error))
        return FALSE;
    }
  return TRUE;
}

/* --------------------------------------------------------- CSV sources */

typedef struct
{
  char **header;
  char **row;
} CsvRecord;

static const char *
csv_value (gpointer data,
           const char *field)
{
  CsvRecord *rec = data;

  return csv_get (rec->row, csv_column (rec->header, field));
}

/* A vertex list: one row per vertex, consecutive rows with the same id form
 * one feature (a single part) in `seq` order as listed. */
static gboolean
add_vertex_csv (Writer      *w,
                const char  *path,
                GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  char **header;
  int c_id, c_lon, c_lat;
  guint i = 1;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  rows = csv_parse (text);
  if (rows->len < 2)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: no rows", path);
      return FALSE;
    }
  header = g_ptr_array_index (rows, 0);
  c_id = csv_column (header, "id");
  c_lon = csv_column (header, "lon");
  c_lat = csv_column (header, "lat");
  if (c_id < 0 || c_lon < 0 || c_lat < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: needs id, lon and lat columns", path);
      return FALSE;
    }

  while (i < rows->len)
    {
      char **first = g_ptr_array_index (rows, i);
      const char *id = csv_get (first, c_id);
      g_autoptr (GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
      CsvRecord rec = { header, first };
      int start = 0;

      for (; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          double x, y;

          if (g_strcmp0 (csv_get (row, c_id), id) != 0)
            break;
          x = g_ascii_strtod (csv_get (row, c_lon), NULL);
          y = g_ascii_strtod (csv_get (row, c_lat), NULL);
          g_array_append_val (xs, x);
          g_array_append_val (ys, y);
        }
      if (!writer_add (w, 1, &start, xs->len, (double *) xs->data, (double *) ys->data,
                       csv_value, &rec, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_towns (Writer      *w,
           const char  *path,
           GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  char **header;
  guint i;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  rows = csv_parse (text);
  header = g_ptr_array_index (rows, 0);
  for (i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      CsvRecord rec = { header, row };
      double x = g_ascii_strtod (csv_value (&rec, "lon"), NULL);
      double y = g_ascii_strtod (csv_value (&rec, "lat"), NULL);

      if (!writer_add (w, 0, NULL, 1, &x, &y, csv_value, &rec, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
build_layer (const LayerSpec *spec,
             const char      *src_dir,
             const char      *out_dir,
             GError         **error)
{
  g_autofree char *json_name = g_strconcat (spec->name, ".geojson", NULL);
  g_autofree char *csv_name = g_strconcat (spec->name, ".csv", NULL);
  g_autofree char *json_path = g_build_filename (src_dir, json_name, NULL);
  g_autofree char *csv_path = g_build_filename (src_dir, csv_name, NULL);
  Writer w;
  gboolean ok = TRUE;
  gboolean any = FALSE;

  if (!writer_open (&w, out_dir, spec->name, spec->kind, error))
    {
      writer_close (&w);
      return FALSE;
    }

  if (spec->kind == KIND_POINT)
    {
      ok = add_towns (&w, csv_path, error);
      any = TRUE;
    }
  else
    {
      if (ok && g_file_test (json_path, G_FILE_TEST_EXISTS))
        {
          ok = add_geojson (&w, json_path, error);
          any = TRUE;
        }
      if (ok && g_file_test (csv_path, G_FILE_TEST_EXISTS))
        {
          ok = add_vertex_csv (&w, csv_path, error);
          any = TRUE;
        }
    }
  writer_close (&w);

  if (ok && !any)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "%s: no source (%s or %s)", spec->name, json_path, csv_path);
      ok = FALSE;
    }
  if (ok)
    g_print ("%-28s %4d features\n", spec->name, w.n_written);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gsize i;

  if (argc < 3)
    {
      g_printerr ("usage: %s SRC_DIR OUT_DIR [LAYER...]\n", argv[0]);
      return 2;
    }
  if (g_mkdir_with_parents (argv[2], 0755) != 0)
    {
      g_printerr ("%s: %s\n", argv[2], g_strerror (errno));
      return 1;
    }

  for (i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      g_autoptr (GError) error = NULL;

      if (argc > 3 && !g_strv_contains ((const char * const *) argv + 3, layers[i].name))
        continue;
      if (!build_layer (&layers[i], argv[1], argv[2], &error))
        {
          g_printerr ("cb-geodata-build: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}
