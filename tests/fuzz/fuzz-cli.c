/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: the export options.  The input is split at NUL bytes
 * into --export, --size, --layers, --town, --lang and --bbox (missing
 * fields are "not given"; an empty field is an empty value).  Parsing
 * touches no file, so nothing is written.
 */
#include <glib.h>
#include <string.h>

#include "cb-export-cli.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *copy = g_malloc (size + 1);
  const char *fields[6] = { NULL };
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;
  char *p = copy;
  guint n = 0;

  memcpy (copy, data, size);
  copy[size] = '\0';
  while (n < G_N_ELEMENTS (fields) && p <= copy + size)
    {
      fields[n++] = p;
      p += strlen (p) + 1;
    }
  /* Option values arrive as UTF-8 from GOption, except the file name. */
  for (guint i = 1; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL && !g_utf8_validate (fields[i], -1, NULL))
      fields[i] = NULL;

  if (cb_export_cli_parse (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
                           &request, &error))
    {
      if (request.path == NULL || request.width == 0 || request.height == 0)
        __builtin_trap ();
      cb_export_request_clear (&request);
    }
  else if (error == NULL || !g_utf8_validate (error->message, -1, NULL))
    __builtin_trap ();
  return 0;
}
