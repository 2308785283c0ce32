/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cb-names.h"
#include "cb-sources.h"

/* Sources that SOURCES.md describes in the atlas's own English words: the
 * label the interface shows instead.  With @published, the label is a
 * template around that title, which stays as published. */
static const struct
{
  const char *key;
  const char *published;
  const char *label;
} own_words[] = {
  { "geonames", NULL, N_("GeoNames geographical database, geonames.org (CC BY 4.0)") },
  { "other_lines_curzon1920", NULL,
    N_("Research notes on the other lines, section 3: the declaration of 8 December 1919 "
       "and the Curzon note of 11 July 1920") },
  { "ambassadors1923", NULL,
    N_("Decision of the Conference of Ambassadors of 15 March 1923 on Poland’s eastern "
       "frontiers, French text") },
  { "history_control", NULL, N_("Research notes: who held each town, 1918–1923") },
  { "lines_in_force", NULL, N_("Research notes: the dates of each line in force, 1919–1923") },
  { "history_names", NULL, N_("Research notes: town names in six languages, with their sources") },
  { "history_events", NULL, N_("Research notes: dated events of 1918–1923, with their sources") },
  { "kuroptev1939", NULL,
    N_("Memorandum of L. M. Kuroptev (NKID legal department) to V. P. Potemkin, "
       "19 September 1939") },
  { "vilna_memorial_postavy", NULL, N_("Memorial-book page on Postavy (vilna.co.il)") },
  { "kaunas_museum_1920", NULL,
    N_("Kaunas City Museum, digest of the Lithuanian press of 6 October 1920") },
  { "no_sourced_name", NULL,
    N_("No sourced name in this language: the map shows the English name") },
  { "by_register_stations", "Дзяржаўны рэестр назваў геаграфічных аб'ектаў Рэспублікі Беларусь",
    /* TRANSLATORS: %s is the register's published (Belarusian) title */
    N_("%s, table of railway stations") },
  { "gritskevich_zapfront",
    "А. П. Грицкевич, Западный фронт РСФСР 1918–1920: борьба между Россией и Польшей "
    "за Белоруссию (Минск: Харвест, 2010)",
    /* TRANSLATORS: %s is a book's published (Russian) citation */
    N_("%s; read in an online copy that is not cited") },
  { "zhukov_pervoe", "Ю. Н. Жуков, Первое поражение Сталина",
    /* TRANSLATORS: %s is a book's published (Russian) citation */
    N_("%s; read in an online copy that is not cited") },
};

/* geodata/CREDITS words that are the atlas's own (the rest are names). */
static const char * const credit_words[] = {
  CB_NAME_TREATY_SHORT_MSGID,
  N_("Suwałki Agreement, 7 October 1920"),
  N_("Conference of Ambassadors decision, 15 March 1923"),
  N_("Foch line course"),
  N_("Gritskevich and Zhukov on Art. 2"),
  N_("Kuroptev memorandum, 19 September 1939"),
  N_("Belarus register of geographical names"),
  N_("Kaunas City Museum press digest"),
  N_("Supreme Council declaration, 8 December 1919"),
  N_("Treaty of Riga, 18 March 1921"),
  N_("Neutral zone 1920–1923"),
  N_("Riga preliminary peace and armistice, 12 October 1920"),
  N_("public domain"),
  N_("facts summarised"),
  N_("official data"),
};

/* @label with its "%s" replaced by @published (the format is a
 * translation, so it is not given to printf). */
static char *
fill_label (const char *label,
            const char *published)
{
  const char *mark = published != NULL ? strstr (label, "%s") : NULL;

  if (mark == NULL)
    return g_strdup (label);
  return g_strdup_printf ("%.*s%s%s", (int) (mark - label), label, published, mark + 2);
}

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
      *citation = NULL;
      for (guint i = 0; i < G_N_ELEMENTS (own_words); i++)
        if (strcmp (own_words[i].key, key) == 0)
          {
            *citation = fill_label (_(own_words[i].label), own_words[i].published);
            break;
          }
    }
  if (citation != NULL && *citation == NULL)
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

static const char *
credit_word (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (credit_words); i++)
    if (strcmp (credit_words[i], text) == 0)
      return _(credit_words[i]);
  return text;
}

char *
cb_sources_read_credits (const char *geodata_dir)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) line = NULL;
  g_auto(GStrv) rows = NULL;
  guint n = 0;

  g_return_val_if_fail (geodata_dir != NULL, NULL);

  path = g_build_filename (geodata_dir, "CREDITS", NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL) || !g_utf8_validate (contents, -1, NULL))
    return NULL;

  line = g_string_new (_("Sources:"));
  rows = g_strsplit (contents, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], " — ", 3);
      char *detail;

      if (fields[0] == NULL || *g_strstrip (fields[0]) == '\0')
        continue;
      /* "CShapes 2.0 (historical state borders)": the name is enough. */
      detail = strstr (fields[0], " (");
      if (detail != NULL && detail != fields[0])
        *detail = '\0';
      g_string_append_printf (line, "%s %s", n++ > 0 ? " ·" : "", credit_word (fields[0]));
      if (fields[1] != NULL)
        {
          detail = strstr (g_strstrip (fields[1]), " (");
          if (detail != NULL)
            *detail = '\0';
          g_string_append_printf (line, " (%s)", credit_word (fields[1]));
        }
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}
