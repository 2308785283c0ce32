/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "cb-export.h"

G_BEGIN_DECLS

/*
 * CbExport is one class over three files sharing this header:
 * cb-export.c (the object and its settings), cb-page-layout.c (where the
 * title, map, legend, scale bar and credit line go, and drawing them) and
 * cb-export-writer.c (formats, limits, PNG bands, SVG/PDF, the atomic
 * commit).
 */

#define CB_EXPORT_DEFAULT_WIDTH 1600
#define CB_EXPORT_DEFAULT_HEIGHT 1200
/* Vector output is zoomed and printed: draw the geometry with the detail
 * of a 4× raster (about 300 dpi on paper). */
#define CB_EXPORT_VECTOR_DEVICE_SCALE 4.0

struct _CbExport
{
  GObject     parent_instance;

  CbRenderer *renderer;
  guint       width;
  guint       height;
  double      pixel_scale;
  double      dpi;
  char       *language;
  char       *selected_town;
  char       *title;
  char       *credits;
  char       *caption;     /* under the title, e.g. a lesson page's text */
  guint       date;        /* Julian day shown, 0: every line */
  CbHistory  *history;     /* who held the towns, for the date */
  CbBounds    map_bounds;   /* empty: the whole region, looked up when needed */
  double      paper_width;  /* mm, 0: no paper, the page is width × height px */
  double      paper_height;
  gboolean    hide_legend;
};

/* Where everything goes, in logical pixels. */
typedef struct
{
  CbRenderer  *renderer;
  double       width;
  double       height;
  PangoLayout *title;
  double       title_x;
  double       title_y;
  PangoLayout *source;
  double       source_x;
  double       source_y;
  PangoLayout *caption;      /* NULL when there is none */
  double       caption_x;
  double       caption_y;
  double       map_x;
  double       map_y;
  double       map_width;
  double       map_height;
  CbViewport  *viewport;
  double       legend_x;
  double       legend_y;
  double       legend_zoom;    /* <= 1: shrunk when the panel is small */
  gboolean     has_legend;
  double       scale_bar_x;
  double       scale_bar_y;
  double       scale_bar_max_width;
  gboolean     has_scale_bar;
  double       furniture;      /* >= 1: text, legend and bar grow with the page */
  double       north_x;        /* the north arrow's centre, in the map's corner */
  double       north_y;
  double       north_size;
  double       north_angle;    /* radians clockwise from up to true north */
  PangoLayout *north_label;
} CbPageLayout;

/* cb-export.c: the PDF page in points (the paper, or the size at the dpi). */
void        _cb_export_page_points     (CbExport *self,
                                        double   *out_width,
                                        double   *out_height);

/* cb-page-layout.c */
const char *_cb_export_default_title   (void);
/* The title drawn: the set or default title, with the day shown. */
char       *_cb_export_full_title      (CbExport *self);
char       *_cb_export_default_credits (void);
void        _cb_page_layout_compute    (CbExport     *self,
                                        CbRenderer   *renderer,
                                        cairo_t      *cr,
                                        double        width,
                                        double        height,
                                        double        device_scale,
                                        CbPageLayout *out_layout);
void        _cb_page_layout_draw       (CbExport           *self,
                                        cairo_t            *cr,
                                        const CbPageLayout *layout,
                                        double              device_scale);
void        _cb_page_layout_clear      (CbPageLayout *layout);

G_END_DECLS
