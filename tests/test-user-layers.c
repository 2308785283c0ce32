/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * Your layers, without a display: the GeoJSON loader, cb_user_layer_load()
 * on bad input, the hit test and the atlas remembering user layers in
 * GSettings (the memory backend, shared by every GSettings of the process,
 * stands in for the disk across a "restart").  Fixtures are written at
 * test time; town positions are the GeoNames ones used by test-layer.c.
 */

#include <glib/gstdio.h>
#include <math.h>
#include <proj.h>
#include <shapefil.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "cb-atlas.h"
#include "cb-error.h"
#include "cb-geojson.h"
#include "cb-hit-test.h"
#include "cb-projection.h"
#include "cb-sources.h"
#include "cb-user-layer.h"

static char *tmp_dir;

static char *
fixture (const char *name,
         const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  if (contents != NULL)
    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
map_point (double lon, double lat, double *x, double *y)
{
  g_autoptr(CbProjection) p = cb_projection_new_geographic (NULL);

  g_assert_true (cb_projection_forward_point (p, lon, lat, x, y));
}

/* A square around Vilnius with a hole, a line Vilnius–Kaunas and a point. */
static const char square_geojson[] =
  "{\"type\": \"FeatureCollection\", \"features\": ["
  " {\"type\": \"Feature\", \"properties\": {\"name\": \"Square\", \"rank\": 3, \"area_km2\": 12.5,"
  "   \"official\": true, \"note\": null, \"tags\": [\"a\", \"b\"]},"
  "  \"geometry\": {\"type\": \"Polygon\", \"coordinates\": ["
  "   [[25.0, 54.5], [25.6, 54.5], [25.6, 54.9], [25.0, 54.9], [25.0, 54.5]],"
  "   [[25.2, 54.6], [25.3, 54.6], [25.3, 54.7], [25.2, 54.7], [25.2, 54.6]]]}},"
  " {\"type\": \"Feature\", \"id\": 42, \"properties\": {\"name\": \"Second\", \"extra\": \"x\"},"
  "  \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": ["
  "   [[[23.8, 54.8], [24.0, 54.8], [24.0, 55.0], [23.8, 54.8]]]]}},"
  " {\"type\": \"Feature\", \"properties\": {\"name\": \"Nowhere\"}, \"geometry\": null}"
  "]}";

static void
test_geojson_polygons (void)
{
  g_autofree char *path = fixture ("square.geojson", square_geojson);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = cb_geojson_load (path, &error);
  const double *ring;
  double x, y;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (cb_feature_set_get_geometry_type (set), ==, CB_GEOMETRY_POLYGON);
  g_assert_cmpuint (cb_feature_set_get_n_features (set), ==, 2);
  g_assert_cmpuint (cb_feature_set_get_feature_n_parts (set, 0), ==, 2);
  g_assert_cmpuint (cb_feature_set_get_feature_record (set, 1), ==, 1);

  /* The first vertex is where the projection puts 25.0 E, 54.5 N. */
  ring = cb_feature_set_get_feature_part (set, 0, 0, &n);
  g_assert_cmpuint (n, ==, 5);
  map_point (25.0, 54.5, &x, &y);
  g_assert_cmpfloat_with_epsilon (ring[0], x, 1e-6);
  g_assert_cmpfloat_with_epsilon (ring[1], y, 1e-6);

  /* Properties: fields in order of appearance, values as text. */
  g_assert_cmpuint (cb_feature_set_get_n_fields (set), ==, 8);
  g_assert_cmpstr (cb_feature_set_get_field_name (set, 6), ==, "extra");
  /* The Feature's own id becomes a field. */
  g_assert_cmpstr (cb_feature_set_get_field_name (set, 7), ==, "id");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 1, "id"), ==, "42");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "id"), ==, "");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "name"), ==, "Square");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "rank"), ==, "3");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "area_km2"), ==, "12.5");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "official"), ==, "true");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "note"), ==, "");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "tags"), ==, "[\"a\",\"b\"]");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 0, "extra"), ==, "");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 1, "extra"), ==, "x");
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 1, "rank"), ==, "");
  g_assert_nonnull (strstr (cb_feature_set_get_load_notes (set)[0], "1 feature without geometry"));
  g_assert_nonnull (strstr (cb_feature_set_get_crs_note (set), "WGS84"));
  g_assert_cmpuint (cb_feature_set_get_n_lods (set), >, 1);
}

static void
test_geojson_lines_points_crs (void)
{
  g_autofree char *line_path = fixture ("line.json",
    "{\"type\": \"Feature\", \"properties\": {\"id\": \"l\"}, \"geometry\": "
    "{\"type\": \"MultiLineString\", \"coordinates\": [[[25.2798, 54.68916], [23.90961, 54.90272]],"
    " [[24, 54], [24.1, 54.1], [24.2, 54]]]}}");
  g_autofree char *point_path = fixture ("points.geojson",
    "{\"type\": \"MultiPoint\", \"coordinates\": [[25.2798, 54.68916], [23.90961, 54.90272]]}");
  /* The GeoJSON of 2008 could name another CRS: Vilnius in LKS94. */
  g_autofree char *lks_path = NULL;
  g_autofree char *lks_json = NULL;
  g_autoptr(CbFeatureSet) lines = NULL;
  g_autoptr(CbFeatureSet) points = NULL;
  g_autoptr(CbFeatureSet) lks = NULL;
  g_autoptr(GError) error = NULL;
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *raw = proj_create_crs_to_crs (ctx, "EPSG:4326", "EPSG:3346", NULL);
  PJ *t = proj_normalize_for_visualization (ctx, raw);
  PJ_COORD c = proj_trans (t, PJ_FWD, proj_coord (25.2798, 54.68916, 0, 0));
  const double *a, *b;
  double x, y;

  proj_destroy (t);
  proj_destroy (raw);
  proj_context_destroy (ctx);

  lines = cb_geojson_load (line_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cb_feature_set_get_geometry_type (lines), ==, CB_GEOMETRY_LINE);
  g_assert_cmpuint (cb_feature_set_get_feature_n_parts (lines, 0), ==, 2);

  points = cb_geojson_load (point_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cb_feature_set_get_geometry_type (points), ==, CB_GEOMETRY_POINT);
  g_assert_cmpuint (cb_feature_set_get_n_features (points), ==, 1);
  g_assert_cmpuint (cb_feature_set_get_n_fields (points), ==, 0);

  lks_json = g_strdup_printf ("{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", "
                              "\"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::3346\"}},"
                              " \"features\": [{\"type\": \"Feature\", \"properties\": {},"
                              " \"geometry\": {\"type\": \"Point\", \"coordinates\": [%.3f, %.3f]}}]}",
                              c.xy.x, c.xy.y);
  lks_path = fixture ("lks.geojson", lks_json);
  lks = cb_geojson_load (lks_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (cb_feature_set_get_crs_note (lks), "LKS94"));
  a = cb_feature_set_get_feature_part (lks, 0, 0, NULL);
  b = cb_feature_set_get_feature_part (points, 0, 0, NULL);
  map_point (25.2798, 54.68916, &x, &y);
  g_assert_cmpfloat (hypot (a[0] - x, a[1] - y), <, 1.0);
  g_assert_cmpfloat (hypot (b[0] - x, b[1] - y), <, 1e-6);
}

/* @contents fails with an error naming the file and containing @reason. */
static void
assert_refused (const char *name,
                const char *contents,
                const char *reason)
{
  g_autofree char *path = fixture (name, contents);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbLayer) layer = cb_user_layer_load (path, &error);

  g_assert_null (layer);
  g_assert_nonnull (error);
  g_assert_true (error->domain == CB_ERROR);
  if (strstr (error->message, name) == NULL || strstr (error->message, reason) == NULL)
    g_error ("“%s” does not name %s and say “%s”", error->message, name, reason);
}

static void
test_geojson_bad_input (void)
{
  assert_refused ("not-json.geojson", "{\"type\": \"FeatureCollection\", \"features\": [", "not valid JSON");
  assert_refused ("prose.geojson", "Dear historian, this is a letter.", "not valid JSON");
  assert_refused ("empty.geojson", "", "the file is empty");
  assert_refused ("array.geojson", "[1, 2, 3]", "not GeoJSON");
  assert_refused ("no-features.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}",
                  "holds no features");
  assert_refused ("no-list.geojson", "{\"type\": \"FeatureCollection\"}", "no “features” list");
  assert_refused ("mixed.geojson",
                  "{\"type\": \"FeatureCollection\", \"features\": ["
                  "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [25, 54]}},"
                  "{\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[25, 54], [26, 55]]}}]}",
                  "mixes geometry types (points and lines)");
  assert_refused ("out-of-range.geojson",
                  "{\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", "
                  "\"coordinates\": [[25, 54], [580000, 6060000]]}}",
                  "out of range");
  assert_refused ("latitude.geojson",
                  "{\"type\": \"Point\", \"coordinates\": [25, 91]}", "out of range");
  assert_refused ("text-coordinate.geojson",
                  "{\"type\": \"Point\", \"coordinates\": [\"25\", 54]}", "not a number");
  assert_refused ("bad-type.geojson",
                  "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Circle\", \"coordinates\": [25, 54]}}",
                  "unknown geometry type");
  assert_refused ("unknown-crs.geojson",
                  "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": "
                  "{\"name\": \"urn:ogc:def:crs:EPSG::999999\"}}, \"features\": []}",
                  "cannot be used");
  assert_refused ("notes.txt", "just some notes", "neither a shapefile");
  /* Nesting that would run json-glib's recursive parser out of stack. */
  {
    GString *deep = g_string_new ("{\"type\": \"Point\", \"coordinates\": ");

    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    assert_refused ("deep.geojson", deep->str, "nested more than 64 deep");
    g_string_free (deep, TRUE);
  }
  /* Brackets inside strings do not count. */
  {
    g_autofree char *path = fixture ("brackets.geojson",
      "{\"type\": \"Feature\", \"properties\": {\"name\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"}, \"geometry\": {\"type\": \"Point\", "
      "\"coordinates\": [25, 54]}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(CbFeatureSet) set = cb_geojson_load (path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (cb_feature_set_get_attribute (set, 0, "name")), ==, 81);
  }
}

static void
test_files_bad_input (void)
{
  g_autofree char *dir = fixture ("a-folder.geojson", NULL);
  g_autofree char *huge = fixture ("huge.geojson", NULL);
  g_autofree char *huge_shp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbLayer) layer = NULL;
  int fd;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  layer = cb_user_layer_load (dir, &error);
  g_assert_null (layer);
  g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "a-folder.geojson is a folder"));
  g_clear_error (&error);

  layer = cb_user_layer_load ("/nonexistent/gone.shp", &error);
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.shp"));
  g_clear_error (&error);

  /* 2 GB (sparse): refused before anything is read. */
  fd = g_open (huge, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 2048 * 1024 * 1024), ==, 0);
  close (fd);
  layer = cb_user_layer_load (huge, &error);
  g_assert_null (layer);
  g_assert_error (error, CB_ERROR, CB_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.geojson is too large"));
  g_clear_error (&error);

  huge_shp = fixture ("huge.shp", NULL);
  g_assert_cmpint (g_rename (huge, huge_shp), ==, 0);
  layer = cb_user_layer_load (huge_shp, &error);
  g_assert_error (error, CB_ERROR, CB_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "huge.shp is too large"));
  g_clear_error (&error);
  g_unlink (huge_shp);

  if (geteuid () != 0)
    {
      g_autofree char *locked = fixture ("locked.geojson", "{\"type\": \"Point\", \"coordinates\": [25, 54]}");

      g_chmod (locked, 0);
      layer = cb_user_layer_load (locked, &error);
      g_assert_error (error, CB_ERROR, CB_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "locked.geojson cannot be read"));
      g_clear_error (&error);
    }
  else
    g_test_message ("running as root: the unreadable-file case cannot be made");
}

/* A polygon shapefile of the Vilnius square, in LKS94 when @lks94. */
static char *
write_square_shapefile (const char *name,
                        gboolean    lks94)
{
  g_autofree char *base = g_build_filename (tmp_dir, name, NULL);
  double xs[] = { 25.0, 25.0, 25.6, 25.6, 25.0 };
  double ys[] = { 54.5, 54.9, 54.9, 54.5, 54.5 };
  SHPHandle shp = SHPCreate (base, SHPT_POLYGON);
  DBFHandle dbf = DBFCreateEx (base, "UTF-8");
  SHPObject *obj;

  if (lks94)
    {
      PJ_CONTEXT *ctx = proj_context_create ();
      PJ *raw = proj_create_crs_to_crs (ctx, "EPSG:4326", "EPSG:3346", NULL);
      PJ *t = proj_normalize_for_visualization (ctx, raw);
      PJ *crs = proj_create (ctx, "EPSG:3346");
      g_autofree char *prj = g_strconcat (base, ".prj", NULL);

      for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
        {
          PJ_COORD c = proj_trans (t, PJ_FWD, proj_coord (xs[i], ys[i], 0, 0));

          xs[i] = c.xy.x;
          ys[i] = c.xy.y;
        }
      g_assert_true (g_file_set_contents (prj, proj_as_wkt (ctx, crs, PJ_WKT1_ESRI, NULL), -1, NULL));
      proj_destroy (crs);
      proj_destroy (t);
      proj_destroy (raw);
      proj_context_destroy (ctx);
    }
  DBFAddField (dbf, "name", FTString, 32, 0);
  obj = SHPCreateSimpleObject (SHPT_POLYGON, 5, xs, ys, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  DBFWriteStringAttribute (dbf, 0, 0, "Square in LKS94");
  SHPClose (shp);
  DBFClose (dbf);
  return g_strconcat (base, ".shp", NULL);
}

static void
test_shapefile_bad_input (void)
{
  g_autofree char *shp = write_square_shapefile ("parts", TRUE);
  g_autofree char *base = g_build_filename (tmp_dir, "parts", NULL);
  g_autofree char *shx = g_strconcat (base, ".shx", NULL);
  g_autofree char *dbf = g_strconcat (base, ".dbf", NULL);
  g_autofree char *prj = g_strconcat (base, ".prj", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbLayer) layer = NULL;
  const char * const *notes;
  gboolean noted = FALSE;
  gsize length;

  /* Choosing the .dbf opens the whole shapefile. */
  layer = cb_user_layer_load (dbf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cb_layer_get_title (layer), ==, "parts");
  g_assert_cmpstr (cb_layer_get_id (layer), ==, "user-parts");
  g_assert_cmpint (cb_layer_get_group (layer), ==, CB_LAYER_GROUP_USER);
  g_clear_object (&layer);

  /* Without its .dbf: loads, without attributes, and says so. */
  g_assert_cmpint (g_unlink (dbf), ==, 0);
  layer = cb_user_layer_load (shp, &error);
  g_assert_no_error (error);
  notes = cb_feature_set_get_load_notes (cb_layer_get_features (layer));
  for (guint i = 0; notes[i] != NULL; i++)
    noted |= strstr (notes[i], "parts.shp: no .dbf file") != NULL;
  g_assert_true (noted);
  g_clear_object (&layer);

  /* A .prj PROJ cannot read. */
  g_assert_true (g_file_set_contents (prj, "PROJCS[\"nonsense\", GARBAGE]]", -1, NULL));
  layer = cb_user_layer_load (shp, &error);
  g_assert_null (layer);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "parts.prj"));
  g_clear_error (&error);
  g_unlink (prj);

  /* Truncated. */
  g_assert_true (g_file_get_contents (shp, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (shp, contents, 60, NULL));
  layer = cb_user_layer_load (shp, &error);
  g_assert_null (layer);
  g_assert_nonnull (strstr (error->message, "parts.shp"));
  g_clear_error (&error);

  /* Without its .shx. */
  g_assert_true (g_file_set_contents (shp, contents, length, NULL));
  g_assert_cmpint (g_unlink (shx), ==, 0);
  layer = cb_user_layer_load (shp, &error);
  g_assert_null (layer);
  g_assert_nonnull (strstr (error->message, "parts.shp: the index file (.shx) is missing"));
}

static void
test_hit_test (void)
{
  g_autofree char *square_path = fixture ("hit-square.geojson", square_geojson);
  g_autofree char *line_path = fixture ("hit-line.geojson",
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"Vilnius-Kaunas\"}, \"geometry\": "
    "{\"type\": \"LineString\", \"coordinates\": [[25.2798, 54.68916], [23.90961, 54.90272]]}}");
  g_autofree char *point_path = fixture ("hit-point.geojson",
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"Kaunas\"}, \"geometry\": "
    "{\"type\": \"Point\", \"coordinates\": [23.90961, 54.90272]}}");
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;
  CbLayer *square, *line, *point;
  double x, y, d;

  square = cb_layer_catalog_add_user_layer (catalog, square_path, &error);
  g_assert_no_error (error);
  line = cb_layer_catalog_add_user_layer (catalog, line_path, &error);
  g_assert_no_error (error);
  point = cb_layer_catalog_add_user_layer (catalog, point_path, &error);
  g_assert_no_error (error);

  /* Inside the square, outside its hole. */
  map_point (25.5, 54.8, &x, &y);
  g_assert_true (cb_hit_test_feature (cb_layer_get_features (square), 0, x, y, 10, &d));
  g_assert_cmpfloat (d, ==, 0);
  /* In the hole: not the polygon, unless near its edge. */
  map_point (25.25, 54.65, &x, &y);
  g_assert_false (cb_hit_test_feature (cb_layer_get_features (square), 0, x, y, 10, NULL));
  g_assert_true (cb_hit_test_feature (cb_layer_get_features (square), 0, x, y, 4000, NULL));
  /* Far away. */
  map_point (21.0, 52.0, &x, &y);
  hits = cb_hit_test_catalog (catalog, x, y, 1000);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  /* On the line near Vilnius (inside the square): the line is drawn
   * above the square, so it comes first. */
  map_point (25.2798, 54.68916, &x, &y);
  {
    double lx, ly;

    map_point (23.90961, 54.90272, &lx, &ly);
    x = x + (lx - x) * 0.05 + 30;
    y = y + (ly - y) * 0.05;
  }
  hits = cb_hit_test_catalog (catalog, x, y, 100);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_true (g_array_index (hits, CbHit, 0).layer == line);
  g_assert_cmpfloat (g_array_index (hits, CbHit, 0).distance, <, 35);
  g_assert_true (g_array_index (hits, CbHit, 1).layer == square);
  g_clear_pointer (&hits, g_array_unref);

  /* Only visible layers answer. */
  cb_layer_set_visible (line, FALSE);
  hits = cb_hit_test_catalog (catalog, x, y, 100);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* A point within the tolerance, not beyond it (the square's second
   * feature, a triangle, holds Kaunas too: hidden here). */
  cb_layer_set_visible (square, FALSE);
  map_point (23.90961, 54.90272, &x, &y);
  hits = cb_hit_test_catalog (catalog, x + 300, y, 500);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (g_array_index (hits, CbHit, 0).layer == point);
  g_clear_pointer (&hits, g_array_unref);
  hits = cb_hit_test_catalog (catalog, x + 600, y, 500);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_atlas_remembers (void)
{
  g_autofree char *lks = write_square_shapefile ("remembered_lks94", TRUE);
  g_autofree char *json = fixture ("remembered.geojson", square_geojson);
  g_autofree char *doomed = fixture ("doomed.geojson", square_geojson);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.contestedborders.ContestedBorders");
  g_autoptr(GError) error = NULL;
  CbColor red = { 1, 0, 0, 1 };
  const char * const *problems;

  g_settings_reset (settings, "user-layers");

  /* First run: open three, restyle one, remove one. */
  {
    g_autoptr(CbAtlas) atlas = cb_atlas_new ();
    CbLayer *a, *b, *c;
    g_autoptr(GVariant) saved = NULL;

    cb_atlas_bind_settings (atlas, settings);
    a = cb_atlas_open_layer (atlas, lks, &error);
    g_assert_no_error (error);
    b = cb_atlas_open_layer (atlas, json, &error);
    g_assert_no_error (error);
    c = cb_atlas_open_layer (atlas, doomed, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (cb_feature_set_get_crs_note (cb_layer_get_features (a)), "LKS94"));

    cb_user_layer_set_appearance (b, &red, 4);
    cb_layer_set_visible (a, FALSE);
    cb_atlas_remove_layer (atlas, a);
    saved = g_settings_get_value (settings, "user-layers");
    g_assert_cmpuint (g_variant_n_children (saved), ==, 2);
    (void) c;
  }

  /* The file of one goes bad before the next start. */
  g_assert_true (g_file_set_contents (doomed, "{ this is not json", -1, NULL));

  /* Second run: the GeoJSON is back with its style; one message. */
  {
    g_autoptr(CbAtlas) atlas = cb_atlas_new ();
    CbLayerCatalog *catalog = cb_atlas_get_catalog (atlas);
    g_autoptr(GVariant) saved = NULL;
    CbLayer *b;

    cb_atlas_bind_settings (atlas, settings);
    g_assert_cmpuint (cb_layer_catalog_get_n_layers (catalog), ==, 1);
    b = cb_layer_catalog_get_layer (catalog, 0);
    g_assert_cmpstr (cb_layer_get_title (b), ==, "remembered");
    g_assert_cmpfloat (cb_layer_get_style (b)->line_width, ==, 4);
    g_assert_cmpfloat (cb_layer_get_style (b)->line_light.red, ==, 1);
    g_assert_cmpfloat (cb_layer_get_style (b)->line_light.green, ==, 0);
    g_assert_true (cb_layer_get_visible (b));

    problems = cb_atlas_get_problems (atlas);
    g_assert_nonnull (problems[0]);
    g_assert_null (problems[1]);
    g_assert_nonnull (strstr (problems[0], "doomed.geojson"));
    g_assert_nonnull (strstr (problems[0], "not valid JSON"));

    /* Forgotten, so the message comes once. */
    saved = g_settings_get_value (settings, "user-layers");
    g_assert_cmpuint (g_variant_n_children (saved), ==, 1);
  }
}

/* Deterministic mutations of a valid file (flipped, deleted, duplicated
 * bytes, cuts): each loads or fails with a message naming the file; under
 * ASan (build-aux/cb-dev test --sanitize) nothing reads out of bounds. */
static void
test_geojson_mutations (void)
{
  g_autofree char *path = fixture ("mutant.geojson", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20200712);
  static const char alphabet[] = "{}[],:\"0123456789.-eE \\nulltruefalse";
  gsize length = strlen (square_geojson);
  guint n_loaded = 0, n_refused = 0;

  for (guint round = 0; round < 1500; round++)
    {
      GString *text = g_string_new_len (square_geojson, length);
      guint edits = g_rand_int_range (rand, 1, 6);
      g_autoptr(GError) error = NULL;
      g_autoptr(CbFeatureSet) set = NULL;

      for (guint e = 0; e < edits && text->len > 0; e++)
        {
          gsize at = g_rand_int_range (rand, 0, text->len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              text->str[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              break;
            case 1:
              {
                gsize n = g_rand_int_range (rand, 1, 20);

                g_string_erase (text, at, MIN (n, text->len - at));
              }
              break;
            case 2:
              g_string_insert_len (text, at, text->str + g_rand_int_range (rand, 0, text->len), 1);
              break;
            default:
              g_string_truncate (text, at);
              break;
            }
        }
      g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
      g_string_free (text, TRUE);

      set = cb_geojson_load (path, &error);
      if (set != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (cb_feature_set_get_n_features (set), >, 0);
          n_loaded++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, "mutant.geojson"));
          n_refused++;
        }
    }
  g_test_message ("%u mutants loaded, %u refused", n_loaded, n_refused);
  g_assert_cmpuint (n_loaded, >, 0);
  g_assert_cmpuint (n_refused, >, 0);
}

static void
test_sources (void)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autofree char *citation = NULL;
  g_autofree char *url = NULL;

  if (dir == NULL)
    {
      g_test_skip ("CB_GEODATA_DIR is not set");
      return;
    }
  /* A source with an address: the citation, and the address without the
   * sentence's full stop. */
  g_assert_true (cb_sources_lookup (dir, "other_lines_foch1919", &citation, &url));
  g_assert_nonnull (strstr (citation, "PWN"));
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "https://encyklopedia.pwn.pl/"));
  g_assert_false (g_str_has_suffix (url, "."));
  g_clear_pointer (&citation, g_free);
  g_clear_pointer (&url, g_free);

  /* A book read only in an unlicensed copy: cited as the book, no address. */
  g_assert_true (cb_sources_lookup (dir, "gritskevich_zapfront", &citation, &url));
  g_assert_nonnull (strstr (citation, "Западный фронт РСФСР"));
  g_assert_null (url);
  g_clear_pointer (&citation, g_free);

  /* One without: the citation alone. */
  g_assert_true (cb_sources_lookup (dir, "treaty1920_art2", &citation, &url));
  g_assert_nonnull (strstr (citation, "League of Nations"));
  g_assert_null (url);
  g_clear_pointer (&citation, g_free);

  /* The atlas's own description replaces SOURCES.md's English note
   * (translatable); a published title stays inside it as published. */
  g_assert_true (cb_sources_lookup (dir, "history_names", &citation, &url));
  g_assert_cmpstr (citation, ==, "Research notes: town names in six languages, with their sources");
  g_clear_pointer (&citation, g_free);
  g_assert_true (cb_sources_lookup (dir, "by_register_stations", &citation, &url));
  g_assert_cmpstr (citation, ==, "Дзяржаўны рэестр назваў геаграфічных аб'ектаў Рэспублікі Беларусь, "
                                 "table of railway stations");
  g_clear_pointer (&citation, g_free);

  g_assert_false (cb_sources_lookup (dir, "no_such_source", &citation, &url));
  g_assert_false (cb_sources_lookup ("/nonexistent", "cshapes2", &citation, &url));
}

/* The export's credit line: the atlas's words go through the catalog, the
 * names of data sets and publishers stay; the treaty has its one name. */
static void
test_credits (void)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autofree char *credits = NULL;

  if (dir == NULL)
    {
      g_test_skip ("CB_GEODATA_DIR is not set");
      return;
    }
  credits = cb_sources_read_credits (dir);
  g_assert_nonnull (credits);
  g_assert_true (g_str_has_prefix (credits, "Sources: CShapes 2.0 (GPL-2.0-or-later) · "));
  g_assert_nonnull (strstr (credits, " · GeoNames (CC BY 4.0) · "));
  g_assert_nonnull (strstr (credits, " · Soviet–Lithuanian Peace Treaty (public domain) · "));
  g_assert_nonnull (strstr (credits, " · Foch line course (facts summarised) · "));
  g_assert_null (strstr (credits, "Treaty of Peace"));
  g_assert_null (cb_sources_read_credits ("/nonexistent"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("cb-user-layers-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/user-layers/geojson-polygons", test_geojson_polygons);
  g_test_add_func ("/user-layers/geojson-lines-points-crs", test_geojson_lines_points_crs);
  g_test_add_func ("/user-layers/geojson-bad-input", test_geojson_bad_input);
  g_test_add_func ("/user-layers/files-bad-input", test_files_bad_input);
  g_test_add_func ("/user-layers/shapefile-bad-input", test_shapefile_bad_input);
  g_test_add_func ("/user-layers/hit-test", test_hit_test);
  g_test_add_func ("/user-layers/atlas-remembers", test_atlas_remembers);
  g_test_add_func ("/user-layers/geojson-mutations", test_geojson_mutations);
  g_test_add_func ("/user-layers/sources", test_sources);
  g_test_add_func ("/user-layers/credits", test_credits);

  status = g_test_run ();

  /* Leave nothing behind (one folder deep). */
  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *f = g_build_filename (tmp_dir, name, NULL);

        if (g_remove (f) != 0)
          g_rmdir (f);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
