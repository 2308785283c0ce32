/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <shapefil.h>

G_BEGIN_DECLS

/*
 * Every file shapelib opens goes through these hooks: from disk only
 * regular files within a size limit (cb_checked_file_open(), so a FIFO
 * named rivers.cpg cannot block a load), or from memory (the fuzz target
 * and tests).  The state is per thread and lasts from _begin to _end.
 */

/* @memory: file name -> GBytes, or NULL to read from disk. */
void        cb_shapefile_io_begin       (GHashTable *memory);
void        cb_shapefile_io_end         (void);
void        cb_shapefile_io_setup_hooks (SAHooks    *hooks);

/* shapelib's last message, or our reason for refusing a file it asked
 * for; "unreadable data" when there is none. */
const char *cb_shapefile_io_last_error  (void);
void        cb_shapefile_io_clear_error (void);

/* Reasons for files refused since _begin (excluding files not found):
 * "rivers.cpg: not a regular file (a FIFO)". */
const char * const *cb_shapefile_io_get_refusals (void);

/*
 * The companion of @base with extension @ext (".ext" first, then ".EXT")
 * that can be opened, or NULL.  When a candidate exists but cannot be used
 * (a FIFO, a loop of symbolic links) *problem (optional) gets the reason.
 */
char       *cb_shapefile_io_find        (const char  *base,
                                         const char  *ext,
                                         char       **problem);

/* Reads a whole small companion (.prj) within @max_size bytes. */
gboolean    cb_shapefile_io_read        (const char  *path,
                                         goffset      max_size,
                                         char       **contents,
                                         gsize       *length,
                                         GError     **error);

G_END_DECLS
