/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cb-export.h"
#include "cb-map.h"

G_BEGIN_DECLS

/* The sizes offered in the window. */
typedef enum
{
  CB_EXPORT_SIZE_VIEW_1X,
  CB_EXPORT_SIZE_VIEW_2X,
  CB_EXPORT_SIZE_VIEW_4X,
  CB_EXPORT_SIZE_A4_300DPI,
  CB_EXPORT_SIZE_A3_300DPI,
  CB_EXPORT_SIZE_CUSTOM,
} CbExportSize;

#define CB_TYPE_EXPORT_DIALOG (cb_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CbExportDialog, cb_export_dialog, CB, EXPORT_DIALOG, AdwMessageDialog)

/*
 * CbExportDialog: asks for the page of an export of what @map shows: its
 * title, size, orientation and whether the legend is on it.  Its
 * "response" is "export" or "cancel"; whoever opened it takes the chosen
 * export with cb_export_dialog_create_chosen_export() and asks where to
 * write it.
 */
CbExportDialog *cb_export_dialog_new          (GtkWindow    *parent,
                                               CbMap        *map);

/* The export chosen in the dialog: size, orientation, title, legend.
 * (transfer full) */
CbExport       *cb_export_dialog_create_chosen_export (CbExportDialog *self);

/*
 * The export of what @map shows: its visible area, layers, language and
 * selected town, at @size (@custom_width × @custom_height for CUSTOM).
 * CB_EXPORT_SIZE_A4_300DPI is the locale's paper: A4, or Letter where
 * LC_PAPER says so (cb_export_get_locale_paper()).
 */
CbExport       *cb_export_dialog_create_export (CbMap        *map,
                                                CbExportSize  size,
                                                guint         custom_width,
                                                guint         custom_height);

/* Sets the chosen page on @export: turned to @orientation, @title (NULL or
 * the default title: the default), the legend on or off. */
void            cb_export_dialog_apply_page   (CbExport            *export,
                                               const char          *title,
                                               CbExportOrientation  orientation,
                                               gboolean             show_legend);

G_END_DECLS
