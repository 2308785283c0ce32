/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>
#include <glib/gstdio.h>

#include "cb-error.h"
#include "cb-history.h"
#include "cb-test-data.h"

/* ---- helpers ---------------------------------------------------------- */

static CbGazetteer *
load_real_gazetteer (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("CB_GEODATA_DIR"), "towns.shp", NULL);
  g_autoptr(GError) error = NULL;
  CbGazetteer *gazetteer = cb_test_load_gazetteer (path, &error);

  g_assert_no_error (error);
  return gazetteer;
}

static CbGazetteer *
load_fixture_gazetteer (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "geodata", "towns.shp", NULL);
  g_autoptr(GError) error = NULL;
  CbGazetteer *gazetteer = cb_test_load_gazetteer (path, &error);

  g_assert_no_error (error);
  return gazetteer;
}

static CbHistory *
load_real_history (CbGazetteer *gazetteer,
                   const char  *locale)
{
  g_autoptr(GError) error = NULL;
  CbHistory *history = cb_history_new (locale);

  g_assert_true (cb_history_load_dir (history, g_getenv ("CB_HISTORY_DIR"), gazetteer, &error));
  g_assert_no_error (error);
  return history;
}

static void
assert_no_problems (CbHistory *history)
{
  GPtrArray *problems = cb_history_get_problems (history);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = cb_history_problem_to_string (g_ptr_array_index (problems, i));

      g_printerr ("%s\n", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
}

static const CbHistoryEvent *
find_event (GPtrArray  *events,
            const char *iso_date)
{
  for (guint i = 0; i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);
      g_autofree char *iso = cb_history_date_to_iso (&event->date);

      if (g_str_equal (iso, iso_date))
        return event;
    }

  return NULL;
}

static gboolean
town_has_clause (const CbHistoryTown *town,
                 const char          *clause_id)
{
  for (guint i = 0; i < town->clauses->len; i++)
    {
      const CbHistoryTownClause *town_clause = g_ptr_array_index (town->clauses, i);

      if (g_str_equal (town_clause->clause->id, clause_id))
        return TRUE;
    }

  return FALSE;
}

static void
assert_sourced (const CbHistoryEvent *event)
{
  g_assert_nonnull (event->source);
  g_assert_cmpuint (strlen (event->source), >, 3);
  g_assert_nonnull (event->summary);
}

static void
assert_event (CbHistory  *history,
              const char *town_id,
              const char *iso_date,
              const char *summary_word,
              const char *url_part)
{
  g_autoptr(GPtrArray) events = cb_history_get_events_for_town (history, town_id);
  const CbHistoryEvent *event = find_event (events, iso_date);
  gboolean url_found = FALSE;

  if (event == NULL)
    g_error ("%s has no event on %s", town_id, iso_date);

  assert_sourced (event);
  g_assert_nonnull (strstr (event->summary, summary_word));
  for (guint i = 0; event->source_urls[i] != NULL; i++)
    url_found |= strstr (event->source_urls[i], url_part) != NULL;
  if (!url_found)
    g_error ("%s %s: no source address contains “%s”", town_id, iso_date, url_part);
}

/* ---- dates ------------------------------------------------------------ */

static void
test_dates (void)
{
  CbHistoryDate date;
  CbHistoryDate other;
  g_autofree char *formatted = NULL;
  g_autofree char *month = NULL;
  g_autofree char *year = NULL;

  g_assert_true (cb_history_date_parse ("1920-07-12", &date));
  g_assert_cmpint (date.year, ==, 1920);
  g_assert_cmpint (date.month, ==, 7);
  g_assert_cmpint (date.day, ==, 12);
  formatted = cb_history_date_format (&date);
  g_assert_cmpstr (formatted, ==, "12 July 1920");

  g_assert_true (cb_history_date_parse ("1919-02", &other));
  g_assert_cmpint (other.day, ==, 0);
  month = cb_history_date_format (&other);
  g_assert_cmpstr (month, ==, "February 1919");
  g_assert_cmpint (cb_history_date_compare (&other, &date), <, 0);

  g_assert_true (cb_history_date_parse ("1920", &other));
  year = cb_history_date_format (&other);
  g_assert_cmpstr (year, ==, "1920");
  /* A date known only to the year sorts before any day in it. */
  g_assert_cmpint (cb_history_date_compare (&other, &date), <, 0);

  g_assert_false (cb_history_date_parse ("1920-02-30", &date));
  g_assert_false (cb_history_date_parse ("1920-13", &date));
  g_assert_false (cb_history_date_parse ("1920-7-1", &date));
  g_assert_false (cb_history_date_parse ("192", &date));
  g_assert_false (cb_history_date_parse ("July 1920", &date));
  g_assert_false (cb_history_date_parse ("", &date));
  g_assert_false (cb_history_date_parse (NULL, &date));
  g_assert_true (cb_history_date_parse ("1920-02-29", &date));
}

/* ---- the shipped content ---------------------------------------------- */

static void
test_content_valid (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  GPtrArray *events = cb_history_get_events (history);
  GPtrArray *clauses = cb_history_get_clauses (history);
  guint n_war_years = 0, n_legacy = 0, n_verbatim = 0, n_summary = 0;

  assert_no_problems (history);

  for (guint i = 0; i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);

      assert_sourced (event);
      g_assert_nonnull (event->towns[0]);
      if (event->certainty != CB_DATE_CERTAINTY_EXACT)
        g_assert_nonnull (event->date_note);
      if (i > 0)
        g_assert_cmpint (cb_history_date_compare (&((CbHistoryEvent *) events->pdata[i - 1])->date,
                                                  &event->date), <=, 0);
      if (event->date.year >= 1918 && event->date.year <= 1923)
        n_war_years++;
      if (event->legacy)
        n_legacy++;
    }
  g_test_message ("%u events 1918–1923, %u legacy", n_war_years, n_legacy);
  g_assert_cmpuint (n_war_years, >=, 60);
  g_assert_cmpuint (n_legacy, >=, 1);

  /* A quotation is always labelled as one, a summary never carries one. */
  for (guint i = 0; i < clauses->len; i++)
    {
      const CbHistoryClause *clause = g_ptr_array_index (clauses, i);

      g_assert_nonnull (clause->source);
      g_assert_nonnull (clause->document);
      if (clause->status == CB_CLAUSE_SUMMARY)
        {
          g_assert_null (clause->quote);
          g_assert_nonnull (clause->summary);
          n_summary++;
        }
      else
        {
          g_assert_nonnull (clause->quote);
          g_assert_nonnull (clause->quote_language);
          n_verbatim++;
        }
    }
  g_test_message ("%u clauses quoted, %u summarised", n_verbatim, n_summary);

  /* Every article of the 1920 treaty is there, quoted or summarised. */
  for (guint article = 1; article <= 19; article++)
    {
      g_autofree char *id = g_strdup_printf ("treaty1920-art%u", article);

      g_assert_nonnull (cb_history_get_clause (history, id));
    }
  g_assert_nonnull (cb_history_get_clause (history, "suwalki1920-art1"));
  g_assert_nonnull (cb_history_get_clause (history, "foch1919-line"));
  g_assert_nonnull (cb_history_get_clause (history, "ambassadors1923-lithuania"));
  g_assert_nonnull (cb_history_get_clause (history, "riga1921-art3"));
}

static void
test_content_every_town (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  const char *named[] = { "vilnius", "kaunas", "hrodna", "lida", "sejny", "suwalki",
                          "augustow", "sztabin", "braslaw", "pastavy", "ashmyany",
                          "smarhon", "shchuchyn" };

  /* Every town on the map has at least a status. */
  for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
    {
      const CbTown *town = cb_gazetteer_get_town (gazetteer, i);
      const CbHistoryTown *history_town = cb_history_get_town (history, town->id);

      if (history_town == NULL)
        g_error ("town %s has no status", town->id);
      g_assert_nonnull (history_town->status);
    }

  /* The towns the sources name have a clause (with a reason) and two events. */
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      const CbHistoryTown *town = cb_history_get_town (history, named[i]);
      g_autoptr(GPtrArray) events = cb_history_get_events_for_town (history, named[i]);

      g_assert_nonnull (town);
      g_assert_cmpuint (town->clauses->len, >=, 1);
      for (guint c = 0; c < town->clauses->len; c++)
        g_assert_nonnull (((CbHistoryTownClause *) town->clauses->pdata[c])->why);
      if (events->len < 2)
        g_error ("%s has only %u events", named[i], events->len);
    }
}

static void
test_content_lida (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  const CbHistoryTown *lida = cb_history_get_town (history, "lida");
  const CbHistoryClause *article2 = cb_history_get_clause (history, "treaty1920-art2");

  g_assert_nonnull (strstr (lida->status, "Art. 2"));
  g_assert_nonnull (strstr (lida->status, "Lithuania"));
  g_assert_true (town_has_clause (lida, "treaty1920-art2"));
  g_assert_cmpint (article2->status, ==, CB_CLAUSE_PARTIAL);
  g_assert_true (g_str_has_prefix (article2->quote, "of Slobodka, Dolgaya and Prenta"));
  g_assert_nonnull (strstr (article2->source_url, "25ENG.htm"));
  g_assert_cmpstr (article2->document->id, ==, "treaty1920");

  assert_event (history, "lida", "1919-04-17", "Lida", "Walki-o-Lid");
  assert_event (history, "lida", "1920-07-12", "Moscow", "Soviet%E2%80%93Lithuanian_Peace_Treaty");
  assert_event (history, "lida", "1920-09-28", "Lida", "bitwa-nad-niemnem");
  assert_event (history, "lida", "1921-03-18", "Riga", "18-marca-1921");
}

static void
test_content_sejny (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  const CbHistoryTown *sejny = cb_history_get_town (history, "sejny");
  const CbHistoryClause *suwalki = cb_history_get_clause (history, "suwalki1920-art1");
  g_autoptr(GPtrArray) events = cb_history_get_events_for_town (history, "sejny");
  const CbHistoryEvent *end;

  g_assert_true (town_has_clause (sejny, "foch1919-line"));
  g_assert_true (town_has_clause (sejny, "suwalki1920-art1"));
  g_assert_cmpint (suwalki->status, ==, CB_CLAUSE_PARTIAL);
  g_assert_cmpstr (suwalki->quote_language, ==, "pl");
  g_assert_nonnull (strstr (suwalki->quote, "uchwałą Rady Najwyższej z 8 grudnia 1919"));

  assert_event (history, "sejny", "1919-07-26", "Foch", "Focha-linia");
  assert_event (history, "sejny", "1919-08-23", "Sejny Uprising", "Sejny_Uprising");
  assert_event (history, "sejny", "1920-10-07", "Suwałki Agreement", "pogon.lt");

  /* checks.md: the end of the uprising is disputed; it must say so. */
  end = find_event (events, "1919-09-06");
  g_assert_nonnull (end);
  g_assert_cmpint (end->certainty, ==, CB_DATE_CERTAINTY_DISPUTED);
  g_assert_nonnull (strstr (end->date_note, "28 August"));
  /* checks.md: the Poles took Sejny on 31 August 1920, not on 1 September. */
  assert_event (history, "sejny", "1920-08-31", "Sejny", "Seinu-Augustavo");
  assert_event (history, "sejny", "1920-09-22", "Sejny", "Bitwa-o-Sejny");
}

static void
test_content_vilnius (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  const CbHistoryTown *vilnius = cb_history_get_town (history, "vilnius");
  g_autoptr(GPtrArray) events = cb_history_get_events_for_town (history, "vilnius");
  const CbHistoryEvent *departure;

  g_assert_true (town_has_clause (vilnius, "treaty1920-art2"));
  g_assert_true (town_has_clause (vilnius, "ambassadors1923-lithuania"));

  assert_event (history, "vilnius", "1918-02-16", "independent", "Peace_Treaty");
  assert_event (history, "vilnius", "1920-07-12", "Vilnius", "Peace_Treaty");
  assert_event (history, "vilnius", "1920-10-09", "Vilnius", "vilniu-paeme-lenkai");
  assert_event (history, "vilnius", "1923-03-15", "Conference of Ambassadors", "libria:301266");

  /* checks.md: the government left on 2 January 1919, not 1 January. */
  departure = find_event (events, "1919-01-02");
  g_assert_nonnull (departure);
  g_assert_nonnull (strstr (departure->summary, "Kaunas"));
  /* checks.md: the Seimas ratified on 6 August 1920 (disputed with 8 August). */
  {
    g_autoptr(GPtrArray) kaunas = cb_history_get_events_for_town (history, "kaunas");
    const CbHistoryEvent *ratification = find_event (kaunas, "1920-08-06");

    g_assert_nonnull (ratification);
    g_assert_cmpint (ratification->certainty, ==, CB_DATE_CERTAINTY_DISPUTED);
  }
  /* The legacy reaches past 1923. */
  g_assert_true (((CbHistoryEvent *) events->pdata[events->len - 1])->legacy);
}

static void
test_content_sztabin (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  const CbHistoryTown *sztabin = cb_history_get_town (history, "sztabin");

  g_assert_true (town_has_clause (sztabin, "treaty1920-art2"));
  g_assert_nonnull (strstr (((CbHistoryTownClause *) sztabin->clauses->pdata[0])->why,
                            "unconfirmed"));
  assert_event (history, "sztabin", "1920-08-25", "Sztabin", "astn.pl");
  assert_event (history, "sztabin", "1920-08-28", "Sztabin", "astn.pl");
  assert_event (history, "sztabin", "1920-08-30", "Sztabin", "karo-dienyno");
}

static void
test_content_localised (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) lithuanian = load_real_history (gazetteer, "lt");
  g_autoptr(CbHistory) polish = load_real_history (gazetteer, "pl");
  g_autoptr(CbHistory) german = load_real_history (gazetteer, "de");

  g_assert_true (g_str_has_prefix (cb_history_get_town (lithuanian, "lida")->status, "Pripažinta"));
  g_assert_true (g_str_has_prefix (cb_history_get_town (polish, "lida")->status, "Uznana"));
  /* No German text: English. */
  g_assert_true (g_str_has_prefix (cb_history_get_town (german, "lida")->status, "Recognised"));
  /* Every town's status line is translated. */
  {
    g_autoptr(CbHistory) english = load_real_history (gazetteer, "en");

    for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
      {
        const char *id = cb_gazetteer_get_town (gazetteer, i)->id;
        const char *en = cb_history_get_town (english, id)->status;

        if (g_str_equal (cb_history_get_town (lithuanian, id)->status, en) ||
            g_str_equal (cb_history_get_town (polish, id)->status, en))
          g_error ("the status of %s is not translated", id);
      }
  }
  /* Every event's summary and date note are translated too. */
  {
    g_autoptr(CbHistory) english = load_real_history (gazetteer, "en");
    GPtrArray *en_events = cb_history_get_events (english);

    for (guint i = 0; i < en_events->len; i++)
      {
        const CbHistoryEvent *en = g_ptr_array_index (en_events, i);
        const CbHistoryEvent *lt = g_ptr_array_index (cb_history_get_events (lithuanian), i);
        const CbHistoryEvent *pl = g_ptr_array_index (cb_history_get_events (polish), i);

        g_assert_cmpstr (lt->id, ==, en->id);
        g_assert_cmpstr (pl->id, ==, en->id);
        if (g_str_equal (lt->summary, en->summary) || g_str_equal (pl->summary, en->summary) ||
            (en->date_note != NULL && (g_str_equal (lt->date_note, en->date_note) ||
                                       g_str_equal (pl->date_note, en->date_note))))
          g_error ("event %s is not translated", en->id);
      }
  }
  /* …and every clause's title and summary. */
  {
    g_autoptr(CbHistory) english = load_real_history (gazetteer, "en");
    GPtrArray *en_clauses = cb_history_get_clauses (english);

    for (guint i = 0; i < en_clauses->len; i++)
      {
        const CbHistoryClause *en = g_ptr_array_index (en_clauses, i);
        const CbHistoryClause *lt = cb_history_get_clause (lithuanian, en->id);
        const CbHistoryClause *pl = cb_history_get_clause (polish, en->id);

        if (g_str_equal (lt->title, en->title) || g_str_equal (pl->title, en->title) ||
            (en->summary != NULL && (g_str_equal (lt->summary, en->summary) ||
                                     g_str_equal (pl->summary, en->summary))))
          g_error ("clause %s is not translated", en->id);
      }
  }
  /* Quotations are never translated. */
  g_assert_cmpstr (cb_history_get_clause (lithuanian, "treaty1920-art7")->quote, ==,
                   cb_history_get_clause (german, "treaty1920-art7")->quote);
}

/* Whitespace, hyphens and digits are dropped before comparing: line breaks
 * are joined in the content and footnote numbers of a web page left out,
 * but not one word may differ. */
static char *
verbatim_key (const char *text)
{
  GString *key = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_isdigit (c) || c == '-')
        continue;
      g_string_append_unichar (key, c);
    }

  return g_string_free (key, FALSE);
}

/* Every quotation is found, word for word, in the research's raw source
 * excerpts, when they are at hand (shared/ beside the source tree). */
static void
test_content_quotes_verbatim (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  g_autofree char *raw_dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "..",
                                               "shared", "reference", "history", "raw", NULL);
  g_autoptr(GString) all_raw = g_string_new (NULL);
  g_autoptr(GDir) dir = g_dir_open (raw_dir, 0, NULL);
  g_autofree char *raw_key = NULL;
  GPtrArray *clauses = cb_history_get_clauses (history);
  const char *name;
  guint n_checked = 0;

  if (dir == NULL)
    {
      g_test_skip ("the research's raw excerpts are not beside the source tree");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (raw_dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_str_has_suffix (name, ".txt") && g_file_get_contents (path, &contents, NULL, NULL))
        g_string_append (all_raw, contents);
    }
  raw_key = verbatim_key (all_raw->str);

  for (guint i = 0; i < clauses->len; i++)
    {
      const CbHistoryClause *clause = g_ptr_array_index (clauses, i);
      g_autofree char *quote_key = NULL;

      if (clause->quote == NULL)
        continue;
      quote_key = verbatim_key (clause->quote);
      if (strstr (raw_key, quote_key) == NULL)
        g_error ("the quote of %s is not verbatim from the sources", clause->id);
      n_checked++;
    }
  g_test_message ("%u quotations checked", n_checked);
  g_assert_cmpuint (n_checked, >=, 10);
}

/* ---- broken files ----------------------------------------------------- */

static gboolean
has_problem (CbHistory  *history,
             const char *file,
             int         line,
             const char *reason_part)
{
  GPtrArray *problems = cb_history_get_problems (history);

  for (guint i = 0; i < problems->len; i++)
    {
      const CbHistoryProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->file, file) && problem->line == line &&
          strstr (problem->reason, reason_part) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
assert_problem (CbHistory  *history,
                const char *file,
                int         line,
                const char *reason_part)
{
  if (!has_problem (history, file, line, reason_part))
    {
      GPtrArray *problems = cb_history_get_problems (history);

      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *text = cb_history_problem_to_string (g_ptr_array_index (problems, i));

          g_printerr ("  %s\n", text);
        }
      g_error ("no problem “%s” reported at %s:%d", reason_part, file, line);
    }
}

static void
test_broken_files (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_fixture_gazetteer ();
  g_autoptr(CbHistory) history = cb_history_new ("lt");
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "history-broken", NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *events;
  const CbHistoryTown *vilnius;
  const CbHistoryEvent *partly;
  g_autoptr(GPtrArray) found = NULL;

  g_assert_true (cb_history_load_dir (history, dir, gazetteer, &error));
  g_assert_no_error (error);

  assert_problem (history, "documents.ini", 14, "missing “source”");
  assert_problem (history, "documents.ini", 23, "unknown status “maybe”");
  assert_problem (history, "documents.ini", 31, "must not carry a “quote”");
  assert_problem (history, "documents.ini", 36, "unknown document “nowhere”");
  assert_problem (history, "documents.ini", 42, "neither a [group] nor a key=value line");
  assert_problem (history, "events.ini", 11, "bad date “1920-02-30”");
  assert_problem (history, "events.ini", 20, "unknown town id “atlantis”");
  assert_problem (history, "events.ini", 24, "missing “source”");
  assert_problem (history, "events.ini", 29, "appears twice (first on line 2)");
  assert_problem (history, "events.ini", 35, "needs a “date_note”");
  assert_problem (history, "events.ini", 47, "not an http(s) address");
  assert_problem (history, "towns.ini", 5, "unknown clause id “missing-clause”");
  assert_problem (history, "towns.ini", 9, "unknown town id “atlantis”");
  assert_problem (history, "towns.ini", 12, "missing “status”");
  assert_problem (history, "towns.ini", 18, "without a “why.good” line");
  g_assert_cmpuint (cb_history_get_problems (history)->len, ==, 15);

  /* …and everything else still loaded. */
  g_assert_nonnull (cb_history_get_clause (history, "good"));
  g_assert_null (cb_history_get_clause (history, "no-source"));
  g_assert_null (cb_history_get_clause (history, "orphan"));

  events = cb_history_get_events (history);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (((CbHistoryEvent *) events->pdata[0])->id, ==, "early");
  g_assert_cmpstr (((CbHistoryEvent *) events->pdata[1])->id, ==, "good");
  g_assert_cmpstr (((CbHistoryEvent *) events->pdata[1])->summary, ==, "A good event.");
  g_assert_cmpstr (((CbHistoryEvent *) events->pdata[1])->clauses[0], ==, "good");
  partly = g_ptr_array_index (events, 2);
  g_assert_cmpstr (partly->id, ==, "unknown-town");
  g_assert_cmpstrv (partly->towns, ((const char *[]) { "sejny", NULL }));
  g_assert_cmpint (partly->certainty, ==, CB_DATE_CERTAINTY_APPROXIMATE);

  vilnius = cb_history_get_town (history, "vilnius");
  g_assert_nonnull (vilnius);
  g_assert_cmpstr (vilnius->status, ==, "Būsena");
  g_assert_cmpuint (vilnius->clauses->len, ==, 1);
  g_assert_null (cb_history_get_town (history, "atlantis"));
  g_assert_null (cb_history_get_town (history, "lida"));
  g_assert_nonnull (cb_history_get_town (history, "sejny"));

  /* other_names became searchable. */
  found = cb_gazetteer_search (gazetteer, "wilna");
  g_assert_cmpuint (found->len, >=, 1);
  g_assert_cmpstr (((CbGazetteerMatch *) found->pdata[0])->town->id, ==, "vilnius");

  {
    g_autofree char *text = cb_history_problem_to_string (g_ptr_array_index (cb_history_get_problems (history), 0));

    g_assert_true (g_str_has_prefix (text, "documents.ini:"));
  }
}

static void
test_missing_dir (void)
{
  g_autoptr(CbHistory) history = cb_history_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (cb_history_load_dir (history, "/nonexistent/history", NULL, &error));
  g_assert_error (error, CB_ERROR, CB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/history"));
}

static void
test_missing_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cb-history-XXXXXX", NULL);
  g_autofree char *events = g_build_filename (dir, "events.ini", NULL);
  g_autoptr(CbHistory) history = cb_history_new (NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  /* Not UTF-8, and the two other files absent. */
  g_assert_true (g_file_set_contents (events, "[event:x]\nsummary=\xff\n", -1, NULL));
  g_assert_true (cb_history_load_dir (history, dir, NULL, &error));
  g_assert_no_error (error);

  problems = cb_history_get_problems (history);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_true (has_problem (history, "documents.ini", 0, "cannot be read"));
  g_assert_true (has_problem (history, "towns.ini", 0, "cannot be read"));
  g_assert_true (has_problem (history, "events.ini", 0, "not valid UTF-8"));

  g_remove (events);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/dates", test_dates);
  g_test_add_func ("/history/content/valid", test_content_valid);
  g_test_add_func ("/history/content/every-town", test_content_every_town);
  g_test_add_func ("/history/content/lida", test_content_lida);
  g_test_add_func ("/history/content/sejny", test_content_sejny);
  g_test_add_func ("/history/content/vilnius", test_content_vilnius);
  g_test_add_func ("/history/content/sztabin", test_content_sztabin);
  g_test_add_func ("/history/content/localised", test_content_localised);
  g_test_add_func ("/history/content/quotes-verbatim", test_content_quotes_verbatim);
  g_test_add_func ("/history/broken-files", test_broken_files);
  g_test_add_func ("/history/missing-dir", test_missing_dir);
  g_test_add_func ("/history/missing-files", test_missing_files);

  return g_test_run ();
}
