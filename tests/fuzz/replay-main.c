/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Runs a fuzz target's LLVMFuzzerTestOneInput once on every file under the
 * folders (or files) given: the corpus and the reproducers, replayed by
 * `meson test` in every build, so a fixed crash stays fixed.  Any crash,
 * sanitizer report or trap fails the test.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
/* Optional, as for libFuzzer: a target may set itself up once. */
int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

static guint n_inputs;

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
replay (const char *path)
{
  /* No reproducers yet for this target. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        return;
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        replay (g_ptr_array_index (names, i));
    }
  else
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &data, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          exit (1);
        }
      LLVMFuzzerTestOneInput ((const guint8 *) data, len);
      n_inputs++;
    }
}

int
main (int argc, char *argv[])
{
  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    replay (argv[i]);
  printf ("replayed %u inputs\n", n_inputs);
  /* An empty corpus means a wrong path, not success. */
  return n_inputs > 0 ? 0 : 1;
}
