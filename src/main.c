/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CbApplication) app = NULL;
  const char *localedir = g_getenv ("CB_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* `meson devenv` points this at the build tree's compiled translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
