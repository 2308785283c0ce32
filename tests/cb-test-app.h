/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A scratch folder per test, emptied and removed afterwards. */
typedef struct
{
  char *dir;
} Fixture;

void   fixture_set_up    (Fixture            *fixture,
                          gconstpointer       data);
void   fixture_tear_down (Fixture            *fixture,
                          gconstpointer       data);
/* The names in folder @path (NULL-terminated, unsorted). */
char **names_in          (const char         *path);
/* Runs the built app with @args and no display, @env ("NAME=value", or
 * "NAME" to unset) added, writes limited to @file_size_limit bytes (0: no
 * limit); returns the exit status. */
int    run_app_full      (const char * const *args,
                          const char * const *env,
                          guint               file_size_limit,
                          char              **out_stdout,
                          char              **out_stderr);
int    run_app           (const char * const *args,
                          guint               file_size_limit,
                          char              **out_stderr);

G_END_DECLS
