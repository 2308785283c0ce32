/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * An export killed half way leaves nothing but the old file: the helper
 * starts an atomic write, and is killed by SIGKILL, SIGINT, SIGTERM or
 * SIGHUP.  Before, each left a hidden megabyte-sized ".map.png.XXXXXX".
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
kill_writer (int         sig,
             const char *mode)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "cb-atomic-writer", NULL);
  g_autofree char *dir = g_dir_make_tmp ("cb-test-atomic-kill-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "map.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *old = NULL;

  g_assert_true (g_file_set_contents (target, "old map", -1, NULL));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, target, mode, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  if (strcmp (mode, "unnamed") == 0 && strcmp (line, "ready unnamed") != 0)
    {
      g_subprocess_force_exit (proc);
      g_subprocess_wait (proc, NULL, NULL);
      g_test_skip ("this file system has no O_TMPFILE");
      return;
    }
  g_assert_cmpstr (line, ==, strcmp (mode, "named") == 0 ? "ready named" : "ready unnamed");
  /* The named temporary is there while the write runs. */
  g_assert_cmpuint (count_entries (dir), ==, strcmp (mode, "named") == 0 ? 2 : 1);

  g_subprocess_send_signal (proc, sig);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, sig);

  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_true (g_file_get_contents (target, &old, NULL, NULL));
  g_assert_cmpstr (old, ==, "old map");
  g_unlink (target);
  g_rmdir (dir);
}

static void test_unnamed_sigkill (void) { kill_writer (SIGKILL, "unnamed"); }
static void test_unnamed_sigterm (void) { kill_writer (SIGTERM, "unnamed"); }
static void test_named_sigint (void) { kill_writer (SIGINT, "named"); }
static void test_named_sigterm (void) { kill_writer (SIGTERM, "named"); }
static void test_named_sighup (void) { kill_writer (SIGHUP, "named"); }

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/atomic-kill/unnamed-sigkill", test_unnamed_sigkill);
  g_test_add_func ("/atomic-kill/unnamed-sigterm", test_unnamed_sigterm);
  g_test_add_func ("/atomic-kill/named-sigint", test_named_sigint);
  g_test_add_func ("/atomic-kill/named-sigterm", test_named_sigterm);
  g_test_add_func ("/atomic-kill/named-sighup", test_named_sighup);

  return g_test_run ();
}
