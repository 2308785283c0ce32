/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * CbAtomicFile: writes a file so that readers only ever see the old file or
 * the complete new one.  The data goes to an unnamed file (O_TMPFILE) in
 * the target's own folder, or where the file system has none to a hidden
 * ".NAME.XXXXXX" there; it is flushed to disk, given a name and renamed
 * over the target by cb_atomic_file_commit().  A process killed meanwhile
 * leaves nothing: an unnamed file vanishes with it, and a named one is
 * removed on SIGINT, SIGTERM and SIGHUP (unless the application handles
 * those itself).  Freeing an uncommitted file removes the temporary file;
 * an existing target is never touched before the rename.
 *
 * Every error is in CB_ERROR (CB_ERROR_IO) and names the target file.
 */
typedef struct _CbAtomicFile CbAtomicFile;

typedef enum
{
  CB_ATOMIC_FILE_DEFAULT = 0,
  CB_ATOMIC_FILE_NAMED = 1 << 0,   /* no O_TMPFILE (tests of the fallback) */
} CbAtomicFileFlags;

CbAtomicFile *cb_atomic_file_new      (const char    *path,
                                       GError       **error);
CbAtomicFile *cb_atomic_file_new_full (const char         *path,
                                       CbAtomicFileFlags   flags,
                                       GError            **error);
/* Whether the data goes to an O_TMPFILE file. */
gboolean      cb_atomic_file_is_unnamed (CbAtomicFile *self);
/* Writes all of @data, retrying short writes and EINTR. */
gboolean      cb_atomic_file_write    (CbAtomicFile  *self,
                                       const void    *data,
                                       gsize          size,
                                       GError       **error);
/* fsync, close and rename over the target; the object is spent after it. */
gboolean      cb_atomic_file_commit   (CbAtomicFile  *self,
                                       GError       **error);
/* Removes the temporary file unless committed. */
void          cb_atomic_file_free     (CbAtomicFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbAtomicFile, cb_atomic_file_free)

G_END_DECLS
