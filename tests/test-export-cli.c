/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-error.h"
#include "cb-export-cli.h"

#include <glib/gstdio.h>
#include <string.h>

static void
test_defaults (void)
{
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cb_export_cli_parse ("out/map.PNG", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (request.path, ==, "out/map.PNG");
  g_assert_cmpint (request.format, ==, CB_EXPORT_FORMAT_PNG);
  g_assert_cmpuint (request.width, ==, 1600);
  g_assert_cmpuint (request.height, ==, 1200);
  g_assert_null (request.layers);
  g_assert_null (request.town);
  g_assert_null (request.language);
  g_assert_false (request.has_bbox);
  cb_export_request_clear (&request);
}

static void
test_all_options (void)
{
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cb_export_cli_parse ("a.Svg", "4000x3000", " treaty_1920_line, towns ", "lida",
                                      "lt", "20.5, 52,30,57.25", &request, &error));
  g_assert_no_error (error);
  g_assert_cmpint (request.format, ==, CB_EXPORT_FORMAT_SVG);
  g_assert_cmpuint (request.width, ==, 4000);
  g_assert_cmpuint (request.height, ==, 3000);
  g_assert_cmpuint (g_strv_length (request.layers), ==, 2);
  g_assert_cmpstr (request.layers[0], ==, "treaty_1920_line");
  g_assert_cmpstr (request.layers[1], ==, "towns");
  g_assert_cmpstr (request.town, ==, "lida");
  g_assert_cmpstr (request.language, ==, "lt");
  g_assert_true (request.has_bbox);
  g_assert_cmpfloat (request.west, ==, 20.5);
  g_assert_cmpfloat (request.south, ==, 52);
  g_assert_cmpfloat (request.east, ==, 30);
  g_assert_cmpfloat (request.north, ==, 57.25);
  cb_export_request_clear (&request);

  g_assert_true (cb_export_cli_parse ("b.pdf", "800X600", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_no_error (error);
  g_assert_cmpint (request.format, ==, CB_EXPORT_FORMAT_PDF);
  g_assert_cmpuint (request.width, ==, 800);
  cb_export_request_clear (&request);
}

static void
assert_rejected (const char *file,
                 const char *size,
                 const char *layers,
                 const char *town,
                 const char *language,
                 const char *bbox,
                 int         code,
                 const char *fragment)
{
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (cb_export_cli_parse (file, size, layers, town, language, bbox, &request, &error));
  g_assert_error (error, CB_ERROR, code);
  g_assert_nonnull (strstr (error->message, fragment));
  /* One line, for stderr. */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpint (cb_export_cli_exit_status (error), ==, CB_EXPORT_EXIT_BAD_ARGUMENTS);
  /* Nothing half-filled is handed back. */
  g_assert_null (request.path);
  g_assert_null (request.layers);
}

static void
test_bad_arguments (void)
{
  assert_rejected ("map.jpg", NULL, NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "map.jpg");
  assert_rejected ("png", NULL, NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, ".png");
  assert_rejected ("map.png", "1600", NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--size");
  assert_rejected ("map.png", "x1200", NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--size");
  assert_rejected ("map.png", "-5x10", NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--size");
  assert_rejected ("map.png", "0x10", NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "1 × 1");
  assert_rejected ("map.png", "99999999999x10", NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--size");
  assert_rejected ("map.png", NULL, "towns,,rivers", NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--layers");
  assert_rejected ("map.png", NULL, NULL, "", NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--town");
  assert_rejected ("map.png", NULL, NULL, NULL, "de", NULL, CB_ERROR_INVALID_ARGUMENT, "de");
  assert_rejected ("map.png", NULL, NULL, NULL, NULL, "20,52,30", CB_ERROR_INVALID_ARGUMENT, "--bbox");
  assert_rejected ("map.png", NULL, NULL, NULL, NULL, "20,52,30,abc", CB_ERROR_INVALID_ARGUMENT, "--bbox");
  assert_rejected ("map.png", NULL, NULL, NULL, NULL, "30,52,20,57", CB_ERROR_INVALID_ARGUMENT, "west");
  assert_rejected ("map.png", NULL, NULL, NULL, NULL, "20,52,30,95", CB_ERROR_INVALID_ARGUMENT, "latitudes");
  assert_rejected (NULL, "100x100", NULL, NULL, NULL, NULL, CB_ERROR_INVALID_ARGUMENT, "--export");
}

static void
test_too_large (void)
{
  /* Beyond cairo's surface limit for PNG and SVG, beyond 200 in for PDF. */
  assert_rejected ("map.png", "32768x100", NULL, NULL, NULL, NULL, CB_ERROR_TOO_LARGE, "32767");
  assert_rejected ("map.svg", "100x40000", NULL, NULL, NULL, NULL, CB_ERROR_TOO_LARGE, "32767");
  assert_rejected ("map.pdf", "20000x100", NULL, NULL, NULL, NULL, CB_ERROR_TOO_LARGE, "200");

  {
    CbExportRequest request = { 0 };

    /* The largest PNG is accepted. */
    g_assert_true (cb_export_cli_parse ("map.png", "32767x32767", NULL, NULL, NULL, NULL, &request, NULL));
    cb_export_request_clear (&request);
  }
}

static void
test_geo_box (void)
{
  CbBounds region, box, inner;
  g_autoptr(GError) error = NULL;

  /* The default region is the box 20–30 E, 52–57.5 N. */
  cb_projection_get_region_bounds (&region);
  g_assert_true (cb_export_geo_box_to_bounds (20, 52, 30, 57.5, &box, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (box.min_x, region.min_x, 1);
  g_assert_cmpfloat_with_epsilon (box.max_x, region.max_x, 1);
  g_assert_cmpfloat_with_epsilon (box.min_y, region.min_y, 1);
  g_assert_cmpfloat_with_epsilon (box.max_y, region.max_y, 1);

  /* A smaller box lies inside it. */
  g_assert_true (cb_export_geo_box_to_bounds (24, 54, 26, 55, &inner, &error));
  g_assert_cmpfloat (inner.min_x, >, box.min_x);
  g_assert_cmpfloat (inner.max_x, <, box.max_x);
  g_assert_cmpfloat (inner.min_y, >, box.min_y);
  g_assert_cmpfloat (inner.max_y, <, box.max_y);
  /* Lon 24.5 is the central meridian: x = 0 lies inside. */
  g_assert_cmpfloat (inner.min_x, <, 0);
  g_assert_cmpfloat (inner.max_x, >, 0);
}

/* --date, --dates, --story and .apng: checked before any file is touched. */
static void
test_time_options (void)
{
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cb_export_cli_parse ("m.png", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_true (cb_export_cli_parse_time ("1920-07-15", NULL, FALSE, &request, &error));
  g_assert_cmpuint (request.date, ==, cb_feature_set_parse_day ("1920-07-15", FALSE));
  cb_export_request_clear (&request);

  /* Outside the atlas's years, or not a day: exit 2 with the range. */
  g_assert_true (cb_export_cli_parse ("m.png", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_false (cb_export_cli_parse_time ("1930-01-01", NULL, FALSE, &request, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "1918-11-11 to 1923-03-15"));
  g_assert_cmpint (cb_export_cli_exit_status (error), ==, CB_EXPORT_EXIT_BAD_ARGUMENTS);
  g_clear_error (&error);
  g_assert_false (cb_export_cli_parse_time ("1920-7-15", NULL, FALSE, &request, &error));
  g_clear_error (&error);
  g_assert_false (cb_export_cli_parse_time ("1920-02-30", NULL, FALSE, &request, &error));
  g_clear_error (&error);

  /* Several pages want a PDF (or an animation). */
  g_assert_false (cb_export_cli_parse_time (NULL, NULL, TRUE, &request, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cb_export_request_clear (&request);

  g_assert_true (cb_export_cli_parse ("lesson.pdf", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_true (cb_export_cli_parse_time (NULL, "1919-08-01, 1920-07-15,1920-12-01", FALSE, &request, &error));
  g_assert_cmpuint (request.days->len, ==, 3);
  cb_export_request_clear (&request);

  g_assert_true (cb_export_cli_parse ("lesson.pdf", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_false (cb_export_cli_parse_time (NULL, "1919-08-01", TRUE, &request, &error));
  g_clear_error (&error);
  cb_export_request_clear (&request);

  /* An .apng is an animation of the chronology unless days are given. */
  g_assert_true (cb_export_cli_parse ("chronology.apng", "1280x720", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_no_error (error);
  g_assert_true (request.animation);
  g_assert_true (cb_export_cli_parse_time (NULL, NULL, FALSE, &request, &error));
  g_assert_true (request.story);
  cb_export_request_clear (&request);
}

/* The lesson sheet from the command line: a page per moment of the tour. */
static void
test_story (void)
{
  g_autoptr(CbAtlas) atlas = cb_atlas_new ();
  g_autofree char *dir = g_dir_make_tmp ("cb-story-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "lesson.pdf", NULL);
  g_autofree char *contents = NULL;
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;
  gsize length;

  cb_atlas_load (atlas, NULL, NULL);
  if (cb_atlas_get_tour (atlas) == NULL)
    {
      g_test_skip ("no tour in CB_HISTORY_DIR");
      return;
    }
  g_assert_true (cb_export_cli_parse (pdf, "1123x794", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_true (cb_export_cli_parse_time (NULL, NULL, TRUE, &request, &error));
  g_assert_cmpint (cb_export_cli_run (&request, atlas, &error), ==, CB_EXPORT_EXIT_OK);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  for (gsize i = 0; i + 12 <= length; i++)
    n_pages += memcmp (contents + i, "/Type /Page", 11) == 0 && contents[i + 11] != 's';
  g_assert_cmpuint (n_pages, ==, cb_tour_get_n_moments (cb_atlas_get_tour (atlas)));

  cb_export_request_clear (&request);
  g_unlink (pdf);
  g_rmdir (dir);
}

/* A PDF without --size is a sheet of the locale's paper (A4 in the tests'
 * C locale), landscape; --orientation turns it and any size; --title and
 * --no-legend are kept. */
static void
test_page_options (void)
{
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (cb_export_cli_parse ("sheet.pdf", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_no_error (error);
  g_assert_true (request.paper);
  g_assert_cmpfloat (request.paper_width, ==, 297);
  g_assert_cmpfloat (request.paper_height, ==, 210);
  g_assert_cmpuint (request.width, ==, 1123);
  g_assert_cmpuint (request.height, ==, 794);
  g_assert_true (cb_export_cli_parse_page ("Lida, 1920", "Portrait", TRUE, &request, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (request.paper_width, ==, 210);
  g_assert_cmpfloat (request.paper_height, ==, 297);
  g_assert_cmpuint (request.width, ==, 794);
  g_assert_cmpuint (request.height, ==, 1123);
  g_assert_cmpstr (request.title, ==, "Lida, 1920");
  g_assert_true (request.no_legend);
  cb_export_request_clear (&request);

  /* A size given is kept, and only turned when asked. */
  g_assert_true (cb_export_cli_parse ("slide.pdf", "1920x1080", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_false (request.paper);
  g_assert_true (cb_export_cli_parse_page (NULL, NULL, FALSE, &request, &error));
  g_assert_cmpuint (request.width, ==, 1920);
  g_assert_true (cb_export_cli_parse_page (NULL, "landscape", FALSE, &request, &error));
  g_assert_cmpuint (request.width, ==, 1920);
  g_assert_true (cb_export_cli_parse_page (NULL, "portrait", FALSE, &request, &error));
  g_assert_cmpuint (request.width, ==, 1080);
  g_assert_cmpuint (request.height, ==, 1920);
  g_assert_false (request.no_legend);
  g_assert_null (request.title);
  g_assert_false (cb_export_cli_parse_page (NULL, "upside-down", FALSE, &request, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cb_export_request_clear (&request);

  /* PNG keeps its default pixels. */
  g_assert_true (cb_export_cli_parse ("map.png", NULL, NULL, NULL, NULL, NULL, &request, &error));
  g_assert_false (request.paper);
  g_assert_cmpuint (request.width, ==, 1600);
  cb_export_request_clear (&request);
}

/* Below 240 px a side, the layout has no room for a map: refused with the
 * minimum named; 240 itself passes. */
static void
test_too_small (void)
{
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (cb_export_cli_parse ("map.png", "10x10", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "at least 240 pixels"));
  g_assert_cmpint (cb_export_cli_exit_status (error), ==, CB_EXPORT_EXIT_BAD_ARGUMENTS);
  g_clear_error (&error);
  g_assert_false (cb_export_cli_parse ("map.svg", "2000x239", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (cb_export_cli_parse ("map.pdf", "240x240", NULL, NULL, NULL, NULL, &request, &error));
  g_assert_no_error (error);
  cb_export_request_clear (&request);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-cli/defaults", test_defaults);
  g_test_add_func ("/export-cli/all-options", test_all_options);
  g_test_add_func ("/export-cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/export-cli/too-large", test_too_large);
  g_test_add_func ("/export-cli/geo-box", test_geo_box);
  g_test_add_func ("/export-cli/time-options", test_time_options);
  g_test_add_func ("/export-cli/story", test_story);
  g_test_add_func ("/export-cli/page-options", test_page_options);
  g_test_add_func ("/export-cli/too-small", test_too_small);

  return g_test_run ();
}
