/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * CbAtomicFile: writes a file so that readers only ever see the old file or
 * the complete new one.  The data goes to a temporary file ".NAME.XXXXXX"
 * in the target's own folder (so the final rename never crosses a file
 * system), is flushed to disk, and is renamed over the target by
 * cb_atomic_file_commit().  Freeing an uncommitted file removes the
 * temporary file; an existing target is never touched before the rename.
 *
 * Every error is in CB_ERROR (CB_ERROR_IO) and names the target file.
 */
typedef struct _CbAtomicFile CbAtomicFile;

CbAtomicFile *cb_atomic_file_new      (const char    *path,
                                       GError       **error);
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
