/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *cb_paths_get_geodata_dir (void);
const char *cb_paths_get_history_dir (void);

G_END_DECLS
