/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/*
 * CbSvgWriter: an SVG document a teacher can edit.  Geometry is drawn by
 * cairo's SVG surface; every text shown through cb_render_show_text()
 * becomes an SVG <text> (font, size, fill, halo as a stroke under the
 * fill, the transform it was drawn with), and every
 * cb_render_begin_group()/cb_render_end_group() pair a
 * <g inkscape:groupmode="layer" inkscape:label="…">, so Inkscape opens the
 * file with named layers and editable labels.
 *
 * How: at each text or group the writer draws a small marker fill whose
 * colour numbers the event, and replaces the markers in cairo's output.
 * Group markers are drawn unclipped, which makes cairo close every clip
 * group before them, so the layer groups nest properly; text markers are
 * drawn where the text goes, under the clip, so a clipped-away label is
 * left out as it would be on paper.
 */
typedef struct _CbSvgWriter CbSvgWriter;

/* A document of @width × @height px. */
CbSvgWriter *cb_svg_writer_new     (double        width,
                                    double        height);
/* Where to draw the page.  (transfer none) */
cairo_t     *cb_svg_writer_get_cr  (CbSvgWriter  *self);
/* Ends the drawing; the document, or NULL and @error (CB_ERROR_FAILED,
 * or CB_ERROR_TOO_LARGE when cairo ran out of memory). */
GBytes      *cb_svg_writer_finish  (CbSvgWriter  *self,
                                    GError      **error);
void         cb_svg_writer_free    (CbSvgWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbSvgWriter, cb_svg_writer_free)

G_END_DECLS
