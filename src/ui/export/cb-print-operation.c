/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-print-operation.h"

struct _CbPrintOperation
{
  GtkPrintOperation parent_instance;

  CbExport *export;
};

G_DEFINE_FINAL_TYPE (CbPrintOperation, cb_print_operation, GTK_TYPE_PRINT_OPERATION)

static void
cb_print_operation_draw_page (GtkPrintOperation *operation,
                              GtkPrintContext   *context,
                              int                page_nr)
{
  CbPrintOperation *self = CB_PRINT_OPERATION (operation);

  /* Points, at 96 logical px per inch: the furniture keeps its screen size
   * in print, and the map fills the printable area. */
  cb_export_draw (self->export, gtk_print_context_get_cairo_context (context),
                  gtk_print_context_get_width (context),
                  gtk_print_context_get_height (context),
                  72.0 / CB_EXPORT_SCREEN_DPI);
}

static void
cb_print_operation_finalize (GObject *object)
{
  CbPrintOperation *self = CB_PRINT_OPERATION (object);

  g_clear_object (&self->export);

  G_OBJECT_CLASS (cb_print_operation_parent_class)->finalize (object);
}

static void
cb_print_operation_class_init (CbPrintOperationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cb_print_operation_finalize;
  GTK_PRINT_OPERATION_CLASS (klass)->draw_page = cb_print_operation_draw_page;
}

static void
cb_print_operation_init (CbPrintOperation *self)
{
}

CbPrintOperation *
cb_print_operation_new (CbExport *export)
{
  CbPrintOperation *self;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();

  g_return_val_if_fail (CB_IS_EXPORT (export), NULL);

  self = g_object_new (CB_TYPE_PRINT_OPERATION,
                       "unit", GTK_UNIT_POINTS,
                       "n-pages", 1,
                       "job-name", cb_export_get_title (export),
                       NULL);
  self->export = g_object_ref (export);

  gtk_page_setup_set_orientation (setup,
                                  cb_export_get_width (export) >= cb_export_get_height (export)
                                    ? GTK_PAGE_ORIENTATION_LANDSCAPE : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  return self;
}
