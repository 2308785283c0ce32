/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The one name of the treaty and of each line the atlas names in its own
 * words, following ../shared/reference/history (other_lines.md): the first
 * Entente line of 18 June 1919 is not the Foch line; the Foch line is the
 * second, of 26 July 1919.  A .ui file or data/history ini file that names
 * them repeats one of these strings exactly (tests/check-names.sh).
 */
/* Marks a name for xgettext (po/meson.build: --keyword=CB_NAME_MSGID)
 * where N_() cannot be used: these macros also fill static tables. */
#define CB_NAME_MSGID(text) (text)

#define CB_NAME_TREATY_MSGID             CB_NAME_MSGID ("Soviet–Lithuanian Peace Treaty (Moscow, 12 July 1920)")
#define CB_NAME_TREATY_SHORT_MSGID       CB_NAME_MSGID ("Soviet–Lithuanian Peace Treaty")
#define CB_NAME_LINES_1919_MSGID         CB_NAME_MSGID ("Entente lines of 1919")
#define CB_NAME_LINE_JUNE_1919_MSGID     CB_NAME_MSGID ("Entente line of 18 June 1919")
#define CB_NAME_LINE_JULY_1919_MSGID     CB_NAME_MSGID ("Foch line of 26 July 1919")
#define CB_NAME_LINE_DECEMBER_1919_MSGID CB_NAME_MSGID ("Line of 8 December 1919 (Curzon line)")

typedef enum
{
  CB_NAME_TREATY,             /* the long form, wherever there is room */
  CB_NAME_TREATY_SHORT,       /* where space is short: a tour stop, the credit line */
  CB_NAME_LINES_1919,         /* the layer holding both Entente lines */
  CB_NAME_LINE_JUNE_1919,
  CB_NAME_LINE_JULY_1919,
  CB_NAME_LINE_DECEMBER_1919,
  CB_N_NAMES
} CbName;

/* The untranslated form, as above. */
const char *cb_names_get_untranslated (CbName name);
/* The form in the interface language. */
const char *cb_names_get              (CbName name);

G_END_DECLS
