/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-paths.h"

/* The environment wins so that tests and `meson devenv` use the source tree;
 * otherwise the data installed beside the binary's prefix is used. */
static const char *
lookup_dir (const char *env_name,
            const char *subdir,
            char      **cache)
{
  if (*cache == NULL)
    {
      const char *env = g_getenv (env_name);

      if (env != NULL && *env != '\0')
        *cache = g_strdup (env);
      else
        *cache = g_build_filename (PKGDATADIR, subdir, NULL);
    }

  return *cache;
}

/**
 * cb_paths_get_geodata_dir:
 *
 * Returns: (transfer none): the folder holding the bundled shapefiles
 */
const char *
cb_paths_get_geodata_dir (void)
{
  static char *dir;

  return lookup_dir ("CB_GEODATA_DIR", "geodata", &dir);
}

/**
 * cb_paths_get_history_dir:
 *
 * Returns: (transfer none): the folder holding the treaty, event and town texts
 */
const char *
cb_paths_get_history_dir (void)
{
  static char *dir;

  return lookup_dir ("CB_HISTORY_DIR", "history", &dir);
}
