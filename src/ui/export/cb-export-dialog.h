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
 * CbExportDialog: the window's export (win.export, Ctrl+E) and print
 * (win.print, Ctrl+P).  The dialog asks for the size, then a native file
 * chooser asks where (PNG, SVG or PDF by the chosen type); the file is
 * written atomically on a worker thread and a toast offers to open it, or
 * an error dialog says why it could not be written.
 */
CbExportDialog *cb_export_dialog_new          (GtkWindow    *parent,
                                               CbMap        *map);

/*
 * The export of what @map shows: its visible area, layers, language and
 * selected town, at @size (@custom_width × @custom_height for CUSTOM).
 * This is what win.export writes; tests call it with the chooser bypassed.
 */
CbExport       *cb_export_dialog_create_export (CbMap        *map,
                                                CbExportSize  size,
                                                guint         custom_width,
                                                guint         custom_height);

/*
 * Writes @export to @path on a worker thread.  What it draws is fixed when
 * this is called: the visibility and style of the export's layers are
 * copied, and the worker draws from its own copy of the layers (kept on
 * @parent between exports), so the window may change them meanwhile.
 * Cancelling leaves @path untouched and no temporary file.
 */
void            cb_export_dialog_write_async   (GtkWindow           *parent,
                                                CbExport            *export,
                                                const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        cb_export_dialog_write_finish  (GtkWindow           *parent,
                                                GAsyncResult        *result,
                                                GError             **error);

/*
 * What win.export does once a file is chosen: win.export is disabled and
 * an "Exporting…" toast (with Cancel) shows while the file is written in
 * the background; then a toast offers to open it, or an error dialog says
 * why not.  Closing @parent cancels the export.
 */
void            cb_export_dialog_export_to_file (GtkWindow          *parent,
                                                 CbExport           *export,
                                                 const char         *path);

/* Prints the map fitted to the page, with the export's legend and scale bar. */
void            cb_export_dialog_print         (GtkWindow    *parent,
                                                CbMap        *map);
/* The operation win.print runs: one page, the current view (tests export
 * it to a PDF with GTK_PRINT_OPERATION_ACTION_EXPORT).  (transfer full) */
GtkPrintOperation *cb_export_dialog_create_print_operation (CbMap *map);

G_END_DECLS
