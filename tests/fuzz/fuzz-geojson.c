/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: a GeoJSON document read from memory by the loader a
 * user's "Open Layer…" uses (cb_geojson_load_from_data: JSON parsing,
 * nesting limit, geometry, properties, a legacy "crs" through PROJ,
 * levels of detail).  The input is the file's bytes.
 */
#include <glib.h>

#include "cb-geojson.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* A critical warning is a misuse of json-glib on some input: a finding. */
static void
trap_on_warnings (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  g_log_default_handler (domain, level, message, user_data);
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR))
    __builtin_trap ();
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_default_handler (trap_on_warnings, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CbFeatureSet) set = NULL;
  g_autoptr(GError) error = NULL;

  set = cb_geojson_load_from_data ((const char *) data, size, "f.geojson", &error);
  if (set != NULL)
    {
      /* Touch what a renderer reads: every part at every level. */
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
  else if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
    __builtin_trap ();
  return 0;
}
