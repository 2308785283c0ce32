/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cb-feature-set.h"

/*
 * What every loader target checks once a load returns: every part at every
 * level of detail is read back (as a renderer would) and holds no NaN, and
 * every attribute, note and error message is valid UTF-8.  Traps otherwise.
 */
static inline void
fuzz_check_load (CbFeatureSet *set,
                 GError       *error)
{
  if (set == NULL)
    {
      if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
        __builtin_trap ();
      return;
    }
  for (guint f = 0; f < cb_feature_set_get_n_features (set); f++)
    for (guint lod = 0; lod < cb_feature_set_get_n_lods (set); lod++)
      for (guint p = 0; p < cb_feature_set_get_feature_n_parts (set, f); p++)
        {
          guint n = 0;
          const double *pts = cb_feature_set_get_lod_part (set, lod, f, p, &n);

          if (n > 0 && !(pts[0] == pts[0]))
            __builtin_trap ();  /* a NaN reached the geometry */
        }
  for (guint k = 0; k < cb_feature_set_get_n_fields (set); k++)
    for (guint f = 0; f < cb_feature_set_get_n_features (set); f++)
      if (!g_utf8_validate (cb_feature_set_get_attribute_by_index (set, f, k), -1, NULL))
        __builtin_trap ();
  for (const char * const *n = cb_feature_set_get_load_notes (set); *n != NULL; n++)
    if (!g_utf8_validate (*n, -1, NULL))
      __builtin_trap ();
}
