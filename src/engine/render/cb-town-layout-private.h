/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cb-town-layout.h"

G_BEGIN_DECLS

/* For the renderer, which fills a new layout and then hands it out. */
struct _CbTownLayout
{
  gatomicrefcount ref_count;
  GArray *towns;   /* CbPlacedTown */
  GArray *labels;  /* CbPlacedLabel */
};

CbTownLayout *cb_town_layout_new (void);

G_END_DECLS
