/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/*
 * A rasteriser for thin antialiased polylines written straight into a
 * cairo image surface.  Cairo's general stroker builds a polygon per
 * stroke and scan-converts it, which costs about a microsecond per vertex;
 * for hairlines of at most a few device pixels this direct walk along
 * each segment is some ten times cheaper and looks the same.  It is used
 * only where it is exact enough: image targets, OVER, a scale+translate
 * matrix and at most one clip rectangle.  Anything else goes to cairo.
 */
typedef struct
{
  /*< private >*/
  cairo_surface_t *surface;
  guint8 *data;
  int stride;
  /* Device pixels, half-open. */
  int clip_x0;
  int clip_y0;
  int clip_x1;
  int clip_y1;
  /* User space -> device pixels. */
  double xx;
  double x0;
  double yy;
  double y0;
  /* Current style. */
  int red;
  int green;
  int blue;
  guint32 src_rb;   /* 0x00RR00BB */
  guint32 src_ag;   /* 0x00AA00GG */
  double alpha;
  double width;
  double dashes[8];
  guint n_dashes;
  double dash_period;
  gboolean round_joins;
} CbLineRaster;

/* FALSE when @cr does not allow the fast path: draw with cairo then. */
gboolean cb_line_raster_begin     (CbLineRaster *raster,
                                   cairo_t      *cr);
/* Widths and dashes are in user-space units of the cairo_t. */
void     cb_line_raster_set_style (CbLineRaster *raster,
                                   double        red,
                                   double        green,
                                   double        blue,
                                   double        alpha,
                                   double        width,
                                   const double *dashes,
                                   guint         n_dashes);
/* Round joins (discs at the vertices) for thicker lines; off by default. */
void     cb_line_raster_set_round_joins (CbLineRaster *raster,
                                         gboolean      round_joins);
/* The device width a user-space @width becomes (to decide on the path). */
double   cb_line_raster_device_width (CbLineRaster *raster,
                                      double        width);
/* @xy: @n points, x and y interleaved, in user space. */
void     cb_line_raster_polyline  (CbLineRaster *raster,
                                   const double *xy,
                                   guint         n,
                                   gboolean      closed);
void     cb_line_raster_end       (CbLineRaster *raster);

G_END_DECLS
