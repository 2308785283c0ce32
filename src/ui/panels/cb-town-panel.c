/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cb-paths.h"
#include "cb-sources.h"
#include "cb-timeline.h"
#include "cb-town-panel.h"

struct _CbTownPanel
{
  GtkWidget    parent_instance;

  CbGazetteer *gazetteer;
  CbHistory   *history;
  char        *town_id;
  char        *language;
  GString     *text;

  /* The day the map shows (Julian day), 0 for none. */
  guint        date;

  /* Template children */
  GtkWidget   *scroller;
  GtkLabel    *name_label;
  GtkLabel    *other_names_label;
  GtkLabel    *name_source_label;   /* made in init, below other_names_label */
  GtkLabel    *status_label;
  GtkLabel    *note_label;
  GtkBox      *status_sources_box;
  GtkWidget   *held_heading;
  GtkBox      *held_box;
  GtkWidget   *clauses_heading;
  GtkBox      *clauses_box;
  GtkWidget   *events_heading;
  GtkBox      *events_box;
  GtkWidget   *legacy_heading;
  GtkBox      *legacy_box;
};

G_DEFINE_FINAL_TYPE (CbTownPanel, cb_town_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOWN_ID,
  PROP_LANGUAGE,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CLOSE_REQUESTED,
  SIGNAL_DATE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- building blocks ------------------------------------------------ */

static void
remove_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* Every text of the panel is a wrapping, selectable label so that it can
 * be read, copied, and reached with the keyboard. */
static GtkWidget *
new_text_label (const char *text,
                gboolean    markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  if (markup)
    gtk_label_set_markup (GTK_LABEL (label), text);
  else
    gtk_label_set_text (GTK_LABEL (label), text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);

  return label;
}

static GtkWidget *
new_heading (const char *text,
             const char *style_class)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                                   "label", text,
                                   "wrap", TRUE,
                                   "xalign", 0.0f,
                                   "selectable", TRUE,
                                   NULL);

  gtk_widget_add_css_class (label, style_class);
  return label;
}

/* Source lines use the full text colour and a deepened accent for links,
 * never dim-label: both stay above 4.5:1 on the light and the dark
 * background (tests/test-town-panel.c measures it). */
static const char panel_css[] =
  /* The accent colour alone is only just 4.5:1 on the light background,
   * and small text loses more to antialiasing: a quarter of the text
   * colour darkens it in light style and lightens it in dark style. */
  "@define-color town_link_color mix(@accent_color, @window_fg_color, 0.25);\n"
  "townpanel label.town-source { color: @window_fg_color; }\n"
  "townpanel label.town-source link,\n"
  "townpanel label.town-source link:visited,\n"
  "townpanel label.town-body link,\n"
  "townpanel label.town-body link:visited { color: @town_link_color; }\n"
  /* The event nearest before the day the map shows. */
  "townpanel .town-event-current { border-left: 3px solid @accent_color; padding-left: 6px; }\n"
  "townpanel label.town-holding-current { font-weight: bold; }\n";

/* The host of @url for a link text a reader can judge, e.g. "vle.lt". */
static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return g_strdup (url);
  if (g_str_has_prefix (host, "www."))
    host += 4;
  return g_strdup (host);
}

/* "Author, <i>Title</i> (Publisher, Year), p. N — host" as Pango markup. */
static char *
citation_markup (const CbHistoryCitation *citation)
{
  const CbHistorySource *source = citation->source;
  GString *markup = g_string_new (NULL);
  g_autofree char *head = g_markup_printf_escaped ("%s, <i>%s</i>", source->author, source->title);

  g_string_append (markup, head);
  if (source->publisher != NULL || source->year != NULL)
    {
      g_autofree char *tail = NULL;

      if (source->publisher != NULL && source->year != NULL)
        tail = g_markup_printf_escaped (" (%s, %s)", source->publisher, source->year);
      else
        tail = g_markup_printf_escaped (" (%s)", source->publisher != NULL ? source->publisher
                                                                           : source->year);
      g_string_append (markup, tail);
    }
  if (citation->locator != NULL)
    {
      g_autofree char *locator = g_markup_printf_escaped (", %s", citation->locator);

      g_string_append (markup, locator);
    }
  if (source->url != NULL)
    {
      g_autofree char *host = url_host (source->url);
      g_autofree char *link = g_markup_printf_escaped (" — <a href=\"%s\">%s</a>", source->url, host);

      g_string_append (markup, link);
    }
  else
    {
      /* TRANSLATORS: after a source that has no original online, only copies */
      g_autofree char *offline = g_markup_printf_escaped (" — %s", _("no original online"));

      g_string_append (markup, offline);
    }

  return g_string_free (markup, FALSE);
}

static void
append_citations (CbTownPanel *self,
                  GtkBox      *box,
                  GPtrArray   *citations)
{
  if (citations == NULL || citations->len == 0)
    return;

  g_string_append_printf (self->text, "%s\n",
                          citations->len == 1 ? _("Source:") : _("Sources:"));
  for (guint i = 0; i < citations->len; i++)
    {
      const CbHistoryCitation *citation = g_ptr_array_index (citations, i);
      g_autofree char *body = citation_markup (citation);
      g_autofree char *markup = NULL;
      g_autofree char *plain = cb_history_citation_format (citation);
      GtkWidget *label;

      if (i == 0)
        /* TRANSLATORS: before the first source of a quotation or event */
        markup = g_strdup_printf ("<small>%s %s</small>",
                                  citations->len == 1 ? _("Source:") : _("Sources:"), body);
      else
        markup = g_strdup_printf ("<small>%s</small>", body);

      label = new_text_label (markup, TRUE);
      gtk_widget_add_css_class (label, "town-source");
      if (citation->source->url != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        citation->source->url, -1);
      gtk_box_append (box, label);

      if (citation->source->url != NULL)
        g_string_append_printf (self->text, "  %s\n    %s\n", plain, citation->source->url);
      else
        g_string_append_printf (self->text, "  %s — %s\n", plain, _("no original online"));
    }
}

static const char *
quote_language_name (const char *code)
{
  if (g_strcmp0 (code, "en") == 0)
    return _("English");
  if (g_strcmp0 (code, "fr") == 0)
    return _("French");
  if (g_strcmp0 (code, "pl") == 0)
    return _("Polish");
  if (g_strcmp0 (code, "lt") == 0)
    return _("Lithuanian");
  if (g_strcmp0 (code, "ru") == 0)
    return _("Russian");
  if (g_strcmp0 (code, "de") == 0)
    return _("German");

  return code;
}

/* "Russian", "Lithuanian and Russian" */
static char *
language_list (GStrv codes)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_strv_length (codes);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        /* TRANSLATORS: joins the last two languages of a list */
        g_string_append (text, i + 1 == n ? _(" and ") : ", ");
      g_string_append (text, quote_language_name (codes[i]));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- clauses -------------------------------------------------------- */

static void
append_clause (CbTownPanel               *self,
               const CbHistoryTownClause *town_clause)
{
  const CbHistoryClause *clause = town_clause->clause;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *kind = NULL;

  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), new_heading (clause->title, "heading"));
  gtk_box_append (GTK_BOX (box), new_text_label (clause->document->title, FALSE));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "caption");
  g_string_append_printf (self->text, "\n%s\n%s\n", clause->title, clause->document->title);

  if (town_clause->why != NULL)
    {
      gtk_box_append (GTK_BOX (box), new_text_label (town_clause->why, FALSE));
      g_string_append_printf (self->text, "%s\n", town_clause->why);
    }

  if (clause->status != CB_CLAUSE_SUMMARY && clause->quote_originals[0] != NULL)
    {
      g_autofree char *originals = language_list (clause->quote_originals);
      g_autofree char *what = NULL;

      if (g_strv_length (clause->quote_originals) == 1)
        /* TRANSLATORS: "Translation (English) of the Russian original" */
        what = g_strdup_printf (_("Translation (%s) of the %s original"),
                                quote_language_name (clause->quote_language), originals);
      else
        /* TRANSLATORS: "Translation (English) of the Lithuanian and Russian originals" */
        what = g_strdup_printf (_("Translation (%s) of the %s originals"),
                                quote_language_name (clause->quote_language), originals);
      if (clause->status == CB_CLAUSE_PARTIAL)
        /* TRANSLATORS: %s is "Translation (English) of the Russian original" */
        kind = g_strdup_printf (_("%s: a fragment; the rest of the text was not recovered"), what);
      else
        kind = g_steal_pointer (&what);
    }
  else switch (clause->status)
    {
    case CB_CLAUSE_VERBATIM:
      /* TRANSLATORS: %s is a language, e.g. "English" */
      kind = g_strdup_printf (_("Verbatim text (%s)"), quote_language_name (clause->quote_language));
      break;
    case CB_CLAUSE_PARTIAL:
      /* TRANSLATORS: %s is a language, e.g. "French" */
      kind = g_strdup_printf (_("Verbatim fragment (%s); the rest of the text was not recovered"),
                              quote_language_name (clause->quote_language));
      break;
    case CB_CLAUSE_SUMMARY:
    default:
      kind = g_strdup (_("Summary in our own words; no text is quoted"));
      break;
    }

  {
    GtkWidget *kind_label = new_text_label (kind, FALSE);

    gtk_widget_add_css_class (kind_label, "caption-heading");
    gtk_box_append (GTK_BOX (box), kind_label);
    g_string_append_printf (self->text, "[%s]\n", kind);
  }

  if (clause->translator != NULL && clause->quote != NULL)
    {
      /* TRANSLATORS: %s names who translated a quoted document */
      g_autofree char *by = g_strdup_printf (_("Translated by: %s"), clause->translator);
      GtkWidget *by_label = new_text_label (by, FALSE);

      gtk_widget_add_css_class (by_label, "caption");
      gtk_box_append (GTK_BOX (box), by_label);
      g_string_append_printf (self->text, "%s\n", by);
    }

  if (clause->quote != NULL)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *quote = new_text_label (clause->quote, FALSE);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (quote, "town-quote");
      gtk_widget_set_margin_start (quote, 12);
      gtk_widget_set_margin_end (quote, 12);
      gtk_widget_set_margin_top (quote, 8);
      gtk_widget_set_margin_bottom (quote, 8);
      gtk_accessible_update_property (GTK_ACCESSIBLE (quote),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, kind,
                                      -1);
      gtk_box_append (GTK_BOX (card), quote);
      gtk_box_append (GTK_BOX (box), card);
      g_string_append_printf (self->text, "“%s”\n", clause->quote);
    }

  if (clause->summary != NULL)
    {
      if (clause->status == CB_CLAUSE_PARTIAL || clause->status == CB_CLAUSE_VERBATIM)
        {
          GtkWidget *summary_kind = new_text_label (_("Summary in our own words"), FALSE);

          gtk_widget_add_css_class (summary_kind, "caption-heading");
          gtk_box_append (GTK_BOX (box), summary_kind);
          g_string_append_printf (self->text, "[%s]\n", _("Summary in our own words"));
        }
      gtk_box_append (GTK_BOX (box), new_text_label (clause->summary, FALSE));
      g_string_append_printf (self->text, "%s\n", clause->summary);
    }

  append_citations (self, GTK_BOX (box), clause->citations);

  gtk_box_append (self->clauses_box, box);
}

/* ---- events --------------------------------------------------------- */

static const char *
certainty_label (CbDateCertainty certainty)
{
  switch (certainty)
    {
    case CB_DATE_CERTAINTY_APPROXIMATE:
      return _("approximate date");
    case CB_DATE_CERTAINTY_UNCERTAIN:
      return _("date uncertain");
    case CB_DATE_CERTAINTY_DISPUTED:
      return _("date disputed");
    case CB_DATE_CERTAINTY_EXACT:
    default:
      return NULL;
    }
}

/* The event text with each indexed person's name made a link to a card. */
static char *
summary_markup (CbTownPanel          *self,
                const CbHistoryEvent *event)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  const char *text = event->summary;

  while (*text != '\0')
    {
      const CbHistoryPerson *hit = NULL;
      const char *hit_at = NULL;
      gsize hit_len = 0;

      /* The earliest mention of any person of this event. */
      for (guint i = 0; self->history != NULL && event->people[i] != NULL; i++)
        {
          const CbHistoryPerson *person = cb_history_get_person (self->history, event->people[i]);

          for (guint j = 0; person != NULL && person->forms[j] != NULL; j++)
            {
              const char *at = strstr (text, person->forms[j]);

              if (at != NULL && (hit_at == NULL || at < hit_at))
                {
                  hit = person;
                  hit_at = at;
                  hit_len = strlen (person->forms[j]);
                }
            }
        }

      if (hit == NULL)
        {
          g_autofree char *rest = g_markup_escape_text (text, -1);

          g_string_append (markup, rest);
          break;
        }

      {
        g_autofree char *before = g_markup_escape_text (text, hit_at - text);
        g_autofree char *name = g_strndup (hit_at, hit_len);
        g_autofree char *link = g_markup_printf_escaped ("<a href=\"person:%s\">%s</a>",
                                                         hit->key, name);

        g_string_append (markup, before);
        g_string_append (markup, link);
        text = hit_at + hit_len;
      }
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/* The short card of a person, shown in the panel right under the event
 * text that names them; following the link again closes it. */
static void
toggle_person_card (CbTownPanel           *self,
                    GtkWidget             *anchor,
                    const CbHistoryPerson *person)
{
  GtkWidget *next = gtk_widget_get_next_sibling (anchor);
  GtkWidget *card;
  GtkWidget *heading;
  g_autofree char *name = NULL;

  if (next != NULL && g_strcmp0 (gtk_widget_get_name (next), person->key) == 0)
    {
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (anchor)), next);
      return;
    }

  if (person->dates != NULL)
    name = g_strdup_printf ("%s (%s)", person->name, person->dates);
  else
    name = g_strdup (person->name);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_name (card, person->key);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "person-card");
  heading = new_heading (name, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_box_append (GTK_BOX (card), new_text_label (person->role, FALSE));
  {
    /* The card's sources are not part of the panel's copied text. */
    GString *saved = self->text;

    self->text = g_string_new (NULL);
    append_citations (self, GTK_BOX (card), person->citations);
    g_string_free (self->text, TRUE);
    self->text = saved;
  }
  for (GtkWidget *child = gtk_widget_get_first_child (card); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gtk_widget_set_margin_start (child, 12);
      gtk_widget_set_margin_end (child, 12);
    }
  gtk_widget_set_margin_bottom (gtk_widget_get_last_child (card), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, person->name, -1);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (anchor)), card, anchor);
}

static gboolean
person_link_activated (GtkLabel    *label,
                       const char  *uri,
                       CbTownPanel *self)
{
  const CbHistoryPerson *person;

  if (!g_str_has_prefix (uri, "person:") || self->history == NULL)
    return FALSE;

  person = cb_history_get_person (self->history, uri + strlen ("person:"));
  if (person != NULL)
    toggle_person_card (self, GTK_WIDGET (label), person);
  return TRUE;
}

/* "People: A, B" for the people of @event its text does not name, each a
 * link to their card. */
static void
append_people (CbTownPanel          *self,
               GtkBox               *box,
               const CbHistoryEvent *event)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);
  GtkWidget *label;

  for (guint i = 0; self->history != NULL && event->people[i] != NULL; i++)
    {
      const CbHistoryPerson *person = cb_history_get_person (self->history, event->people[i]);
      gboolean named = FALSE;
      g_autofree char *link = NULL;

      for (guint j = 0; person != NULL && person->forms[j] != NULL; j++)
        named |= strstr (event->summary, person->forms[j]) != NULL;
      if (person == NULL || named)
        continue;

      link = g_markup_printf_escaped ("<a href=\"person:%s\">%s</a>", person->key, person->name);
      g_string_append (markup, markup->len > 0 ? ", " : "");
      g_string_append (markup, link);
      g_string_append (plain, plain->len > 0 ? ", " : "");
      g_string_append (plain, person->name);
    }

  if (markup->len == 0)
    return;

  /* TRANSLATORS: before a list of the people of an event */
  g_string_prepend (markup, " ");
  g_string_prepend (markup, _("People:"));
  label = new_text_label (markup->str, TRUE);
  gtk_widget_add_css_class (label, "town-body");
  g_signal_connect_object (label, "activate-link", G_CALLBACK (person_link_activated),
                           self, G_CONNECT_DEFAULT);
  gtk_box_append (box, label);
  g_string_append_printf (self->text, "%s %s\n", _("People:"), plain->str);
}

/* The first day of a date known to the year, month or day (Julian). */
static guint32
first_day (const CbHistoryDate *date)
{
  GDate day;

  if (date->year <= 0 || !g_date_valid_year (date->year))
    return 0;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, date->day > 0 ? date->day : 1,
                  date->month > 0 ? date->month : G_DATE_JANUARY, date->year);
  return g_date_valid (&day) ? g_date_get_julian (&day) : 0;
}

/* An event's day, clicked: the map moves there. */
static gboolean
date_link_activated (GtkLabel    *label,
                     const char  *uri,
                     CbTownPanel *self)
{
  guint day;

  if (!g_str_has_prefix (uri, "cb-day:"))
    return FALSE;
  day = (guint) g_ascii_strtoull (uri + strlen ("cb-day:"), NULL, 10);
  if (day > 0)
    g_signal_emit (self, signals[SIGNAL_DATE_ACTIVATED], 0, day);
  return TRUE;
}

static void
append_event (CbTownPanel          *self,
              GtkBox               *target,
              const CbHistoryEvent *event)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  g_autofree char *date = cb_history_date_format (&event->date);
  const char *certainty = certainty_label (event->certainty);
  g_autofree char *date_text = NULL;
  GtkWidget *date_label;

  if (certainty != NULL)
    /* TRANSLATORS: a date followed by how sure it is, e.g. "6 September 1919 (date disputed)" */
    date_text = g_strdup_printf (_("%s (%s)"), date, certainty);
  else
    date_text = g_strdup (date);

  gtk_widget_set_margin_bottom (box, 12);
  date_label = new_heading (date_text, "heading");
  /* An exact day is a link: the map and the slider go to it. */
  if (event->date.day > 0 && first_day (&event->date) > 0)
    {
      g_autofree char *escaped = g_markup_escape_text (date_text, -1);
      g_autofree char *markup = g_strdup_printf ("<a href=\"cb-day:%u\" title=\"%s\">%s</a>",
                                                 first_day (&event->date),
                                                 _("Show the map on this day"), escaped);

      gtk_label_set_markup (GTK_LABEL (date_label), markup);
      g_signal_connect_object (date_label, "activate-link", G_CALLBACK (date_link_activated),
                               self, G_CONNECT_DEFAULT);
    }
  gtk_box_append (GTK_BOX (box), date_label);
  /* Events after the day shown are dimmed; the latest before it stands out. */
  if (self->date != 0 && first_day (&event->date) > self->date)
    gtk_widget_add_css_class (box, "dim-label");
  g_string_append_printf (self->text, "\n%s\n", date_text);

  if (event->date_note != NULL)
    {
      GtkWidget *note = new_text_label (event->date_note, FALSE);

      gtk_widget_add_css_class (note, "caption");
      gtk_box_append (GTK_BOX (box), note);
      g_string_append_printf (self->text, "%s\n", event->date_note);
    }

  {
    g_autofree char *markup = summary_markup (self, event);
    GtkWidget *summary = new_text_label (markup, TRUE);

    gtk_widget_add_css_class (summary, "town-body");
    g_signal_connect_object (summary, "activate-link", G_CALLBACK (person_link_activated),
                             self, G_CONNECT_DEFAULT);
    gtk_box_append (GTK_BOX (box), summary);
  }
  g_string_append_printf (self->text, "%s\n", event->summary);
  append_people (self, GTK_BOX (box), event);
  append_citations (self, GTK_BOX (box), event->citations);

  gtk_box_append (target, box);
}

/* ---- who held the town --------------------------------------------- */

static const char *
hold_certainty_label (CbHoldCertainty certainty)
{
  switch (certainty)
    {
    case CB_HOLD_DOCUMENTED:
      return _("documented");
    case CB_HOLD_INFERRED:
      return _("inferred");
    case CB_HOLD_UNCERTAIN:
    default:
      return _("uncertain");
    }
}

static void
append_holding (CbTownPanel            *self,
                const CbHistoryHolding *holding)
{
  g_autofree char *from = cb_history_date_format (&holding->from);
  g_autofree char *to = cb_history_date_format (&holding->to);
  /* TRANSLATORS: "11 November 1918 – January 1919: Germany (Ober Ost), inferred" */
  g_autofree char *line = g_strdup_printf (_("%s – %s: %s, %s"), from, to,
                                           cb_holder_get_title (holding->holder),
                                           hold_certainty_label (holding->certainty));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = new_text_label (line, FALSE);

  gtk_widget_add_css_class (label, "town-holding");
  gtk_box_append (GTK_BOX (box), label);
  g_string_append_printf (self->text, "%s\n", line);
  if (holding->note != NULL)
    {
      GtkWidget *note = new_text_label (holding->note, FALSE);

      gtk_widget_add_css_class (note, "caption");
      gtk_box_append (GTK_BOX (box), note);
      g_string_append_printf (self->text, "  %s\n", holding->note);
    }
  append_citations (self, GTK_BOX (box), holding->citations);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (self->held_box, box);
}

/* Who held the town on the day the map shows, first in "Held by". */
static void
append_holding_at (CbTownPanel *self)
{
  const CbHistoryHolding *holding;
  g_autofree char *day = NULL;
  g_autofree char *line = NULL;
  GtkWidget *label;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, self->date);
  holding = cb_history_get_holder_at (self->history, self->town_id, &date);
  day = cb_timeline_format_day (self->date);
  if (holding != NULL)
    /* TRANSLATORS: "On 1 August 1920: Poland, documented" */
    line = g_strdup_printf (_("On %s: %s, %s"), day, cb_holder_get_title (holding->holder),
                            hold_certainty_label (holding->certainty));
  else
    /* TRANSLATORS: the day shown is outside the town's known holders */
    line = g_strdup_printf (_("On %s: no holder recorded"), day);

  label = new_text_label (line, FALSE);
  gtk_widget_add_css_class (label, "town-holding-current");
  gtk_widget_set_margin_bottom (label, 6);
  gtk_box_append (self->held_box, label);
  g_string_append_printf (self->text, "%s\n", line);
}

/* ---- the whole panel ------------------------------------------------ */

static CbPlaceLanguage
current_language (CbTownPanel *self)
{
  CbPlaceLanguage language = CB_PLACE_LANGUAGE_EN;

  if (!cb_place_language_from_code (self->language, &language))
    language = cb_place_language_from_locale (NULL);

  return language;
}

/* Where the shown name comes from, or that no source gives one. */
static char *
name_source_text (const CbTown    *town,
                  CbPlaceLanguage  language)
{
  const char *keys = cb_town_get_name_source (town, language);
  const char *geodata_dir = cb_paths_get_geodata_dir ();
  const char *label = cb_place_language_get_label (language);
  g_autoptr(GString) citations = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;

  if (keys == NULL)
    return NULL;
  if (strcmp (keys, "no_sourced_name") == 0)
    /* TRANSLATORS: %s is a language, e.g. "Polish" */
    return g_strdup_printf (_("No name in %s was found in the sources; the English name is shown."),
                            label);

  parts = g_strsplit (keys, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *citation = NULL;

      if (geodata_dir == NULL || !cb_sources_lookup (geodata_dir, parts[i], &citation, NULL))
        citation = g_strdup (parts[i]);
      if (citations->len > 0)
        g_string_append (citations, "; ");
      g_string_append (citations, citation);
    }
  /* TRANSLATORS: a language, e.g. "Polish", then the source of the town's name in it */
  return g_strdup_printf (_("Name in %s: %s"), label, citations->str);
}

static void
rebuild (CbTownPanel *self)
{
  const CbTown *town = NULL;
  const CbHistoryTown *history_town = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) others_text = g_string_new (NULL);
  g_autofree char *source_text = NULL;
  const char *name;
  guint n_events = 0, n_legacy = 0;
  GtkWidget *current_event = NULL;

  g_string_truncate (self->text, 0);
  remove_children (self->status_sources_box);
  remove_children (self->held_box);
  remove_children (self->clauses_box);
  remove_children (self->events_box);
  remove_children (self->legacy_box);

  if (self->town_id == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->other_names_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->name_source_label), FALSE);
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
      gtk_widget_set_visible (self->held_heading, FALSE);
      gtk_widget_set_visible (self->clauses_heading, FALSE);
      gtk_widget_set_visible (self->events_heading, FALSE);
      gtk_widget_set_visible (self->legacy_heading, FALSE);
      return;
    }

  if (self->gazetteer != NULL)
    town = cb_gazetteer_lookup (self->gazetteer, self->town_id);
  if (self->history != NULL)
    history_town = cb_history_get_town (self->history, self->town_id);

  name = town != NULL ? cb_town_get_name (town, current_language (self)) : self->town_id;
  gtk_label_set_text (self->name_label, name);
  g_string_append_printf (self->text, "%s\n", name);

  if (town != NULL)
    {
      g_autoptr(GPtrArray) others = cb_town_dup_other_names (town, current_language (self));

      for (guint i = 0; i < others->len; i++)
        {
          if (i > 0)
            g_string_append (others_text, " · ");
          g_string_append (others_text, g_ptr_array_index (others, i));
        }
    }
  gtk_label_set_text (self->other_names_label, others_text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->other_names_label), others_text->len > 0);
  if (others_text->len > 0)
    g_string_append_printf (self->text, "%s\n", others_text->str);

  if (town != NULL)
    source_text = name_source_text (town, current_language (self));
  gtk_label_set_text (self->name_source_label, source_text != NULL ? source_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_source_label), source_text != NULL);
  if (source_text != NULL)
    g_string_append_printf (self->text, "%s\n", source_text);

  if (history_town != NULL)
    {
      gtk_label_set_text (self->status_label, history_town->status);
      g_string_append_printf (self->text, "%s\n", history_town->status);
    }
  else
    {
      gtk_label_set_text (self->status_label, _("No historical notes for this place yet."));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->note_label),
                          history_town != NULL && history_town->note != NULL);
  if (history_town != NULL && history_town->note != NULL)
    {
      gtk_label_set_text (self->note_label, history_town->note);
      g_string_append_printf (self->text, "%s\n", history_town->note);
    }

  if (history_town != NULL)
    append_citations (self, self->status_sources_box, history_town->status_citations);

  gtk_widget_set_visible (self->held_heading,
                          history_town != NULL && history_town->holdings->len > 0);
  if (history_town != NULL && history_town->holdings->len > 0)
    {
      g_string_append_printf (self->text, "\n%s\n", _("Held by"));
      if (self->date != 0)
        append_holding_at (self);
      for (guint i = 0; i < history_town->holdings->len; i++)
        append_holding (self, g_ptr_array_index (history_town->holdings, i));
    }

  gtk_widget_set_visible (self->clauses_heading, history_town != NULL);
  if (history_town != NULL && history_town->clauses->len == 0)
    {
      /* Say so plainly rather than leave the reader to guess. */
      const char *none = _("No treaty, decision or agreement of 1918–1923 found for this atlas names this town.");
      GtkWidget *label = new_text_label (none, FALSE);

      gtk_box_append (self->clauses_box, label);
      g_string_append_printf (self->text, "\n%s\n%s\n", _("Decided by"), none);
    }
  if (history_town != NULL && history_town->clauses->len > 0)
    {
      g_string_append_printf (self->text, "\n%s\n", _("Decided by"));
      for (guint i = 0; i < history_town->clauses->len; i++)
        append_clause (self, g_ptr_array_index (history_town->clauses, i));
    }

  if (self->history != NULL)
    events = cb_history_get_events_for_town (self->history, self->town_id);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);

      if (event->legacy)
        continue;
      if (n_events++ == 0)
        g_string_append_printf (self->text, "\n%s\n", _("Timeline"));
      append_event (self, self->events_box, event);
      if (self->date != 0 && first_day (&event->date) <= self->date)
        current_event = gtk_widget_get_last_child (GTK_WIDGET (self->events_box));
    }
  if (current_event != NULL)
    gtk_widget_add_css_class (current_event, "town-event-current");
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);

      if (!event->legacy)
        continue;
      if (n_legacy++ == 0)
        g_string_append_printf (self->text, "\n%s\n", _("Legacy"));
      append_event (self, self->legacy_box, event);
    }
  gtk_widget_set_visible (self->events_heading, n_events > 0);
  gtk_widget_set_visible (self->legacy_heading, n_legacy > 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  /* A new town starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

/* ---- actions -------------------------------------------------------- */

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbTownPanel *self = CB_TOWN_PANEL (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text->str);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE_REQUESTED], 0);
}

/* ---- GObject -------------------------------------------------------- */

GtkWidget *
cb_town_panel_new (void)
{
  return g_object_new (CB_TYPE_TOWN_PANEL, NULL);
}

void
cb_town_panel_set_sources (CbTownPanel *self,
                           CbGazetteer *gazetteer,
                           CbHistory   *history)
{
  g_return_if_fail (CB_IS_TOWN_PANEL (self));

  g_set_object (&self->gazetteer, gazetteer);
  g_set_object (&self->history, history);
  rebuild (self);
}

const char *
cb_town_panel_get_town_id (CbTownPanel *self)
{
  g_return_val_if_fail (CB_IS_TOWN_PANEL (self), NULL);

  return self->town_id;
}

void
cb_town_panel_set_town_id (CbTownPanel *self,
                           const char  *town_id)
{
  g_return_if_fail (CB_IS_TOWN_PANEL (self));

  if (g_strcmp0 (self->town_id, town_id) == 0)
    return;

  g_free (self->town_id);
  self->town_id = g_strdup (town_id);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOWN_ID]);
}

const char *
cb_town_panel_get_language (CbTownPanel *self)
{
  g_return_val_if_fail (CB_IS_TOWN_PANEL (self), NULL);

  return self->language;
}

void
cb_town_panel_set_language (CbTownPanel *self,
                            const char  *language)
{
  g_return_if_fail (CB_IS_TOWN_PANEL (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

const char *
cb_town_panel_get_text (CbTownPanel *self)
{
  g_return_val_if_fail (CB_IS_TOWN_PANEL (self), NULL);

  return self->text->str;
}

/* Focus lands on the town's name, the start of its story. */
static gboolean
cb_town_panel_grab_focus (GtkWidget *widget)
{
  GtkLabel *name = CB_TOWN_PANEL (widget)->name_label;

  if (!gtk_widget_grab_focus (GTK_WIDGET (name)))
    return FALSE;
  /* A focused selectable label selects itself whole; a reader does not
   * want that. */
  gtk_label_select_region (name, 0, 0);
  return TRUE;
}

static void
cb_town_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CbTownPanel *self = CB_TOWN_PANEL (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      g_value_set_string (value, self->town_id);
      break;
    case PROP_DATE:
      g_value_set_uint (value, self->date);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_town_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CbTownPanel *self = CB_TOWN_PANEL (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      cb_town_panel_set_town_id (self, g_value_get_string (value));
      break;
    case PROP_DATE:
      cb_town_panel_set_date (self, g_value_get_uint (value));
      break;
    case PROP_LANGUAGE:
      cb_town_panel_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_town_panel_dispose (GObject *object)
{
  CbTownPanel *self = CB_TOWN_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CB_TYPE_TOWN_PANEL);
  /* The template's top box is not bound: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->gazetteer);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (cb_town_panel_parent_class)->dispose (object);
}

static void
cb_town_panel_finalize (GObject *object)
{
  CbTownPanel *self = CB_TOWN_PANEL (object);

  g_clear_pointer (&self->town_id, g_free);
  g_clear_pointer (&self->language, g_free);
  g_string_free (self->text, TRUE);

  G_OBJECT_CLASS (cb_town_panel_parent_class)->finalize (object);
}

static void
cb_town_panel_class_init (CbTownPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cb_town_panel_get_property;
  object_class->set_property = cb_town_panel_set_property;
  object_class->dispose = cb_town_panel_dispose;
  object_class->finalize = cb_town_panel_finalize;
  widget_class->grab_focus = cb_town_panel_grab_focus;

  properties[PROP_TOWN_ID] =
    g_param_spec_string ("town-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DATE] =
    g_param_spec_uint ("date", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CbTownPanel::date-activated:
   * @day: a Julian day
   *
   * The reader clicked an event's day: the map should show that day.
   */
  signals[SIGNAL_DATE_ACTIVATED] =
    g_signal_new ("date-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "town-panel.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "town-panel.close", NULL, close_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "town-panel.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cb-town-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, other_names_label);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, note_label);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, status_sources_box);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, held_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, held_box);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, clauses_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, clauses_box);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, events_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, events_box);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, legacy_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, legacy_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  {
    GtkCssProvider *provider = gtk_css_provider_new ();
    GdkDisplay *display = gdk_display_get_default ();

    gtk_css_provider_load_from_data (provider, panel_css, -1);
    if (display != NULL)
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (provider);
  }
  gtk_widget_class_set_css_name (widget_class, "townpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cb_town_panel_init (CbTownPanel *self)
{
  self->text = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->name_source_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->name_source_label, 0);
  gtk_label_set_wrap (self->name_source_label, TRUE);
  gtk_label_set_selectable (self->name_source_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_source_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->name_source_label), "caption");
  gtk_widget_insert_after (GTK_WIDGET (self->name_source_label),
                           gtk_widget_get_parent (GTK_WIDGET (self->other_names_label)),
                           GTK_WIDGET (self->other_names_label));
  rebuild (self);
}

/* ---- the panel at a date ------------------------------------------- */

guint
cb_town_panel_get_date (CbTownPanel *self)
{
  g_return_val_if_fail (CB_IS_TOWN_PANEL (self), 0);

  return self->date;
}

void
cb_town_panel_set_date (CbTownPanel *self,
                        guint        date)
{
  g_return_if_fail (CB_IS_TOWN_PANEL (self));

  if (self->date == date)
    return;
  self->date = date;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}
