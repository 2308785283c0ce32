/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cb-sources.h"

/* The text of the bullet "* **@label**: ..." of @section, joined, or NULL. */
static char *
bullet (const char *section,
        const char *label)
{
  g_autofree char *marker = g_strdup_printf ("* **%s**:", label);
  const char *start = strstr (section, marker);
  g_autoptr(GString) text = NULL;
  g_auto(GStrv) lines = NULL;

  if (start == NULL)
    return NULL;
  start += strlen (marker);
  lines = g_strsplit (start, "\n", -1);
  text = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (i > 0 && (!g_ascii_isspace (line[0]) || g_strstrip (lines[i])[0] == '\0'))
        break;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_strstrip (lines[i]));
    }
  /* Markdown emphasis and code marks are not for the screen. */
  for (char *p = text->str; *p != '\0'; p++)
    if (*p == '*' || *p == '`')
      *p = ' ';
  return g_strstrip (g_strdup (text->str));
}

static char *
first_url (const char *section)
{
  const char *start = strstr (section, "https://");
  const char *end;

  if (start == NULL)
    start = strstr (section, "http://");
  if (start == NULL)
    return NULL;
  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != ')' && *end != '>')
    end++;
  /* A sentence's full stop or comma is not part of the address. */
  while (end > start && (end[-1] == '.' || end[-1] == ',' || end[-1] == ';'))
    end--;
  return g_strndup (start, end - start);
}

gboolean
cb_sources_lookup (const char  *geodata_dir,
                   const char  *key,
                   char       **citation,
                   char       **url)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *section = NULL;
  const char *start, *end;

  g_return_val_if_fail (geodata_dir != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  path = g_build_filename (geodata_dir, "SOURCES.md", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  heading = g_strdup_printf ("### `%s`", key);
  start = strstr (contents, heading);
  if (start == NULL)
    return FALSE;
  start += strlen (heading);
  end = strstr (start, "\n#");
  section = end ? g_strndup (start, end - start) : g_strdup (start);

  if (citation != NULL)
    {
      *citation = bullet (section, "Citation");
      if (*citation == NULL)
        *citation = bullet (section, "What");
      if (*citation == NULL)
        *citation = g_strdup (key);
    }
  if (url != NULL)
    *url = first_url (section);
  return TRUE;
}
