/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Opening files that come from users: only regular files (a FIFO or a
 * device would block or never end), with the size checked before a single
 * byte is read.  Errors are in CB_ERROR and name the file and the reason.
 */

/* Returns a blocking read-only descriptor, or -1 with @error set.
 * @out_size (optional) receives the file's size. */
int      cb_checked_file_open (const char  *path,
                               goffset      max_size,
                               goffset     *out_size,
                               GError     **error);

/* Reads a whole file of at most @max_size bytes; *contents is
 * NUL-terminated. */
gboolean cb_checked_file_read (const char  *path,
                               goffset      max_size,
                               char       **contents,
                               gsize       *length,
                               GError     **error);

/* The reason a path cannot be used as an input file ("no such file",
 * "not a regular file (a FIFO)", "a loop of symbolic links"...), or NULL
 * if it is a regular file.  Never opens the file. */
char    *cb_checked_file_problem (const char *path,
                                  gboolean   *out_exists);

G_END_DECLS
