/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-test-utils.h"

static CbApplication *the_app;

CbApplication *
cb_test_get_app (void)
{
  if (the_app == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* There may be no D-Bus session in the test environment: do not try
       * to be unique, and register once per process. */
      the_app = cb_application_new ();
      g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (the_app), NULL, &error);
      g_assert_no_error (error);
    }

  return the_app;
}

void
cb_test_release_app (void)
{
  g_clear_object (&the_app);
}

void
cb_test_flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
