/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * Loader tests.  The fixtures are written at test time with shapelib into
 * a temporary folder (deterministic: fixed coordinates, no randomness),
 * then some are broken on purpose byte by byte.  Town positions are the
 * GeoNames ones from shared/reference/geodata/towns_reference.csv.
 */

#include <glib/gstdio.h>
#include <math.h>
#include <proj.h>
#include <shapefil.h>
#include <string.h>

#include "cb-error.h"
#include "cb-layer-catalog.h"
#include "cb-layer.h"

typedef struct
{
  const char *id;
  const char *name;
  double lon;
  double lat;
} Town;

static const Town towns[] = {
  { "vilnius", "Vilnius", 25.2798, 54.68916 },
  { "kaunas", "Kaunas", 23.90961, 54.90272 },
  { "hrodna", "Hrodna", 23.8258, 53.6884 },
  { "lida", "Lida", 25.29972, 53.88333 },
};

static char *tmp_dir;

static char *
fixture_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
write_file (const char *base,
            const char *ext,
            const char *contents)
{
  g_autofree char *file = g_strconcat (base, ".", ext, NULL);

  g_assert_true (g_file_set_contents (file, contents, -1, NULL));
}

static void
write_prj (const char *base,
           const char *definition)
{
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *crs = proj_create (ctx, definition);

  g_assert_nonnull (crs);
  write_file (base, "prj", proj_as_wkt (ctx, crs, PJ_WKT1_ESRI, NULL));
  proj_destroy (crs);
  proj_context_destroy (ctx);
}

/* Converts lon/lat to @definition with PROJ directly (x = easting). */
static void
to_crs (const char *definition,
        double     *x,
        double     *y)
{
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *raw = proj_create_crs_to_crs (ctx, "EPSG:4326", definition, NULL);
  PJ *p = proj_normalize_for_visualization (ctx, raw);
  PJ_COORD c = proj_coord (*x, *y, 0, 0);

  c = proj_trans (p, PJ_FWD, c);
  *x = c.xy.x;
  *y = c.xy.y;
  proj_destroy (p);
  proj_destroy (raw);
  proj_context_destroy (ctx);
}

/* A point layer of the four towns, optionally in another CRS. */
static char *
write_towns (const char *name,
             const char *crs)
{
  g_autofree char *base = fixture_path (name);
  SHPHandle shp = SHPCreate (base, SHPT_POINT);
  DBFHandle dbf = DBFCreateEx (base, "UTF-8");

  g_assert_nonnull (shp);
  g_assert_nonnull (dbf);
  DBFAddField (dbf, "id", FTString, 16, 0);
  DBFAddField (dbf, "name", FTString, 32, 0);
  DBFAddField (dbf, "certainty", FTString, 16, 0);

  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    {
      double x = towns[i].lon, y = towns[i].lat;
      SHPObject *obj;

      if (crs)
        to_crs (crs, &x, &y);
      obj = SHPCreateSimpleObject (SHPT_POINT, 1, &x, &y, NULL);
      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
      DBFWriteStringAttribute (dbf, i, 0, towns[i].id);
      DBFWriteStringAttribute (dbf, i, 1, towns[i].name);
      DBFWriteStringAttribute (dbf, i, 2, i == 3 ? "approximate" : "dataset");
    }
  SHPClose (shp);
  DBFClose (dbf);
  if (crs)
    write_prj (base, crs);
  return g_strconcat (base, ".shp", NULL);
}

static CbLayer *
load_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  CbLayer *layer = cb_layer_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  return layer;
}

static gboolean
notes_contain (CbLayer    *layer,
               const char *needle)
{
  const char * const *notes = cb_feature_set_get_load_notes (cb_layer_get_features (layer));

  for (guint i = 0; notes[i]; i++)
    if (strstr (notes[i], needle))
      return TRUE;
  return FALSE;
}

static void
assert_error_names_file (GError     *error,
                         const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  g_assert_nonnull (error);
  g_assert_true (error->domain == CB_ERROR);
  if (strstr (error->message, base) == NULL)
    g_error ("error message “%s” does not name %s", error->message, base);
}

static void
test_points_wgs84 (void)
{
  g_autofree char *path = write_towns ("towns_wgs84", NULL);
  g_autoptr(CbLayer) layer = load_ok (path);
  g_autoptr(CbProjection) geo = cb_projection_new_geographic (NULL);
  double x, y;
  int lida;

  g_assert_cmpint (cb_feature_set_get_geometry_type (cb_layer_get_features (layer)), ==, CB_GEOMETRY_POINT);
  g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), ==, 4);
  g_assert_cmpstr (cb_layer_get_id (layer), ==, "towns_wgs84");
  /* No .prj: WGS84, and the layer says so. */
  g_assert_true (cb_feature_set_get_crs_assumed (cb_layer_get_features (layer)));
  g_assert_nonnull (strstr (cb_feature_set_get_crs_note (cb_layer_get_features (layer)), "assumed WGS84"));
  g_assert_true (notes_contain (layer, ".prj"));
  g_assert_cmpstr (cb_feature_set_get_encoding (cb_layer_get_features (layer)), ==, "UTF-8");

  g_assert_cmpuint (cb_feature_set_get_n_fields (cb_layer_get_features (layer)), ==, 3);
  g_assert_cmpint (cb_feature_set_find_field (cb_layer_get_features (layer), "NAME"), ==, 1);
  g_assert_cmpint (cb_feature_set_find_field (cb_layer_get_features (layer), "nope"), ==, -1);
  g_assert_null (cb_feature_set_get_attribute (cb_layer_get_features (layer), 0, "nope"));

  lida = cb_feature_set_find_feature_by_id (cb_layer_get_features (layer), "lida");
  g_assert_cmpint (lida, ==, 3);
  g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (layer), lida, "name"), ==, "Lida");
  g_assert_cmpint (cb_feature_set_get_feature_certainty (cb_layer_get_features (layer), lida), ==, CB_CERTAINTY_APPROXIMATE);
  g_assert_cmpint (cb_feature_set_get_feature_certainty (cb_layer_get_features (layer), 0), ==, CB_CERTAINTY_DATASET);

  /* Projected once, at load: the stored point is the map position. */
  cb_projection_forward_point (geo, towns[3].lon, towns[3].lat, &x, &y);
  {
    guint n;
    const double *pt = cb_feature_set_get_feature_part (cb_layer_get_features (layer), lida, 0, &n);

    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpfloat_with_epsilon (pt[0], x, 1e-6);
    g_assert_cmpfloat_with_epsilon (pt[1], y, 1e-6);
    g_assert_true (cb_bounds_contains (cb_feature_set_get_feature_bounds (cb_layer_get_features (layer), lida), x, y));
    g_assert_true (cb_bounds_contains (cb_feature_set_get_bounds (cb_layer_get_features (layer)), x, y));
  }
}

static void
test_reprojected_twins (void)
{
  static const char * const crss[] = {
    "EPSG:3346",   /* LKS94 / Lithuania TM */
    "EPSG:2180",   /* ETRS89 / Poland CS92 (PUWG 1992) */
    "EPSG:32635",  /* UTM 35N */
    "EPSG:32634",  /* UTM 34N */
  };
  g_autofree char *wgs_path = write_towns ("twin_wgs84", NULL);
  g_autoptr(CbLayer) wgs = load_ok (wgs_path);

  for (guint c = 0; c < G_N_ELEMENTS (crss); c++)
    {
      g_autofree char *name = g_strdup_printf ("twin_%u", c);
      g_autofree char *path = write_towns (name, crss[c]);
      g_autoptr(CbLayer) layer = load_ok (path);

      g_assert_false (cb_feature_set_get_crs_assumed (cb_layer_get_features (layer)));
      g_assert_nonnull (strstr (cb_feature_set_get_crs_note (cb_layer_get_features (layer)), "from .prj"));
      g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), ==, G_N_ELEMENTS (towns));
      for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
        {
          const double *a = cb_feature_set_get_feature_part (cb_layer_get_features (wgs), i, 0, NULL);
          const double *b = cb_feature_set_get_feature_part (cb_layer_get_features (layer), i, 0, NULL);

          /* Within a few metres of its WGS84 twin. */
          if (hypot (a[0] - b[0], a[1] - b[1]) > 3.0)
            g_error ("%s: %s lands %.1f m from its WGS84 twin", crss[c], towns[i].id,
                     hypot (a[0] - b[0], a[1] - b[1]));
        }
    }
}

static void
write_dbf_encoded (const char *base,
                   const char *code_page,
                   const char *encoding,
                   const char *utf8_value)
{
  DBFHandle dbf = DBFCreateEx (base, code_page);
  g_autofree char *raw = g_convert (utf8_value, -1, encoding, "UTF-8", NULL, NULL, NULL);

  g_assert_nonnull (dbf);
  g_assert_nonnull (raw);
  DBFAddField (dbf, "name", FTString, 40, 0);
  DBFWriteStringAttribute (dbf, 0, 0, raw);
  DBFClose (dbf);
}

static char *
write_one_point (const char *name)
{
  g_autofree char *base = fixture_path (name);
  SHPHandle shp = SHPCreate (base, SHPT_POINT);
  double x = towns[0].lon, y = towns[0].lat;
  SHPObject *obj = SHPCreateSimpleObject (SHPT_POINT, 1, &x, &y, NULL);

  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);
  return g_strconcat (base, ".shp", NULL);
}

static void
test_encodings (void)
{
  static const struct {
    const char *code_page;   /* as written: .cpg text, or LDID */
    const char *encoding;
    const char *value;
    const char *expected_encoding;
  } cases[] = {
    { "1257", "CP1257", "Kėdainiai, Šiauliai, Ūkmergė", "CP1257" },
    { "CP1250", "CP1250", "Łódź, Suwałki, Sejny", "CP1250" },
    { "UTF-8", "UTF-8", "Вільня, ווילנע, Wilno", "UTF-8" },
    { "LDID/201", "CP1251", "Гродно", "CP1251" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("encoding_%u", i);
      g_autofree char *base = fixture_path (name);
      g_autofree char *path = write_one_point (name);
      g_autoptr(CbLayer) layer = NULL;

      write_dbf_encoded (base, cases[i].code_page, cases[i].encoding, cases[i].value);
      layer = load_ok (path);
      g_assert_cmpstr (cb_feature_set_get_encoding (cb_layer_get_features (layer)), ==, cases[i].expected_encoding);
      g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (layer), 0, "name"), ==, cases[i].value);
    }

  /* "ANSI 1257" as some tools write it, and no .cpg at all (valid UTF-8 kept). */
  {
    g_autofree char *base = fixture_path ("encoding_ansi");
    g_autofree char *path = write_one_point ("encoding_ansi");
    g_autoptr(CbLayer) layer = NULL;

    write_dbf_encoded (base, "ANSI 1257", "CP1257", "Švenčionys");
    layer = load_ok (path);
    g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (layer), 0, "name"), ==, "Švenčionys");
  }
  {
    g_autofree char *base = fixture_path ("encoding_none");
    g_autofree char *path = write_one_point ("encoding_none");
    g_autoptr(CbLayer) layer = NULL;
    g_autofree char *cpg = g_strconcat (base, ".cpg", NULL);

    write_dbf_encoded (base, "UTF-8", "UTF-8", "Eišiškės");
    g_unlink (cpg);
    layer = load_ok (path);
    g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (layer), 0, "name"), ==, "Eišiškės");
  }
  {
    /* Bytes that are not UTF-8 and no declared code page: still valid
     * UTF-8 out, with the ASCII letters intact. */
    g_autofree char *base = fixture_path ("encoding_undeclared");
    g_autofree char *path = write_one_point ("encoding_undeclared");
    g_autofree char *cpg = g_strconcat (base, ".cpg", NULL);
    g_autoptr(CbLayer) layer = NULL;
    const char *value;

    write_dbf_encoded (base, "UTF-8", "CP1257", "Kėdainiai");
    g_unlink (cpg);
    layer = load_ok (path);
    value = cb_feature_set_get_attribute (cb_layer_get_features (layer), 0, "name");
    g_assert_true (g_utf8_validate (value, -1, NULL));
    g_assert_true (g_str_has_prefix (value, "K"));
    g_assert_true (g_str_has_suffix (value, "dainiai"));
  }
}

/* Polygons: a square with a hole plus a second square; then a NULL shape;
 * then a triangle.  Around Lida, in a local metric frame via degrees. */
static char *
write_polygons (const char *name,
                gboolean    with_dbf,
                int         dbf_records)
{
  g_autofree char *base = fixture_path (name);
  SHPHandle shp = SHPCreate (base, SHPT_POLYGON);
  const double lon = 25.0, lat = 54.0;
  /* Outer ring clockwise, hole counter-clockwise, as the format wants. */
  double xs1[] = { lon, lon, lon + 0.4, lon + 0.4, lon,
                   lon + 0.1, lon + 0.3, lon + 0.3, lon + 0.1, lon + 0.1,
                   lon + 1, lon + 1, lon + 1.2, lon + 1.2, lon + 1 };
  double ys1[] = { lat, lat + 0.4, lat + 0.4, lat, lat,
                   lat + 0.1, lat + 0.1, lat + 0.3, lat + 0.3, lat + 0.1,
                   lat, lat + 0.2, lat + 0.2, lat, lat };
  int parts1[] = { 0, 5, 10 };
  double xs3[] = { lon + 2, lon + 2.1, lon + 2.2, lon + 2 };
  double ys3[] = { lat, lat + 0.2, lat, lat };
  SHPObject *obj;

  obj = SHPCreateObject (SHPT_POLYGON, -1, 3, parts1, NULL, 15, xs1, ys1, NULL, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  obj = SHPCreateObject (SHPT_NULL, -1, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  obj = SHPCreateSimpleObject (SHPT_POLYGON, 4, xs3, ys3, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);

  if (with_dbf)
    {
      DBFHandle dbf = DBFCreateEx (base, "UTF-8");
      static const char * const ids[] = { "squares", "null", "triangle" };

      DBFAddField (dbf, "id", FTString, 16, 0);
      for (int i = 0; i < dbf_records; i++)
        DBFWriteStringAttribute (dbf, i, 0, ids[i]);
      DBFClose (dbf);
    }
  return g_strconcat (base, ".shp", NULL);
}

static void
test_polygons_null_shapes (void)
{
  g_autofree char *path = write_polygons ("polygons", TRUE, 3);
  g_autoptr(CbLayer) layer = load_ok (path);

  g_assert_cmpint (cb_feature_set_get_geometry_type (cb_layer_get_features (layer)), ==, CB_GEOMETRY_POLYGON);
  /* The NULL shape is skipped, and said so. */
  g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), ==, 2);
  g_assert_true (notes_contain (layer, "NULL"));
  g_assert_cmpuint (cb_feature_set_get_feature_n_parts (cb_layer_get_features (layer), 0), ==, 3);
  g_assert_cmpuint (cb_feature_set_get_feature_n_parts (cb_layer_get_features (layer), 1), ==, 1);
  /* Attributes follow the records, not the feature numbers. */
  g_assert_cmpuint (cb_feature_set_get_feature_record (cb_layer_get_features (layer), 1), ==, 2);
  g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (layer), 1, "id"), ==, "triangle");
  g_assert_cmpint (cb_feature_set_find_feature_by_id (cb_layer_get_features (layer), "triangle"), ==, 1);

}

static void
test_missing_and_short_dbf (void)
{
  g_autofree char *path = write_polygons ("no_dbf", FALSE, 0);
  g_autoptr(CbLayer) layer = load_ok (path);
  g_autofree char *short_path = write_polygons ("short_dbf", TRUE, 1);
  g_autoptr(CbLayer) short_layer = load_ok (short_path);

  g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), ==, 2);
  g_assert_cmpuint (cb_feature_set_get_n_fields (cb_layer_get_features (layer)), ==, 0);
  g_assert_null (cb_feature_set_get_attribute (cb_layer_get_features (layer), 0, "id"));
  g_assert_true (notes_contain (layer, ".dbf"));

  g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (short_layer)), ==, 2);
  g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (short_layer), 0, "id"), ==, "squares");
  g_assert_cmpstr (cb_feature_set_get_attribute (cb_layer_get_features (short_layer), 1, "id"), ==, "");
  g_assert_true (notes_contain (short_layer, ".dbf"));
}

static void
test_missing_files (void)
{
  g_autofree char *path = write_polygons ("no_shx", TRUE, 3);
  g_autofree char *base = fixture_path ("no_shx");
  g_autofree char *shx = g_strconcat (base, ".shx", NULL);
  g_autofree char *nothing = fixture_path ("nothing.shp");
  g_autoptr(GError) error = NULL;
  CbLayer *layer;

  g_unlink (shx);
  layer = cb_layer_new_from_file (path, &error);
  g_assert_null (layer);
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  assert_error_names_file (error, path);
  g_assert_nonnull (strstr (error->message, ".shx"));
  g_clear_error (&error);

  layer = cb_layer_new_from_file (nothing, &error);
  g_assert_null (layer);
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  assert_error_names_file (error, nothing);
}

static void
poke_int32 (const char *file,
            goffset     offset,
            guint32     value,
            gboolean    big_endian)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  g_assert_cmpuint (offset + 4, <=, length);
  for (int i = 0; i < 4; i++)
    {
      int shift = big_endian ? 8 * (3 - i) : 8 * i;

      contents[offset + i] = (value >> shift) & 0xff;
    }
  g_assert_true (g_file_set_contents (file, contents, length, NULL));
}

/* The .shp/.shx headers are big-endian, the record contents little-endian. */
#define poke_int32_le(file, offset, value) poke_int32 ((file), (offset), (value), FALSE)
#define poke_int32_be(file, offset, value) poke_int32 ((file), (offset), (value), TRUE)

/* Either a clean error naming the file, or a layer that skipped the damage
 * and said so: never a crash, never silence. */
static void
assert_survives (const char *path,
                 guint       max_features)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbLayer) layer = cb_layer_new_from_file (path, &error);

  if (layer == NULL)
    {
      assert_error_names_file (error, path);
      g_assert_true (error->code == CB_ERROR_CORRUPT || error->code == CB_ERROR_UNSUPPORTED);
      g_test_message ("refused: %s", error->message);
    }
  else
    {
      const char * const *notes = cb_feature_set_get_load_notes (cb_layer_get_features (layer));

      g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), <=, max_features);
      g_assert_nonnull (notes[0]);
      for (guint f = 0; f < cb_feature_set_get_n_features (cb_layer_get_features (layer)); f++)
        for (guint p = 0; p < cb_feature_set_get_feature_n_parts (cb_layer_get_features (layer), f); p++)
          {
            guint n;
            const double *pts = cb_feature_set_get_feature_part (cb_layer_get_features (layer), f, p, &n);

            for (guint i = 0; i < n; i++)
              g_assert_true (isfinite (pts[2 * i]) && isfinite (pts[2 * i + 1]));
          }
      g_test_message ("loaded %u features, first note: %s",
                      cb_feature_set_get_n_features (cb_layer_get_features (layer)), notes[0]);
    }
}

/* Two polylines of two parts each. */
static char *
write_lines (const char *name)
{
  g_autofree char *base = fixture_path (name);
  SHPHandle shp = SHPCreate (base, SHPT_ARC);
  double xs[] = { 24.0, 24.5, 25.0, 25.0, 25.5, 26.0 };
  double ys[] = { 54.0, 54.2, 54.1, 54.5, 54.6, 54.4 };
  int parts[] = { 0, 3 };

  for (int i = 0; i < 2; i++)
    {
      SHPObject *obj = SHPCreateObject (SHPT_ARC, -1, 2, parts, NULL, 6, xs, ys, NULL, NULL);

      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
    }
  SHPClose (shp);
  /* With a .prj, so that any load note is about the damage. */
  write_prj (base, "EPSG:4326");
  return g_strconcat (base, ".shp", NULL);
}

static void
test_part_index_out_of_range (void)
{
  g_autofree char *path = write_lines ("bad_parts");
  g_autoptr(CbLayer) layer = NULL;

  /* Record 1's second part start (header 100, record header 8, type 4,
   * box 32, counts 8, first part index 4) := 9999. */
  poke_int32_le (path, 100 + 8 + 4 + 32 + 4 + 4 + 4, 9999);
  assert_survives (path, 2);

  layer = cb_layer_new_from_file (path, NULL);
  /* The second record is intact, so the layer loads. */
  g_assert_nonnull (layer);
  g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), >=, 1);
  g_assert_cmpuint (cb_feature_set_get_feature_n_parts (cb_layer_get_features (layer), cb_feature_set_get_n_features (cb_layer_get_features (layer)) - 1), ==, 2);
}

static void
test_truncated_shp (void)
{
  g_autofree char *path = write_lines ("truncated");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* Cut in the middle of the second record. */
  g_assert_true (g_file_set_contents (path, contents, length - 40, NULL));
  assert_survives (path, 1);

  /* Only the header left. */
  g_assert_true (g_file_set_contents (path, contents, 100, NULL));
  assert_survives (path, 0);

  /* Not even a header. */
  g_assert_true (g_file_set_contents (path, contents, 50, NULL));
  assert_survives (path, 0);

  /* Not a shapefile at all. */
  g_assert_true (g_file_set_contents (path, "hello, I am not a shapefile", -1, NULL));
  assert_survives (path, 0);
}

static void
test_bad_shx (void)
{
  g_autofree char *path = write_lines ("bad_shx");
  g_autofree char *base = fixture_path ("bad_shx");
  g_autofree char *shx = g_strconcat (base, ".shx", NULL);

  /* Record 0: offset far past the end; record 1: a huge length. */
  poke_int32_be (shx, 100, 0x3fffffff);
  poke_int32_be (shx, 100 + 8 + 4, 0x3fffffff);
  assert_survives (path, 1);

  /* A .shx that claims more records than it has. */
  poke_int32_be (shx, 24, 0x7fffffff);
  assert_survives (path, 2);

  g_assert_true (g_file_set_contents (shx, "garbage", -1, NULL));
  assert_survives (path, 2);
}

static void
test_bad_coordinates (void)
{
  g_autofree char *base = fixture_path ("bad_coords");
  g_autofree char *path = g_strconcat (base, ".shp", NULL);
  SHPHandle shp = SHPCreate (base, SHPT_ARC);
  double xs[] = { 24.0, NAN, 25.0, 1e300, 26.0 };
  double ys[] = { 54.0, 54.2, 54.1, 54.5, -1e308 };
  double all_bad_x[] = { NAN, INFINITY };
  double all_bad_y[] = { 54.0, 54.0 };
  g_autoptr(CbLayer) layer = NULL;
  SHPObject *obj;

  obj = SHPCreateSimpleObject (SHPT_ARC, 5, xs, ys, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  obj = SHPCreateSimpleObject (SHPT_ARC, 2, all_bad_x, all_bad_y, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);

  layer = load_ok (path);
  /* The good vertices stay, the bad ones go, with a note. */
  g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), ==, 1);
  g_assert_cmpuint (cb_feature_set_get_n_vertices (cb_layer_get_features (layer)), ==, 2);
  g_assert_true (notes_contain (layer, "vertices"));
  assert_survives (path, 1);

  /* Projected coordinates without a .prj are not longitude/latitude. */
  {
    g_autofree char *base2 = fixture_path ("metres_no_prj");
    g_autofree char *path2 = g_strconcat (base2, ".shp", NULL);
    double mx[] = { 582000, 583000 };
    double my[] = { 6061000, 6062000 };
    g_autoptr(GError) error = NULL;
    CbLayer *bad;

    shp = SHPCreate (base2, SHPT_ARC);
    obj = SHPCreateSimpleObject (SHPT_ARC, 2, mx, my, NULL);
    SHPWriteObject (shp, -1, obj);
    SHPDestroyObject (obj);
    SHPClose (shp);
    bad = cb_layer_new_from_file (path2, &error);
    g_assert_null (bad);
    g_assert_error (error, CB_ERROR, CB_ERROR_CORRUPT);
    assert_error_names_file (error, path2);
  }
}

static void
test_unsupported (void)
{
  g_autofree char *base = fixture_path ("multipatch");
  g_autofree char *path = g_strconcat (base, ".shp", NULL);
  SHPHandle shp = SHPCreate (base, SHPT_MULTIPATCH);
  g_autoptr(GError) error = NULL;
  CbLayer *layer;

  SHPClose (shp);
  layer = cb_layer_new_from_file (path, &error);
  g_assert_null (layer);
  g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
  assert_error_names_file (error, path);
  g_clear_error (&error);

  /* A broken .prj is an error, not a silent WGS84. */
  {
    g_autofree char *tpath = write_towns ("bad_prj", NULL);
    g_autofree char *tbase = fixture_path ("bad_prj");

    write_file (tbase, "prj", "GEOGCS[\"nonsense\"");
    layer = cb_layer_new_from_file (tpath, &error);
    g_assert_null (layer);
    g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "bad_prj.prj"));
  }
}

static void
test_levels_of_detail (void)
{
  g_autofree char *base = fixture_path ("wiggly");
  g_autofree char *path = g_strconcat (base, ".shp", NULL);
  SHPHandle shp = SHPCreate (base, SHPT_ARC);
  const int n = 5000;
  g_autofree double *xs = g_new (double, n);
  g_autofree double *ys = g_new (double, n);
  g_autoptr(CbLayer) layer = NULL;
  gsize previous;
  SHPObject *obj;

  /* A 100 km wiggle along the 54th parallel, a vertex every ~13 m. */
  for (int i = 0; i < n; i++)
    {
      xs[i] = 24.0 + 1.5 * i / (double) n;
      ys[i] = 54.0 + 0.02 * sin (i / 40.0) + 0.0005 * sin (i * 1.7);
    }
  obj = SHPCreateSimpleObject (SHPT_ARC, n, xs, ys, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);

  layer = load_ok (path);
  g_assert_cmpuint (cb_feature_set_get_n_lods (cb_layer_get_features (layer)), >, 2);
  previous = cb_feature_set_get_lod_n_vertices (cb_layer_get_features (layer), 0);
  g_assert_cmpuint (previous, ==, (gsize) n);
  for (guint lod = 1; lod < cb_feature_set_get_n_lods (cb_layer_get_features (layer)); lod++)
    {
      double tol = cb_feature_set_get_lod_tolerance (cb_layer_get_features (layer), lod);
      guint n_full, n_simple;
      const double *full = cb_feature_set_get_feature_part (cb_layer_get_features (layer), 0, 0, &n_full);
      const double *simple = cb_feature_set_get_lod_part (cb_layer_get_features (layer), lod, 0, 0, &n_simple);
      gsize count = cb_feature_set_get_lod_n_vertices (cb_layer_get_features (layer), lod);
      guint j = 0;

      g_assert_cmpuint (count, <=, previous);
      g_assert_cmpuint (n_simple, >=, 2);
      /* Ends kept exactly. */
      g_assert_cmpfloat (simple[0], ==, full[0]);
      g_assert_cmpfloat (simple[2 * n_simple - 1], ==, full[2 * n_full - 1]);
      /* Every original vertex stays within 4/3 of the tolerance of the
       * simplified line (levels are built one from the other). */
      for (guint i = 0; i < n_full; i += 7)
        {
          double px = full[2 * i], py = full[2 * i + 1];
          double best = G_MAXDOUBLE;

          for (j = 0; j + 1 < n_simple; j++)
            {
              double ax = simple[2 * j], ay = simple[2 * j + 1];
              double bx = simple[2 * j + 2], by = simple[2 * j + 3];
              double dx = bx - ax, dy = by - ay;
              double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
              double cx, cy;

              t = CLAMP (t, 0, 1);
              cx = ax + t * dx - px;
              cy = ay + t * dy - py;
              best = MIN (best, hypot (cx, cy));
            }
          g_assert_cmpfloat (best, <=, tol * 4 / 3 + 1e-6);
        }
      previous = count;
    }
  /* The coarsest level is far smaller. */
  g_assert_cmpuint (previous, <, (gsize) n / 10);
  g_assert_cmpuint (cb_feature_set_pick_lod (cb_layer_get_features (layer), 0), ==, 0);
  g_assert_cmpuint (cb_feature_set_pick_lod (cb_layer_get_features (layer), 1e9), ==, cb_feature_set_get_n_lods (cb_layer_get_features (layer)) - 1);
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

static void
test_catalog (void)
{
  g_autofree char *dir = fixture_path ("catalog");
  g_autofree char *treaty_base = g_build_filename (dir, "treaty_1920_line", NULL);
  g_autofree char *broken = g_build_filename (dir, "rivers.shp", NULL);
  g_autofree char *broken_shx = g_build_filename (dir, "rivers.shx", NULL);
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;
  const char * const *warnings;
  gboolean missing_named = FALSE, broken_named = FALSE;
  CbLayer *treaty, *user;
  guint changed = 0;
  g_autofree char *user_path = write_towns ("user_towns", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  {
    SHPHandle shp = SHPCreate (treaty_base, SHPT_ARC);
    double xs[] = { 25.0, 25.5 };
    double ys[] = { 54.0, 54.5 };
    SHPObject *obj = SHPCreateSimpleObject (SHPT_ARC, 2, xs, ys, NULL);

    SHPWriteObject (shp, -1, obj);
    SHPDestroyObject (obj);
    SHPClose (shp);
  }
  g_assert_true (g_file_set_contents (broken, "not a shapefile", -1, NULL));
  g_assert_true (g_file_set_contents (broken_shx, "nor an index", -1, NULL));

  /* A folder that does not exist is an error. */
  g_assert_false (cb_layer_catalog_load (catalog, "/nonexistent/geodata", &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One good layer, one broken, the rest missing: the good one loads. */
  g_assert_true (cb_layer_catalog_load (catalog, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cb_layer_catalog_get_n_layers (catalog), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1);
  warnings = cb_layer_catalog_get_warnings (catalog);
  for (guint i = 0; warnings[i]; i++)
    {
      missing_named |= strstr (warnings[i], "towns.shp") != NULL;
      broken_named |= strstr (warnings[i], "rivers.shp") != NULL;
    }
  g_assert_true (missing_named);
  g_assert_true (broken_named);

  treaty = cb_layer_catalog_get_layer_by_id (catalog, "treaty_1920_line");
  g_assert_nonnull (treaty);
  g_assert_cmpint (cb_layer_get_group (treaty), ==, CB_LAYER_GROUP_TREATY_1920);
  g_assert_true (cb_layer_get_visible (treaty));
  g_assert_cmpfloat (cb_layer_get_style (treaty)->line_width, >, 2);
  g_assert_null (cb_layer_catalog_get_towns (catalog));

  g_signal_connect_swapped (catalog, "changed", G_CALLBACK (count_signal), &changed);
  cb_layer_set_visible (treaty, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  cb_layer_set_visible (treaty, FALSE);
  g_assert_cmpuint (changed, ==, 1);

  /* User layers get their own id and group. */
  user = cb_layer_catalog_add_user_layer (catalog, user_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (cb_layer_get_id (user), ==, "user-user_towns");
  g_assert_cmpint (cb_layer_get_group (user), ==, CB_LAYER_GROUP_USER);
  g_assert_cmpuint (cb_layer_catalog_get_n_layers (catalog), ==, 2);
  g_object_ref (user);
  g_assert_true (cb_layer_catalog_remove_layer (catalog, user));
  g_assert_false (cb_layer_catalog_remove_layer (catalog, user));
  g_object_unref (user);
  g_assert_cmpuint (cb_layer_catalog_get_n_layers (catalog), ==, 1);
}

static void
test_bundled_geodata (void)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;
  const CbLayerInfo *infos;
  guint n_infos;
  CbLayer *towns_layer;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("CB_GEODATA_DIR is not set");
      return;
    }

  g_assert_true (cb_layer_catalog_load (catalog, dir, &error));
  g_assert_no_error (error);
  infos = cb_layer_catalog_get_infos (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer_by_id (catalog, infos[i].id);

      if (layer == NULL)
        {
          g_test_message ("bundled layer %s not (yet) present", infos[i].id);
          continue;
        }
      g_assert_cmpuint (cb_feature_set_get_n_features (cb_layer_get_features (layer)), >, 0);
      g_assert_cmpint (cb_feature_set_find_field (cb_layer_get_features (layer), "id"), >=, 0);
    }
  towns_layer = cb_layer_catalog_get_towns (catalog);
  if (towns_layer != NULL)
    g_assert_cmpint (cb_feature_set_find_feature_by_id (cb_layer_get_features (towns_layer), "lida"), >=, 0);
}

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/* "valid_from"/"valid_to": partial dates stand for their first or last day. */
static void
test_validity (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("CB_GEODATA_DIR"), "neutral_zone_1920_1923.shp", NULL);
  g_autoptr(CbLayer) layer = NULL;
  CbFeatureSet *features;
  guint32 from, to;

  g_assert_cmpuint (cb_feature_set_parse_day ("1920-07-12", FALSE), ==, julian (1920, 7, 12));
  g_assert_cmpuint (cb_feature_set_parse_day ("1922-01", FALSE), ==, julian (1922, 1, 1));
  g_assert_cmpuint (cb_feature_set_parse_day ("1922-02", TRUE), ==, julian (1922, 2, 28));
  g_assert_cmpuint (cb_feature_set_parse_day ("1897", TRUE), ==, julian (1897, 12, 31));
  g_assert_cmpuint (cb_feature_set_parse_day ("", FALSE), ==, 0);
  g_assert_cmpuint (cb_feature_set_parse_day ("1920-02-30", FALSE), ==, 0);
  g_assert_cmpuint (cb_feature_set_parse_day ("12 July 1920", FALSE), ==, 0);
  g_assert_cmpuint (cb_feature_set_parse_day ("1920-07-12x", FALSE), ==, 0);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no neutral zone in CB_GEODATA_DIR");
      return;
    }
  layer = load_ok (path);
  features = cb_layer_get_features (layer);
  /* From the end of the fighting, 30 Nov 1920, to its division in 1923. */
  cb_feature_set_get_validity (features, 0, &from, &to);
  g_assert_cmpuint (from, ==, julian (1920, 11, 30));
  g_assert_cmpuint (to, ==, julian (1923, 2, 14));
  g_assert_false (cb_feature_set_is_valid_on (features, 0, julian (1920, 11, 29)));
  g_assert_true (cb_feature_set_is_valid_on (features, 0, julian (1920, 11, 30)));
  g_assert_true (cb_feature_set_is_valid_on (features, 0, julian (1923, 2, 14)));
  g_assert_false (cb_feature_set_is_valid_on (features, 0, julian (1923, 2, 15)));
  g_assert_true (cb_feature_set_is_valid_on (features, 0, 0));
}

/* Features without dates are drawn on every day; this lists them, and
 * outside the context layers each must say why in its "valid_note". */
static void
test_undated_features (void)
{
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;
  guint undated = 0;

  if (!cb_layer_catalog_load (catalog, NULL, &error))
    {
      g_test_skip ("no bundled geodata");
      return;
    }
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
      CbFeatureSet *features = cb_layer_get_features (layer);

      for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
        {
          guint32 from, to;
          const char *note;

          cb_feature_set_get_validity (features, f, &from, &to);
          if (from != 0 || to != 0)
            continue;
          undated++;
          g_assert_true (cb_feature_set_is_valid_on (features, f, julian (1918, 11, 11)));
          g_assert_true (cb_feature_set_is_valid_on (features, f, julian (1923, 3, 15)));
          if (cb_layer_get_group (layer) == CB_LAYER_GROUP_CONTEXT)
            continue;
          note = cb_feature_set_get_attribute (features, f, "valid_note");
          g_test_message ("undated: %s / %s: %s", cb_layer_get_id (layer),
                          cb_feature_set_get_attribute (features, f, "id"), note ? note : "(no note)");
          g_assert_true (note != NULL && note[0] != '\0');
        }
    }
  g_test_message ("%u features without dates, drawn on every day", undated);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("cb-test-layer-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/layer/points-wgs84", test_points_wgs84);
  g_test_add_func ("/layer/reprojected-twins", test_reprojected_twins);
  g_test_add_func ("/layer/encodings", test_encodings);
  g_test_add_func ("/layer/polygons-null-shapes", test_polygons_null_shapes);
  g_test_add_func ("/layer/missing-and-short-dbf", test_missing_and_short_dbf);
  g_test_add_func ("/layer/missing-files", test_missing_files);
  g_test_add_func ("/layer/part-index-out-of-range", test_part_index_out_of_range);
  g_test_add_func ("/layer/truncated-shp", test_truncated_shp);
  g_test_add_func ("/layer/bad-shx", test_bad_shx);
  g_test_add_func ("/layer/bad-coordinates", test_bad_coordinates);
  g_test_add_func ("/layer/unsupported", test_unsupported);
  g_test_add_func ("/layer/levels-of-detail", test_levels_of_detail);
  g_test_add_func ("/layer/catalog", test_catalog);
  g_test_add_func ("/layer/bundled-geodata", test_bundled_geodata);
  g_test_add_func ("/layer/validity", test_validity);
  g_test_add_func ("/layer/undated-features", test_undated_features);

  status = g_test_run ();

  /* Leave nothing behind. */
  {
    g_autoptr(GDir) d = NULL;
    const char *name;
    g_autofree char *catalog_dir = g_build_filename (tmp_dir, "catalog", NULL);

    d = g_dir_open (catalog_dir, 0, NULL);
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *f = g_build_filename (catalog_dir, name, NULL);
        g_unlink (f);
      }
    g_rmdir (catalog_dir);
    g_clear_pointer (&d, g_dir_close);
    d = g_dir_open (tmp_dir, 0, NULL);
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *f = g_build_filename (tmp_dir, name, NULL);
        g_unlink (f);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
