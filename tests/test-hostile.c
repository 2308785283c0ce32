/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * Hostile input to the loaders: FIFOs and devices where files should be,
 * huge or booby-trapped .prj files, lines that made the simplifier
 * quadratic, polygon layers whose rings all vanish at some zoom.  Each case
 * once hung, read gigabytes, opened files a .prj named or hit undefined
 * behaviour; an alarm turns a hang into a failure instead of a stuck run.
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <shapefil.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-projection.h"
#include "cb-shapefile.h"

#define ESRI_WGS84 "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"

static char *tmp_dir;

static char *
fixture (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* A small valid line layer "NAME.shp/.shx/.dbf" (two lines near Vilnius). */
static char *
write_lines (const char *name)
{
  g_autofree char *base = fixture (name);
  SHPHandle shp = SHPCreate (base, SHPT_ARC);
  DBFHandle dbf = DBFCreate (base);
  double xs[2][3] = { { 25.0, 25.1, 25.2 }, { 24.0, 24.2, 24.4 } };
  double ys[2][3] = { { 54.6, 54.7, 54.6 }, { 55.0, 55.1, 55.2 } };

  g_assert_nonnull (shp);
  g_assert_nonnull (dbf);
  DBFAddField (dbf, "name", FTString, 20, 0);
  for (int i = 0; i < 2; i++)
    {
      SHPObject *obj = SHPCreateSimpleObject (SHPT_ARC, 3, xs[i], ys[i], NULL);

      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
      DBFWriteStringAttribute (dbf, i, 0, i ? "second" : "first");
    }
  SHPClose (shp);
  DBFClose (dbf);
  return g_strconcat (base, ".shp", NULL);
}

static char *
sibling (const char *shp_path,
         const char *ext)
{
  g_autofree char *base = g_strndup (shp_path, strlen (shp_path) - 4);

  return g_strconcat (base, ".", ext, NULL);
}

static gboolean
notes_contain (CbFeatureSet *set,
               const char   *needle)
{
  for (const char * const *n = cb_feature_set_get_load_notes (set); *n != NULL; n++)
    if (strstr (*n, needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
make_fifo (const char *path)
{
  g_unlink (path);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
}

static void
test_fifo_cpg (void)
{
  g_autofree char *shp = write_lines ("rivers");
  g_autofree char *cpg = sibling (shp, "cpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;

  make_fifo (cpg);
  alarm (20);  /* shapelib used to open the FIFO itself and block for ever */
  set = cb_shapefile_load (shp, &error);
  alarm (0);
  g_assert_no_error (error);
  g_assert_cmpuint (cb_feature_set_get_n_features (set), ==, 2);
  g_assert_true (notes_contain (set, "rivers.cpg: not a regular file (a FIFO): skipped"));
  g_unlink (cpg);
}

static void
test_fifo_shx_beside_upper (void)
{
  g_autofree char *shp = write_lines ("lakes");
  g_autofree char *shx = sibling (shp, "shx");
  g_autofree char *upper = sibling (shp, "SHX");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;

  g_assert_cmpint (g_rename (shx, upper), ==, 0);
  make_fifo (shx);
  alarm (20);
  set = cb_shapefile_load (shp, &error);
  alarm (0);
  g_assert_no_error (error);
  g_assert_cmpuint (cb_feature_set_get_n_features (set), ==, 2);
  g_unlink (shx);
  g_unlink (upper);
}

static void
test_fifo_prj (void)
{
  g_autofree char *shp = write_lines ("fifo-prj");
  g_autofree char *prj = sibling (shp, "prj");
  g_autofree char *expected = g_strdup_printf ("%s: not a regular file (a FIFO)", prj);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;

  make_fifo (prj);
  alarm (20);
  set = cb_shapefile_load (shp, &error);
  alarm (0);
  g_assert_null (set);
  g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, expected);
  g_unlink (prj);
}

static void
test_huge_prj (void)
{
  g_autofree char *shp = write_lines ("huge-prj");
  g_autofree char *prj = sibling (shp, "prj");
  g_autofree char *expected = g_strdup_printf ("%s: too large (3221225472 bytes; the limit is 1048576)", prj);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;
  int fd = open (prj, O_CREAT | O_TRUNC | O_WRONLY, 0600);

  /* 3 GB, sparse: read whole, it took 3.1 GB of memory. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, G_GINT64_CONSTANT (3) << 30), ==, 0);
  close (fd);
  set = cb_shapefile_load (shp, &error);
  g_assert_null (set);
  g_assert_error (error, CB_ERROR, CB_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, expected);
  g_unlink (prj);
}

static void
test_prj_names_a_file (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd",
      "a PROJ string is not accepted in a .prj file (ESRI WKT only)" },
    { "+init=epsg:4326", "a PROJ string is not accepted in a .prj file (ESRI WKT only)" },
    { "GEOGCS[\"x\",DATUM[\"WGS_1984\",SPHEROID[\"WGS_1984\",6378137,298.257223563]],"
      "PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.0174532925199433],"
      "EXTENSION[\"PROJ4_GRIDS\",\"/etc/passwd\"]]",
      "refused: the coordinate system names a file or a PROJ string (“grids”)" },
    { "GEOGCS[\"x\",DATUM[\"WGS_1984\",SPHEROID[\"WGS_1984\",6378137,298.257223563]],"
      "PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.0174532925199433],"
      "EXTENSION[\"PROJ4\",\"+proj=longlat +ellps=WGS84 +towgs84=0,0,0\"]]",
      "a PROJ string is not accepted in a .prj file (ESRI WKT only)" },
    { "EPSG:4326", "not ESRI WKT (a .prj must begin with PROJCS[, GEOGCS[ or GEOCCS[)" },
    { "GEOGCRS[\"WGS 84\",DATUM[\"World Geodetic System 1984\",ELLIPSOID[\"WGS 84\",6378137,298.257223563]],"
      "CS[ellipsoidal,2],AXIS[\"lat\",north],AXIS[\"lon\",east],ANGLEUNIT[\"degree\",0.0174532925199433]]",
      "not ESRI WKT (a .prj must begin with PROJCS[, GEOGCS[ or GEOCCS[)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("prj%u", i);
      g_autofree char *shp = write_lines (name);
      g_autofree char *prj = sibling (shp, "prj");
      g_autofree char *expected = g_strdup_printf ("%s: %s", prj, cases[i].message);
      g_autoptr(GError) error = NULL;
      g_autoptr(CbFeatureSet) set = NULL;

      g_assert_true (g_file_set_contents (prj, cases[i].text, -1, NULL));
      set = cb_shapefile_load (shp, &error);
      g_assert_null (set);
      g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_prj_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbProjection) projection =
    cb_projection_new_from_prj_text ("GEOGCS[\"\xe9t\xe9\",DATUM[\"WGS_1984\"]]", 29, "x.prj", &error);

  g_assert_null (projection);
  g_assert_error (error, CB_ERROR, CB_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, "x.prj: not a text .prj file (not valid UTF-8)");
}

static void
test_definition_names_a_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbProjection) projection =
    cb_projection_new_from_definition ("+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd +type=crs", &error);

  g_assert_null (projection);
  g_assert_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "CRS definition: refused: the coordinate system names a file or a PROJ string (“nadgrids”)");
}

static void
test_fifo_shp_and_link_loop (void)
{
  g_autofree char *fifo = fixture ("pipe.shp");
  g_autofree char *loop = fixture ("loop.shp");
  g_autofree char *expected_fifo = g_strdup_printf ("%s: not a regular file (a FIFO)", fifo);
  g_autofree char *expected_loop = g_strdup_printf ("%s: a loop of symbolic links", loop);
  g_autoptr(GError) error = NULL;
  CbFeatureSet *set;

  make_fifo (fifo);
  set = cb_shapefile_load (fifo, &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==, expected_fifo);
  g_clear_error (&error);

  g_unlink (loop);
  g_assert_cmpint (symlink ("loop.shp", loop), ==, 0);
  set = cb_shapefile_load (loop, &error);
  g_assert_null (set);
  /* It used to say "no such shapefile". */
  g_assert_cmpstr (error->message, ==, expected_loop);
  g_unlink (fifo);
  g_unlink (loop);
}

static void
test_dbf_reasons (void)
{
  g_autofree char *shp = write_lines ("short-dbf");
  g_autofree char *dbf = sibling (shp, "dbf");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (dbf, "\x03\x7a\x01", 3, NULL));
  set = cb_shapefile_load (shp, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s: the .dbf file cannot be read (3 bytes, too short for a dBASE header): "
                              "the features have no attributes", shp);
  g_assert_true (notes_contain (set, expected));
}

/* Rings of a few metres vanish from the coarser levels: with every ring of
 * the layer gone, a level had no storage and readers did NULL + 0. */
static void
test_polygons_all_rings_drop (void)
{
  g_autofree char *base = fixture ("specks");
  g_autofree char *path = g_strconcat (base, ".shp", NULL);
  SHPHandle shp = SHPCreate (base, SHPT_POLYGON);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;
  guint n_lods;

  for (int i = 0; i < 3; i++)
    {
      double x0 = 24.0 + i * 0.1, y0 = 54.0;
      double xs[5] = { x0, x0, x0 + 0.0001, x0 + 0.0001, x0 };
      double ys[5] = { y0, y0 + 0.0001, y0 + 0.0001, y0, y0 };
      SHPObject *obj = SHPCreateSimpleObject (SHPT_POLYGON, 5, xs, ys, NULL);

      SHPWriteObject (shp, -1, obj);
      SHPDestroyObject (obj);
    }
  SHPClose (shp);

  set = cb_shapefile_load (path, &error);
  g_assert_no_error (error);
  n_lods = cb_feature_set_get_n_lods (set);
  g_assert_cmpuint (cb_feature_set_get_lod_n_vertices (set, n_lods - 1), ==, 0);
  for (guint f = 0; f < cb_feature_set_get_n_features (set); f++)
    {
      guint n = 99;
      const double *pts = cb_feature_set_get_lod_part (set, n_lods - 1, f, 0, &n);

      g_assert_cmpuint (n, ==, 0);
      g_assert_nonnull (pts);
    }
}

/* Distance from @p to the segment a-b. */
static double
seg_dist (const double *p, const double *a, const double *b)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/*
 * A 200 000-vertex zig-zag: Douglas-Peucker always split it next to an end,
 * n scans of n points (about 220 s here; the test's timeout is 30 s).  Each
 * level keeps every vertex of the level before within its tolerance.
 */
static void
test_zigzag_lod (void)
{
  g_autofree char *base = fixture ("zigzag");
  g_autofree char *path = g_strconcat (base, ".shp", NULL);
  const int n = 200000;
  g_autofree double *xs = g_new (double, n);
  g_autofree double *ys = g_new (double, n);
  SHPHandle shp = SHPCreate (base, SHPT_ARC);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;
  SHPObject *obj;

  /* About 2 m between vertices, 0.002° (~200 m) amplitude, slowly rising. */
  for (int i = 0; i < n; i++)
    {
      xs[i] = 22.0 + 4.0 * i / n;
      ys[i] = 54.0 + (i % 2) * 0.002 + 0.5 * i / n;
    }
  obj = SHPCreateSimpleObject (SHPT_ARC, n, xs, ys, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  SHPClose (shp);

  set = cb_shapefile_load (path, &error);
  g_assert_no_error (error);
  for (guint lod = 1; lod < cb_feature_set_get_n_lods (set); lod++)
    {
      double tol = cb_feature_set_get_lod_tolerance (set, lod);
      guint n_prev, n_cur, j = 0;
      const double *prev = cb_feature_set_get_lod_part (set, lod - 1, 0, 0, &n_prev);
      const double *cur = cb_feature_set_get_lod_part (set, lod, 0, 0, &n_cur);

      g_assert_cmpuint (n_cur, >=, 2);
      g_assert_cmpuint (n_cur, <=, n_prev);
      /* The kept points are a subsequence; each dropped one lies within
       * the tolerance of the segment that replaced it. */
      for (guint i = 0; i < n_prev; i++)
        {
          const double *p = prev + 2 * i;

          if (j < n_cur && p[0] == cur[2 * j] && p[1] == cur[2 * j + 1])
            {
              j++;
              continue;
            }
          g_assert_cmpuint (j, >, 0);
          g_assert_cmpuint (j, <, n_cur);
          g_assert_cmpfloat (seg_dist (p, cur + 2 * (j - 1), cur + 2 * j), <=, tol + 1e-6);
        }
      g_assert_cmpuint (j, ==, n_cur);
    }
  /* Coarse levels are small: the 200 m zig-zag is gone at 480 m. */
  g_assert_cmpuint (cb_feature_set_get_lod_n_vertices (set, cb_feature_set_get_n_lods (set) - 1), <, 100);
}

static void
test_from_memory (void)
{
  g_autofree char *shp = write_lines ("memory");
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  static const char * const exts[] = { "shp", "shx", "dbf" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CbFeatureSet) set = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *path = sibling (shp, exts[i]);
      char *data = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_hash_table_insert (files, g_strconcat ("m.", exts[i], NULL), g_bytes_new_take (data, len));
    }
  g_hash_table_insert (files, g_strdup ("m.prj"), g_bytes_new_static (ESRI_WGS84, strlen (ESRI_WGS84)));

  set = cb_shapefile_load_from_memory ("m.shp", files, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cb_feature_set_get_n_features (set), ==, 2);
  g_assert_cmpstr (cb_feature_set_get_attribute (set, 1, "name"), ==, "second");
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("cb-test-hostile-XXXXXX", NULL);

  g_test_add_func ("/hostile/fifo-cpg", test_fifo_cpg);
  g_test_add_func ("/hostile/fifo-shx-beside-upper", test_fifo_shx_beside_upper);
  g_test_add_func ("/hostile/fifo-prj", test_fifo_prj);
  g_test_add_func ("/hostile/huge-prj", test_huge_prj);
  g_test_add_func ("/hostile/prj-names-a-file", test_prj_names_a_file);
  g_test_add_func ("/hostile/prj-not-utf8", test_prj_not_utf8);
  g_test_add_func ("/hostile/definition-names-a-file", test_definition_names_a_file);
  g_test_add_func ("/hostile/fifo-shp-and-link-loop", test_fifo_shp_and_link_loop);
  g_test_add_func ("/hostile/dbf-reasons", test_dbf_reasons);
  g_test_add_func ("/hostile/polygons-all-rings-drop", test_polygons_all_rings_drop);
  g_test_add_func ("/hostile/zigzag-lod", test_zigzag_lod);
  g_test_add_func ("/hostile/from-memory", test_from_memory);

  status = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
