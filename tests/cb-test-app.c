/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the export tests share: a scratch folder, and the built app run
 * with no display. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cb-test-app.h"

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("cb-export-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_chmod (fixture->dir, 0700);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

char **
names_in (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_strv_builder_add (names, name);
  return g_strv_builder_end (names);
}

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (user_data), GPOINTER_TO_UINT (user_data) };

  /* A full disk, as the export sees it: write() fails with EFBIG. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs the app with @args, without a display, @env ("NAME=value", or
 * "NAME" to unset) added; returns the exit status. */
int
run_app_full (const char * const *args,
              const char * const *env,
              guint               file_size_limit,
              char              **out_stdout,
              char              **out_stderr)
{
  g_autofree char *app = g_test_build_filename (G_TEST_BUILT, "..", "src", "contested-borders", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  /* Must not need a display: make sure GTK could not find one. */
  envp = g_environ_setenv (envp, "GDK_BACKEND", "none-such", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');

      if (equals == NULL)
        envp = g_environ_unsetenv (envp, env[i]);
      else
        {
          g_autofree char *name = g_strndup (env[i], equals - env[i]);

          envp = g_environ_setenv (envp, name, equals + 1, TRUE);
        }
    }

  g_ptr_array_add (argv, app);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                file_size_limit > 0 ? limit_file_size : NULL, GUINT_TO_POINTER (file_size_limit),
                out_stdout, out_stderr, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

int
run_app (const char * const *args,
         guint               file_size_limit,
         char              **out_stderr)
{
  return run_app_full (args, NULL, file_size_limit, NULL, out_stderr);
}

