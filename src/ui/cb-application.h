/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cb-atlas.h"

G_BEGIN_DECLS

#define CB_TYPE_APPLICATION (cb_application_get_type ())

G_DECLARE_FINAL_TYPE (CbApplication, cb_application, CB, APPLICATION, AdwApplication)

/*
 * CbApplication owns the data (a CbAtlas, loaded once, on first use) and
 * the settings; its windows are views of them.  The command-line export
 * uses the same atlas, before any display is opened.
 */
CbApplication *cb_application_new          (void);
/* (transfer none) */
CbAtlas       *cb_application_get_atlas    (CbApplication *self);
GSettings     *cb_application_get_settings (CbApplication *self);
/* A new window showing the application's atlas.  (transfer none) */
GtkWindow     *cb_application_new_window   (CbApplication *self);

G_END_DECLS
