/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cb-export.h"

G_BEGIN_DECLS

/*
 * Writes @export to @path on a worker thread.  What it draws is fixed when
 * this is called: the export's layers are copied (cb_layer_catalog_copy():
 * view state copied, geometry shared, no file read), and the worker draws
 * from the copy with a renderer of its own, so the caller may change its
 * layers meanwhile.  Cancelling leaves @path untouched and no temporary
 * file.  Knows no window: the caller reports the result.
 */
void     cb_export_write_async  (CbExport            *export,
                                 const char          *path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean cb_export_write_finish (GAsyncResult        *result,
                                 GError             **error);

G_END_DECLS
