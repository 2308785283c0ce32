/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: a GeoJSON document read from memory by the loader a
 * user's "Open Layer…" uses (cb_geojson_load_from_data: JSON parsing,
 * nesting limit, geometry, properties, a legacy "crs" through PROJ,
 * levels of detail).  The input is the file's bytes.
 */
#include <glib.h>

#include "cb-geojson.h"
#include "fuzz-common.h"

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
  fuzz_check_load (set, error);
  return 0;
}
