/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cb-town-search.h"

/* More would only be noise: a name this vague needs more letters. */
#define MAX_RESULTS 50

struct _CbTownSearch
{
  GtkWidget    parent_instance;

  CbGazetteer *gazetteer;
  char        *language;
  GPtrArray   *results;     /* town ids (owned), in list order */

  /* Template children */
  GtkSearchEntry *entry;
  GtkLabel       *status_label;
  GtkWidget      *results_scroller;
  GtkListBox     *results_list;
};

G_DEFINE_FINAL_TYPE (CbTownSearch, cb_town_search, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOWN_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CbPlaceLanguage
current_language (CbTownSearch *self)
{
  CbPlaceLanguage language;

  if (!cb_place_language_from_code (self->language, &language))
    language = cb_place_language_from_locale (NULL);

  return language;
}

static GtkWidget *
new_result_row (CbTownSearch           *self,
                const CbGazetteerMatch *match)
{
  const char *name = cb_town_get_name (match->town, current_language (self));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name);
  g_autofree char *accessible = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);

  /* Show which name matched when the user typed another one. */
  if (g_strcmp0 (match->matched_name, name) != 0)
    {
      GtkWidget *matched = gtk_label_new (match->matched_name);

      gtk_label_set_xalign (GTK_LABEL (matched), 0);
      gtk_label_set_ellipsize (GTK_LABEL (matched), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (matched, "dim-label");
      gtk_widget_add_css_class (matched, "caption");
      gtk_box_append (GTK_BOX (box), matched);
      /* TRANSLATORS: a search result: the place's name, then the name that matched */
      accessible = g_strdup_printf (_("%s, also called %s"), name, match->matched_name);
    }
  else
    {
      accessible = g_strdup (name);
    }

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
clear_results (CbTownSearch *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  g_ptr_array_set_size (self->results, 0);
}

static void
search_changed (CbTownSearch *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GPtrArray) matches = NULL;
  guint shown;

  clear_results (self);

  if (self->gazetteer == NULL || query[0] == '\0')
    {
      gtk_widget_set_visible (self->results_scroller, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      return;
    }

  matches = cb_gazetteer_search (self->gazetteer, query);
  shown = MIN (matches->len, MAX_RESULTS);
  for (guint i = 0; i < shown; i++)
    {
      const CbGazetteerMatch *match = g_ptr_array_index (matches, i);

      g_ptr_array_add (self->results, g_strdup (match->town->id));
      gtk_list_box_append (self->results_list, new_result_row (self, match));
    }

  gtk_widget_set_visible (self->results_scroller, shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), shown == 0);
  if (shown == 0)
    gtk_label_set_text (self->status_label, _("No places found"));
  else
    gtk_list_box_select_row (self->results_list,
                             gtk_list_box_get_row_at_index (self->results_list, 0));
}

static void
choose (CbTownSearch *self,
        guint         position)
{
  g_autofree char *town_id = NULL;

  if (position >= self->results->len)
    return;

  town_id = g_strdup (g_ptr_array_index (self->results, position));
  g_signal_emit (self, signals[SIGNAL_TOWN_CHOSEN], 0, town_id);
}

static void
entry_activated (CbTownSearch *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results_list);

  choose (self, row != NULL ? (guint) gtk_list_box_row_get_index (row) : 0);
}

static void
row_activated (CbTownSearch  *self,
               GtkListBoxRow *row)
{
  choose (self, gtk_list_box_row_get_index (row));
}

/* Up and Down in the entry move through the results, so the keyboard
 * never has to leave the entry. */
static gboolean
entry_key_pressed (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   CbTownSearch          *self)
{
  GtkListBoxRow *row;
  int index, n = (int) self->results->len;

  if (n == 0 || (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up &&
                 keyval != GDK_KEY_KP_Down && keyval != GDK_KEY_KP_Up))
    return GDK_EVENT_PROPAGATE;

  row = gtk_list_box_get_selected_row (self->results_list);
  index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    index = MIN (index + 1, n - 1);
  else
    index = MAX (index - 1, 0);

  row = gtk_list_box_get_row_at_index (self->results_list, index);
  gtk_list_box_select_row (self->results_list, row);
  /* Keep the selected row in view. */
  {
    graphene_rect_t bounds;

    if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->results_list), &bounds))
      {
        GtkAdjustment *adjustment =
          gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->results_scroller));

        gtk_adjustment_clamp_page (adjustment, bounds.origin.y,
                                   bounds.origin.y + bounds.size.height);
      }
  }

  return GDK_EVENT_STOP;
}

GtkWidget *
cb_town_search_new (void)
{
  return g_object_new (CB_TYPE_TOWN_SEARCH, NULL);
}

void
cb_town_search_set_gazetteer (CbTownSearch *self,
                              CbGazetteer  *gazetteer)
{
  g_return_if_fail (CB_IS_TOWN_SEARCH (self));

  if (g_set_object (&self->gazetteer, gazetteer))
    search_changed (self);
}

const char *
cb_town_search_get_language (CbTownSearch *self)
{
  g_return_val_if_fail (CB_IS_TOWN_SEARCH (self), NULL);

  return self->language;
}

void
cb_town_search_set_language (CbTownSearch *self,
                             const char   *language)
{
  g_return_if_fail (CB_IS_TOWN_SEARCH (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  search_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
cb_town_search_start (CbTownSearch *self)
{
  g_return_if_fail (CB_IS_TOWN_SEARCH (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

GtkEditable *
cb_town_search_get_entry (CbTownSearch *self)
{
  g_return_val_if_fail (CB_IS_TOWN_SEARCH (self), NULL);

  return GTK_EDITABLE (self->entry);
}

guint
cb_town_search_get_n_results (CbTownSearch *self)
{
  g_return_val_if_fail (CB_IS_TOWN_SEARCH (self), 0);

  return self->results->len;
}

const char *
cb_town_search_get_result (CbTownSearch *self,
                           guint         position)
{
  g_return_val_if_fail (CB_IS_TOWN_SEARCH (self), NULL);

  if (position >= self->results->len)
    return NULL;

  return g_ptr_array_index (self->results, position);
}

static gboolean
cb_town_search_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CB_TOWN_SEARCH (widget)->entry));
}

static void
cb_town_search_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CbTownSearch *self = CB_TOWN_SEARCH (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_town_search_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CbTownSearch *self = CB_TOWN_SEARCH (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      cb_town_search_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_town_search_dispose (GObject *object)
{
  CbTownSearch *self = CB_TOWN_SEARCH (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CB_TYPE_TOWN_SEARCH);
  /* The template's top box is not bound: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->gazetteer);

  G_OBJECT_CLASS (cb_town_search_parent_class)->dispose (object);
}

static void
cb_town_search_finalize (GObject *object)
{
  CbTownSearch *self = CB_TOWN_SEARCH (object);

  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_town_search_parent_class)->finalize (object);
}

static void
cb_town_search_class_init (CbTownSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cb_town_search_get_property;
  object_class->set_property = cb_town_search_set_property;
  object_class->dispose = cb_town_search_dispose;
  object_class->finalize = cb_town_search_finalize;
  widget_class->grab_focus = cb_town_search_grab_focus;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TOWN_CHOSEN] =
    g_signal_new ("town-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cb-town-search.ui");
  gtk_widget_class_bind_template_child (widget_class, CbTownSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, CbTownSearch, status_label);
  gtk_widget_class_bind_template_child (widget_class, CbTownSearch, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, CbTownSearch, results_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "townsearch");
}

static void
cb_town_search_init (CbTownSearch *self)
{
  GtkEventController *keys;

  self->results = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}
