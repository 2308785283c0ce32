/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helper of test-atomic-kill: starts an atomic write of TARGET, writes a
 * megabyte, says "ready unnamed" or "ready named" and waits to be killed.
 * Usage: cb-atomic-writer TARGET [named]
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cb-atomic-file.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbAtomicFile) file = NULL;
  g_autofree char *data = g_malloc0 (1 << 20);

  if (argc < 2)
    return 2;
  file = cb_atomic_file_new_full (argv[1], argc > 2 && strcmp (argv[2], "named") == 0
                                           ? CB_ATOMIC_FILE_NAMED : CB_ATOMIC_FILE_DEFAULT,
                                  &error);
  if (file == NULL || !cb_atomic_file_write (file, data, 1 << 20, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("ready %s\n", cb_atomic_file_is_unnamed (file) ? "unnamed" : "named");
  fflush (stdout);
  sleep (60);
  return 0;
}
