/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-test-app.h"
#include "cb-export.h"
#include "cb-export-cli.h"
#include "cb-layer-catalog.h"

/*
 * The page a teacher asks for from the command line: the locale's paper,
 * --title, --orientation, --no-legend, the smallest size, --town by any
 * name, and the lists of towns and layers.  The built app is run with no
 * display (as test-export does).
 */

static void
assert_bad_arguments (Fixture            *fixture,
                      const char * const *args,
                      const char         *fragment)
{
  g_autofree char *err = NULL;
  g_auto(GStrv) left = NULL;

  g_assert_cmpint (run_app (args, 0, &err), ==, 2);
  /* One line naming the problem, and no file. */
  g_assert_nonnull (strstr (err, fragment));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  left = names_in (fixture->dir);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
}

/* A locale whose paper is US Letter, made with localedef in @dir (the
 * machine may have only C locales): LC_PAPER alone, copied from en_US, so
 * that it builds fast.  NULL when that cannot be done. */
static char *
make_letter_locale (const char *dir)
{
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *source = g_build_filename (dir, "letter-paper", NULL);
  g_autofree char *target = g_build_filename (dir, "xx_LETTER.UTF-8", NULL);
  g_autofree char *paper = g_build_filename (target, "LC_PAPER", NULL);
  int status = 0;

  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/en_US", G_FILE_TEST_EXISTS) ||
      !g_file_set_contents (source, "LC_PAPER\ncopy \"en_US\"\nEND LC_PAPER\n", -1, NULL))
    return NULL;
  /* -c: the other categories are missing on purpose (exit status 1). */
  if (!g_spawn_sync (NULL, (char *[]) { localedef, (char *) "-c", (char *) "-i", source, (char *) "-f",
                                        (char *) "UTF-8", target, NULL },
                     NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_file_test (paper, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_strdup ("xx_LETTER.UTF-8");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The paper follows LC_PAPER: A4 in C, Letter in en_US; the PDF page too. */
static void
test_letter_paper (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *locales = g_build_filename (fixture->dir, "locales", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "letter.pdf", NULL);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *locale = NULL;
  g_autofree char *locpath = NULL;
  g_autofree char *info = NULL;
  g_autofree char *err = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_PAPER, NULL));
  g_autoptr(GError) error = NULL;
  double width, height;
  int status = 0;

  /* The C locale's paper is A4. */
  g_assert_nonnull (setlocale (LC_PAPER, "C"));
  g_assert_false (cb_export_get_locale_paper (&width, &height));
  g_assert_cmpfloat (width, ==, 210);
  g_assert_cmpfloat (height, ==, 297);

  g_mkdir (locales, 0700);
  locale = make_letter_locale (locales);
  if (locale == NULL)
    {
      remove_tree (locales);
      g_test_skip ("localedef or the en_US locale source is missing: no Letter locale to test with");
      return;
    }

  /* In process: glibc reads LOCPATH at each setlocale(). */
  g_setenv ("LOCPATH", locales, TRUE);
  g_assert_nonnull (setlocale (LC_PAPER, locale));
  g_assert_true (cb_export_get_locale_paper (&width, &height));
  g_assert_cmpfloat (width, ==, 215.9);
  g_assert_cmpfloat (height, ==, 279.4);
  setlocale (LC_PAPER, saved);
  g_unsetenv ("LOCPATH");

  /* The command line: a Letter page, landscape (11 × 8.5 in). */
  locpath = g_strdup_printf ("LOCPATH=%s", locales);
  g_assert_cmpint (run_app_full ((const char *[]) { "--export", path, NULL },
                                 (const char *[]) { "LC_ALL", "LANG", locpath, "LC_PAPER=xx_LETTER.UTF-8", NULL },
                                 0, NULL, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  remove_tree (locales);
  if (pdfinfo == NULL)
    {
      g_test_skip ("pdfinfo (poppler-utils) is needed to read the page size");
      return;
    }
  g_spawn_sync (NULL, (char *[]) { pdfinfo, path, NULL }, NULL, G_SPAWN_DEFAULT,
                NULL, NULL, &info, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^Page size:\\s+792 x 612 pts", info, G_REGEX_MULTILINE, 0));
}

/* --town takes a name in any language and case, or the id (as the search
 * finds it); a typo gets the close names. */
static void
test_town_names (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "town.png", NULL);
  g_autofree char *err = NULL;
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(CbGazetteer) gazetteer = NULL;
  g_autoptr(GError) error = NULL;
  const struct { const char *query; const char *id; } names[] = {
    { "Lida", "lida" }, { "LIDA", "lida" }, { "lida", "lida" }, { "Ліда", "lida" }, { "Лида", "lida" },
    { "lyda", "lida" }, { "Wilno", "vilnius" }, { "vilna", "vilnius" }, { "Hrodna", "hrodna" },
    { "grodno", "hrodna" }, { "GARDINAS", "hrodna" }, { "Sztabin", "sztabin" }, { "puńsk", "punsk" },
    { "PUNSK", "punsk" }, { "Kowno", "kaunas" },
  };

  g_assert_true (cb_layer_catalog_load (catalog, NULL, &error));
  gazetteer = cb_gazetteer_new_from_features (cb_layer_get_features (cb_layer_catalog_get_towns (catalog)), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const CbTown *town = cb_export_cli_find_town (gazetteer, names[i].query, &error);

      if (town == NULL)
        g_error ("--town %s: %s", names[i].query, error->message);
      g_assert_cmpstr (town->id, ==, names[i].id);
    }
  g_assert_null (cb_export_cli_find_town (gazetteer, "Lidda", &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "did you mean Lida (lida)?"));
  g_clear_error (&error);
  g_assert_null (cb_export_cli_find_town (gazetteer, "Vil", &error));
  g_assert_nonnull (strstr (error->message, "Vilnius (vilnius), Vileyka (vileyka)"));
  g_clear_error (&error);

  /* The command line, end to end. */
  g_assert_cmpint (run_app ((const char *[]) { "--export", path, "--size", "320x240", "--town", "Ліда", NULL }, 0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_unlink (path);
  assert_bad_arguments (fixture, (const char *[]) { "--export", path, "--size", "320x240",
                                                    "--town", "Lidda", NULL }, "did you mean Lida (lida)?");
  assert_bad_arguments (fixture, (const char *[]) { "--export", path, "--size", "320x240",
                                                    "--town", "atlantis", NULL }, "--list-towns");
}

/* --list-towns and --list-layers print what there is, and write nothing. */
static void
test_lists (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_app_full ((const char *[]) { "--list-towns", NULL }, NULL, 0, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_regex_match_simple ("^lida +Lida +\\(.*be: Ліда", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^vilnius +Vilnius +\\(pl: Wilno", out, G_REGEX_MULTILINE, 0));
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), >=, 51);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_app_full ((const char *[]) { "--list-layers", NULL }, NULL, 0, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_regex_match_simple ("^treaty_1920_line +Treaty line of 12 July 1920 +from 1920-07-12 +\\(shown by default\\)$",
                                       out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^foch_line_1919 +Entente lines of 1919 +1919-06-18 – 1920-10-06",
                                       out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^towns +Towns", out, G_REGEX_MULTILINE, 0));
  {
    g_auto(GStrv) left = names_in (fixture->dir);

    g_assert_cmpuint (g_strv_length (left), ==, 0);
  }
}

/* A page too small for its title, legend and sources is refused, naming
 * the minimum; the minimum itself is written. */
static void
test_min_size (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "small.png", NULL);
  g_autofree char *err = NULL;

  assert_bad_arguments (fixture, (const char *[]) { "--export", path, "--size", "10x10", NULL },
                        "each side must be at least 240 pixels");
  assert_bad_arguments (fixture, (const char *[]) { "--export", path, "--size", "1600x239", NULL },
                        "at least 240 pixels");
  g_assert_cmpint (run_app ((const char *[]) { "--export", path, "--size", "240x240", NULL }, 0, &err), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* --title, --orientation and --no-legend shape the page. */
static void
test_page_options (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "handout.svg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  static const GMarkupParser no_callbacks = { 0 };
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_cmpint (run_app ((const char *[]) { "--export", path, "--size", "1200x900", "--orientation", "portrait",
                                               "--title", "Lesson 3: <Lida> & Vilnius", "--no-legend", NULL },
                            0, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  parser = g_markup_parse_context_new (&no_callbacks, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (parser, contents, length, &error));
  g_assert_true (g_markup_parse_context_end_parse (parser, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "width=\"900px\""));
  g_assert_nonnull (strstr (contents, "height=\"1200px\""));
  g_assert_nonnull (strstr (contents, ">Lesson 3: &lt;Lida&gt; &amp; Vilnius</tspan>"));
  g_assert_null (strstr (contents, "inkscape:label=\"Legend\""));
  g_assert_nonnull (strstr (contents, "inkscape:label=\"Scale bar\""));

  g_unlink (path);
  assert_bad_arguments (fixture, (const char *[]) { "--export", path, "--orientation", "sideways", NULL },
                        "landscape or portrait");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export-options/letter-paper", Fixture, NULL, fixture_set_up, test_letter_paper, fixture_tear_down);
  g_test_add ("/export-options/town-names", Fixture, NULL, fixture_set_up, test_town_names, fixture_tear_down);
  g_test_add ("/export-options/lists", Fixture, NULL, fixture_set_up, test_lists, fixture_tear_down);
  g_test_add ("/export-options/min-size", Fixture, NULL, fixture_set_up, test_min_size, fixture_tear_down);
  g_test_add ("/export-options/page-options", Fixture, NULL, fixture_set_up, test_page_options, fixture_tear_down);

  return g_test_run ();
}
