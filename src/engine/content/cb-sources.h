/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The data sources named by the "source" attribute of the bundled
 * features, as geodata/SOURCES.md describes them under a heading
 * "### `key`": the citation (or, without one, what the source is) and
 * its first web address, if any.
 *
 * Returns FALSE when the file or the key is not there.  @citation and
 * @url (nullable) are newly allocated.
 */
gboolean cb_sources_lookup (const char  *geodata_dir,
                            const char  *key,
                            char       **citation,
                            char       **url);

G_END_DECLS
