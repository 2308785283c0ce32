/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-application.h"

G_BEGIN_DECLS

/* The widget tests' one registered application, created on first use and
 * kept for the whole test program, as in the real app. (transfer none) */
CbApplication *cb_test_get_app       (void);
/* Drops the application at the end of main(). */
void           cb_test_release_app   (void);
/* Runs the main context until nothing is pending. */
void           cb_test_flush_events  (void);

G_END_DECLS

G_BEGIN_DECLS

/* Puts the application's layers back to their default visibility and
 * forgets the saved choice, so that one test's switches do not reach the
 * next (the atlas lives as long as the application). */
void           cb_test_reset_layers  (void);

G_END_DECLS

G_BEGIN_DECLS

/* A fresh copy of the files of $CB_GEODATA_DIR in a temporary folder
 * (newly allocated path); cb_test_remove_tree() removes it. */
char          *cb_test_copy_geodata  (void);
void           cb_test_remove_tree   (const char *path);

G_END_DECLS
