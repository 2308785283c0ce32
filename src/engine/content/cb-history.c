/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cb-error.h"
#include "cb-history.h"

/*
 * The history content is three GKeyFile files, written by historians and
 * localised by translators with `key[lt]=` entries:
 *
 *   documents.ini  [document:ID] and [clause:ID] groups
 *   events.ini     [event:ID] groups
 *   towns.ini      [town:ID] groups
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

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      add_problem (self, basename, 0, _("cannot be read: %s"), error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, length, NULL))
    {
      add_problem (self, basename, 0, "%s", _("is not valid UTF-8 text"));
      return NULL;
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

static gboolean
check_urls (ContentFile *file,
            const char  *group,
            const char  *urls)
{
  g_auto(GStrv) parts = NULL;

  if (urls == NULL)
    return TRUE;

  parts = g_strsplit_set (urls, " \t", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (!g_str_has_prefix (parts[i], "https://") && !g_str_has_prefix (parts[i], "http://"))
        {
          file_problem (file, group, "source_url",
                        _("“%s” is not an http(s) address"), parts[i]);
          return FALSE;
        }
    }

  return TRUE;
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
  g_free (clause->summary);
  g_free (clause->source);
  g_free (clause->source_url);
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
  g_autofree char *source = require_string (file, group, "source", TRUE);
  g_autofree char *quote = get_string (file, group, "quote", FALSE);
  g_autofree char *summary = get_string (file, group, "summary", TRUE);
  g_autofree char *source_url = get_string (file, group, "source_url", FALSE);
  const CbHistoryDocument *document = NULL;
  CbHistoryClause *clause;
  CbClauseStatus clause_status;

  if (document_id == NULL || title == NULL || status == NULL || source == NULL)
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
  if (!check_urls (file, group, source_url))
    return;

  clause = g_new0 (CbHistoryClause, 1);
  clause->id = g_strdup (id);
  clause->document = document;
  clause->title = g_steal_pointer (&title);
  clause->status = clause_status;
  clause->quote = g_steal_pointer (&quote);
  clause->quote_language = get_string (file, group, "quote_language", FALSE);
  clause->summary = g_steal_pointer (&summary);
  clause->source = g_steal_pointer (&source);
  clause->source_url = g_steal_pointer (&source_url);

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
  g_free (event->summary);
  g_free (event->source);
  g_strfreev (event->source_urls);
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
  g_autofree char *source = require_string (file, group, "source", TRUE);
  g_autofree char *source_url = get_string (file, group, "source_url", FALSE);
  g_auto(GStrv) towns = get_list (file, group, "towns");
  g_auto(GStrv) clauses = get_list (file, group, "clauses");
  g_auto(GStrv) good_towns = NULL;
  g_auto(GStrv) good_clauses = NULL;
  CbHistoryEvent *event;
  CbHistoryDate date;
  CbDateCertainty date_certainty = CB_DATE_CERTAINTY_EXACT;
  char *date_note;

  if (date_text == NULL || summary == NULL || source == NULL)
    return;

  if (!cb_history_date_parse (date_text, &date))
    {
      file_problem (file, group, "date",
                    _("bad date “%s” (use YYYY, YYYY-MM or YYYY-MM-DD)"), date_text);
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
  if (good_towns[0] == NULL || !check_urls (file, group, source_url))
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
  event->summary = g_steal_pointer (&summary);
  event->source = g_steal_pointer (&source);
  event->source_urls = source_url != NULL ? g_strsplit_set (source_url, " \t", -1)
                                          : g_new0 (char *, 1);
  event->legacy = date.year > 1923;

  /* Drop the empty strings that repeated spaces leave behind. */
  {
    guint out = 0;

    for (guint i = 0; event->source_urls[i] != NULL; i++)
      {
        if (event->source_urls[i][0] == '\0')
          g_free (event->source_urls[i]);
        else
          event->source_urls[out++] = event->source_urls[i];
      }
    event->source_urls[out] = NULL;
  }

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
  g_free (town->note);
  g_clear_pointer (&town->clauses, g_ptr_array_unref);
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
  CbHistoryTown *town;

  if (gazetteer != NULL && cb_gazetteer_lookup (gazetteer, id) == NULL)
    {
      file_problem (file, group, NULL, _("unknown town id “%s”"), id);
      return;
    }

  status = require_string (file, group, "status", TRUE);
  if (status == NULL)
    return;

  town = g_new0 (CbHistoryTown, 1);
  town->id = g_strdup (id);
  town->status = g_steal_pointer (&status);
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

  load_documents (self, dir);
  /* Towns before events, so events can be checked against the towns when
   * there is no gazetteer. */
  load_towns (self, dir, gazetteer);
  load_events (self, dir, gazetteer);

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
