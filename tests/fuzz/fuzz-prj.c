/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the text of a .prj file. */
#include <glib.h>

#include "cb-projection.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbProjection) projection =
    cb_projection_new_from_prj_text ((const char *) data, size, "fuzz.prj", &error);

  if (projection != NULL)
    {
      double x = 0, y = 0;

      /* Names go into messages: they must be UTF-8. */
      if (!g_utf8_validate (cb_projection_get_source_name (projection), -1, NULL))
        __builtin_trap ();
      cb_projection_forward_point (projection, 500000, 6000000, &x, &y);
      cb_projection_forward_point (projection, 25, 54, &x, &y);
    }
  else if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
    __builtin_trap ();
  return 0;
}
