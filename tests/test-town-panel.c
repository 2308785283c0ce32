/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "cb-application.h"
#include "cb-town-panel.h"
#include "cb-test-data.h"
#include "cb-town-search.h"
#include "cb-window.h"
#include "cb-test-utils.h"

static CbGazetteer *gazetteer;
static CbHistory *history;


/* The texts the panel really shows: every visible label under @widget. */
static void
collect_labels (GtkWidget *widget,
                GString   *texts,
                guint     *n_not_selectable)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text[0] != '\0')
        {
          g_string_append_printf (texts, "%s\n", text);
          /* Body text must be selectable; only fixed headings may not be. */
          if (!gtk_label_get_selectable (GTK_LABEL (widget)) &&
              gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) != GTK_ACCESSIBLE_ROLE_HEADING)
            (*n_not_selectable)++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts, n_not_selectable);
}

/* Label markup, to check that sources are links. */
static void
collect_markup (GtkWidget *widget,
                GString   *markup)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_markup (GTK_LABEL (widget)))
    g_string_append_printf (markup, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_markup (child, markup);
}

typedef struct
{
  GtkWidget *window;
  CbTownPanel *panel;
  GString *shown;
  GString *markup;
} Fixture;

static void
fixture_show (Fixture    *fixture,
              const char *town_id,
              const char *language)
{
  guint n_not_selectable = 0;

  fixture->window = gtk_window_new ();
  fixture->panel = CB_TOWN_PANEL (cb_town_panel_new ());
  cb_town_panel_set_sources (fixture->panel, gazetteer, history);
  cb_town_panel_set_language (fixture->panel, language);
  cb_town_panel_set_town_id (fixture->panel, town_id);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->panel));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cb_test_flush_events ();

  fixture->shown = g_string_new (NULL);
  fixture->markup = g_string_new (NULL);
  collect_labels (GTK_WIDGET (fixture->panel), fixture->shown, &n_not_selectable);
  collect_markup (GTK_WIDGET (fixture->panel), fixture->markup);
  g_assert_cmpuint (n_not_selectable, ==, 0);
}

static void
fixture_free (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  cb_test_flush_events ();
  g_string_free (fixture->shown, TRUE);
  g_string_free (fixture->markup, TRUE);
}

static void
assert_shown (Fixture    *fixture,
              const char *text)
{
  if (strstr (fixture->shown->str, text) == NULL)
    g_error ("the panel does not show “%s”; it shows:\n%s", text, fixture->shown->str);
  /* What is shown is also what the copy button copies. */
  g_assert_nonnull (strstr (cb_town_panel_get_text (fixture->panel), text));
}

static void
assert_linked (Fixture    *fixture,
               const char *url_part)
{
  g_autofree char *needle = g_strdup_printf ("<a href=\"%s", url_part);

  if (strstr (fixture->markup->str, needle) == NULL)
    g_error ("no link to %s", url_part);
}

static void
test_panel_lida (void)
{
  Fixture fixture;

  fixture_show (&fixture, "lida", "en");
  assert_shown (&fixture, "Lida\n");
  assert_shown (&fixture, "Lyda");
  assert_shown (&fixture, "Ліда");
  assert_shown (&fixture, "recognised to Lithuania by Art. 2 (1920)");
  /* The clause speaks about Lida's stretch, says its words are not quoted,
   * and does not show the Narach fragment. */
  assert_shown (&fixture, "Article 2 — the stretch from the Niemen north towards Lake Narach");
  assert_shown (&fixture, "were not recovered and are not quoted here");
  g_assert_null (strstr (fixture.shown->str, "of Slobodka, Dolgaya and Prenta"));
  /* Sources as readers expect them: author, title, publisher, year, page. */
  assert_shown (&fixture, "A. P. Gritskevich (Грицкевич), Западный фронт РСФСР 1918–1920: борьба между Россией и Польшей за Белоруссию (Kharvest, Minsk, 2010)");
  assert_shown (&fixture, "no original online");
  assert_shown (&fixture, "British and Foreign State Papers");
  assert_linked (&fixture, "https://books.google.com/books?id=0G8xAQAAMAAJ");
  /* Who held the town, interval by interval. */
  assert_shown (&fixture, "Held by\n");
  assert_shown (&fixture, "Soviet Russia / Litbel");
  /* No source is dimmed or only a number. */
  g_assert_null (strstr (fixture.markup->str, ">[1]<"));
  assert_shown (&fixture, "17 April 1919");
  assert_shown (&fixture, "12 July 1920");
  assert_shown (&fixture, "28 September 1920");
  assert_shown (&fixture, "18 March 1921");
  assert_shown (&fixture, "Polish troops took Lida from the Red Army");
  assert_shown (&fixture, "Głos znad Niemna, Jak Lida wracała do Ojczyzny");
  assert_linked (&fixture, "https://ckziumragowo.pl/historia/Walki-o-Lid%C4%99");
  /* The uncertain January 1922 event says it is uncertain. */
  assert_shown (&fixture, "January 1922 (date uncertain)");
  fixture_free (&fixture);
}

static void
test_panel_sejny (void)
{
  Fixture fixture;

  fixture_show (&fixture, "sejny", "en");
  assert_shown (&fixture, "Sejny\n");
  assert_shown (&fixture, "Seinai");
  assert_shown (&fixture, "Course of the Foch line");
  assert_shown (&fixture, "Summary in our own words; no text is quoted");
  assert_shown (&fixture, "Article 1 — the demarcation line");
  assert_shown (&fixture, "Verbatim fragment (Polish)");
  /* The treaty's silence on the Suwałki region is the first clause. */
  assert_shown (&fixture, "What the treaty left open: the Suwałki region");
  assert_shown (&fixture, "drawn only as far west as Sztabin");
  assert_shown (&fixture, "linia ustanowiona uchwałą Rady Najwyższej z 8 grudnia 1919 r.");
  assert_shown (&fixture, "26 July 1919");
  assert_shown (&fixture, "23 August 1919 (date uncertain)");
  assert_shown (&fixture, "Sejny Uprising");
  assert_shown (&fixture, "6 September 1919 (date disputed)");
  assert_shown (&fixture, "7 October 1920");
  assert_shown (&fixture, "The Suwałki Agreement was signed");
  assert_linked (&fixture, "https://encyklopedia.pwn.pl/haslo/Focha-linia;3901683.html");
  assert_linked (&fixture, "https://pogon.lt/historia/1213-suwaki");
  fixture_free (&fixture);
}

static void
test_panel_vilnius (void)
{
  Fixture fixture;

  fixture_show (&fixture, "vilnius", "pl");
  /* Named in the chosen language, with the other names under it. */
  g_assert_true (g_str_has_prefix (fixture.shown->str, "Wilno\n"));
  assert_shown (&fixture, "Vilnius");
  assert_shown (&fixture, "Вільня");
  assert_shown (&fixture, "capital of Lithuania today");
  assert_shown (&fixture, "Article 2 — the stretch from Sztabin past Hrodna to the Niemen");
  /* A person named in an event opens a card. */
  g_assert_nonnull (strstr (fixture.markup->str, "<a href=\"person:zeligowski\">Żeligowski</a>"));
  assert_shown (&fixture, "Vilnius to be handed to Lithuania");
  assert_shown (&fixture, "16 February 1918");
  assert_shown (&fixture, "2 January 1919");
  assert_shown (&fixture, "12 July 1920");
  assert_shown (&fixture, "9 October 1920");
  assert_shown (&fixture, "15 March 1923 (date disputed)");
  /* After 1923 comes the legacy, under its own heading. */
  assert_shown (&fixture, "Legacy\n");
  assert_shown (&fixture, "1 July 2021");
  g_assert_true (strstr (fixture.shown->str, "Legacy\n") < strstr (fixture.shown->str, "1 July 2021"));
  g_assert_true (strstr (fixture.shown->str, "15 March 1923") < strstr (fixture.shown->str, "Legacy\n"));
  assert_linked (&fixture, "https://pries100metu.kaunomuziejus.lt/irasai/1920-m-spalio-8-d-vilniu-paeme-lenkai/");
  fixture_free (&fixture);
}

static void
test_panel_sztabin (void)
{
  Fixture fixture;

  fixture_show (&fixture, "sztabin", "en");
  assert_shown (&fixture, "Sztabin\n");
  assert_shown (&fixture, "Штабін");
  assert_shown (&fixture, "Near the western end of the 1920 treaty line");
  assert_shown (&fixture, "Article 2 — the stretch from Sztabin past Hrodna to the Niemen");
  assert_shown (&fixture, "unconfirmed");
  assert_shown (&fixture, "25 August 1920");
  assert_shown (&fixture, "Lithuanian units crossed the Augustów Canal");
  assert_shown (&fixture, "28 August 1920");
  assert_shown (&fixture, "30 August 1920");
  assert_shown (&fixture, "Radziwonowicz");
  assert_linked (&fixture, "http://astn.pl/r2001/rok1920_2.htm");
  g_assert_null (strstr (fixture.shown->str, "Legacy\n"));
  fixture_free (&fixture);
}


static void
test_panel_hrodna (void)
{
  Fixture fixture;

  fixture_show (&fixture, "hrodna", "en");
  /* audit §2.1/§3.1: Lithuanian institutions sat there in 1918–1919. */
  assert_shown (&fixture, "Lithuanian administration under the German garrison, December 1918 – April 1919");
  g_assert_null (strstr (fixture.shown->str, "never under Lithuanian rule"));
  /* audit §2.2/§3.2: the Riga frontier did not assign the town. */
  assert_shown (&fixture, "but did not assign it");
  assert_shown (&fixture, "Kaunas City Museum, 1919 m. balandžio 17 d. Dėl Gardino");
  assert_linked (&fixture, "https://pries100metu.kaunomuziejus.lt/irasai/1919-m-balandzio-17-d-del-gardino/");
  fixture_free (&fixture);
}

static void
test_panel_translation_label (void)
{
  Fixture fixture;

  fixture_show (&fixture, "pastavy", "en");
  /* The English treaty text is a translation and says so, with who made it. */
  assert_shown (&fixture, "Translation (English) of the Lithuanian and Russian originals");
  assert_shown (&fixture, "Translated by: Not named; the English translation of the League of Nations Treaty Series");
  g_assert_null (strstr (fixture.shown->str, "Verbatim fragment (English)"));
  fixture_free (&fixture);
}

static void
test_panel_person_card (void)
{
  Fixture fixture;
  GtkWidget *label = NULL;
  gboolean handled = FALSE;

  fixture_show (&fixture, "vilnius", "en");
  /* Find the event text that links to Żeligowski and follow the link. */
  for (GtkWidget *w = GTK_WIDGET (fixture.panel); w != NULL && label == NULL; )
    {
      if (GTK_IS_LABEL (w) && strstr (gtk_label_get_label (GTK_LABEL (w)), "person:zeligowski") != NULL)
        label = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = w == GTK_WIDGET (fixture.panel) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  if (label == NULL)
    g_error ("no event text links to Żeligowski");

  g_signal_emit_by_name (label, "activate-link", "person:zeligowski", &handled);
  cb_test_flush_events ();
  g_assert_true (handled);
  {
    GtkWidget *card = gtk_widget_get_next_sibling (label);
    GString *text = g_string_new (NULL);
    guint n = 0;

    /* The card opens right under the event text… */
    if (card == NULL || !gtk_widget_has_css_class (card, "person-card"))
      g_error ("the person card did not open");
    collect_labels (card, text, &n);
    g_assert_nonnull (strstr (text->str, "General Lucjan Żeligowski"));
    g_assert_nonnull (strstr (text->str, "Wikipedia contributors, Żeligowski’s Mutiny"));
    g_string_free (text, TRUE);

    /* …and the same link closes it. */
    g_signal_emit_by_name (label, "activate-link", "person:zeligowski", &handled);
    g_assert_true (gtk_widget_get_next_sibling (label) == NULL ||
                   !gtk_widget_has_css_class (gtk_widget_get_next_sibling (label), "person-card"));
  }
  fixture_free (&fixture);
}

/* WCAG relative luminance and contrast. */
static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel (c->red) + 0.7152 * channel (c->green) + 0.0722 * channel (c->blue);
}

static double
contrast (const GdkRGBA *fg,
          const GdkRGBA *bg)
{
  /* A translucent colour is seen blended over the background. */
  GdkRGBA seen = {
    fg->red * fg->alpha + bg->red * (1 - fg->alpha),
    fg->green * fg->alpha + bg->green * (1 - fg->alpha),
    fg->blue * fg->alpha + bg->blue * (1 - fg->alpha),
    1,
  };
  double a = luminance (&seen) + 0.05;
  double b = luminance (bg) + 0.05;

  return a > b ? a / b : b / a;
}

static GtkWidget *
find_source_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "town-source"))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_source_label (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Source text and links stay at 4.5:1 or better on the light and the dark
 * background: the colours are read from the style, not assumed. */
static void
test_panel_source_contrast (void)
{
  const AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK };
  const char *names[] = { "light", "dark" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      Fixture fixture;
      GtkWidget *label;
      GtkStyleContext *style;
      GdkRGBA text, link, window_bg, view_bg;
      double text_min, link_min;

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[i]);
      cb_test_flush_events ();
      fixture_show (&fixture, "lida", "en");
      label = find_source_label (GTK_WIDGET (fixture.panel));
      g_assert_nonnull (label);
      g_assert_false (gtk_widget_has_css_class (label, "dim-label"));
      g_assert_cmpfloat (gtk_widget_get_opacity (label), ==, 1.0);

      style = gtk_widget_get_style_context (label);
      gtk_style_context_get_color (style, &text);
      g_assert_true (gtk_style_context_lookup_color (style, "town_link_color", &link));
      g_assert_true (gtk_style_context_lookup_color (style, "window_bg_color", &window_bg));
      g_assert_true (gtk_style_context_lookup_color (style, "view_bg_color", &view_bg));

      text_min = MIN (contrast (&text, &window_bg), contrast (&text, &view_bg));
      link_min = MIN (contrast (&link, &window_bg), contrast (&link, &view_bg));
      g_test_message ("%s: source text %.2f:1, links %.2f:1 (text %s, link %s, backgrounds %s / %s)",
                      names[i], text_min, link_min,
                      gdk_rgba_to_string (&text), gdk_rgba_to_string (&link),
                      gdk_rgba_to_string (&window_bg), gdk_rgba_to_string (&view_bg));
      g_printerr ("contrast %s: source text %.2f:1, links %.2f:1\n", names[i], text_min, link_min);
      g_assert_cmpfloat (text_min, >=, 4.5);
      g_assert_cmpfloat (link_min, >=, 4.5);
      fixture_free (&fixture);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
count_call (guint *count)
{
  (*count)++;
}

static void
test_panel_language_and_close (void)
{
  Fixture fixture;
  guint closed = 0;

  fixture_show (&fixture, "lida", "be");
  g_assert_true (g_str_has_prefix (fixture.shown->str, "Ліда\n"));

  cb_town_panel_set_language (fixture.panel, "yi");
  g_assert_true (g_str_has_prefix (cb_town_panel_get_text (fixture.panel), "לידע (Lyde)\n"));

  /* A town without confirmed Belarusian name falls back to English. */
  cb_town_panel_set_language (fixture.panel, "be");
  cb_town_panel_set_town_id (fixture.panel, "sejny");
  g_assert_true (g_str_has_prefix (cb_town_panel_get_text (fixture.panel), "Sejny\n"));

  g_signal_connect_swapped (fixture.panel, "close-requested", G_CALLBACK (count_call), &closed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.panel), "town-panel.close", NULL));
  g_assert_cmpuint (closed, ==, 1);

  cb_town_panel_set_town_id (fixture.panel, NULL);
  g_assert_cmpstr (cb_town_panel_get_text (fixture.panel), ==, "");
  fixture_free (&fixture);
}

static void
on_town_chosen (CbTownSearch *search,
                const char   *town_id,
                char        **out)
{
  g_free (*out);
  *out = g_strdup (town_id);
}

static void
test_search_widget (void)
{
  GtkWidget *window = gtk_window_new ();
  CbTownSearch *search = CB_TOWN_SEARCH (cb_town_search_new ());
  g_autofree char *chosen = NULL;
  const struct {
    const char *query;
    const char *town_id;
  } examples[] = {
    { "Wilno", "vilnius" },
    { "Vilna", "vilnius" },
    { "Вільня", "vilnius" },
    { "vilnius", "vilnius" },
    { "Lozdzieje", "lazdijai" },
    { "GRODNO", "hrodna" },
  };

  cb_town_search_set_gazetteer (search, gazetteer);
  cb_town_search_set_language (search, "en");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (search));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (search, "town-chosen", G_CALLBACK (on_town_chosen), &chosen);

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      cb_town_search_start (search);
      gtk_editable_set_text (cb_town_search_get_entry (search), examples[i].query);
      /* GtkSearchEntry reports changes after a short delay. */
      while (cb_town_search_get_n_results (search) == 0)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (cb_town_search_get_result (search, 0), ==, examples[i].town_id);

      /* Enter in the entry chooses the first result. */
      g_signal_emit_by_name (cb_town_search_get_entry (search), "activate");
      g_assert_cmpstr (chosen, ==, examples[i].town_id);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
}

/* The whole window, as a new user gets it: clicking a town on the map (the
 * map's town-activated signal) opens the panel; the language preference
 * reaches the map, the panel and the search; a search result centres the map. */
static void
test_window_integration (void)
{
  CbApplication *app = cb_test_get_app ();
  CbWindow *window;
  GSettings *settings;
  CbMap *map;
  CbTownPanel *panel;
  CbTownSearch *search;
  GtkWidget *flap;

  window = CB_WINDOW (cb_application_new_window (app));
  settings = cb_window_get_settings (window);
  g_settings_reset (settings, "place-name-language");
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();

  map = cb_window_get_map (window);
  panel = cb_window_get_town_panel (window);
  search = cb_window_get_town_search (window);
  flap = gtk_widget_get_ancestor (GTK_WIDGET (panel), ADW_TYPE_FLAP);
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (flap)));

  /* The locale is C: names default to English. */
  g_assert_cmpstr (cb_map_get_language (map), ==, "en");

  g_signal_emit_by_name (map, "town-activated", "sejny");
  cb_test_flush_events ();
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_cmpstr (cb_town_panel_get_town_id (panel), ==, "sejny");
  g_assert_cmpstr (cb_map_get_selected_town (map), ==, "sejny");
  g_assert_nonnull (strstr (cb_town_panel_get_text (panel), "Sejny Uprising"));

  /* The preference, through the menu's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.place-name-language", "s", "pl"));
  cb_test_flush_events ();
  g_assert_cmpstr (g_settings_get_string (settings, "place-name-language"), ==, "pl");
  g_assert_cmpstr (cb_map_get_language (map), ==, "pl");
  g_assert_cmpstr (cb_town_panel_get_language (panel), ==, "pl");
  g_assert_cmpstr (cb_town_search_get_language (search), ==, "pl");

  /* Ctrl+F's action opens the search; choosing Wilno centres the map on it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  cb_test_flush_events ();
  gtk_editable_set_text (cb_town_search_get_entry (search), "Wilno");
  while (cb_town_search_get_n_results (search) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_emit_by_name (cb_town_search_get_entry (search), "activate");
  cb_test_flush_events ();
  g_assert_cmpstr (cb_town_panel_get_town_id (panel), ==, "vilnius");
  g_assert_cmpstr (cb_map_get_selected_town (map), ==, "vilnius");
  g_assert_true (g_str_has_prefix (cb_town_panel_get_text (panel), "Wilno\n"));
  {
    /* Centred: Vilnius's marker is in the middle of the map. */
    GtkWidget *marker = NULL;
    graphene_rect_t bounds;
    double centre_x, centre_y;
    gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    /* Markers and layout come a few frames later on a busy machine. */
    while ((marker = cb_map_get_town_marker (map, "vilnius")) == NULL ||
           gtk_widget_get_width (marker) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, give_up);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    cb_test_flush_events ();
    g_assert_true (gtk_widget_compute_bounds (marker, GTK_WIDGET (map), &bounds));
    centre_x = bounds.origin.x + bounds.size.width / 2;
    centre_y = bounds.origin.y + bounds.size.height / 2;
    g_assert_cmpfloat (fabs (centre_x - gtk_widget_get_width (GTK_WIDGET (map)) / 2.0), <, 40);
    g_assert_cmpfloat (fabs (centre_y - gtk_widget_get_height (GTK_WIDGET (map)) / 2.0), <, 40);
  }

  /* Closing the panel hides it and clears the selection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "town-panel.close", NULL));
  cb_test_flush_events ();
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_null (cb_map_get_selected_town (map));

  g_settings_reset (settings, "place-name-language");
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *towns = NULL;
  g_autoptr(GError) error = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  towns = g_build_filename (g_getenv ("CB_GEODATA_DIR"), "towns.shp", NULL);
  gazetteer = cb_test_load_gazetteer (towns, &error);
  g_assert_no_error (error);
  history = cb_history_new ("en");
  g_assert_true (cb_history_load_dir (history, g_getenv ("CB_HISTORY_DIR"), gazetteer, &error));
  g_assert_cmpuint (cb_history_get_problems (history)->len, ==, 0);

  g_test_add_func ("/town-panel/lida", test_panel_lida);
  g_test_add_func ("/town-panel/sejny", test_panel_sejny);
  g_test_add_func ("/town-panel/vilnius", test_panel_vilnius);
  g_test_add_func ("/town-panel/sztabin", test_panel_sztabin);
  g_test_add_func ("/town-panel/hrodna", test_panel_hrodna);
  g_test_add_func ("/town-panel/translation-label", test_panel_translation_label);
  g_test_add_func ("/town-panel/person-card", test_panel_person_card);
  g_test_add_func ("/town-panel/source-contrast", test_panel_source_contrast);
  g_test_add_func ("/town-panel/language-and-close", test_panel_language_and_close);
  g_test_add_func ("/town-search/examples", test_search_widget);
  g_test_add_func ("/town-panel/window-integration", test_window_integration);

  result = g_test_run ();

  g_clear_object (&history);
  g_clear_object (&gazetteer);
  return result;
}
