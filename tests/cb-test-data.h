/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers for model tests (header-only: model tests link the engine alone). */

#include "cb-gazetteer.h"
#include "cb-shapefile.h"

/* The gazetteer of a towns shapefile, read as the atlas reads it. */
static inline CbGazetteer *
cb_test_load_gazetteer (const char  *shp_path,
                        GError     **error)
{
  g_autoptr(CbFeatureSet) towns = cb_shapefile_load (shp_path, error);

  if (towns == NULL)
    return NULL;
  return cb_gazetteer_new_from_features (towns, error);
}
