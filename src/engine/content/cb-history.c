/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cb-error.h"
#include "cb-history.h"
#include "cb-checked-file.h"

/*
 * The history content is a set of GKeyFile files, written by historians and
 * localised by translators with `key[lt]=` entries:
 *
 *   sources.ini    [source:KEY] groups: the registry every cite= points into
 *   people.ini     [person:KEY] groups: the people index
 *   documents.ini  [document:ID] and [clause:ID] groups
 *   events.ini     [event:ID] groups
 *   towns.ini      [town:ID] groups
 *   holders.tsv    who held each town when (tab-separated: one interval a line)
 *
 * Every problem is recorded with its file and line and the faulty item is
 * skipped, so one typo never hides the rest of the content.
 */

struct _CbHistory
{
  GObject     parent_instance;

  char       *locale;
  GPtrArray  *problems;    /* CbHistoryProblem* */
  GHashTable *documents;   /* id -> CbHistoryDocument* (owned) */
  GHashTable *clauses;     /* id -> CbHistoryClause* (owned) */
  GPtrArray  *clause_list; /* CbHistoryClause* in file order (borrowed) */
  GHashTable *towns;       /* id -> CbHistoryTown* (owned) */
  GPtrArray  *events;      /* CbHistoryEvent*, sorted (owned) */
  GHashTable *sources;     /* key -> CbHistorySource* (owned) */
  GPtrArray  *source_list; /* CbHistorySource* sorted by key (borrowed) */
  GHashTable *people;      /* key -> CbHistoryPerson* (owned) */
  GPtrArray  *person_list; /* CbHistoryPerson* in file order (borrowed) */
};

G_DEFINE_FINAL_TYPE (CbHistory, cb_history, G_TYPE_OBJECT)

typedef struct
{
  CbHistory  *history;
  char       *basename;
  GKeyFile   *key_file;
  GHashTable *lines;       /* "group" or "group\x1fkey" -> GINT line */
  GPtrArray  *groups;      /* group names in file order */
} ContentFile;

static void
content_file_free (ContentFile *file)
{
  g_free (file->basename);
  g_clear_pointer (&file->key_file, g_key_file_unref);
  g_clear_pointer (&file->lines, g_hash_table_unref);
  g_clear_pointer (&file->groups, g_ptr_array_unref);
  g_free (file);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ContentFile, content_file_free)

/* ---- dates ---------------------------------------------------------- */

static gboolean
parse_digits (const char *text,
              gsize       n_digits,
              int        *out_value)
{
  int value = 0;

  for (gsize i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }

  *out_value = value;
  return TRUE;
}

gboolean
cb_history_date_parse (const char    *text,
                       CbHistoryDate *out_date)
{
  CbHistoryDate date = { 0, 0, 0 };
  gsize len;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len != 4 && len != 7 && len != 10)
    return FALSE;
  if (!parse_digits (text, 4, &date.year) || date.year < 1000)
    return FALSE;

  if (len >= 7)
    {
      if (text[4] != '-' || !parse_digits (text + 5, 2, &date.month) ||
          date.month < 1 || date.month > 12)
        return FALSE;
    }

  if (len == 10)
    {
      if (text[7] != '-' || !parse_digits (text + 8, 2, &date.day) ||
          !g_date_valid_dmy (date.day, date.month, date.year))
        return FALSE;
    }

  *out_date = date;
  return TRUE;
}

int
cb_history_date_compare (const CbHistoryDate *a,
                         const CbHistoryDate *b)
{
  int key_a = a->year * 10000 + a->month * 100 + a->day;
  int key_b = b->year * 10000 + b->month * 100 + b->day;

  return (key_a > key_b) - (key_a < key_b);
}

char *
cb_history_date_to_iso (const CbHistoryDate *date)
{
  if (date->day > 0)
    return g_strdup_printf ("%04d-%02d-%02d", date->year, date->month, date->day);
  if (date->month > 0)
    return g_strdup_printf ("%04d-%02d", date->year, date->month);

  return g_strdup_printf ("%04d", date->year);
}

/* "12 July 1920", "July 1920" or "1920" in the user's language. */
char *
cb_history_date_format (const CbHistoryDate *date)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (date->month == 0)
    return g_strdup_printf ("%d", date->year);

  date_time = g_date_time_new_utc (date->year, date->month,
                                   date->day > 0 ? date->day : 1, 0, 0, 0);
  if (date_time == NULL)
    return cb_history_date_to_iso (date);

  if (date->day > 0)
    /* TRANSLATORS: a full date in a timeline, see strftime; %B is the month
     * name in the genitive where the language has one. */
    return g_date_time_format (date_time, _("%-d %B %Y"));

  /* TRANSLATORS: a month and year without a day, see strftime; %OB is the
   * stand-alone (nominative) month name. */
  return g_date_time_format (date_time, _("%OB %Y"));
}

/* ---- problems ------------------------------------------------------- */

static void
cb_history_problem_free (CbHistoryProblem *problem)
{
  g_free (problem->file);
  g_free (problem->reason);
  g_free (problem);
}

char *
cb_history_problem_to_string (const CbHistoryProblem *problem)
{
  if (problem->line > 0)
    return g_strdup_printf ("%s:%d: %s", problem->file, problem->line, problem->reason);

  return g_strdup_printf ("%s: %s", problem->file, problem->reason);
}

G_GNUC_PRINTF (4, 5)
static void
add_problem (CbHistory  *self,
             const char *file,
             int         line,
             const char *format,
             ...)
{
  CbHistoryProblem *problem = g_new0 (CbHistoryProblem, 1);
  va_list args;

  va_start (args, format);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  problem->file = g_strdup (file);
  problem->line = line;

  g_ptr_array_add (self->problems, problem);
}

static int
line_of (ContentFile *file,
         const char  *group,
         const char  *key)
{
  g_autofree char *lookup = NULL;
  gpointer value;

  if (key != NULL)
    {
      lookup = g_strconcat (group, "\x1f", key, NULL);
      if (g_hash_table_lookup_extended (file->lines, lookup, NULL, &value))
        return GPOINTER_TO_INT (value);
    }

  if (g_hash_table_lookup_extended (file->lines, group, NULL, &value))
    return GPOINTER_TO_INT (value);

  return 0;
}

G_GNUC_PRINTF (4, 5)
static void
file_problem (ContentFile *file,
              const char  *group,
              const char  *key,
              const char  *format,
              ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  add_problem (file->history, file->basename, line_of (file, group, key),
               "[%s] %s", group, reason);
}

/* ---- reading a file ------------------------------------------------- */

/*
 * GKeyFile refuses a whole file for one malformed line and does not say
 * where things are. So the text is scanned first: line numbers are noted,
 * malformed lines and repeated groups are reported and blanked (turned into
 * comments, keeping the numbering), and only then is GKeyFile used.
 */
/* A FIFO or a device would block the loader or never end: refuse it
 * before opening.  Missing files fall through to the usual read error. */
static gboolean
refuse_unreadable (CbHistory  *self,
                   const char *basename,
                   const char *path)
{
  gboolean exists = FALSE;
  g_autofree char *problem = cb_checked_file_problem (path, &exists);

  if (exists && problem != NULL)
    {
      add_problem (self, basename, 0, _("cannot be read: %s"), problem);
      return FALSE;
    }
  return TRUE;
}

static ContentFile *
content_file_open (CbHistory  *self,
                   const char *dir,
                   const char *basename)
{
  g_autoptr(ContentFile) file = g_new0 (ContentFile, 1);
  g_autofree char *path = g_build_filename (dir, basename, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *group = NULL;
  gboolean skipping_group = FALSE;
  gsize length = 0;

  file->history = self;
  file->basename = g_strdup (basename);
  file->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  file->groups = g_ptr_array_new_with_free_func (g_free);

  if (!refuse_unreadable (self, basename, path) ||
      !g_file_get_contents (path, &contents, &length, &error))
    {
      if (error != NULL)
        add_problem (self, basename, 0, _("cannot be read: %s"), error->message);
      return NULL;
    }

  /* A bad byte costs its line, not the file: NUL bytes and text that is
   * not UTF-8 are reported where they are and the line is left out. */
  {
    g_autoptr(GString) checked = g_string_sized_new (length + 1);
    const char *p = contents, *end = contents + length;
    int line_number = 1;

    while (p < end)
      {
        const char *newline = memchr (p, '\n', end - p);
        gsize line_length = (newline ? newline : end) - p;
        const char *nul = memchr (p, '\0', line_length);
        const char *invalid = NULL;

        if (nul != NULL)
          {
            add_problem (self, basename, line_number,
                         _("a NUL byte at column %d; the line is left out"),
                         (int) (nul - p) + 1);
            g_string_append (checked, "#");
          }
        else if (!g_utf8_validate (p, line_length, &invalid))
          {
            add_problem (self, basename, line_number,
                         _("not UTF-8 text (byte 0x%02X at column %d); the line is left out"),
                         (guint8) *invalid, (int) (invalid - p) + 1);
            g_string_append (checked, "#");
          }
        else
          g_string_append_len (checked, p, line_length);
        g_string_append_c (checked, '\n');
        p += line_length + 1;
        line_number++;
      }
    g_free (contents);
    contents = g_string_free (g_steal_pointer (&checked), FALSE);
  }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      int line_number = i + 1;
      g_autofree char *line = g_strdup (lines[i]);
      char *stripped = g_strstrip (line);
      const char *equals;

      if (stripped[0] == '\0' || stripped[0] == '#')
        {
          g_string_append_printf (clean, "%s\n", lines[i]);
          continue;
        }

      if (stripped[0] == '[')
        {
          gsize len = strlen (stripped);
          g_autofree char *name = NULL;

          if (len < 3 || stripped[len - 1] != ']')
            {
              add_problem (self, basename, line_number,
                           _("malformed group header “%s”"), stripped);
              /* Keys below would land in the previous group: drop them. */
              skipping_group = TRUE;
              group = NULL;
              g_string_append (clean, "#\n");
              continue;
            }

          name = g_strndup (stripped + 1, len - 2);
          if (g_hash_table_contains (file->lines, name))
            {
              add_problem (self, basename, line_number,
                           _("group [%s] appears twice (first on line %d); the second is ignored"),
                           name, line_of (file, name, NULL));
              skipping_group = TRUE;
              group = NULL;
              g_string_append (clean, "#\n");
              continue;
            }

          skipping_group = FALSE;
          g_hash_table_insert (file->lines, g_strdup (name), GINT_TO_POINTER (line_number));
          g_ptr_array_add (file->groups, g_strdup (name));
          group = g_ptr_array_index (file->groups, file->groups->len - 1);
          g_string_append_printf (clean, "[%s]\n", name);
          continue;
        }

      if (skipping_group)
        {
          g_string_append (clean, "#\n");
          continue;
        }

      equals = strchr (stripped, '=');
      if (equals == NULL || equals == stripped)
        {
          add_problem (self, basename, line_number,
                       _("“%s” is neither a [group] nor a key=value line"), stripped);
          g_string_append (clean, "#\n");
          continue;
        }

      if (group == NULL)
        {
          add_problem (self, basename, line_number, "%s",
                       _("key outside of any group"));
          g_string_append (clean, "#\n");
          continue;
        }

      {
        g_autofree char *key = g_strstrip (g_strndup (stripped, equals - stripped));
        g_autofree char *lookup = g_strconcat (group, "\x1f", key, NULL);

        if (g_hash_table_contains (file->lines, lookup))
          {
            add_problem (self, basename, line_number,
                         _("[%s] key “%s” is given twice; the first value is kept"),
                         group, key);
            g_string_append (clean, "#\n");
            continue;
          }
        g_hash_table_insert (file->lines, g_steal_pointer (&lookup),
                             GINT_TO_POINTER (line_number));
      }

      g_string_append_printf (clean, "%s\n", stripped);
    }

  file->key_file = g_key_file_new ();
  if (!g_key_file_load_from_data (file->key_file, clean->str, clean->len,
                                  G_KEY_FILE_KEEP_TRANSLATIONS, &error))
    {
      add_problem (self, basename, 0, _("cannot be parsed: %s"), error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

static char *
get_string (ContentFile *file,
            const char  *group,
            const char  *key,
            gboolean     localised)
{
  char *value;

  if (localised)
    value = g_key_file_get_locale_string (file->key_file, group, key,
                                          file->history->locale, NULL);
  else
    value = g_key_file_get_string (file->key_file, group, key, NULL);

  if (value != NULL)
    {
      g_strstrip (value);
      if (value[0] == '\0')
        g_clear_pointer (&value, g_free);
    }

  return value;
}

static char *
require_string (ContentFile *file,
                const char  *group,
                const char  *key,
                gboolean     localised)
{
  char *value = get_string (file, group, key, localised);

  if (value == NULL)
    file_problem (file, group, key, _("missing “%s”"), key);

  return value;
}

static GStrv
get_list (ContentFile *file,
          const char  *group,
          const char  *key)
{
  g_autofree char *raw = get_string (file, group, key, FALSE);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (raw != NULL)
    {
      parts = g_strsplit (raw, ";", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] != '\0')
            g_strv_builder_add (builder, parts[i]);
        }
    }

  return g_strv_builder_end (builder);
}

static gboolean
split_group (const char  *group,
             const char  *prefix,
             const char **out_id)
{
  gsize prefix_len = strlen (prefix);

  if (strncmp (group, prefix, prefix_len) != 0 || group[prefix_len] != ':')
    return FALSE;

  *out_id = group + prefix_len + 1;
  return (*out_id)[0] != '\0';
}

/* ---- the source registry ------------------------------------------ */

/* Hosts that only copy, scrape or machine-translate other pages, and
 * Wikipedia diff pages: a source must be cited at its original. */
static const char * const copy_hosts[] = {
  "ww2facts.net", "traveltill.com", "nina.az", "wikisum.wiki", "us.edu.vn",
  "kihulane.eu", "wiki-org.ru", "profilpelajar.com", "blogspot.com",
  "osmarks.net", "iiab.me", "zxc.wiki", "perceptiofr.com", "perceptioda.com",
  "fastly.net", "fandom.com", "thefreedictionary.com", "loveread.me",
  "itexts.net", "knigaread.com", "bibliboba.com", "online-biblioteka.com",
  "litmir.club", "litbaza.com", "ebooksread.com", "docslib.org", "yumpu.com",
  "swiki.se", "researcher.life", "zanotowane.pl", "historyharpy.com",
  "partizanai.org", "readnow.me", "knigger.com",
};

static const char * const copy_paths[] = {
  "Special:MobileDiff", "Special:Diff", "Specjalna:", "Speci%C3%A1lis:",
  "Specjalna%3A", "diff=", "/host-http",
};

/* TRUE when @url points at a mirror, scraper, machine translation or
 * Wikipedia diff rather than at an original. */
gboolean
cb_history_url_is_copy (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return TRUE;

  host = g_uri_get_host (uri);
  /* A bare IP address is a proxy or a mirror, never a publisher. */
  if (g_hostname_is_ip_address (host))
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (copy_hosts); i++)
    {
      gsize host_len = strlen (host);
      gsize len = strlen (copy_hosts[i]);
      g_autofree char *lower = g_ascii_strdown (host, -1);

      if (lower[host_len - 1] == '.')
        lower[--host_len] = '\0';
      if (host_len >= len && g_str_equal (lower + host_len - len, copy_hosts[i])
          && (host_len == len || lower[host_len - len - 1] == '.'))
        return TRUE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (copy_paths); i++)
    if (strstr (url, copy_paths[i]) != NULL)
      return TRUE;

  return FALSE;
}

static const char * const kind_names[] = {
  [CB_SOURCE_KIND_TREATY_TEXT] = "treaty text",
  [CB_SOURCE_KIND_OFFICIAL_GAZETTE] = "official gazette",
  [CB_SOURCE_KIND_ARCHIVAL_DOCUMENT] = "archival document",
  [CB_SOURCE_KIND_SCHOLARLY] = "scholarly book or article",
  [CB_SOURCE_KIND_ENCYCLOPEDIA] = "encyclopedia",
  [CB_SOURCE_KIND_NEWSPAPER] = "newspaper",
  [CB_SOURCE_KIND_OTHER] = "other",
};

const char *
cb_source_kind_to_string (CbSourceKind kind)
{
  g_return_val_if_fail (kind <= CB_SOURCE_KIND_OTHER, NULL);

  return kind_names[kind];
}

static void
history_source_free (CbHistorySource *source)
{
  g_free (source->key);
  g_free (source->author);
  g_free (source->title);
  g_free (source->publisher);
  g_free (source->year);
  g_free (source->language);
  g_free (source->url);
  g_free (source->note);
  g_free (source);
}

static void
history_citation_free (CbHistoryCitation *citation)
{
  g_free (citation->locator);
  g_free (citation);
}

char *
cb_history_format_day (guint32 julian_day)
{
  GDate date;
  char text[64];

  g_return_val_if_fail (g_date_valid_julian (julian_day), NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian_day);
  /* TRANSLATORS: a day, strftime format, e.g. "1 August 1920" */
  if (g_date_strftime (text, sizeof text, _("%-d %B %Y"), &date) == 0)
    return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                            g_date_get_month (&date), g_date_get_day (&date));
  return g_strdup (text);
}

/* "Author, Title (Publisher, Year), p. N", leaving out what is unknown. */
char *
cb_history_citation_format (const CbHistoryCitation *citation)
{
  const CbHistorySource *source;
  GString *text;

  g_return_val_if_fail (citation != NULL && citation->source != NULL, NULL);

  source = citation->source;
  text = g_string_new (source->author);
  g_string_append_printf (text, ", %s", source->title);
  if (source->publisher != NULL || source->year != NULL)
    {
      g_string_append (text, " (");
      if (source->publisher != NULL)
        g_string_append (text, source->publisher);
      if (source->publisher != NULL && source->year != NULL)
        g_string_append (text, ", ");
      if (source->year != NULL)
        g_string_append (text, source->year);
      g_string_append_c (text, ')');
    }
  if (citation->locator != NULL)
    g_string_append_printf (text, ", %s", citation->locator);

  return g_string_free (text, FALSE);
}

static gboolean
check_url (ContentFile *file,
           const char  *group,
           const char  *key,
           const char  *url)
{
  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      file_problem (file, group, key, _("“%s” is not an http(s) address"), url);
      return FALSE;
    }
  if (cb_history_url_is_copy (url))
    {
      file_problem (file, group, key,
                    _("“%s” is a mirror, scraper, machine translation or diff page; cite the original"),
                    url);
      return FALSE;
    }

  return TRUE;
}

/* Words of sources.ini that are the atlas's own description of a source,
 * not a published name: shown in the interface language.  Everything else
 * (authors, titles, publishers as published) is shown as written. */
static const char * const source_own_words[] = {
  N_("Wikipedia contributors"),
  N_("Wikipedia (English)"),
  N_("Wikipedia (Polish)"),
  N_("Wikipedia (Russian)"),
  N_("Wikipedia (Lithuanian)"),
  N_("Wikipedia (German)"),
  N_("Contested Borders research team"),
  N_("Research notes on control of the towns, 1918–1923 (history/timeline/notes.md of the shared reference material)"),
  N_("Lithuania and Soviet Russia (treaty parties)"),
  N_("Poland, Soviet Russia and Soviet Ukraine (treaty parties)"),
  N_("Poland and Lithuania"),
  N_("Archivio Studi Adriatici (OCR of the printed collection)"),
  N_("Pawet.net (periodical archive)"),
  N_("Kaunas City Museum"),
  N_("Kaunas City Museum, “Prieš 100 metų”"),
  N_("L. M. Kuroptev, head of the legal department of the NKID"),
  /* After " — " in a title: what the atlas says about the copy it read. */
  N_("French text, Art. 3"),
  N_("French text in an Italian treaty collection (running head “TR. PACE RUSSO-LITUANO”), p. 144"),
  N_("French text in an Italian treaty collection (running head “TR. PACE RUSSO-LITUANO”), p. 149"),
  N_("English text of the League of Nations Treaty Series, vol. 3, transcribed as file 25ENG"),
  N_("British and Foreign State Papers (volume with pp. 1121 ff., printing the Soviet–Lithuanian "
     "Peace Treaty; volume number as printed not confirmed)"),
  N_("British and Foreign State Papers (volume with pp. 1133 ff. of the same treaty; volume number "
     "as printed not confirmed)"),
};

static const char *
find_own_words (const char *text)
{
  for (gsize i = 0; i < G_N_ELEMENTS (source_own_words); i++)
    if (strcmp (text, source_own_words[i]) == 0)
      return source_own_words[i];
  return NULL;
}

/* @text translated if it is one of the words above, or "published — own
 * words" with the part after the dash translated; takes @text. */
static char *
own_words (char *text)
{
  const char *words;
  const char *dash;

  if (text == NULL)
    return NULL;
  words = find_own_words (text);
  if (words != NULL)
    {
      g_free (text);
      return g_strdup (_(words));
    }
  dash = g_strrstr (text, " — ");
  if (dash != NULL && (words = find_own_words (dash + strlen (" — "))) != NULL)
    {
      char *joined = g_strdup_printf ("%.*s — %s", (int) (dash - text), text, _(words));

      g_free (text);
      return joined;
    }
  return text;
}

static void
load_source (ContentFile *file,
             const char  *group,
             const char  *key)
{
  CbHistory *self = file->history;
  g_autofree char *author = require_string (file, group, "author", FALSE);
  g_autofree char *title = require_string (file, group, "title", FALSE);
  g_autofree char *kind = require_string (file, group, "kind", FALSE);
  g_autofree char *url = get_string (file, group, "url", FALSE);
  CbHistorySource *source;
  gint kind_index = -1;

  if (author == NULL || title == NULL || kind == NULL)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind, kind_names[i]))
      kind_index = i;
  if (kind_index < 0)
    {
      file_problem (file, group, "kind",
                    _("unknown kind “%s” (use treaty text, official gazette, archival document, "
                      "scholarly book or article, encyclopedia, newspaper or other)"), kind);
      return;
    }
  if (url != NULL && !check_url (file, group, "url", url))
    return;

  source = g_new0 (CbHistorySource, 1);
  source->key = g_strdup (key);
  source->author = own_words (g_steal_pointer (&author));
  source->title = own_words (g_steal_pointer (&title));
  source->kind = kind_index;
  source->publisher = own_words (get_string (file, group, "publisher", FALSE));
  source->year = get_string (file, group, "year", FALSE);
  source->language = get_string (file, group, "language", FALSE);
  source->url = g_steal_pointer (&url);
  source->note = get_string (file, group, "note", TRUE);

  if (g_hash_table_contains (self->sources, key))
    g_ptr_array_remove (self->source_list, g_hash_table_lookup (self->sources, key));
  g_hash_table_replace (self->sources, source->key, source);
  g_ptr_array_add (self->source_list, source);
}

static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  const CbHistorySource *sa = *(CbHistorySource * const *) a;
  const CbHistorySource *sb = *(CbHistorySource * const *) b;

  return strcmp (sa->key, sb->key);
}

static void
load_sources (CbHistory  *self,
              const char *dir)
{
  g_autoptr(ContentFile) file = content_file_open (self, dir, "sources.ini");

  if (file == NULL)
    return;

  for (guint i = 0; i < file->groups->len; i++)
    {
      const char *group = g_ptr_array_index (file->groups, i);
      const char *key;

      if (split_group (group, "source", &key))
        load_source (file, group, key);
      else
        file_problem (file, group, NULL, "%s",
                      _("unknown kind of group (expected [source:KEY])"));
    }

  g_ptr_array_sort (self->source_list, compare_sources);
}

/* Reads `cite=KEY;KEY@p. 12`. Every key must be in the registry; NULL
 * (with a problem recorded) when the entry is missing or names an unknown
 * source, so nothing is shown without its source. */
static GPtrArray *
get_citations (ContentFile *file,
               const char  *group,
               const char  *key,
               gboolean     required)
{
  g_auto(GStrv) items = get_list (file, group, key);
  g_autoptr(GPtrArray) citations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) history_citation_free);

  if (items[0] == NULL)
    {
      if (required)
        {
          file_problem (file, group, key, _("missing “%s”"), key);
          return NULL;
        }
      return g_steal_pointer (&citations);
    }

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (items[i], "@", 2);
      const CbHistorySource *source;
      CbHistoryCitation *citation;

      g_strstrip (parts[0]);
      source = g_hash_table_lookup (file->history->sources, parts[0]);
      if (source == NULL)
        {
          file_problem (file, group, key,
                        _("cites “%s”, which is not in the source registry (sources.ini)"),
                        parts[0]);
          return NULL;
        }

      citation = g_new0 (CbHistoryCitation, 1);
      citation->source = source;
      if (parts[1] != NULL && g_strstrip (parts[1])[0] != '\0')
        citation->locator = g_strdup (parts[1]);
      g_ptr_array_add (citations, citation);
    }

  return g_steal_pointer (&citations);
}

/* ---- the people index ----------------------------------------------- */

static void
history_person_free (CbHistoryPerson *person)
{
  g_free (person->key);
  g_free (person->name);
  g_free (person->role);
  g_free (person->dates);
  g_strfreev (person->forms);
  g_clear_pointer (&person->citations, g_ptr_array_unref);
  g_free (person);
}

static void
load_person (ContentFile *file,
             const char  *group,
             const char  *key)
{
  CbHistory *self = file->history;
  g_autofree char *name = require_string (file, group, "name", FALSE);
  g_autofree char *role = require_string (file, group, "role", TRUE);
  g_autofree char *dates = get_string (file, group, "dates", FALSE);
  g_autoptr(GPtrArray) citations = get_citations (file, group, "cite", TRUE);
  g_auto(GStrv) also = get_list (file, group, "also");
  g_autoptr(GStrvBuilder) forms = g_strv_builder_new ();
  CbHistoryPerson *person;

  if (name == NULL || role == NULL || citations == NULL)
    return;

  g_strv_builder_add (forms, name);
  g_strv_builder_addv (forms, (const char **) also);

  person = g_new0 (CbHistoryPerson, 1);
  person->key = g_strdup (key);
  person->name = g_steal_pointer (&name);
  person->role = g_steal_pointer (&role);
  person->dates = g_steal_pointer (&dates);
  person->forms = g_strv_builder_end (forms);
  person->citations = g_steal_pointer (&citations);

  if (g_hash_table_contains (self->people, key))
    g_ptr_array_remove (self->person_list, g_hash_table_lookup (self->people, key));
  g_hash_table_replace (self->people, person->key, person);
  g_ptr_array_add (self->person_list, person);
}

static void
load_people (CbHistory  *self,
             const char *dir)
{
  g_autoptr(ContentFile) file = NULL;
  g_autofree char *path = g_build_filename (dir, "people.ini", NULL);

  /* The index is optional: older content folders have none. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;

  file = content_file_open (self, dir, "people.ini");
  if (file == NULL)
    return;

  for (guint i = 0; i < file->groups->len; i++)
    {
      const char *group = g_ptr_array_index (file->groups, i);
      const char *key;

      if (split_group (group, "person", &key))
        load_person (file, group, key);
      else
        file_problem (file, group, NULL, "%s",
                      _("unknown kind of group (expected [person:KEY])"));
    }
}

/* ---- documents and clauses ------------------------------------------ */

static void
history_document_free (CbHistoryDocument *document)
{
  g_free (document->id);
  g_free (document->title);
  g_free (document->date_text);
  g_free (document->summary);
  g_free (document);
}

static void
history_clause_free (CbHistoryClause *clause)
{
  g_free (clause->id);
  g_free (clause->title);
  g_free (clause->quote);
  g_free (clause->quote_language);
  g_strfreev (clause->quote_originals);
  g_free (clause->translator);
  g_free (clause->summary);
  g_clear_pointer (&clause->citations, g_ptr_array_unref);
  g_free (clause);
}

static void
load_document (ContentFile *file,
               const char  *group,
               const char  *id)
{
  CbHistory *self = file->history;
  g_autofree char *title = require_string (file, group, "title", TRUE);
  g_autofree char *date_text = get_string (file, group, "date", FALSE);
  CbHistoryDocument *document;
  CbHistoryDate date;

  if (title == NULL)
    return;

  if (date_text != NULL && !cb_history_date_parse (date_text, &date))
    {
      file_problem (file, group, "date",
                    _("bad date “%s” (use YYYY, YYYY-MM or YYYY-MM-DD)"), date_text);
      return;
    }

  document = g_new0 (CbHistoryDocument, 1);
  document->id = g_strdup (id);
  document->title = g_steal_pointer (&title);
  document->date_text = g_steal_pointer (&date_text);
  document->summary = get_string (file, group, "summary", TRUE);
  g_hash_table_replace (self->documents, document->id, document);
}

static void
load_clause (ContentFile *file,
             const char  *group,
             const char  *id)
{
  CbHistory *self = file->history;
  g_autofree char *document_id = require_string (file, group, "document", FALSE);
  g_autofree char *title = require_string (file, group, "title", TRUE);
  g_autofree char *status = require_string (file, group, "status", FALSE);
  g_autoptr(GPtrArray) citations = get_citations (file, group, "cite", TRUE);
  g_autofree char *quote = get_string (file, group, "quote", FALSE);
  g_autofree char *summary = get_string (file, group, "summary", TRUE);
  g_autofree char *translator = get_string (file, group, "translator", TRUE);
  g_auto(GStrv) originals = get_list (file, group, "quote_original");
  const CbHistoryDocument *document = NULL;
  CbHistoryClause *clause;
  CbClauseStatus clause_status;

  if (document_id == NULL || title == NULL || status == NULL || citations == NULL)
    return;

  document = g_hash_table_lookup (self->documents, document_id);
  if (document == NULL)
    {
      file_problem (file, group, "document", _("unknown document “%s”"), document_id);
      return;
    }

  if (g_str_equal (status, "verbatim"))
    clause_status = CB_CLAUSE_VERBATIM;
  else if (g_str_equal (status, "partial"))
    clause_status = CB_CLAUSE_PARTIAL;
  else if (g_str_equal (status, "summary"))
    clause_status = CB_CLAUSE_SUMMARY;
  else
    {
      file_problem (file, group, "status",
                    _("unknown status “%s” (use verbatim, partial or summary)"), status);
      return;
    }

  /* A quotation must never be mistaken for our own words, nor the reverse. */
  if (clause_status != CB_CLAUSE_SUMMARY && quote == NULL)
    {
      file_problem (file, group, "quote", _("status “%s” needs a “quote”"), status);
      return;
    }
  if (clause_status == CB_CLAUSE_SUMMARY && quote != NULL)
    {
      file_problem (file, group, "quote", "%s",
                    _("a summary must not carry a “quote”; use status=partial"));
      return;
    }
  if (clause_status != CB_CLAUSE_VERBATIM && summary == NULL)
    {
      file_problem (file, group, "summary", _("status “%s” needs a “summary”"), status);
      return;
    }
  /* A translation must say so and name who made it. */
  if (originals[0] != NULL && translator == NULL)
    {
      file_problem (file, group, "translator", "%s",
                    _("a translated quote needs a “translator” (or who published the translation)"));
      return;
    }

  clause = g_new0 (CbHistoryClause, 1);
  clause->id = g_strdup (id);
  clause->document = document;
  clause->title = g_steal_pointer (&title);
  clause->status = clause_status;
  clause->quote = g_steal_pointer (&quote);
  clause->quote_language = get_string (file, group, "quote_language", FALSE);
  clause->quote_originals = g_steal_pointer (&originals);
  clause->translator = g_steal_pointer (&translator);
  clause->summary = g_steal_pointer (&summary);
  clause->citations = g_steal_pointer (&citations);

  if (g_hash_table_contains (self->clauses, id))
    g_ptr_array_remove (self->clause_list, g_hash_table_lookup (self->clauses, id));
  g_hash_table_replace (self->clauses, clause->id, clause);
  g_ptr_array_add (self->clause_list, clause);
}

static void
load_documents (CbHistory  *self,
                const char *dir)
{
  g_autoptr(ContentFile) file = content_file_open (self, dir, "documents.ini");

  if (file == NULL)
    return;

  /* Documents first, so that clauses may come before their document. */
  for (guint i = 0; i < file->groups->len; i++)
    {
      const char *group = g_ptr_array_index (file->groups, i);
      const char *id;

      if (split_group (group, "document", &id))
        load_document (file, group, id);
      else if (!split_group (group, "clause", &id))
        file_problem (file, group, NULL, "%s",
                      _("unknown kind of group (expected [document:ID] or [clause:ID])"));
    }

  for (guint i = 0; i < file->groups->len; i++)
    {
      const char *group = g_ptr_array_index (file->groups, i);
      const char *id;

      if (split_group (group, "clause", &id))
        load_clause (file, group, id);
    }
}

/* ---- events --------------------------------------------------------- */

static void
history_event_free (CbHistoryEvent *event)
{
  g_free (event->id);
  g_free (event->date_note);
  g_strfreev (event->towns);
  g_strfreev (event->clauses);
  g_strfreev (event->people);
  g_free (event->summary);
  g_clear_pointer (&event->citations, g_ptr_array_unref);
  g_free (event);
}

static gboolean
town_is_known (CbHistory   *self,
               CbGazetteer *gazetteer,
               const char  *town_id)
{
  if (gazetteer != NULL)
    return cb_gazetteer_lookup (gazetteer, town_id) != NULL;

  return g_hash_table_contains (self->towns, town_id);
}

static GStrv
known_ids (ContentFile *file,
           const char  *group,
           const char  *key,
           GStrv        ids,
           gboolean   (*is_known) (CbHistory *, CbGazetteer *, const char *),
           CbGazetteer *gazetteer,
           gboolean     are_towns)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (is_known (file->history, gazetteer, ids[i]))
        g_strv_builder_add (builder, ids[i]);
      else if (are_towns)
        file_problem (file, group, key, _("unknown town id “%s”"), ids[i]);
      else
        file_problem (file, group, key, _("unknown clause id “%s”"), ids[i]);
    }

  return g_strv_builder_end (builder);
}

static gboolean
clause_is_known (CbHistory   *self,
                 CbGazetteer *gazetteer G_GNUC_UNUSED,
                 const char  *clause_id)
{
  return g_hash_table_contains (self->clauses, clause_id);
}

static void
load_event (ContentFile *file,
            const char  *group,
            const char  *id,
            CbGazetteer *gazetteer)
{
  CbHistory *self = file->history;
  g_autofree char *date_text = require_string (file, group, "date", FALSE);
  g_autofree char *certainty = get_string (file, group, "date_certainty", FALSE);
  g_autofree char *summary = require_string (file, group, "summary", TRUE);
  g_autoptr(GPtrArray) citations = get_citations (file, group, "cite", TRUE);
  g_auto(GStrv) people = get_list (file, group, "people");
  g_auto(GStrv) towns = get_list (file, group, "towns");
  g_auto(GStrv) clauses = get_list (file, group, "clauses");
  g_auto(GStrv) good_towns = NULL;
  g_auto(GStrv) good_clauses = NULL;
  CbHistoryEvent *event;
  CbHistoryDate date;
  CbDateCertainty date_certainty = CB_DATE_CERTAINTY_EXACT;
  char *date_note;

  if (date_text == NULL || summary == NULL || citations == NULL)
    return;

  if (!cb_history_date_parse (date_text, &date))
    {
      file_problem (file, group, "date",
                    _("bad date “%s” (use YYYY, YYYY-MM or YYYY-MM-DD)"), date_text);
      return;
    }

  for (guint i = 0; people[i] != NULL; i++)
    if (!g_hash_table_contains (self->people, people[i]))
      {
        file_problem (file, group, "people",
                      _("“%s” is not in the people index (people.ini)"), people[i]);
        return;
      }

  if (certainty == NULL || g_str_equal (certainty, "exact"))
    date_certainty = CB_DATE_CERTAINTY_EXACT;
  else if (g_str_equal (certainty, "approximate"))
    date_certainty = CB_DATE_CERTAINTY_APPROXIMATE;
  else if (g_str_equal (certainty, "uncertain"))
    date_certainty = CB_DATE_CERTAINTY_UNCERTAIN;
  else if (g_str_equal (certainty, "disputed"))
    date_certainty = CB_DATE_CERTAINTY_DISPUTED;
  else
    {
      file_problem (file, group, "date_certainty",
                    _("unknown date_certainty “%s” (use exact, approximate, uncertain or disputed)"),
                    certainty);
      return;
    }

  date_note = get_string (file, group, "date_note", TRUE);
  if (date_certainty != CB_DATE_CERTAINTY_EXACT && date_note == NULL)
    {
      file_problem (file, group, "date_note", "%s",
                    _("an inexact date needs a “date_note” saying why"));
      return;
    }

  if (towns[0] == NULL)
    {
      file_problem (file, group, "towns", "%s", _("missing “towns”"));
      g_free (date_note);
      return;
    }

  good_towns = known_ids (file, group, "towns", towns, town_is_known, gazetteer, TRUE);
  good_clauses = known_ids (file, group, "clauses", clauses, clause_is_known, NULL, FALSE);
  if (good_towns[0] == NULL)
    {
      g_free (date_note);
      return;
    }

  event = g_new0 (CbHistoryEvent, 1);
  event->id = g_strdup (id);
  event->date = date;
  event->certainty = date_certainty;
  event->date_note = date_note;
  event->towns = g_steal_pointer (&good_towns);
  event->clauses = g_steal_pointer (&good_clauses);
  event->people = g_steal_pointer (&people);
  event->summary = g_steal_pointer (&summary);
  event->citations = g_steal_pointer (&citations);
  event->legacy = date.year > 1923;

  g_ptr_array_add (self->events, event);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const CbHistoryEvent *ea = *(CbHistoryEvent * const *) a;
  const CbHistoryEvent *eb = *(CbHistoryEvent * const *) b;
  int result = cb_history_date_compare (&ea->date, &eb->date);

  if (result != 0)
    return result;

  return strcmp (ea->id, eb->id);
}

static void
load_events (CbHistory   *self,
             const char  *dir,
             CbGazetteer *gazetteer)
{
  g_autoptr(ContentFile) file = content_file_open (self, dir, "events.ini");

  if (file == NULL)
    return;

  for (guint i = 0; i < file->groups->len; i++)
    {
      const char *group = g_ptr_array_index (file->groups, i);
      const char *id;

      if (split_group (group, "event", &id))
        load_event (file, group, id, gazetteer);
      else
        file_problem (file, group, NULL, "%s",
                      _("unknown kind of group (expected [event:ID])"));
    }

  g_ptr_array_sort (self->events, compare_events);
}

/* ---- towns ---------------------------------------------------------- */

static void
history_holding_free (CbHistoryHolding *holding)
{
  g_free (holding->note);
  g_clear_pointer (&holding->citations, g_ptr_array_unref);
  g_free (holding);
}

static void
history_town_clause_free (CbHistoryTownClause *town_clause)
{
  g_free (town_clause->why);
  g_free (town_clause);
}

static void
history_town_free (CbHistoryTown *town)
{
  g_free (town->id);
  g_free (town->status);
  g_clear_pointer (&town->status_citations, g_ptr_array_unref);
  g_free (town->note);
  g_clear_pointer (&town->clauses, g_ptr_array_unref);
  g_clear_pointer (&town->holdings, g_ptr_array_unref);
  g_free (town);
}

static void
load_town (ContentFile *file,
           const char  *group,
           const char  *id,
           CbGazetteer *gazetteer)
{
  CbHistory *self = file->history;
  g_autofree char *status = NULL;
  g_auto(GStrv) clause_ids = NULL;
  g_auto(GStrv) alt_names = NULL;
  g_autoptr(GPtrArray) citations = NULL;
  CbHistoryTown *town;

  if (gazetteer != NULL && cb_gazetteer_lookup (gazetteer, id) == NULL)
    {
      file_problem (file, group, NULL, _("unknown town id “%s”"), id);
      return;
    }

  status = require_string (file, group, "status", TRUE);
  citations = get_citations (file, group, "cite", TRUE);
  if (status == NULL || citations == NULL)
    return;

  town = g_new0 (CbHistoryTown, 1);
  town->id = g_strdup (id);
  town->status = g_steal_pointer (&status);
  town->status_citations = g_steal_pointer (&citations);
  town->holdings = g_ptr_array_new_with_free_func ((GDestroyNotify) history_holding_free);
  town->note = get_string (file, group, "note", TRUE);
  town->clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) history_town_clause_free);

  clause_ids = get_list (file, group, "clauses");
  for (guint i = 0; clause_ids[i] != NULL; i++)
    {
      const CbHistoryClause *clause = g_hash_table_lookup (self->clauses, clause_ids[i]);
      g_autofree char *why_key = g_strconcat ("why.", clause_ids[i], NULL);
      CbHistoryTownClause *town_clause;

      if (clause == NULL)
        {
          file_problem (file, group, "clauses", _("unknown clause id “%s”"), clause_ids[i]);
          continue;
        }

      town_clause = g_new0 (CbHistoryTownClause, 1);
      town_clause->clause = clause;
      town_clause->why = get_string (file, group, why_key, TRUE);
      if (town_clause->why == NULL)
        file_problem (file, group, "clauses",
                      _("clause “%s” is listed without a “%s” line saying why"),
                      clause_ids[i], why_key);
      g_ptr_array_add (town->clauses, town_clause);
    }

  /* Historical names that the map data lacks, each confirmed by a source
   * named in the file, become searchable. */
  alt_names = get_list (file, group, "other_names");
  for (guint i = 0; gazetteer != NULL && alt_names[i] != NULL; i++)
    cb_gazetteer_add_alt_name (gazetteer, id, alt_names[i]);

  g_hash_table_replace (self->towns, town->id, town);
}

static void
load_towns (CbHistory   *self,
            const char  *dir,
            CbGazetteer *gazetteer)
{
  g_autoptr(ContentFile) file = content_file_open (self, dir, "towns.ini");

  if (file == NULL)
    return;

  for (guint i = 0; i < file->groups->len; i++)
    {
      const char *group = g_ptr_array_index (file->groups, i);
      const char *id;

      if (split_group (group, "town", &id))
        load_town (file, group, id, gazetteer);
      else
        file_problem (file, group, NULL, "%s",
                      _("unknown kind of group (expected [town:ID])"));
    }
}

/* ---- who held each town -------------------------------------------- */

static const char * const holder_names[] = {
  [CB_HOLDER_GERMANY] = "germany",
  [CB_HOLDER_SOVIET] = "soviet_russia",
  [CB_HOLDER_POLAND] = "poland",
  [CB_HOLDER_LITHUANIA] = "lithuania",
  [CB_HOLDER_CENTRAL_LITHUANIA] = "central_lithuania",
  [CB_HOLDER_LATVIA] = "latvia",
  [CB_HOLDER_CONTESTED] = "contested",
};

static const char * const hold_certainty_names[] = {
  [CB_HOLD_DOCUMENTED] = "documented",
  [CB_HOLD_INFERRED] = "inferred",
  [CB_HOLD_UNCERTAIN] = "uncertain",
};

const char *
cb_holder_to_string (CbHolder holder)
{
  g_return_val_if_fail (holder <= CB_HOLDER_CONTESTED, NULL);

  return holder_names[holder];
}

const char *
cb_holder_get_title (CbHolder holder)
{
  switch (holder)
    {
    case CB_HOLDER_GERMANY:
      return _("Germany (Ober Ost)");
    case CB_HOLDER_SOVIET:
      return _("Soviet Russia / Litbel");
    case CB_HOLDER_POLAND:
      return _("Poland");
    case CB_HOLDER_LITHUANIA:
      return _("Lithuania");
    case CB_HOLDER_CENTRAL_LITHUANIA:
      return _("Central Lithuania");
    case CB_HOLDER_LATVIA:
      return _("Latvia");
    case CB_HOLDER_CONTESTED:
    default:
      return _("contested or not known");
    }
}

static int
name_index (const char * const *names,
            gsize               n_names,
            const char         *name)
{
  for (gsize i = 0; i < n_names; i++)
    if (g_str_equal (names[i], name))
      return i;

  return -1;
}

/* First and last day a date known to the year, month or day may mean. */
static guint32
date_first_day (const CbHistoryDate *date)
{
  g_autoptr(GDate) day = g_date_new_dmy (date->day > 0 ? date->day : 1,
                                         date->month > 0 ? date->month : 1,
                                         date->year);

  return g_date_get_julian (day);
}

static guint32
date_last_day (const CbHistoryDate *date)
{
  int month = date->month > 0 ? date->month : 12;
  int day = date->day > 0 ? date->day : g_date_get_days_in_month (month, date->year);
  g_autoptr(GDate) last = g_date_new_dmy (day, month, date->year);

  return g_date_get_julian (last);
}

/* Two rows may share a month when one side is known only to the month:
 * the hand-over happened on an unknown day in it. */
static gboolean
same_vague_month (const CbHistoryDate *to,
                  const CbHistoryDate *from)
{
  if (to->year != from->year || to->month == 0 || to->month != from->month)
    return FALSE;

  return to->day == 0 || from->day == 0;
}

/* The period every town's series must cover without a gap. */
#define HOLDINGS_FIRST "1918-11-11"
#define HOLDINGS_LAST  "1923-03-15"

static void
check_holdings (CbHistory     *self,
                const char    *basename,
                CbHistoryTown *town,
                GArray        *lines)
{
  CbHistoryDate first;
  CbHistoryDate last;

  cb_history_date_parse (HOLDINGS_FIRST, &first);
  cb_history_date_parse (HOLDINGS_LAST, &last);

  if (town->holdings->len == 0)
    return;

  for (guint i = 0; i < town->holdings->len; i++)
    {
      const CbHistoryHolding *holding = g_ptr_array_index (town->holdings, i);
      const CbHistoryHolding *next;
      g_autofree char *to = cb_history_date_to_iso (&holding->to);
      g_autofree char *from = NULL;
      int line = g_array_index (lines, int, i);

      if (i == 0 && date_first_day (&holding->from) > date_first_day (&first))
        {
          g_autofree char *start = cb_history_date_to_iso (&holding->from);

          add_problem (self, basename, line,
                       _("%s: nothing says who held it from %s to %s; add a “contested” row saying what is unknown"),
                       town->id, HOLDINGS_FIRST, start);
        }
      if (i + 1 == town->holdings->len)
        {
          if (date_last_day (&holding->to) < date_last_day (&last))
            add_problem (self, basename, line,
                         _("%s: nothing says who held it from %s to %s; add a “contested” row saying what is unknown"),
                         town->id, to, HOLDINGS_LAST);
          break;
        }

      next = g_ptr_array_index (town->holdings, i + 1);
      from = cb_history_date_to_iso (&next->from);
      if (same_vague_month (&holding->to, &next->from))
        continue;
      if (date_first_day (&next->from) <= date_last_day (&holding->to))
        add_problem (self, basename, g_array_index (lines, int, i + 1),
                     _("%s: the interval from %s overlaps the one ending %s"),
                     town->id, from, to);
      else if (date_first_day (&next->from) > date_last_day (&holding->to) + 1)
        add_problem (self, basename, g_array_index (lines, int, i + 1),
                     _("%s: gap between %s and %s; add a “contested” row saying what is unknown"),
                     town->id, to, from);
    }
}

static int
compare_holdings (gconstpointer a,
                  gconstpointer b)
{
  const CbHistoryHolding *ha = *(CbHistoryHolding * const *) a;
  const CbHistoryHolding *hb = *(CbHistoryHolding * const *) b;

  return cb_history_date_compare (&ha->from, &hb->from);
}

/* holders.tsv: town, from, to, holder, certainty, cite, note; tab-separated,
 * '#' starts a comment. Dates are inclusive. */
static void
load_holdings (CbHistory  *self,
               const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "holders.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) line_numbers = NULL;   /* town id -> GArray of lines */
  g_auto(GStrv) lines = NULL;
  /* get_citations() reports through a ContentFile: a stand-in for this file. */
  ContentFile file = { .history = self, .basename = (char *) "holders.tsv" };
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;

  if (!refuse_unreadable (self, "holders.tsv", path) ||
      !g_file_get_contents (path, &contents, NULL, &error))
    {
      if (error != NULL)
        add_problem (self, "holders.tsv", 0, _("cannot be read: %s"), error->message);
      return;
    }

  line_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  file.lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  file.key_file = g_key_file_new ();

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *group = NULL;
      g_autoptr(GPtrArray) citations = NULL;
      CbHistoryHolding *holding;
      CbHistoryTown *town;
      CbHistoryDate from;
      CbHistoryDate to;
      GArray *town_lines;
      int holder;
      int certainty;
      int line = i + 1;

      if (lines[i][0] == '\0' || lines[i][0] == '#' || g_str_has_prefix (lines[i], "town_id\t"))
        continue;

      fields = g_strsplit (lines[i], "\t", 7);
      if (g_strv_length (fields) < 6)
        {
          add_problem (self, "holders.tsv", line, "%s",
                       _("expected town, from, to, holder, certainty and cite separated by tabs"));
          continue;
        }

      town = g_hash_table_lookup (self->towns, fields[0]);
      if (town == NULL)
        {
          add_problem (self, "holders.tsv", line, _("unknown town id “%s”"), fields[0]);
          continue;
        }
      if (!cb_history_date_parse (fields[1], &from) || !cb_history_date_parse (fields[2], &to))
        {
          add_problem (self, "holders.tsv", line,
                       _("%s: bad date “%s” or “%s” (use YYYY, YYYY-MM or YYYY-MM-DD)"),
                       fields[0], fields[1], fields[2]);
          continue;
        }
      if (date_last_day (&to) < date_first_day (&from))
        {
          add_problem (self, "holders.tsv", line, _("%s: ends (%s) before it starts (%s)"),
                       fields[0], fields[2], fields[1]);
          continue;
        }
      holder = name_index (holder_names, G_N_ELEMENTS (holder_names), fields[3]);
      certainty = name_index (hold_certainty_names, G_N_ELEMENTS (hold_certainty_names), fields[4]);
      if (holder < 0 || certainty < 0)
        {
          add_problem (self, "holders.tsv", line,
                       _("%s: unknown holder “%s” or certainty “%s”"),
                       fields[0], fields[3], fields[4]);
          continue;
        }

      group = g_strdup_printf ("%s from %s", fields[0], fields[1]);
      g_hash_table_insert (file.lines, g_strdup (group), GINT_TO_POINTER (line));
      g_key_file_set_string (file.key_file, group, "cite", fields[5]);
      citations = get_citations (&file, group, "cite", TRUE);
      if (citations == NULL)
        continue;

      holding = g_new0 (CbHistoryHolding, 1);
      holding->from = from;
      holding->to = to;
      holding->holder = holder;
      holding->certainty = certainty;
      holding->citations = g_steal_pointer (&citations);
      holding->note = fields[6] != NULL && fields[6][0] != '\0' ? g_strdup (fields[6]) : NULL;
      g_ptr_array_add (town->holdings, holding);

      town_lines = g_hash_table_lookup (line_numbers, town->id);
      if (town_lines == NULL)
        {
          town_lines = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (line_numbers, g_strdup (town->id), town_lines);
        }
      g_array_append_val (town_lines, line);
    }

  g_clear_pointer (&file.lines, g_hash_table_unref);
  g_clear_pointer (&file.key_file, g_key_file_unref);

  /* Rows are expected in date order per town; the check reports lines as
   * written, so sort only after checking. */
  g_hash_table_iter_init (&iter, line_numbers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      CbHistoryTown *town = g_hash_table_lookup (self->towns, key);

      g_ptr_array_sort (town->holdings, compare_holdings);
      check_holdings (self, "holders.tsv", town, value);
    }
}

/* ---- object --------------------------------------------------------- */

static void
cb_history_finalize (GObject *object)
{
  CbHistory *self = CB_HISTORY (object);

  g_clear_pointer (&self->locale, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->towns, g_hash_table_unref);
  g_clear_pointer (&self->clause_list, g_ptr_array_unref);
  g_clear_pointer (&self->clauses, g_hash_table_unref);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->person_list, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_hash_table_unref);
  g_clear_pointer (&self->source_list, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);

  G_OBJECT_CLASS (cb_history_parent_class)->finalize (object);
}

static void
cb_history_class_init (CbHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cb_history_finalize;
}

static void
cb_history_init (CbHistory *self)
{
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cb_history_problem_free);
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) history_document_free);
  self->clauses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) history_clause_free);
  self->clause_list = g_ptr_array_new ();
  self->towns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) history_town_free);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) history_event_free);
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) history_source_free);
  self->source_list = g_ptr_array_new ();
  self->people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) history_person_free);
  self->person_list = g_ptr_array_new ();
}

/* @locale: the language of the localised texts, e.g. "lt"; NULL follows
 * the user's locale. */
CbHistory *
cb_history_new (const char *locale)
{
  CbHistory *self = g_object_new (CB_TYPE_HISTORY, NULL);

  self->locale = g_strdup (locale);
  return self;
}

/* Fails only when @dir cannot be read at all; problems inside the files
 * are collected in cb_history_get_problems(). Town ids are checked against
 * @gazetteer when given. */
gboolean
cb_history_load_dir (CbHistory    *self,
                     const char   *dir,
                     CbGazetteer  *gazetteer,
                     GError      **error)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                   _("The history folder “%s” does not exist"), dir);
      return FALSE;
    }

  /* The registry and the people first: everything else cites them. */
  load_sources (self, dir);
  load_people (self, dir);
  load_documents (self, dir);
  /* Towns before events, so events can be checked against the towns when
   * there is no gazetteer. */
  load_towns (self, dir, gazetteer);
  load_events (self, dir, gazetteer);
  load_holdings (self, dir);

  return TRUE;
}

GPtrArray *
cb_history_get_problems (CbHistory *self)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return self->problems;
}

const CbHistoryDocument *
cb_history_get_document (CbHistory  *self,
                         const char *id)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->documents, id) : NULL;
}

const CbHistoryClause *
cb_history_get_clause (CbHistory  *self,
                       const char *id)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->clauses, id) : NULL;
}

const CbHistoryTown *
cb_history_get_town (CbHistory  *self,
                     const char *town_id)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return town_id != NULL ? g_hash_table_lookup (self->towns, town_id) : NULL;
}

/* Returns a new container of borrowed CbHistoryEvent*, oldest first. */
GPtrArray *
cb_history_get_events_for_town (CbHistory  *self,
                                const char *town_id)
{
  GPtrArray *events;

  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  events = g_ptr_array_new ();
  for (guint i = 0; town_id != NULL && i < self->events->len; i++)
    {
      CbHistoryEvent *event = g_ptr_array_index (self->events, i);

      if (g_strv_contains ((const char * const *) event->towns, town_id))
        g_ptr_array_add (events, event);
    }

  return events;
}

/* Borrowed; CbHistoryClause* in file order. */
GPtrArray *
cb_history_get_clauses (CbHistory *self)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return self->clause_list;
}

/* Borrowed; CbHistoryEvent*, oldest first. */
GPtrArray *
cb_history_get_events (CbHistory *self)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return self->events;
}

guint
cb_history_get_n_towns (CbHistory *self)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), 0);

  return g_hash_table_size (self->towns);
}

const CbHistorySource *
cb_history_get_source (CbHistory  *self,
                       const char *key)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return key != NULL ? g_hash_table_lookup (self->sources, key) : NULL;
}

/* Borrowed; CbHistorySource* sorted by key. */
GPtrArray *
cb_history_get_sources (CbHistory *self)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return self->source_list;
}

const CbHistoryPerson *
cb_history_get_person (CbHistory  *self,
                       const char *key)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return key != NULL ? g_hash_table_lookup (self->people, key) : NULL;
}

/* Borrowed; CbHistoryPerson* in file order. */
GPtrArray *
cb_history_get_people (CbHistory *self)
{
  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);

  return self->person_list;
}

/* Who held @town_id on @date, or NULL when the town has no series or the
 * date is outside it. Where two rows share a month because the day of the
 * hand-over is unknown, the first half of the month goes to the earlier
 * holder and the second half to the later one. */
const CbHistoryHolding *
cb_history_get_holder_at (CbHistory   *self,
                          const char  *town_id,
                          const GDate *date)
{
  const CbHistoryTown *town;
  const CbHistoryHolding *found = NULL;
  guint32 julian;

  g_return_val_if_fail (CB_IS_HISTORY (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  town = cb_history_get_town (self, town_id);
  if (town == NULL)
    return NULL;

  julian = g_date_get_julian (date);
  for (guint i = 0; i < town->holdings->len; i++)
    {
      const CbHistoryHolding *holding = g_ptr_array_index (town->holdings, i);

      if (julian < date_first_day (&holding->from) || julian > date_last_day (&holding->to))
        continue;
      if (found == NULL)
        found = holding;
      else if (g_date_get_day (date) > 15)
        found = holding;
    }

  return found;
}
