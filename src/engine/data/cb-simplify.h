/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-feature-set-private.h"

G_BEGIN_DECLS

/*
 * Fills levels 1.. of a freshly read set from level 0 (Douglas-Peucker to
 * each level's tolerance; polygon rings smaller than it are dropped).
 */
void cb_simplify_build_lods (CbFeatureSet *self);

G_END_DECLS
