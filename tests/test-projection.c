/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

#include <glib/gstdio.h>
#include <math.h>
#include <proj.h>
#include <string.h>

#include "cb-error.h"
#include "cb-projection.h"

static void
test_geographic_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbProjection) projection = cb_projection_new_geographic (&error);

  g_assert_no_error (error);
  g_assert_true (cb_projection_source_is_wgs84 (projection));

  for (double lon = 19.5; lon <= 30.5; lon += 0.73)
    for (double lat = 51.5; lat <= 58; lat += 0.61)
      {
        double x, y, back_lon, back_lat;

        g_assert_true (cb_projection_forward_point (projection, lon, lat, &x, &y));
        g_assert_true (cb_projection_inverse_point (projection, x, y, &back_lon, &back_lat));
        g_assert_cmpfloat_with_epsilon (back_lon, lon, 1e-9);
        g_assert_cmpfloat_with_epsilon (back_lat, lat, 1e-9);
      }
}

static void
test_north_up_at_centre (void)
{
  g_autoptr(CbProjection) projection = cb_projection_new_geographic (NULL);
  double x0, y0, x1, y1, xw, yw, xe, ye;

  g_assert_nonnull (projection);
  /* The origin is the centre of the conic. */
  cb_projection_forward_point (projection, 24.5, 54.5, &x0, &y0);
  g_assert_cmpfloat_with_epsilon (x0, 0, 1e-6);
  g_assert_cmpfloat_with_epsilon (y0, 0, 1e-6);

  /* The central meridian is straight up. */
  cb_projection_forward_point (projection, 24.5, 56.0, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1, 0, 1e-6);
  g_assert_cmpfloat (y1, >, 150000);

  /* East is +x, and a parallel curves (it is a cone, not a cylinder). */
  cb_projection_forward_point (projection, 21.0, 54.5, &xw, &yw);
  cb_projection_forward_point (projection, 28.0, 54.5, &xe, &ye);
  g_assert_cmpfloat (xw, <, 0);
  g_assert_cmpfloat (xe, >, 0);
  g_assert_cmpfloat_with_epsilon (xe, -xw, 1e-6);
  g_assert_cmpfloat (ye, >, 0);
}

static void
test_true_scale_on_standard_parallels (void)
{
  g_autoptr(CbProjection) projection = cb_projection_new_geographic (NULL);
  const double parallels[] = { 53.5, 56.0 };

  for (guint i = 0; i < G_N_ELEMENTS (parallels); i++)
    {
      double lat = parallels[i];
      double x1, y1, x2, y2, map_d, ground_d;

      cb_projection_forward_point (projection, 24.45, lat, &x1, &y1);
      cb_projection_forward_point (projection, 24.55, lat, &x2, &y2);
      map_d = hypot (x2 - x1, y2 - y1);
      ground_d = cb_projection_geodesic_distance (24.45, lat, 24.55, lat);
      /* Scale factor 1 on the standard parallels. */
      g_assert_cmpfloat (fabs (map_d / ground_d - 1), <, 1e-6);
    }

  /* Between them the map is slightly smaller than the ground. */
  {
    double x1, y1, x2, y2;
    double ground_d = cb_projection_geodesic_distance (24.45, 54.7, 24.55, 54.7);

    cb_projection_forward_point (projection, 24.45, 54.7, &x1, &y1);
    cb_projection_forward_point (projection, 24.55, 54.7, &x2, &y2);
    g_assert_cmpfloat (hypot (x2 - x1, y2 - y1), <, ground_d);
    g_assert_cmpfloat (hypot (x2 - x1, y2 - y1), >, ground_d * 0.999);
  }
}

static void
test_lks94 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbProjection) lks94 = cb_projection_new_from_definition ("EPSG:3346", &error);
  g_autoptr(CbProjection) geo = cb_projection_new_geographic (NULL);
  double x, y, lon, lat, meridian;

  g_assert_no_error (error);
  g_assert_false (cb_projection_source_is_wgs84 (lks94));
  g_assert_nonnull (strstr (cb_projection_get_source_name (lks94), "LKS94"));

  /* LKS94: transverse Mercator, central meridian 24 E, false easting
   * 500 km, scale 0.9998 on it, false northing 0.  So easting 500 km is
   * the 24th meridian and the northing is 0.9998 x the meridian arc. */
  g_assert_true (cb_projection_forward_point (lks94, 500000, 6060000, &x, &y));
  g_assert_true (cb_projection_inverse_point (geo, x, y, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 24.0, 1e-8);
  meridian = cb_projection_geodesic_distance (24.0, 0.0, 24.0, lat);
  g_assert_cmpfloat_with_epsilon (meridian * 0.9998, 6060000, 0.5);
}

static char *
write_prj (const char *dir,
           const char *name,
           const char *definition)
{
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *crs = proj_create (ctx, definition);
  const char *wkt;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_nonnull (crs);
  /* Shapefiles carry ESRI's WKT dialect. */
  wkt = proj_as_wkt (ctx, crs, PJ_WKT1_ESRI, NULL);
  g_assert_nonnull (wkt);
  g_assert_true (g_file_set_contents (path, wkt, -1, NULL));
  proj_destroy (crs);
  proj_context_destroy (ctx);
  return path;
}

static void
test_prj_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cb-test-projection-XXXXXX", NULL);
  static const struct { const char *epsg; double e; double n; } cases[] = {
    { "EPSG:3346", 582000, 6061000 },   /* LKS94 */
    { "EPSG:2180", 700000, 700000 },    /* PUWG 1992 */
    { "EPSG:32635", 300000, 6060000 },  /* UTM 35N */
    { "EPSG:32634", 700000, 6000000 },  /* UTM 34N */
  };
  g_autoptr(CbProjection) geo = cb_projection_new_geographic (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("case%u.prj", i);
      g_autofree char *path = write_prj (dir, name, cases[i].epsg);
      g_autoptr(GError) error = NULL;
      g_autoptr(CbProjection) from_prj = cb_projection_new_from_prj_file (path, &error);
      g_autoptr(CbProjection) from_epsg = cb_projection_new_from_definition (cases[i].epsg, NULL);
      double x1, y1, x2, y2, lon, lat;

      g_assert_no_error (error);
      g_assert_nonnull (from_epsg);
      g_assert_true (cb_projection_forward_point (from_prj, cases[i].e, cases[i].n, &x1, &y1));
      g_assert_true (cb_projection_forward_point (from_epsg, cases[i].e, cases[i].n, &x2, &y2));
      /* The ESRI .prj lands where the EPSG definition does. */
      g_assert_cmpfloat (hypot (x2 - x1, y2 - y1), <, 2.0);
      /* And it is somewhere in the region. */
      g_assert_true (cb_projection_inverse_point (geo, x1, y1, &lon, &lat));
      g_assert_cmpfloat (lon, >, 18);
      g_assert_cmpfloat (lon, <, 32);
      g_assert_cmpfloat (lat, >, 50);
      g_assert_cmpfloat (lat, <, 58);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cb-test-projection-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.prj", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.prj", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.prj", NULL);
  g_autoptr(GError) error = NULL;
  CbProjection *projection;

  projection = cb_projection_new_from_definition ("this is not a CRS", &error);
  g_assert_null (projection);
  g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "  \n", -1, NULL));
  projection = cb_projection_new_from_prj_file (empty, &error);
  g_assert_null (projection);
  g_assert_error (error, CB_ERROR, CB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "empty.prj"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (junk, "PROJCS[\"broken\",GEOGCS[", -1, NULL));
  projection = cb_projection_new_from_prj_file (junk, &error);
  g_assert_null (projection);
  g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "junk.prj"));
  g_clear_error (&error);

  projection = cb_projection_new_from_prj_file (missing, &error);
  g_assert_null (projection);
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_unlink (empty);
  g_unlink (junk);
  g_rmdir (dir);
}

static void
test_bad_coordinates (void)
{
  g_autoptr(CbProjection) projection = cb_projection_new_geographic (NULL);
  double xs[] = { 25.0, NAN, 1e300, 24.0, INFINITY, 25.0 };
  double ys[] = { 54.0, 54.0, 54.0, 1e200, 54.0, 95.0 };
  gsize good;

  good = cb_projection_forward (projection, xs, ys, G_N_ELEMENTS (xs));
  g_assert_cmpuint (good, ==, 1);
  g_assert_true (isfinite (xs[0]) && isfinite (ys[0]));
  for (guint i = 1; i < G_N_ELEMENTS (xs); i++)
    g_assert_true (isnan (xs[i]) && isnan (ys[i]));
}

static void
test_region_and_bounds (void)
{
  g_autoptr(CbProjection) projection = cb_projection_new_geographic (NULL);
  CbBounds region, b;
  double x, y;

  cb_projection_get_region_bounds (&region);
  g_assert_false (cb_bounds_is_empty (&region));
  /* Vilnius and Hrodna (GeoNames) are in it; Moscow is not. */
  cb_projection_forward_point (projection, 25.2798, 54.68916, &x, &y);
  g_assert_true (cb_bounds_contains (&region, x, y));
  cb_projection_forward_point (projection, 23.8258, 53.6884, &x, &y);
  g_assert_true (cb_bounds_contains (&region, x, y));
  cb_projection_forward_point (projection, 37.6, 55.75, &x, &y);
  g_assert_false (cb_bounds_contains (&region, x, y));

  cb_bounds_init_empty (&b);
  g_assert_true (cb_bounds_is_empty (&b));
  cb_bounds_extend (&b, NAN, 3);
  g_assert_true (cb_bounds_is_empty (&b));
  cb_bounds_extend (&b, 1, 2);
  cb_bounds_extend (&b, -1, 5);
  g_assert_false (cb_bounds_is_empty (&b));
  g_assert_cmpfloat (b.min_x, ==, -1);
  g_assert_cmpfloat (b.max_y, ==, 5);
  g_assert_true (cb_bounds_intersects (&b, &region));
}

/* A refused definition is remembered, and the second refusal still names
 * the file it came from, not the first one. */
static void
test_refusal_remembered (void)
{
  /* WGS84 with a prime meridian PROJ cannot resolve (found by fuzzing). */
  static const char prj[] =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
    "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIP[\"Degree\",0.0174532925199433]]";
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;
  g_autoptr(CbProjection) a = NULL;
  g_autoptr(CbProjection) b = NULL;
  g_autoptr(CbProjection) good = NULL;
  g_autoptr(GError) error = NULL;
  const char *reason_a, *reason_b;

  a = cb_projection_new_from_prj_text (prj, strlen (prj), "one.prj", &first);
  g_assert_null (a);
  g_assert_nonnull (first);
  b = cb_projection_new_from_prj_text (prj, strlen (prj), "two.prj", &second);
  g_assert_null (b);
  g_assert_nonnull (second);

  g_assert_true (g_str_has_prefix (first->message, "one.prj: "));
  g_assert_true (g_str_has_prefix (second->message, "two.prj: "));
  reason_a = first->message + strlen ("one.prj: ");
  reason_b = second->message + strlen ("two.prj: ");
  g_assert_cmpstr (reason_a, ==, reason_b);
  g_assert_cmpint (first->code, ==, second->code);

  /* The refusal does not stick to the well-formed definition. */
  good = cb_projection_new_from_definition ("EPSG:4326", &error);
  g_assert_no_error (error);
  g_assert_nonnull (good);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection/geographic-round-trip", test_geographic_round_trip);
  g_test_add_func ("/projection/north-up-at-centre", test_north_up_at_centre);
  g_test_add_func ("/projection/true-scale", test_true_scale_on_standard_parallels);
  g_test_add_func ("/projection/lks94", test_lks94);
  g_test_add_func ("/projection/prj-files", test_prj_files);
  g_test_add_func ("/projection/errors", test_errors);
  g_test_add_func ("/projection/refusal-remembered", test_refusal_remembered);
  g_test_add_func ("/projection/bad-coordinates", test_bad_coordinates);
  g_test_add_func ("/projection/region-and-bounds", test_region_and_bounds);

  return g_test_run ();
}
