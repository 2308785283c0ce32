/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: the history documents through the public API
 * (cb_history_load_dir).  The input is split at the bytes FF FE FD FC into
 * documents.ini, events.ini and towns.ini, written to a private folder.
 */
#define _GNU_SOURCE 1  /* memmem */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb-history.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *dir;

static void
remove_dir (void)
{
  static const char * const names[] = { "documents.ini", "events.ini", "towns.ini" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_clear_pointer (&dir, g_free);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char * const names[] = { "documents.ini", "events.ini", "towns.ini" };
  static const guint8 separator[4] = { 0xff, 0xfe, 0xfd, 0xfc };
  g_autoptr(CbHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  size_t start = 0;

  if (dir == NULL)
    {
      /* In memory where there is a tmpfs for it. */
      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
        {
          char tmpl[] = "/dev/shm/cb-fuzz-history-XXXXXX";

          if (g_mkdtemp (tmpl) != NULL)
            dir = g_strdup (tmpl);
        }
      if (dir == NULL)
        dir = g_dir_make_tmp ("cb-fuzz-history-XXXXXX", NULL);
      if (dir == NULL)
        __builtin_trap ();
      atexit (remove_dir);
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      size_t end = size;

      if (i + 1 < G_N_ELEMENTS (names))
        {
          const guint8 *found = start < size
            ? memmem (data + start, size - start, separator, sizeof separator) : NULL;

          end = found ? (size_t) (found - data) : size;
        }
      if (start > size)
        start = size;
      /* Plain writes: g_file_set_contents() syncs to disk each time. */
      {
        FILE *f = fopen (path, "wb");

        if (f == NULL)
          __builtin_trap ();
        if (end > start && fwrite (data + start, 1, end - start, f) != end - start)
          __builtin_trap ();
        fclose (f);
      }
      start = end + sizeof separator;
    }

  history = cb_history_new ("en");
  cb_history_load_dir (history, dir, NULL, &error);
  if (error != NULL && !g_utf8_validate (error->message, -1, NULL))
    __builtin_trap ();
  {
    GPtrArray *problems = cb_history_get_problems (history);

    for (guint i = 0; i < problems->len; i++)
      {
        g_autofree char *text = cb_history_problem_to_string (g_ptr_array_index (problems, i));

        if (!g_utf8_validate (text, -1, NULL))
          __builtin_trap ();
      }
  }
  return 0;
}
