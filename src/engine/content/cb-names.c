/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cb-names.h"

static const char * const names[CB_N_NAMES] = {
  [CB_NAME_TREATY] = CB_NAME_TREATY_MSGID,
  [CB_NAME_TREATY_SHORT] = CB_NAME_TREATY_SHORT_MSGID,
  [CB_NAME_LINES_1919] = CB_NAME_LINES_1919_MSGID,
  [CB_NAME_LINE_JUNE_1919] = CB_NAME_LINE_JUNE_1919_MSGID,
  [CB_NAME_LINE_JULY_1919] = CB_NAME_LINE_JULY_1919_MSGID,
  [CB_NAME_LINE_DECEMBER_1919] = CB_NAME_LINE_DECEMBER_1919_MSGID,
};

const char *
cb_names_get_untranslated (CbName name)
{
  g_return_val_if_fail (name < CB_N_NAMES, "");

  return names[name];
}

const char *
cb_names_get (CbName name)
{
  g_return_val_if_fail (name < CB_N_NAMES, "");

  return _(names[name]);
}
