/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * CbApng: an animated PNG written frame by frame (APNG: every current
 * browser and presentation software plays it; a plain PNG viewer shows
 * the first frame).  Frames are cairo ARGB32 images of the size given,
 * each shown for its own delay; the file loops.  Written atomically: on
 * failure @path is untouched.
 */
typedef struct _CbApng CbApng;

CbApng   *cb_apng_new         (const char       *path,
                               guint             width,
                               guint             height,
                               guint             n_frames,
                               GError          **error);
gboolean  cb_apng_add_frame   (CbApng           *self,
                               cairo_surface_t  *image,
                               guint             delay_ms,
                               GError          **error);
/* Writes the end of the file and moves it into place; all frames must
 * have been added. */
gboolean  cb_apng_finish      (CbApng           *self,
                               GError          **error);
void      cb_apng_free        (CbApng           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbApng, cb_apng_free)

G_END_DECLS
