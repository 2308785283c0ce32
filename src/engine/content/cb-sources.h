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
 * Where the citation is the atlas's own description (research notes, a
 * document named by what it is), @citation is in the interface language;
 * the names of publishers, archives and works stay as published.
 *
 * Returns FALSE when the file or the key is not there.  @citation and
 * @url (nullable) are newly allocated.
 */
gboolean cb_sources_lookup (const char  *geodata_dir,
                            const char  *key,
                            char       **citation,
                            char       **url);

/*
 * The export's credit line from geodata/CREDITS ("name (detail) — licence —
 * credit" per row): "Sources: name (licence) · …" in the interface
 * language.  The atlas's own words (descriptions, licence terms) are
 * translated; data sets and publishers keep their published names.
 * NULL when the file cannot be read.
 */
char    *cb_sources_read_credits (const char *geodata_dir);

G_END_DECLS
