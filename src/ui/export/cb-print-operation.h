/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cb-export.h"

G_BEGIN_DECLS

#define CB_TYPE_PRINT_OPERATION (cb_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (CbPrintOperation, cb_print_operation, CB, PRINT_OPERATION, GtkPrintOperation)

/*
 * CbPrintOperation: prints @export's layout (map, legend, scale bar,
 * credits) fitted to one page, turned the way the export is.
 */
CbPrintOperation *cb_print_operation_new (CbExport *export);

G_END_DECLS
