/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>
#include <glib/gstdio.h>
#include <shapefil.h>

#include "cb-error.h"
#include "cb-gazetteer.h"
#include "cb-sources.h"
#include "cb-test-data.h"

/* The shapefile the app ships (CB_GEODATA_DIR), or the small fixture. */
static char *
real_towns_path (void)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "towns.shp", NULL);
}

static char *
fixture_towns_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "geodata", "towns.shp", NULL);
}

static void
assert_folds_to (const char *text,
                 const char *expected)
{
  g_autofree char *folded = cb_gazetteer_fold (text);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_fold (void)
{
  assert_folds_to ("Łoździeje", "lozdzieje");
  assert_folds_to ("LOZDZIEJE", "lozdzieje");
  assert_folds_to ("Suwałki", "suwalki");
  assert_folds_to ("Merkinė", "merkine");
  assert_folds_to ("Šalčininkai", "salcininkai");
  assert_folds_to ("Eišiškės", "eisiskes");
  assert_folds_to ("Straße", "strasse");
  assert_folds_to ("Østergård", "ostergard");
  assert_folds_to ("Đakovo", "dakovo");
  assert_folds_to ("Æbeltoft", "aebeltoft");
  /* Cyrillic stays Cyrillic, only its case and marks go. */
  assert_folds_to ("Вільня", "вільня");
  assert_folds_to ("ВІЛЬНЯ", "вільня");
  assert_folds_to ("Сморгонь", "сморгонь");
  assert_folds_to ("Браслаў", "браслау");
  /* Hebrew vowel points are marks too. */
  assert_folds_to ("גראָדנע", "גראדנע");
  assert_folds_to ("  Hrodna \t (Grodno) ", "hrodna (grodno)");
  assert_folds_to ("", "");
  assert_folds_to (NULL, "");
}

static void
assert_first_match (CbGazetteer *gazetteer,
                    const char  *query,
                    const char  *expected_id)
{
  g_autoptr(GPtrArray) matches = cb_gazetteer_search (gazetteer, query);
  CbGazetteerMatch *first;

  if (matches->len == 0)
    g_error ("“%s” found nothing", query);

  first = g_ptr_array_index (matches, 0);
  if (g_strcmp0 (first->town->id, expected_id) != 0)
    g_error ("“%s” found %s first (via “%s”), expected %s",
             query, first->town->id, first->matched_name, expected_id);
}

static void
check_issue_examples (CbGazetteer *gazetteer)
{
  assert_first_match (gazetteer, "Wilno", "vilnius");
  assert_first_match (gazetteer, "Vilna", "vilnius");
  assert_first_match (gazetteer, "Вільня", "vilnius");
  assert_first_match (gazetteer, "vilnius", "vilnius");
  assert_first_match (gazetteer, "VILNIUS", "vilnius");
  assert_first_match (gazetteer, "Lozdzieje", "lazdijai");
  assert_first_match (gazetteer, "Łoździeje", "lazdijai");
  assert_first_match (gazetteer, "grodno", "hrodna");
  assert_first_match (gazetteer, "Гродна", "hrodna");
  assert_first_match (gazetteer, "suwalki", "suwalki");
  assert_first_match (gazetteer, "Seinai", "sejny");
  assert_first_match (gazetteer, "Oszmiana", "ashmyany");
}

static void
test_search_fixture (void)
{
  g_autofree char *path = fixture_towns_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CbGazetteer) gazetteer = cb_test_load_gazetteer (path, &error);

  g_assert_no_error (error);
  check_issue_examples (gazetteer);
}

static void
test_search_real_data (void)
{
  g_autofree char *path = real_towns_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CbGazetteer) gazetteer = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no towns.shp in CB_GEODATA_DIR");
      return;
    }

  gazetteer = cb_test_load_gazetteer (path, &error);
  g_assert_no_error (error);
  check_issue_examples (gazetteer);

  /* The towns the issue names are all on the map. */
  {
    const char *ids[] = { "vilnius", "kaunas", "hrodna", "lida", "sejny", "suwalki",
                          "augustow", "sztabin", "braslaw", "pastavy", "ashmyany",
                          "smarhon", "shchuchyn", "lazdijai" };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        const CbTown *town = cb_gazetteer_lookup (gazetteer, ids[i]);

        g_assert_nonnull (town);
        g_assert_true (town->has_location);
      }
  }
}

static void
test_load_fixture (void)
{
  g_autofree char *path = fixture_towns_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CbGazetteer) gazetteer = cb_test_load_gazetteer (path, &error);
  const CbTown *vilnius;
  g_autoptr(GPtrArray) others = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (cb_gazetteer_get_n_towns (gazetteer), ==, 39);

  vilnius = cb_gazetteer_lookup (gazetteer, "vilnius");
  g_assert_nonnull (vilnius);
  g_assert_cmpstr (cb_town_get_name (vilnius, CB_PLACE_LANGUAGE_PL), ==, "Wilno");
  g_assert_cmpstr (cb_town_get_name (vilnius, CB_PLACE_LANGUAGE_LT), ==, "Vilnius");
  g_assert_cmpstr (cb_town_get_name (vilnius, CB_PLACE_LANGUAGE_YI), ==, "ווילנע (Vilne)");
  g_assert_cmpint (vilnius->size_class, ==, 1);
  g_assert_true (vilnius->has_location);
  g_assert_cmpfloat_with_epsilon (vilnius->lat, 54.68916, 1e-6);
  g_assert_cmpfloat_with_epsilon (vilnius->lon, 25.2798, 1e-6);

  /* Sejny has no confirmed Belarusian name: fall back to English. */
  g_assert_cmpstr (cb_town_get_name (cb_gazetteer_lookup (gazetteer, "sejny"),
                                     CB_PLACE_LANGUAGE_BE), ==, "Sejny");

  others = cb_town_dup_other_names (vilnius, CB_PLACE_LANGUAGE_PL);
  g_assert_false (g_ptr_array_find_with_equal_func (others, "Wilno", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (others, "Вільня", g_str_equal, NULL));
  /* "Vilnius" is both the English and the Lithuanian name: listed once. */
  {
    guint count = 0;

    for (guint i = 0; i < others->len; i++)
      count += g_str_equal (g_ptr_array_index (others, i), "Vilnius");
    g_assert_cmpuint (count, ==, 1);
  }

  g_assert_null (cb_gazetteer_lookup (gazetteer, "atlantis"));
  g_assert_null (cb_gazetteer_get_town (gazetteer, 1000));
}

static void
test_ranking (void)
{
  g_autoptr(CbGazetteer) gazetteer = cb_gazetteer_new ();
  g_autoptr(GPtrArray) matches = NULL;
  CbTown *town;

  town = cb_gazetteer_add_town (gazetteer, "lidzbark", "Lidzbark");
  town->size_class = 1;
  town = cb_gazetteer_add_town (gazetteer, "lida", "Lida");
  town->size_class = 3;
  town = cb_gazetteer_add_town (gazetteer, "nowa-lida", "Nowa Lida");
  town->size_class = 1;
  town = cb_gazetteer_add_town (gazetteer, "kalida", "Kalida");
  town->size_class = 1;

  /* Exact beats prefix beats word start beats substring, size only breaks ties. */
  matches = cb_gazetteer_search (gazetteer, "lida");
  g_assert_cmpuint (matches->len, ==, 3);
  g_assert_cmpstr (((CbGazetteerMatch *) matches->pdata[0])->town->id, ==, "lida");
  g_assert_cmpstr (((CbGazetteerMatch *) matches->pdata[1])->town->id, ==, "nowa-lida");
  g_assert_cmpstr (((CbGazetteerMatch *) matches->pdata[2])->town->id, ==, "kalida");
  g_clear_pointer (&matches, g_ptr_array_unref);

  matches = cb_gazetteer_search (gazetteer, "lid");
  g_assert_cmpuint (matches->len, ==, 4);
  g_assert_cmpstr (((CbGazetteerMatch *) matches->pdata[0])->town->id, ==, "lidzbark");
  g_assert_cmpstr (((CbGazetteerMatch *) matches->pdata[1])->town->id, ==, "lida");
  g_clear_pointer (&matches, g_ptr_array_unref);

  matches = cb_gazetteer_search (gazetteer, "   ");
  g_assert_cmpuint (matches->len, ==, 0);
  g_clear_pointer (&matches, g_ptr_array_unref);

  /* Names added later (from the history content) are searched too. */
  cb_gazetteer_add_alt_name (gazetteer, "lida", "Лида");
  cb_gazetteer_add_alt_name (gazetteer, "lida", "Лида");
  cb_gazetteer_add_alt_name (gazetteer, "atlantis", "Nowhere");
  g_assert_cmpuint (cb_gazetteer_lookup (gazetteer, "lida")->alt_names->len, ==, 1);
  matches = cb_gazetteer_search (gazetteer, "лида");
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpstr (((CbGazetteerMatch *) matches->pdata[0])->matched_name, ==, "Лида");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbGazetteer) gazetteer = NULL;

  gazetteer = cb_test_load_gazetteer ("/nonexistent/towns.shp", &error);
  g_assert_null (gazetteer);
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/towns.shp"));
}

/* Writes @n_points points (lon, lat pairs) as @base.shp/.shx, no .prj. */
static void
write_points (const char   *base,
              const double *lonlat,
              int           n_points)
{
  SHPHandle shp = SHPCreate (base, SHPT_POINT);

  for (int i = 0; i < n_points; i++)
    {
      SHPObject *object = SHPCreateSimpleObject (SHPT_POINT, 1, &lonlat[2 * i], &lonlat[2 * i + 1], NULL);

      SHPWriteObject (shp, -1, object);
      SHPDestroyObject (object);
    }
  SHPClose (shp);
}

/* A table written here with shapelib: no "id" column is corrupt; empty ids
 * are skipped and missing languages or coordinates left empty. */
static void
test_odd_tables (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cb-gazetteer-XXXXXX", NULL);
  g_autofree char *no_id = g_build_filename (dir, "noid", NULL);
  g_autofree char *odd = g_build_filename (dir, "odd", NULL);
  g_autofree char *no_id_shp = g_strconcat (no_id, ".shp", NULL);
  g_autofree char *odd_shp = g_strconcat (odd, ".shp", NULL);
  static const double points[] = { 23.0, 54.0, 23.34698, 54.10802, 24.0, 55.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CbGazetteer) gazetteer = NULL;
  DBFHandle dbf;
  const CbTown *town;

  write_points (no_id, points, 1);
  dbf = DBFCreate (no_id);
  DBFAddField (dbf, "name", FTString, 20, 0);
  DBFWriteStringAttribute (dbf, 0, 0, "Lida");
  DBFClose (dbf);
  gazetteer = cb_test_load_gazetteer (no_id_shp, &error);
  g_assert_null (gazetteer);
  g_assert_error (error, CB_ERROR, CB_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "noid.shp"));
  g_clear_error (&error);

  write_points (odd, points, 3);
  dbf = DBFCreate (odd);
  DBFAddField (dbf, "id", FTString, 20, 0);
  DBFAddField (dbf, "name_pl", FTString, 20, 0);
  DBFAddField (dbf, "lon", FTDouble, 12, 5);
  DBFAddField (dbf, "lat", FTDouble, 12, 5);
  DBFWriteStringAttribute (dbf, 0, 0, "");
  DBFWriteStringAttribute (dbf, 1, 0, "sejny");
  DBFWriteStringAttribute (dbf, 1, 1, "Sejny");
  DBFWriteDoubleAttribute (dbf, 1, 2, 23.34698);
  DBFWriteDoubleAttribute (dbf, 1, 3, 54.10802);
  DBFWriteStringAttribute (dbf, 2, 0, "nowhere");
  DBFClose (dbf);

  gazetteer = cb_test_load_gazetteer (odd_shp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cb_gazetteer_get_n_towns (gazetteer), ==, 2);
  town = cb_gazetteer_lookup (gazetteer, "sejny");
  g_assert_true (town->has_location);
  g_assert_cmpfloat_with_epsilon (town->lon, 23.34698, 1e-9);
  g_assert_cmpstr (cb_town_get_name (town, CB_PLACE_LANGUAGE_EN), ==, "Sejny");
  g_assert_null (town->names[CB_PLACE_LANGUAGE_EN]);
  town = cb_gazetteer_lookup (gazetteer, "nowhere");
  g_assert_false (town->has_location);
  g_assert_cmpstr (cb_town_get_name (town, CB_PLACE_LANGUAGE_LT), ==, "nowhere");

  {
    const char *files[] = { "noid.shp", "noid.shx", "noid.dbf", "odd.shp", "odd.shx", "odd.dbf" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (dir, files[i], NULL);
        g_unlink (file);
      }
  }
  g_rmdir (dir);
}

static void
test_languages (void)
{
  CbPlaceLanguage language;

  g_assert_cmpint (cb_place_language_from_locale ("lt_LT.UTF-8"), ==, CB_PLACE_LANGUAGE_LT);
  g_assert_cmpint (cb_place_language_from_locale ("pl"), ==, CB_PLACE_LANGUAGE_PL);
  g_assert_cmpint (cb_place_language_from_locale ("be_BY@latin"), ==, CB_PLACE_LANGUAGE_BE);
  g_assert_cmpint (cb_place_language_from_locale ("de_DE.UTF-8"), ==, CB_PLACE_LANGUAGE_EN);
  g_assert_cmpint (cb_place_language_from_locale ("C"), ==, CB_PLACE_LANGUAGE_EN);

  g_assert_true (cb_place_language_from_code ("yi", &language));
  g_assert_cmpint (language, ==, CB_PLACE_LANGUAGE_YI);
  g_assert_false (cb_place_language_from_code ("xx", &language));
  g_assert_false (cb_place_language_from_code (NULL, &language));
  g_assert_cmpint (cb_place_language_resolve ("ru"), ==, CB_PLACE_LANGUAGE_RU);
  /* The tests run with LC_ALL=C.UTF-8: the locale default is English. */
  g_assert_cmpint (cb_place_language_resolve (""), ==, CB_PLACE_LANGUAGE_EN);
  g_assert_cmpint (cb_place_language_resolve ("bogus"), ==, CB_PLACE_LANGUAGE_EN);

  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    {
      g_assert_true (cb_place_language_from_code (cb_place_language_to_code (i), &language));
      g_assert_cmpint (language, ==, i);
      g_assert_cmpstr (cb_place_language_get_label (i), !=, "");
    }
}

/* Every town has, in every language, a name with a source that the
 * registry (geodata/SOURCES.md) knows, or a recorded "no_sourced_name" and
 * then no name, so the map falls back to the English name. */
static void
test_name_sources (void)
{
  g_autofree char *path = real_towns_path ();
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbGazetteer) gazetteer = NULL;
  guint n_sourced = 0, n_unsourced = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no towns.shp in CB_GEODATA_DIR");
      return;
    }
  gazetteer = cb_test_load_gazetteer (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cb_gazetteer_get_n_towns (gazetteer), ==, 51);

  for (guint t = 0; t < cb_gazetteer_get_n_towns (gazetteer); t++)
    {
      const CbTown *town = cb_gazetteer_get_town (gazetteer, t);

      for (CbPlaceLanguage l = 0; l < CB_N_PLACE_LANGUAGES; l++)
        {
          const char *keys = cb_town_get_name_source (town, l);
          g_auto(GStrv) parts = NULL;

          if (keys == NULL)
            g_error ("%s: no source recorded for its %s name", town->id, cb_place_language_to_code (l));
          if (g_strcmp0 (keys, "no_sourced_name") == 0)
            {
              if (town->names[l] != NULL)
                g_error ("%s: “%s” in %s is marked no_sourced_name", town->id, town->names[l],
                         cb_place_language_to_code (l));
              /* The fallback rule of cb-place-language.c: the English name. */
              g_assert_cmpstr (cb_town_get_name (town, l), ==, town->names[CB_PLACE_LANGUAGE_EN]);
              n_unsourced++;
              continue;
            }
          if (town->names[l] == NULL)
            g_error ("%s: no %s name, yet the source “%s” is recorded", town->id,
                     cb_place_language_to_code (l), keys);
          g_assert_cmpstr (cb_town_get_name (town, l), ==, town->names[l]);
          parts = g_strsplit (keys, ";", -1);
          for (guint i = 0; parts[i] != NULL; i++)
            if (!cb_sources_lookup (dir, parts[i], NULL, NULL))
              g_error ("%s: source “%s” of its %s name is not in SOURCES.md", town->id, parts[i],
                       cb_place_language_to_code (l));
          n_sourced++;
        }
      /* English is the fallback: it must be sourced. */
      g_assert_nonnull (town->names[CB_PLACE_LANGUAGE_EN]);
    }
  g_assert_true (cb_sources_lookup (dir, "no_sourced_name", NULL, NULL));
  g_assert_cmpuint (n_sourced + n_unsourced, ==, 51 * CB_N_PLACE_LANGUAGES);
  g_test_message ("%u names with a source, %u recorded as not sourced", n_sourced, n_unsourced);

  /* The issue's examples: Polish mode no longer shows Lithuanian names
   * where a Polish one is sourced. */
  g_assert_cmpstr (cb_town_get_name (cb_gazetteer_lookup (gazetteer, "jonava"), CB_PLACE_LANGUAGE_PL), ==, "Janów");
  g_assert_cmpstr (cb_town_get_name (cb_gazetteer_lookup (gazetteer, "daugai"), CB_PLACE_LANGUAGE_PL), ==, "Daugi");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gazetteer/fold", test_fold);
  g_test_add_func ("/gazetteer/languages", test_languages);
  g_test_add_func ("/gazetteer/load-fixture", test_load_fixture);
  g_test_add_func ("/gazetteer/ranking", test_ranking);
  g_test_add_func ("/gazetteer/search-fixture", test_search_fixture);
  g_test_add_func ("/gazetteer/search-real-data", test_search_real_data);
  g_test_add_func ("/gazetteer/missing-file", test_missing_file);
  g_test_add_func ("/gazetteer/odd-tables", test_odd_tables);
  g_test_add_func ("/gazetteer/name-sources", test_name_sources);

  return g_test_run ();
}
