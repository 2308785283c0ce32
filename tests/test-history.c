/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "cb-error.h"
#include "cb-history.h"
#include "cb-names.h"
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

static const CbHistoryEvent *
find_event_id (CbHistory  *history,
               const char *id)
{
  GPtrArray *events = cb_history_get_events (history);

  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((CbHistoryEvent *) events->pdata[i])->id, id))
      return events->pdata[i];

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
  g_assert_nonnull (event->citations);
  g_assert_cmpuint (event->citations->len, >=, 1);
  g_assert_nonnull (event->summary);
}

/* Whether one of @citations is @key or has an address containing @part. */
static gboolean
cites (GPtrArray  *citations,
       const char *part)
{
  for (guint i = 0; i < citations->len; i++)
    {
      const CbHistoryCitation *citation = g_ptr_array_index (citations, i);

      if (g_str_equal (citation->source->key, part) ||
          (citation->source->url != NULL && strstr (citation->source->url, part) != NULL))
        return TRUE;
    }

  return FALSE;
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

  if (event == NULL)
    g_error ("%s has no event on %s", town_id, iso_date);

  assert_sourced (event);
  g_assert_nonnull (strstr (event->summary, summary_word));
  if (!cites (event->citations, url_part))
    g_error ("%s %s: no source is “%s” or has it in its address", town_id, iso_date, url_part);
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

      g_assert_cmpuint (clause->citations->len, >=, 1);
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

/* The history texts name the treaty and the 1919 lines as cb-names.h does,
 * in English and in each language they are written in: the documents'
 * titles and the tour's stops (tour.ini read as written, per language). */
static void
test_names_agree (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autofree char *path = g_build_filename (g_getenv ("CB_HISTORY_DIR"), "tour.ini", NULL);
  g_autoptr(GKeyFile) tour = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  static const char *locales[] = { NULL, "lt", "pl" };

  g_assert_true (g_key_file_load_from_file (tour, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error));
  g_assert_no_error (error);
  for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
    {
      g_autoptr(CbHistory) history = load_real_history (gazetteer, locales[l]);
      g_auto(GStrv) groups = g_key_file_get_groups (tour, NULL);
      const char *treaty = cb_history_get_document (history, "treaty1920")->title;
      const char *june = cb_history_get_document (history, "entente1919-06")->title;
      const char *july = cb_history_get_document (history, "foch1919")->title;
      guint n_checked = 0;

      /* English is the untranslated form; the catalogs repeat the
       * documents' translations (check-translations.sh). */
      if (locales[l] == NULL)
        {
          g_assert_cmpstr (treaty, ==, cb_names_get_untranslated (CB_NAME_TREATY));
          g_assert_cmpstr (june, ==, cb_names_get_untranslated (CB_NAME_LINE_JUNE_1919));
          g_assert_cmpstr (july, ==, cb_names_get_untranslated (CB_NAME_LINE_JULY_1919));
        }
      for (guint i = 0; groups[i] != NULL; i++)
        {
          g_autofree char *event = g_key_file_get_string (tour, groups[i], "event", NULL);
          g_autofree char *title = g_key_file_get_locale_string (tour, groups[i], "title",
                                                                 locales[l], NULL);

          if (g_strcmp0 (event, "1920-07-12-moscow-treaty") == 0)
            {
              /* The short form: the long one without its place and date. */
              g_assert_true (g_str_has_prefix (treaty, title));
              g_assert_true (g_str_has_prefix (treaty + strlen (title), " ("));
              if (locales[l] == NULL)
                g_assert_cmpstr (title, ==, cb_names_get_untranslated (CB_NAME_TREATY_SHORT));
              n_checked++;
            }
          else if (g_strcmp0 (event, "1919-06-18-first-line") == 0)
            {
              g_assert_cmpstr (title, ==, june);
              n_checked++;
            }
          else if (g_strcmp0 (event, "1919-07-26-foch-line") == 0)
            {
              g_assert_cmpstr (title, ==, july);
              n_checked++;
            }
        }
      g_assert_cmpuint (n_checked, ==, 3);
    }
}

/* The atlas's own words in a source (author, or what follows " — " in a
 * title) go through the catalog; the published part stays as written. */
static void
test_source_own_words (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  const CbHistorySource *source = cb_history_get_source (history, "asa-301181");

  g_assert_nonnull (source);
  g_assert_cmpstr (source->author, ==, "Poland, Soviet Russia and Soviet Ukraine (treaty parties)");
  g_assert_cmpstr (source->title, ==, "Traité de paix entre la Pologne d’une part, la Russie et "
                                      "l’Ukraine d’autre part, Riga, 18 mars 1921 — French text, Art. 3");
  g_assert_cmpstr (source->publisher, ==, "Archivio Studi Adriatici (OCR of the printed collection)");
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

  /* Every town has two events before 1924 or a note saying why not. */
  for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
    {
      const char *id = cb_gazetteer_get_town (gazetteer, i)->id;
      g_autoptr(GPtrArray) events = cb_history_get_events_for_town (history, id);
      guint n_before_1924 = 0;

      for (guint e = 0; e < events->len; e++)
        n_before_1924 += !((CbHistoryEvent *) events->pdata[e])->legacy;
      if (n_before_1924 < 2 && cb_history_get_town (history, id)->note == NULL)
        g_error ("%s has %u events and no note saying why", id, n_before_1924);
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
  /* The clause shown for Lida speaks about its stretch, not the Narach fragment. */
  g_assert_true (town_has_clause (lida, "treaty1920-art2-east"));
  g_assert_false (town_has_clause (lida, "treaty1920-art2"));
  g_assert_nonnull (strstr (cb_history_get_clause (history, "treaty1920-art2-east")->summary,
                            "not recovered and are not quoted"));
  g_assert_cmpint (article2->status, ==, CB_CLAUSE_PARTIAL);
  /* A translation says so. */
  g_assert_cmpstrv (article2->quote_originals, ((const char *[]) { "lt", "ru", NULL }));
  g_assert_nonnull (article2->translator);
  g_assert_true (g_str_has_prefix (article2->quote, "of Slobodka, Dolgaya and Prenta"));
  g_assert_true (cites (article2->citations, "25ENG.htm"));
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

  g_assert_true (town_has_clause (vilnius, "treaty1920-art2-south"));
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
    const CbHistoryEvent *ratification = find_event_id (history, "1920-08-06-ratification");

    if (ratification == NULL)
      g_error ("the ratification event is missing");
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

  g_assert_true (town_has_clause (sztabin, "treaty1920-art2-south"));
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

  g_assert_true (g_str_has_prefix (cb_history_get_town (lithuanian, "lida")->status, "Lenkijos nuo"));
  g_assert_true (g_str_has_prefix (cb_history_get_town (polish, "lida")->status, "Polska od"));
  /* No German text: English. */
  g_assert_true (g_str_has_prefix (cb_history_get_town (german, "lida")->status, "Polish from"));
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
  /* Belarusian and Russian have at least every status line. */
  {
    g_autoptr(CbHistory) english = load_real_history (gazetteer, "en");
    g_autoptr(CbHistory) belarusian = load_real_history (gazetteer, "be");
    g_autoptr(CbHistory) russian = load_real_history (gazetteer, "ru");

    for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
      {
        const char *id = cb_gazetteer_get_town (gazetteer, i)->id;
        const char *en = cb_history_get_town (english, id)->status;

        if (g_str_equal (cb_history_get_town (belarusian, id)->status, en) ||
            g_str_equal (cb_history_get_town (russian, id)->status, en))
          g_error ("the status of %s has no Belarusian or Russian text", id);
      }
    g_assert_true (g_str_has_prefix (cb_history_get_person (russian, "zeligowski")->role, "Генерал"));
    /* …every event… */
    for (guint i = 0; i < cb_history_get_events (english)->len; i++)
      {
        const CbHistoryEvent *en = g_ptr_array_index (cb_history_get_events (english), i);
        const CbHistoryEvent *be = g_ptr_array_index (cb_history_get_events (belarusian), i);
        const CbHistoryEvent *ru = g_ptr_array_index (cb_history_get_events (russian), i);

        if (g_str_equal (be->summary, en->summary) || g_str_equal (ru->summary, en->summary))
          g_error ("event %s has no Belarusian or Russian summary", en->id);
      }
    /* …and every clause heading. */
    for (guint i = 0; i < cb_history_get_clauses (english)->len; i++)
      {
        const CbHistoryClause *en = g_ptr_array_index (cb_history_get_clauses (english), i);

        if (g_str_equal (cb_history_get_clause (belarusian, en->id)->title, en->title) ||
            g_str_equal (cb_history_get_clause (russian, en->id)->title, en->title))
          g_error ("clause %s has no Belarusian or Russian heading", en->id);
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
      /* "[...]" marks our cuts: each stretch between them must be verbatim. */
      {
        g_auto(GStrv) pieces = g_strsplit (clause->quote, "[...]", -1);

        for (guint p = 0; pieces[p] != NULL; p++)
          {
            quote_key = verbatim_key (pieces[p]);
            if (quote_key[0] != '\0' && strstr (raw_key, quote_key) == NULL)
              g_error ("the quote of %s is not verbatim from the sources", clause->id);
            g_clear_pointer (&quote_key, g_free);
          }
      }
      n_checked++;
    }
  g_test_message ("%u quotations checked", n_checked);
  g_assert_cmpuint (n_checked, >=, 10);
}


/* ---- the source registry ---------------------------------------------- */

static void
assert_registered (CbHistory  *history,
                   GPtrArray  *citations,
                   const char *what)
{
  if (citations == NULL || citations->len == 0)
    g_error ("%s cites nothing", what);

  for (guint i = 0; i < citations->len; i++)
    {
      const CbHistoryCitation *citation = g_ptr_array_index (citations, i);

      if (cb_history_get_source (history, citation->source->key) != citation->source)
        g_error ("%s cites “%s”, which is not in the registry", what, citation->source->key);
    }
}

static void
test_registry_content (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  GPtrArray *sources = cb_history_get_sources (history);
  GPtrArray *clauses = cb_history_get_clauses (history);
  GPtrArray *events = cb_history_get_events (history);
  GPtrArray *people = cb_history_get_people (history);
  guint n_citations = 0, n_with_url = 0;

  assert_no_problems (history);
  g_assert_cmpuint (sources->len, >=, 100);

  /* Each entry complete, none pointing at a copy. */
  for (guint i = 0; i < sources->len; i++)
    {
      const CbHistorySource *source = g_ptr_array_index (sources, i);

      g_assert_nonnull (source->author);
      g_assert_nonnull (source->title);
      g_assert_nonnull (cb_source_kind_to_string (source->kind));
      if (source->url != NULL)
        {
          n_with_url++;
          if (cb_history_url_is_copy (source->url))
            g_error ("source %s points at a copy: %s", source->key, source->url);
        }
    }

  /* Every clause, event, status, person and holding cites the registry. */
  for (guint i = 0; i < clauses->len; i++)
    {
      const CbHistoryClause *clause = g_ptr_array_index (clauses, i);

      assert_registered (history, clause->citations, clause->id);
      n_citations += clause->citations->len;
      /* A translated quote says so and names who translated it. */
      if (clause->quote != NULL && g_strcmp0 (clause->quote_language, "en") != 0)
        g_assert_nonnull (clause->summary);
      if (clause->quote_originals[0] != NULL)
        g_assert_nonnull (clause->translator);
    }
  for (guint i = 0; i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);

      assert_registered (history, event->citations, event->id);
      n_citations += event->citations->len;
    }
  for (guint i = 0; i < people->len; i++)
    {
      const CbHistoryPerson *person = g_ptr_array_index (people, i);

      assert_registered (history, person->citations, person->key);
      g_assert_nonnull (person->role);
    }
  for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
    {
      const CbHistoryTown *town = cb_history_get_town (history, cb_gazetteer_get_town (gazetteer, i)->id);

      assert_registered (history, town->status_citations, town->id);
      for (guint h = 0; h < town->holdings->len; h++)
        assert_registered (history, ((CbHistoryHolding *) town->holdings->pdata[h])->citations, town->id);
    }

  g_test_message ("%u sources (%u with an address), %u citations of clauses and events",
                  sources->len, n_with_url, n_citations);
}

static void
test_registry_copies (void)
{
  /* The hosts the audit names, and diff pages, are refused… */
  const char *copies[] = {
    "https://vi.ww2facts.net/5066-green-men.html",
    "http://www.traveltill.com/destination/Belarus/Hrodna/history.php?page=3",
    "https://www.wiki3.en-us.nina.az/Polish%E2%80%93Lithuanian_War.html",
    "https://wikisum.wiki/wiki/Treaty_of_Kaunas",
    "https://pl.us.edu.vn/pl/Granica",
    "https://kihulane.eu/encyclopedia/x",
    "http://wiki-org.ru/wiki/x",
    "https://profilpelajar.com/ru/x",
    "http://brenneckebrennecke.blogspot.com/2011/05/x.html",
    "https://hu.m.wikipedia.org/wiki/Speci%C3%A1lis:MobileDiff/15108994",
    "https://pl.m.wikipedia.org/wiki/Specjalna:R%C3%B3%C5%BCnica/32339167",
    "https://en.wikipedia.org/w/index.php?title=X&diff=1&oldid=2",
    "http://206.189.44.186/host-http-de.m.wikipedia.org/wiki/Czarna_Ha%C5%84cza",
    "http://loveread.me./read_book.php?id=72789&p=99",
  };
  /* …the originals are not. */
  const char *originals[] = {
    "https://en.wikipedia.org/wiki/Soviet%E2%80%93Lithuanian_Peace_Treaty",
    "https://en.wikipedia.org/w/index.php?title=Battle_of_Warsaw_(1920)&oldid=1121106596",
    "https://www.vle.lt/Straipsnis/Suvalku-sutartis-90933",
    "http://asa.archiviostudiadriatici.it/islandora/object/libria:301213",
    "https://archive.spectator.co.uk/article/16th-october-1920/3/x",
    "https://books.google.com/books?id=0G8xAQAAMAAJ&pg=PA1121",
    "https://blogspotter.example.org/a",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (copies); i++)
    if (!cb_history_url_is_copy (copies[i]))
      g_error ("%s is not recognised as a copy", copies[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (originals); i++)
    if (cb_history_url_is_copy (originals[i]))
      g_error ("%s is taken for a copy", originals[i]);
}

static void
test_citation_format (void)
{
  CbHistorySource source = {
    .key = (char *) "k", .author = (char *) "A. Author", .title = (char *) "A Title",
    .publisher = (char *) "Publisher", .year = (char *) "1920",
  };
  CbHistoryCitation citation = { .source = &source, .locator = (char *) "p. 12" };
  g_autofree char *full = cb_history_citation_format (&citation);
  g_autofree char *bare = NULL;

  g_assert_cmpstr (full, ==, "A. Author, A Title (Publisher, 1920), p. 12");
  source.publisher = NULL;
  source.year = NULL;
  citation.locator = NULL;
  bare = cb_history_citation_format (&citation);
  g_assert_cmpstr (bare, ==, "A. Author, A Title");
}

/* ---- who held what, when ---------------------------------------------- */

static void
assert_holder (CbHistory  *history,
               const char *town_id,
               int         year,
               int         month,
               int         day,
               CbHolder    expected)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);
  const CbHistoryHolding *holding = cb_history_get_holder_at (history, town_id, date);

  if (holding == NULL)
    g_error ("%s: no holder on %d-%02d-%02d", town_id, year, month, day);
  if (holding->holder != expected)
    g_error ("%s on %d-%02d-%02d: %s, expected %s", town_id, year, month, day,
             cb_holder_to_string (holding->holder), cb_holder_to_string (expected));
  g_assert_cmpuint (holding->citations->len, >=, 1);
}

static void
test_holders (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, NULL);
  g_autoptr(GDate) before = g_date_new_dmy (1, 1, 1900);
  guint n_towns = 0;

  assert_no_problems (history);

  /* The snapshots a teacher asks for. */
  assert_holder (history, "vilnius", 1920, 10, 20, CB_HOLDER_CENTRAL_LITHUANIA);
  assert_holder (history, "vilnius", 1922, 6, 1, CB_HOLDER_POLAND);
  assert_holder (history, "hrodna", 1920, 8, 15, CB_HOLDER_SOVIET);
  assert_holder (history, "hrodna", 1919, 6, 1, CB_HOLDER_POLAND);
  assert_holder (history, "kaunas", 1921, 1, 1, CB_HOLDER_LITHUANIA);
  assert_holder (history, "bialystok", 1920, 8, 1, CB_HOLDER_SOVIET);
  assert_holder (history, "sejny", 1920, 10, 20, CB_HOLDER_POLAND);
  g_assert_null (cb_history_get_holder_at (history, "vilnius", before));
  g_assert_null (cb_history_get_holder_at (history, "atlantis", before));

  for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
    if (cb_history_get_town (history, cb_gazetteer_get_town (gazetteer, i)->id)->holdings->len > 0)
      n_towns++;
  g_test_message ("%u of %u towns have a held-by series", n_towns, cb_gazetteer_get_n_towns (gazetteer));
  g_assert_cmpuint (n_towns, ==, cb_gazetteer_get_n_towns (gazetteer));
}

static void
test_people (void)
{
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = load_real_history (gazetteer, "lt");
  const CbHistoryEvent *treaty = find_event_id (history, "1920-07-12-moscow-treaty");
  const CbHistoryPerson *zeligowski = cb_history_get_person (history, "zeligowski");

  if (treaty == NULL || zeligowski == NULL)
    g_error ("the treaty event or Żeligowski is missing");
  /* The delegations of the preamble are in the index. */
  g_assert_cmpuint (g_strv_length (treaty->people), ==, 8);
  g_assert_true (g_str_has_prefix (zeligowski->role, "Generolas"));
  g_assert_cmpstr (zeligowski->forms[0], ==, "Żeligowski");
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

  assert_problem (history, "documents.ini", 14, "missing “cite”");
  assert_problem (history, "documents.ini", 23, "unknown status “maybe”");
  assert_problem (history, "documents.ini", 31, "must not carry a “quote”");
  assert_problem (history, "documents.ini", 36, "unknown document “nowhere”");
  assert_problem (history, "documents.ini", 42, "neither a [group] nor a key=value line");
  assert_problem (history, "events.ini", 11, "bad date “1920-02-30”");
  assert_problem (history, "events.ini", 20, "unknown town id “atlantis”");
  assert_problem (history, "events.ini", 24, "missing “cite”");
  assert_problem (history, "events.ini", 29, "appears twice (first on line 2)");
  assert_problem (history, "events.ini", 35, "needs a “date_note”");
  assert_problem (history, "events.ini", 47, "cites “not-registered”, which is not in the source registry");
  assert_problem (history, "events.ini", 58, "“nobody” is not in the people index");
  assert_problem (history, "towns.ini", 6, "unknown clause id “missing-clause”");
  assert_problem (history, "towns.ini", 10, "unknown town id “atlantis”");
  assert_problem (history, "towns.ini", 14, "missing “status”");
  assert_problem (history, "towns.ini", 14, "missing “cite”");
  assert_problem (history, "towns.ini", 21, "without a “why.good” line");
  /* The registry: author, title and kind required, no copies. */
  assert_problem (history, "sources.ini", 10, "missing “author”");
  assert_problem (history, "sources.ini", 17, "unknown kind “blog”");
  assert_problem (history, "sources.ini", 23, "nina.az");
  assert_problem (history, "sources.ini", 29, "diff page");
  assert_problem (history, "people.ini", 8, "missing “cite”");
  /* The held-by series: overlaps and gaps name the town and the dates. */
  assert_problem (history, "holders.tsv", 5, "vilnius: the interval from 1919-04-15 overlaps the one ending 1919-04-19");
  assert_problem (history, "holders.tsv", 6, "vilnius: gap between 1920-07-14 and 1920-08-01");
  assert_problem (history, "holders.tsv", 7, "certainty “maybe”");
  assert_problem (history, "holders.tsv", 8, "cites “not-registered”");
  g_assert_cmpuint (cb_history_get_problems (history)->len, ==, 26);

  /* …and everything else still loaded. */
  g_assert_nonnull (cb_history_get_clause (history, "good"));
  g_assert_null (cb_history_get_clause (history, "no-source"));
  g_assert_null (cb_history_get_clause (history, "orphan"));

  events = cb_history_get_events (history);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_null (cb_history_get_source (history, "mirror"));
  g_assert_null (cb_history_get_source (history, "no-author"));
  g_assert_nonnull (cb_history_get_person (history, "someone"));
  g_assert_null (cb_history_get_person (history, "unsourced"));
  g_assert_cmpstr (((CbHistoryCitation *) ((CbHistoryClause *) cb_history_get_clause (history, "good"))->citations->pdata[0])->locator, ==, "p. 3");
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

    g_assert_true (g_str_has_prefix (text, "sources.ini:"));
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
  g_assert_cmpuint (problems->len, >=, 4);
  g_assert_true (has_problem (history, "sources.ini", 0, "cannot be read"));
  g_assert_true (has_problem (history, "documents.ini", 0, "cannot be read"));
  g_assert_true (has_problem (history, "towns.ini", 0, "cannot be read"));
  /* The bad byte costs its line, reported where it is. */
  g_assert_true (has_problem (history, "events.ini", 2, "not UTF-8 text (byte 0xFF at column 9)"));

  g_remove (events);
  g_rmdir (dir);
}

/* One bad byte, one NUL: each costs its own entry, reported as
 * file:line; every other event of the real file still loads. */
static void
test_bad_bytes_cost_one_entry (void)
{
  const char *source = g_getenv ("CB_HISTORY_DIR");
  g_autofree char *dir = g_dir_make_tmp ("cb-history-bytes-XXXXXX", NULL);
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) clean = cb_history_new ("en");
  g_autoptr(CbHistory) broken = cb_history_new ("en");
  g_autoptr(GString) events = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { "sources.ini", "people.ini", "documents.ini", "towns.ini", "events.ini", "holders.tsv" };
  guint summaries = 0, bad_line = 0, nul_line = 0, line = 1;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (source, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      if (g_str_equal (files[i], "events.ini"))
        {
          /* The first two "summary=" lines: one Latin-1 byte, one NUL. */
          events = g_string_new_len (contents, length);
          for (gsize k = 0; k < events->len; k++)
            {
              if (events->str[k] == '\n')
                line++;
              if ((k == 0 || events->str[k - 1] == '\n') && strncmp (events->str + k, "summary=", 8) == 0 &&
                  summaries < 2)
                {
                  events->str[k + 8] = summaries == 0 ? '\xe9' : '\0';
                  if (summaries == 0)
                    bad_line = line;
                  else
                    nul_line = line;
                  summaries++;
                }
            }
          g_assert_true (g_file_set_contents (to, events->str, events->len, NULL));
        }
      else
        g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }

  g_assert_true (cb_history_load_dir (clean, source, gazetteer, &error));
  g_assert_true (cb_history_load_dir (broken, dir, gazetteer, &error));
  g_assert_no_error (error);
  g_assert_true (has_problem (broken, "events.ini", bad_line, "not UTF-8 text (byte 0xE9 at column 9)"));
  g_assert_true (has_problem (broken, "events.ini", nul_line, "a NUL byte at column 9"));
  /* At most the two events that lost their summary are gone. */
  g_test_message ("%u events, %u with the bad bytes", cb_history_get_events (clean)->len,
                  cb_history_get_events (broken)->len);
  g_assert_cmpuint (cb_history_get_events (broken)->len, >=, cb_history_get_events (clean)->len - 2);
  g_assert_cmpuint (cb_history_get_events (broken)->len, >, 50);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

/* A FIFO in place of a history file would block a plain read forever. */
static void
test_fifo_refused (void)
{
  const char *source = g_getenv ("CB_HISTORY_DIR");
  g_autofree char *dir = g_dir_make_tmp ("cb-history-fifo-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "documents.ini", NULL);
  g_autoptr(CbGazetteer) gazetteer = load_real_gazetteer ();
  g_autoptr(CbHistory) history = cb_history_new ("en");
  g_autoptr(GError) error = NULL;
  const char *files[] = { "sources.ini", "people.ini", "towns.ini", "events.ini", "holders.tsv" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (source, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  cb_history_load_dir (history, dir, gazetteer, &error);
  assert_problem (history, "documents.ini", 0, "not a regular file");
  /* The other files still load. */
  g_assert_cmpuint (cb_history_get_events (history)->len, >, 50);

  g_remove (fifo);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/dates", test_dates);
  g_test_add_func ("/history/bad-bytes-cost-one-entry", test_bad_bytes_cost_one_entry);
  g_test_add_func ("/history/content/valid", test_content_valid);
  g_test_add_func ("/history/content/every-town", test_content_every_town);
  g_test_add_func ("/history/content/lida", test_content_lida);
  g_test_add_func ("/history/content/sejny", test_content_sejny);
  g_test_add_func ("/history/content/vilnius", test_content_vilnius);
  g_test_add_func ("/history/content/sztabin", test_content_sztabin);
  g_test_add_func ("/history/content/localised", test_content_localised);
  g_test_add_func ("/history/content/quotes-verbatim", test_content_quotes_verbatim);
  g_test_add_func ("/history/registry/content", test_registry_content);
  g_test_add_func ("/history/registry/copies", test_registry_copies);
  g_test_add_func ("/history/registry/citation-format", test_citation_format);
  g_test_add_func ("/history/holders", test_holders);
  g_test_add_func ("/history/people", test_people);
  g_test_add_func ("/history/broken-files", test_broken_files);
  g_test_add_func ("/history/missing-dir", test_missing_dir);
  g_test_add_func ("/history/source-own-words", test_source_own_words);
  g_test_add_func ("/history/names-agree", test_names_agree);
  g_test_add_func ("/history/missing-files", test_missing_files);
  g_test_add_func ("/history/fifo-refused", test_fifo_refused);

  return g_test_run ();
}
