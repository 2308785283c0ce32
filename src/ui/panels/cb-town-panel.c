/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cb-town-panel.h"

struct _CbTownPanel
{
  GtkWidget    parent_instance;

  CbGazetteer *gazetteer;
  CbHistory   *history;
  char        *town_id;
  char        *language;
  GString     *text;

  /* Template children */
  GtkWidget   *scroller;
  GtkLabel    *name_label;
  GtkLabel    *other_names_label;
  GtkLabel    *status_label;
  GtkLabel    *note_label;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CLOSE_REQUESTED,
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

/* "Source: label — link 1, link 2" with each address a link. */
static char *
source_markup (const char        *source,
               const char * const *urls)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (source, -1);
  guint n_urls = urls != NULL ? g_strv_length ((char **) urls) : 0;

  /* TRANSLATORS: before the name of a source of a quotation or event */
  g_string_append_printf (markup, "<small>%s %s", _("Source:"), escaped);

  for (guint i = 0; i < n_urls; i++)
    {
      g_autofree char *link = NULL;

      if (n_urls == 1)
        /* TRANSLATORS: the text of the link to the one online source */
        link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", urls[i], _("online"));
      else
        /* TRANSLATORS: the text of the links to several online sources: [1], [2]… */
        link = g_markup_printf_escaped ("<a href=\"%s\">[%u]</a>", urls[i], i + 1);

      g_string_append (markup, i == 0 ? " — " : " ");
      g_string_append (markup, link);
    }
  g_string_append (markup, "</small>");

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
append_source (CbTownPanel        *self,
               GtkBox             *box,
               const char         *source,
               const char * const *urls)
{
  g_autofree char *markup = source_markup (source, urls);
  GtkWidget *label = new_text_label (markup, TRUE);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (box, label);

  /* "[1] [2]" tells a screen reader nothing: give it the addresses. */
  if (urls != NULL && urls[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) urls);

      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, joined,
                                      -1);
    }

  g_string_append_printf (self->text, "%s %s\n", _("Source:"), source);
  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    g_string_append_printf (self->text, "  %s\n", urls[i]);
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

  return code;
}

/* ---- clauses -------------------------------------------------------- */

static void
append_clause (CbTownPanel               *self,
               const CbHistoryTownClause *town_clause)
{
  const CbHistoryClause *clause = town_clause->clause;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *kind = NULL;
  const char *urls[2] = { clause->source_url, NULL };
  g_auto(GStrv) url_list = NULL;

  gtk_widget_set_margin_bottom (box, 12);
  gtk_box_append (GTK_BOX (box), new_heading (clause->title, "heading"));
  gtk_box_append (GTK_BOX (box), new_text_label (clause->document->title, FALSE));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");
  g_string_append_printf (self->text, "\n%s\n%s\n", clause->title, clause->document->title);

  if (town_clause->why != NULL)
    {
      gtk_box_append (GTK_BOX (box), new_text_label (town_clause->why, FALSE));
      g_string_append_printf (self->text, "%s\n", town_clause->why);
    }

  switch (clause->status)
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

  if (clause->source_url != NULL)
    url_list = g_strsplit_set (clause->source_url, " \t", -1);
  append_source (self, GTK_BOX (box), clause->source,
                 url_list != NULL ? (const char * const *) url_list : urls);

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
  gtk_box_append (GTK_BOX (box), date_label);
  g_string_append_printf (self->text, "\n%s\n", date_text);

  if (event->date_note != NULL)
    {
      GtkWidget *note = new_text_label (event->date_note, FALSE);

      gtk_widget_add_css_class (note, "caption");
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (box), note);
      g_string_append_printf (self->text, "%s\n", event->date_note);
    }

  gtk_box_append (GTK_BOX (box), new_text_label (event->summary, FALSE));
  g_string_append_printf (self->text, "%s\n", event->summary);
  append_source (self, GTK_BOX (box), event->source,
                 (const char * const *) event->source_urls);

  gtk_box_append (target, box);
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

static void
rebuild (CbTownPanel *self)
{
  const CbTown *town = NULL;
  const CbHistoryTown *history_town = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) others_text = g_string_new (NULL);
  const char *name;
  guint n_events = 0, n_legacy = 0;

  g_string_truncate (self->text, 0);
  remove_children (self->clauses_box);
  remove_children (self->events_box);
  remove_children (self->legacy_box);

  if (self->town_id == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->other_names_label), FALSE);
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
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

  gtk_widget_set_visible (self->clauses_heading,
                          history_town != NULL && history_town->clauses->len > 0);
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
    }
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, clauses_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, clauses_box);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, events_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, events_box);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, legacy_heading);
  gtk_widget_class_bind_template_child (widget_class, CbTownPanel, legacy_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "townpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cb_town_panel_init (CbTownPanel *self)
{
  self->text = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}
