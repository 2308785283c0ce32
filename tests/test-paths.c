/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-error.h"
#include "cb-paths.h"

static void
test_paths_from_environment (void)
{
  /* tests/meson.build points both folders at the source tree. */
  g_assert_cmpstr (cb_paths_get_geodata_dir (), ==, g_getenv ("CB_GEODATA_DIR"));
  g_assert_cmpstr (cb_paths_get_history_dir (), ==, g_getenv ("CB_HISTORY_DIR"));
  g_assert_true (g_file_test (cb_paths_get_geodata_dir (), G_FILE_TEST_IS_DIR));
}

static void
test_error_domain (void)
{
  g_autoptr(GError) error = g_error_new (CB_ERROR, CB_ERROR_CORRUPT, "bad");

  g_assert_error (error, CB_ERROR, CB_ERROR_CORRUPT);
  g_assert_cmpstr (g_quark_to_string (CB_ERROR), ==, "cb-error-quark");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paths/from-environment", test_paths_from_environment);
  g_test_add_func ("/error/domain", test_error_domain);

  return g_test_run ();
}
