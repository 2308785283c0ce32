/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cb-feature-card.h"
#include "cb-map.h"
#include "cb-sources.h"

/* Beyond this many features the list says how many more there are. */
#define MAX_ROWS 30

struct _CbFeatureCard
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel  *subtitle;
  GtkWidget *list;
  GPtrArray *rows;        /* GtkListBoxRow */
  GPtrArray *row_texts;   /* char * */
};

G_DEFINE_FINAL_TYPE (CbFeatureCard, cb_feature_card, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CLOSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
certainty_text (CbCertainty certainty)
{
  switch (certainty)
    {
    case CB_CERTAINTY_RECONSTRUCTED:
      return _("Reconstructed from a description of the line");
    case CB_CERTAINTY_APPROXIMATE:
      return _("Approximate: no source gives the exact course");
    case CB_CERTAINTY_DATASET:
    default:
      return _("As in the source data set");
    }
}

/* One "Label  value" line; the value is selectable and wraps. */
static void
add_field (GtkGrid    *grid,
           guint      *row,
           const char *label,
           const char *value,
           GString    *spoken,
           gboolean    markup)
{
  GtkWidget *name, *text;

  if (value == NULL || *value == '\0')
    return;

  name = g_object_new (GTK_TYPE_LABEL, "label", label, "xalign", 0.0f, "yalign", 0.0f, NULL);
  gtk_widget_add_css_class (name, "dim-label");
  text = g_object_new (GTK_TYPE_LABEL,
                       "xalign", 0.0f,
                       "wrap", TRUE,
                       "wrap-mode", PANGO_WRAP_WORD_CHAR,
                       "selectable", !markup,
                       "max-width-chars", 40,
                       "hexpand", TRUE,
                       NULL);
  if (markup)
    gtk_label_set_markup (GTK_LABEL (text), value);
  else
    gtk_label_set_text (GTK_LABEL (text), value);
  gtk_grid_attach (grid, name, 0, *row, 1, 1);
  gtk_grid_attach (grid, text, 1, *row, 1, 1);
  (*row)++;
  if (!markup)
    g_string_append_printf (spoken, g_str_has_suffix (value, ".") ? "%s: %s " : "%s: %s. ", label, value);
}

static void
add_sources (GtkGrid    *grid,
             guint      *row,
             const char *sources,
             const char *geodata_dir,
             GString    *spoken)
{
  g_auto(GStrv) keys = NULL;
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);

  if (sources == NULL || *sources == '\0')
    return;
  keys = g_strsplit (sources, ";", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *citation = NULL;
      g_autofree char *url = NULL;
      g_autofree char *escaped = NULL;
      const char *key = g_strstrip (keys[i]);

      if (*key == '\0')
        continue;
      if (geodata_dir == NULL || !cb_sources_lookup (geodata_dir, key, &citation, &url))
        citation = g_strdup (key);
      if (markup->len > 0)
        {
          g_string_append (markup, "\n");
          g_string_append (plain, "; ");
        }
      escaped = g_markup_escape_text (citation, -1);
      if (url != NULL)
        {
          g_autofree char *escaped_url = g_markup_escape_text (url, -1);

          g_string_append_printf (markup, "<a href=\"%s\">%s</a>", escaped_url, escaped);
        }
      else
        g_string_append (markup, escaped);
      g_string_append (plain, citation);
    }
  add_field (grid, row, _("Sources"), markup->str, spoken, TRUE);
  g_string_append_printf (spoken, g_str_has_suffix (plain->str, ".") ? "%s: %s " : "%s: %s. ",
                          _("Sources"), plain->str);
}

static GtkWidget *
create_row (CbFeatureCard *self,
            const CbHit   *hit,
            const char    *geodata_dir,
            char         **out_text)
{
  CbFeatureSet *set = cb_layer_get_features (hit->layer);
  gboolean user = cb_layer_get_group (hit->layer) == CB_LAYER_GROUP_USER;
  g_autoptr(GString) spoken = g_string_new (NULL);
  const char *name = cb_feature_set_get_attribute (set, hit->feature, "name");
  g_autofree char *fallback = NULL;
  GtkWidget *row, *box, *layer_label, *name_label, *grid;
  guint line = 0;

  if (name == NULL || *name == '\0')
    name = fallback = g_strdup_printf (_("Feature %u"), cb_feature_set_get_feature_record (set, hit->feature) + 1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  layer_label = g_object_new (GTK_TYPE_LABEL, "label", cb_layer_get_title (hit->layer),
                              "xalign", 0.0f, "wrap", TRUE, NULL);
  gtk_widget_add_css_class (layer_label, "caption");
  gtk_widget_add_css_class (layer_label, "dim-label");
  name_label = g_object_new (GTK_TYPE_LABEL, "label", name, "xalign", 0.0f, "wrap", TRUE,
                             "selectable", FALSE, NULL);
  gtk_widget_add_css_class (name_label, "heading");
  gtk_box_append (GTK_BOX (box), layer_label);
  gtk_box_append (GTK_BOX (box), name_label);
  g_string_append_printf (spoken, "%s, %s. ", name, cb_layer_get_title (hit->layer));

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_box_append (GTK_BOX (box), grid);

  if (user)
    {
      /* Your layers: the attribute table as it is. */
      for (guint f = 0; f < cb_feature_set_get_n_fields (set); f++)
        add_field (GTK_GRID (grid), &line, cb_feature_set_get_field_name (set, f),
                   cb_feature_set_get_attribute_by_index (set, hit->feature, f), spoken, FALSE);
      if (cb_feature_set_get_n_fields (set) == 0)
        add_field (GTK_GRID (grid), &line, _("Attributes"), _("none in the file"), spoken, FALSE);
    }
  else
    {
      const char *from = cb_feature_set_get_attribute (set, hit->feature, "valid_from");
      const char *to = cb_feature_set_get_attribute (set, hit->feature, "valid_to");
      const char *valid_note = cb_feature_set_get_attribute (set, hit->feature, "valid_note");
      g_autofree char *dates = NULL;

      if (from != NULL && *from != '\0')
        dates = to != NULL && *to != '\0' ? g_strdup_printf ("%s – %s", from, to)
                                          : g_strdup_printf (_("from %s"), from);
      if (dates != NULL && valid_note != NULL && *valid_note != '\0')
        {
          g_autofree char *joined = g_strdup_printf ("%s (%s)", dates, valid_note);
          g_free (dates);
          dates = g_steal_pointer (&joined);
        }
      add_field (GTK_GRID (grid), &line, _("Dates"), dates, spoken, FALSE);
      if (cb_feature_set_find_field (set, "certainty") >= 0)
        add_field (GTK_GRID (grid), &line, _("Certainty"),
                   certainty_text (cb_feature_set_get_feature_certainty (set, hit->feature)), spoken, FALSE);
      add_field (GTK_GRID (grid), &line, _("Note"),
                 cb_feature_set_get_attribute (set, hit->feature, "note"), spoken, FALSE);
      add_sources (GTK_GRID (grid), &line, cb_feature_set_get_attribute (set, hit->feature, "source"),
                   geodata_dir, spoken);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken->str,
                                  -1);
  *out_text = g_strdup (spoken->str);
  return row;
}

static void
clear_rows (CbFeatureCard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->row_texts, 0);
}

void
cb_feature_card_show_hits (CbFeatureCard *self,
                           GArray        *hits,
                           double         lon,
                           double         lat,
                           const char    *geodata_dir)
{
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (CB_IS_FEATURE_CARD (self));
  g_return_if_fail (hits != NULL);

  clear_rows (self);
  where = cb_map_format_coordinates (lon, lat);
  if (hits->len == 0)
    subtitle = g_strdup_printf (_("Nothing of the visible layers at %s"), where);
  else
    subtitle = g_strdup_printf (ngettext ("%u feature at %s", "%u features at %s", hits->len),
                                hits->len, where);
  gtk_label_set_text (self->subtitle, subtitle);

  for (guint i = 0; i < hits->len && i < MAX_ROWS; i++)
    {
      char *text = NULL;
      GtkWidget *row = create_row (self, &g_array_index (hits, CbHit, i), geodata_dir, &text);

      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->row_texts, text);
    }
  if (hits->len > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("and %u more"), hits->len - MAX_ROWS);
      GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "label", more, "margin-top", 6,
                                       "margin-bottom", 6, NULL);

      gtk_list_box_append (GTK_LIST_BOX (self->list), label);
    }
  gtk_widget_set_visible (self->list, hits->len > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
}

guint
cb_feature_card_get_n_rows (CbFeatureCard *self)
{
  g_return_val_if_fail (CB_IS_FEATURE_CARD (self), 0);
  return self->rows->len;
}

GtkWidget *
cb_feature_card_get_row (CbFeatureCard *self,
                         guint          index)
{
  g_return_val_if_fail (CB_IS_FEATURE_CARD (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

char *
cb_feature_card_get_row_text (CbFeatureCard *self,
                              guint          index)
{
  g_return_val_if_fail (CB_IS_FEATURE_CARD (self), NULL);
  g_return_val_if_fail (index < self->row_texts->len, NULL);
  return g_strdup (g_ptr_array_index (self->row_texts, index));
}

static void
close_clicked (CbFeatureCard *self)
{
  g_signal_emit (self, signals[SIGNAL_CLOSE_REQUESTED], 0);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             CbFeatureCard         *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  close_clicked (self);
  return TRUE;
}

static void
cb_feature_card_dispose (GObject *object)
{
  CbFeatureCard *self = CB_FEATURE_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (cb_feature_card_parent_class)->dispose (object);
}

static void
cb_feature_card_finalize (GObject *object)
{
  CbFeatureCard *self = CB_FEATURE_CARD (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->row_texts, g_ptr_array_unref);
  G_OBJECT_CLASS (cb_feature_card_parent_class)->finalize (object);
}

static void
cb_feature_card_class_init (CbFeatureCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cb_feature_card_dispose;
  object_class->finalize = cb_feature_card_finalize;

  signals[SIGNAL_CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "featurecard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cb_feature_card_init (CbFeatureCard *self)
{
  GtkWidget *header, *titles, *title, *close, *scroller;
  GtkEventController *keys;

  self->rows = g_ptr_array_new ();
  self->row_texts = g_ptr_array_new_with_free_func (g_free);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (titles, TRUE);
  title = g_object_new (GTK_TYPE_LABEL, "label", _("What’s Here"), "xalign", 0.0f, NULL);
  gtk_widget_add_css_class (title, "title-4");
  self->subtitle = g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f, "wrap", TRUE, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_box_append (GTK_BOX (titles), title);
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle));
  close = g_object_new (GTK_TYPE_BUTTON, "icon-name", "window-close-symbolic",
                        "valign", GTK_ALIGN_START, "tooltip-text", _("Close (Esc)"), NULL);
  gtk_widget_add_css_class (close, "flat");
  gtk_widget_add_css_class (close, "circular");
  gtk_accessible_update_property (GTK_ACCESSIBLE (close),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close"), -1);
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_clicked), self);
  gtk_box_append (GTK_BOX (header), titles);
  gtk_box_append (GTK_BOX (header), close);
  gtk_box_append (GTK_BOX (self->box), header);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_margin_start (self->list, 6);
  gtk_widget_set_margin_end (self->list, 6);
  gtk_widget_set_margin_bottom (self->list, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Features here"), -1);
  scroller = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                           "hscrollbar-policy", GTK_POLICY_NEVER,
                           "propagate-natural-height", TRUE,
                           "max-content-height", 420,
                           "child", self->list,
                           NULL);
  gtk_box_append (GTK_BOX (self->box), scroller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("What’s Here"), -1);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_size_request (GTK_WIDGET (self), 320, -1);
}

GtkWidget *
cb_feature_card_new (void)
{
  return g_object_new (CB_TYPE_FEATURE_CARD, NULL);
}
