/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-export-task.h"

/* Everything the worker needs, made on the caller's thread: it never
 * touches the caller's export, renderer or layers. */
typedef struct
{
  CbLayerCatalog *catalog;
  CbExport       *settings;   /* the caller's export: only read, for its settings */
  char           *path;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_clear_object (&job->catalog);
  g_clear_object (&job->settings);
  g_free (job->path);
  g_free (job);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteJob *job = task_data;
  /* A renderer keeps caches (labels, fonts): one of the worker's own. */
  g_autoptr(CbRenderer) renderer = cb_renderer_new (job->catalog);
  g_autoptr(CbExport) export = cb_export_copy (job->settings, renderer);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!cb_export_write (export, job->path, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cb_export_write_async (CbExport            *export,
                       const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CbRenderer) placeholder = NULL;
  WriteJob *job;

  g_return_if_fail (CB_IS_EXPORT (export));
  g_return_if_fail (path != NULL);

  job = g_new0 (WriteJob, 1);
  job->catalog = cb_layer_catalog_copy (cb_renderer_get_catalog (cb_export_get_renderer (export)));
  /* The settings are copied now, so a later change of @export does not
   * reach the file being written. */
  placeholder = cb_renderer_new (job->catalog);
  job->settings = cb_export_copy (export, placeholder);
  job->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cb_export_write_async);
  g_task_set_name (task, "cb-export-write");
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
cb_export_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cb_export_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
