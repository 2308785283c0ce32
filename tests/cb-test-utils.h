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
