/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cb-atlas.h"
#include "cb-export.h"

G_BEGIN_DECLS

/*
 * The command-line export: `contested-borders --export FILE [--size WxH]
 * [--layers ID,...] [--town NAME] [--lang CODE] [--bbox W,S,E,N] [--title TEXT]
 * [--orientation landscape|portrait] [--no-legend] [--strict]`, and the lists
 * `--list-towns` and `--list-layers`, run from
 * GApplication's handle-local-options, before GTK opens a display: this
 * path uses only cairo, pango and the map engine.
 */

/* Exit statuses. */
#define CB_EXPORT_EXIT_OK 0
#define CB_EXPORT_EXIT_FAILED 1
#define CB_EXPORT_EXIT_BAD_ARGUMENTS 2

#define CB_EXPORT_DEFAULT_WIDTH 1600
#define CB_EXPORT_DEFAULT_HEIGHT 1200

/* A checked export request; NULL/FALSE fields mean "the default". */
typedef struct
{
  char            *path;
  CbExportFormat   format;
  guint            width;
  guint            height;
  char           **layers;
  char            *town;
  char            *language;
  gboolean         has_bbox;
  double           west;
  double           south;
  double           east;
  double           north;
  guint32          date;        /* --date: a Julian day, 0: every line */
  GArray          *days;        /* --dates: guint32 Julian days, one page each */
  gboolean         story;       /* --story: one page per moment of the tour */
  gboolean         animation;   /* FILE.apng: an animated PNG of the pages */
  gboolean         paper;       /* a PDF without --size: paper_width × paper_height mm */
  double           paper_width;
  double           paper_height;
  char            *title;       /* --title, NULL: the default */
  gboolean         no_legend;   /* --no-legend */
} CbExportRequest;


void     cb_export_request_clear     (CbExportRequest  *request);

/*
 * Checks the option values (each NULL when not given) without touching
 * any file: the format by extension, the size against the format's limits,
 * the layer list, the language code and the box.  Layer ids and town
 * names are checked against the data by cb_export_cli_run().  A PDF
 * without @size is a sheet of the locale's paper (A4, or Letter where
 * LC_PAPER says so), landscape.
 * Errors are CB_ERROR_INVALID_ARGUMENT or CB_ERROR_TOO_LARGE.
 */
gboolean cb_export_cli_parse         (const char       *file,
                                      const char       *size,
                                      const char       *layers,
                                      const char       *town,
                                      const char       *language,
                                      const char       *bbox,
                                      CbExportRequest  *out_request,
                                      GError          **error);

/*
 * Checks the options of time: --date (YYYY-MM-DD), --dates (a comma list)
 * and --story, each day between 11 November 1918 and 15 March 1923, and
 * adds them to @request (parsed by cb_export_cli_parse()).  An animation
 * (.apng) or a document of several pages needs --story or --dates.
 */
gboolean cb_export_cli_parse_time    (const char       *date,
                                      const char       *dates,
                                      gboolean          story,
                                      CbExportRequest  *request,
                                      GError          **error);

/*
 * Checks the options of the page: --title (any text), --orientation
 * ("landscape" or "portrait": the size or paper is turned to it) and
 * --no-legend, and adds them to @request (parsed by cb_export_cli_parse()).
 */
gboolean cb_export_cli_parse_page    (const char       *title,
                                      const char       *orientation,
                                      gboolean          no_legend,
                                      CbExportRequest  *request,
                                      GError          **error);

/*
 * The town @query names, as the search finds it: an id or a name in any
 * language, in any case and with or without accents ("Lida", "LIDA",
 * "Ліда", "lida").  NULL and CB_ERROR_INVALID_ARGUMENT when none or
 * several match, the message naming the closest towns.
 */
const CbTown *cb_export_cli_find_town (CbGazetteer     *gazetteer,
                                       const char      *query,
                                       GError         **error);

/* Appends one line per town (id, name, names in other languages and the
 * days it is shown, when limited), or per layer (id, title, days, whether
 * shown by default and loaded). */
void     cb_export_cli_list_towns    (CbAtlas          *atlas,
                                      GString          *out);
void     cb_export_cli_list_layers   (CbAtlas          *atlas,
                                      GString          *out);

/* Writes the file from a copy of @atlas's layers (loaded already);
 * returns an exit status and sets @error on failure
 * (CB_ERROR_INVALID_ARGUMENT: an unknown layer or town). */
int      cb_export_cli_run           (const CbExportRequest *request,
                                      CbAtlas               *atlas,
                                      GError               **error);

/* Adds the options and their --help text to @application. */
void     cb_export_cli_add_options   (GApplication     *application);
/* Whether @options ask for a command-line export or a list. */
gboolean cb_export_cli_is_requested  (GVariantDict     *options);
/*
 * For handle-local-options, when an export or a list was asked for: the
 * exit status, after a one-line reason on stderr on failure.
 */
int      cb_export_cli_handle_options (GVariantDict    *options,
                                       CbAtlas         *atlas);

/*
 * Appends one line to @out per layer that was not loaded or was loaded
 * with repairs (each naming the file and the reason), and per whole
 * failure of the atlas; returns the number of lines.
 */
guint    cb_export_cli_report_problems (CbAtlas        *atlas,
                                        GString        *out);

/* The exit status for an error from parse or run. */
int      cb_export_cli_exit_status   (const GError     *error);

G_END_DECLS
