/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-timeline.h"
#include "cb-tour-bar.h"

struct _CbTourBar
{
  GtkWidget parent_instance;

  CbTour *tour;
  guint index;

  GtkLabel *title_label;
  GtkLabel *caption_label;
  GtkLabel *sources_label;
  GtkLabel *position_label;
  GtkButton *previous_button;
  GtkButton *next_button;
  GtkButton *close_button;
};

G_DEFINE_FINAL_TYPE (CbTourBar, cb_tour_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TOUR,
  PROP_INDEX,
  N_PROPS
};

enum {
  SIGNAL_CLOSE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
cb_tour_bar_new (void)
{
  return g_object_new (CB_TYPE_TOUR_BAR, NULL);
}

static void
show_moment (CbTourBar *self)
{
  const CbTourMoment *moment;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;
  g_autofree char *position = NULL;
  g_autoptr(GString) sources = g_string_new (NULL);
  guint n = self->tour ? cb_tour_get_n_moments (self->tour) : 0;

  /* At the last moment the keyboard goes on to End Tour, not nowhere. */
  if (self->index + 1 >= n && gtk_widget_has_focus (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tour.previous", self->index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tour.next", self->index + 1 < n);
  if (self->index >= n)
    return;

  moment = cb_tour_get_moment (self->tour, self->index);
  day = cb_timeline_format_day (moment->day);
  /* TRANSLATORS: the tour caption's heading: day, then title */
  title = g_strdup_printf (_("%s — %s"), day, moment->title);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->caption_label, moment->event->summary);

  for (guint i = 0; moment->event->citations != NULL && i < moment->event->citations->len; i++)
    {
      g_autofree char *citation = cb_history_citation_format (g_ptr_array_index (moment->event->citations, i));

      g_string_append_printf (sources, "%s%s", sources->len ? "; " : "", citation);
    }
  {
    /* TRANSLATORS: the tour caption's sources */
    g_autofree char *line = g_strdup_printf (_("Sources: %s"), sources->str);

    gtk_label_set_text (self->sources_label, line);
  }
  /* TRANSLATORS: which moment of the tour this is, e.g. "3 of 20" */
  position = g_strdup_printf (_("%u of %u"), self->index + 1, n);
  gtk_label_set_text (self->position_label, position);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
}

CbTour *
cb_tour_bar_get_tour (CbTourBar *self)
{
  g_return_val_if_fail (CB_IS_TOUR_BAR (self), NULL);
  return self->tour;
}

void
cb_tour_bar_set_tour (CbTourBar *self,
                      CbTour    *tour)
{
  g_return_if_fail (CB_IS_TOUR_BAR (self));
  g_return_if_fail (tour == NULL || CB_IS_TOUR (tour));

  if (!g_set_object (&self->tour, tour))
    return;
  self->index = 0;
  show_moment (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOUR]);
}

guint
cb_tour_bar_get_index (CbTourBar *self)
{
  g_return_val_if_fail (CB_IS_TOUR_BAR (self), 0);
  return self->index;
}

void
cb_tour_bar_set_index (CbTourBar *self,
                       guint      index)
{
  g_return_if_fail (CB_IS_TOUR_BAR (self));

  if (self->tour == NULL || index >= cb_tour_get_n_moments (self->tour))
    return;
  self->index = index;
  show_moment (self);
  /* Notified even when it stays: showing the moment again re-centres the map. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

gboolean
cb_tour_bar_step (CbTourBar *self,
                  gboolean   forward)
{
  g_return_val_if_fail (CB_IS_TOUR_BAR (self), FALSE);

  if (self->tour == NULL ||
      (forward ? self->index + 1 >= cb_tour_get_n_moments (self->tour) : self->index == 0))
    return FALSE;
  cb_tour_bar_set_index (self, forward ? self->index + 1 : self->index - 1);
  return TRUE;
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cb_tour_bar_step (CB_TOUR_BAR (widget), g_str_equal (action_name, "tour.next"));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE_REQUESTED], 0);
}

/* Focus goes to Next, so that Enter walks through the tour. */
static gboolean
cb_tour_bar_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CB_TOUR_BAR (widget)->next_button));
}

static void
cb_tour_bar_dispose (GObject *object)
{
  CbTourBar *self = CB_TOUR_BAR (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->tour);

  G_OBJECT_CLASS (cb_tour_bar_parent_class)->dispose (object);
}

static void
cb_tour_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CbTourBar *self = CB_TOUR_BAR (object);

  switch (prop_id)
    {
    case PROP_TOUR:
      g_value_set_object (value, self->tour);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_tour_bar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CbTourBar *self = CB_TOUR_BAR (object);

  switch (prop_id)
    {
    case PROP_TOUR:
      cb_tour_bar_set_tour (self, g_value_get_object (value));
      break;
    case PROP_INDEX:
      cb_tour_bar_set_index (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_tour_bar_class_init (CbTourBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cb_tour_bar_dispose;
  object_class->get_property = cb_tour_bar_get_property;
  object_class->set_property = cb_tour_bar_set_property;
  widget_class->grab_focus = cb_tour_bar_grab_focus;

  properties[PROP_TOUR] = g_param_spec_object ("tour", NULL, NULL, CB_TYPE_TOUR, flags);
  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CbTourBar::close-requested:
   *
   * The Close button or Escape (tour.close): the tour should end.
   */
  signals[SIGNAL_CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "tour.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "tour.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "tour.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "tour.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "tour.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "tour.previous", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tourbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkButton *
make_button (const char *icon,
             const char *action,
             const char *label,
             const char *tooltip)
{
  GtkButton *button = GTK_BUTTON (gtk_button_new_from_icon_name (icon));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (GTK_WIDGET (button), GTK_ALIGN_CENTER);
  return button;
}

static void
cb_tour_bar_init (CbTourBar *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Guided Tour"), -1);
  gtk_widget_add_css_class (widget, "toolbar");

  self->previous_button = make_button ("go-previous-symbolic", "tour.previous",
                                       _("Previous Moment"), _("Previous Moment (Page Up)"));
  gtk_widget_set_parent (GTK_WIDGET (self->previous_button), widget);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  self->caption_label = GTK_LABEL (gtk_label_new (NULL));
  self->sources_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  /* Nothing here may widen the window: the bar takes the width it gets. */
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_label_set_lines (self->title_label, 2);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (self->title_label, 10);
  gtk_label_set_width_chars (self->caption_label, 10);
  gtk_label_set_width_chars (self->sources_label, 10);
  gtk_label_set_wrap (self->caption_label, TRUE);
  gtk_label_set_lines (self->caption_label, 2);
  gtk_label_set_ellipsize (self->caption_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (self->sources_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->sources_label), "caption");
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_xalign (self->caption_label, 0);
  gtk_label_set_xalign (self->sources_label, 0);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->caption_label));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->sources_label));
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_parent (text, widget);

  self->position_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->position_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->position_label), "numeric");
  gtk_widget_set_parent (GTK_WIDGET (self->position_label), widget);

  self->next_button = make_button ("go-next-symbolic", "tour.next",
                                   _("Next Moment"), _("Next Moment (Page Down)"));
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  gtk_widget_set_parent (GTK_WIDGET (self->next_button), widget);

  self->close_button = make_button ("window-close-symbolic", "tour.close",
                              _("End Tour"), _("End Tour (Escape)"));
  gtk_widget_add_css_class (GTK_WIDGET (self->close_button), "flat");
  gtk_widget_set_parent (GTK_WIDGET (self->close_button), widget);
}
