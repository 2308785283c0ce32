/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-timeline.h"

/* How often the day moves while playing, and how long it stops at a key
 * moment (a moment of the guided tour). */
#define PLAY_TICK_MS 100
#define PLAY_PAUSE_MS 1500

/* The speeds offered: days of the scale per second. */
static const struct
{
  const char *label;
  guint days_per_second;
} speeds[] = {
  { N_("A week a second"), 7 },
  { N_("A month a second"), 30 },
  { N_("A quarter a second"), 91 },
};

struct _CbTimeline
{
  GtkWidget parent_instance;

  CbHistory *history;
  guint date;
  GArray *event_days;     /* guint32, sorted, unique */
  GArray *key_days;       /* guint32: the tour's moments, where Play stops a while */
  guint play_id;
  guint pause_id;
  double play_carry;      /* part of a day not yet moved */
  GtkDropDown *speed_choice;

  GtkToggleButton *all_button;
  GtkButton *previous_button;
  GtkButton *play_button;
  GtkButton *next_button;
  GtkScale *scale;
  GtkLabel *date_label;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (CbTimeline, cb_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATE,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

guint32
cb_timeline_first_day (void)
{
  return julian (1918, G_DATE_NOVEMBER, 11);
}

guint32
cb_timeline_last_day (void)
{
  return julian (1923, G_DATE_MARCH, 15);
}

char *
cb_timeline_format_day (guint32 julian_day)
{
  return cb_history_format_day (julian_day);
}

static void
sync_widgets (CbTimeline *self)
{
  gboolean all = self->date == 0;

  self->updating = TRUE;
  gtk_toggle_button_set_active (self->all_button, all);
  if (!all)
    gtk_range_set_value (GTK_RANGE (self->scale), self->date);
  self->updating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), TRUE);
  if (all)
    gtk_label_set_text (self->date_label, _("All lines"));
  else
    {
      g_autofree char *text = cb_timeline_format_day (self->date);

      gtk_label_set_text (self->date_label, text);
    }
}

guint
cb_timeline_get_date (CbTimeline *self)
{
  g_return_val_if_fail (CB_IS_TIMELINE (self), 0);

  return self->date;
}

void
cb_timeline_set_date (CbTimeline *self,
                      guint       date)
{
  g_return_if_fail (CB_IS_TIMELINE (self));

  if (date != 0)
    date = CLAMP (date, cb_timeline_first_day (), cb_timeline_last_day ());
  if (self->date == date)
    return;

  self->date = date;
  sync_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static void
collect_event_days (CbTimeline *self)
{
  GPtrArray *events;

  g_array_set_size (self->event_days, 0);
  gtk_scale_clear_marks (self->scale);
  if (self->history == NULL)
    return;

  events = cb_history_get_events (self->history);
  for (guint i = 0; i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);
      guint32 day;

      if (event->date.year == 0 || event->date.month == 0 || event->date.day == 0 ||
          !g_date_valid_dmy (event->date.day, event->date.month, event->date.year))
        continue;
      day = julian (event->date.year, event->date.month, event->date.day);
      if (day < cb_timeline_first_day () || day > cb_timeline_last_day ())
        continue;
      g_array_append_val (self->event_days, day);
    }
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
update_marks (CbTimeline *self)
{
  guint32 last = 0;

  collect_event_days (self);
  g_array_sort (self->event_days, compare_days);

  /* One tick a day, whatever happened that day. */
  for (guint i = 0; i < self->event_days->len;)
    {
      guint32 day = g_array_index (self->event_days, guint32, i);

      if (day == last)
        {
          g_array_remove_index (self->event_days, i);
          continue;
        }
      gtk_scale_add_mark (self->scale, day, GTK_POS_BOTTOM, NULL);
      last = day;
      i++;
    }
}

CbHistory *
cb_timeline_get_history (CbTimeline *self)
{
  g_return_val_if_fail (CB_IS_TIMELINE (self), NULL);

  return self->history;
}

void
cb_timeline_set_history (CbTimeline *self,
                         CbHistory  *history)
{
  g_return_if_fail (CB_IS_TIMELINE (self));
  g_return_if_fail (history == NULL || CB_IS_HISTORY (history));

  if (!g_set_object (&self->history, history))
    return;

  update_marks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

void
cb_timeline_set_key_days (CbTimeline    *self,
                          const guint32 *days,
                          guint          n_days)
{
  g_return_if_fail (CB_IS_TIMELINE (self));

  g_array_set_size (self->key_days, 0);
  g_array_append_vals (self->key_days, days, n_days);
}

gboolean
cb_timeline_step_event (CbTimeline *self,
                        gboolean    forward)
{
  guint32 from = self->date != 0 ? self->date
               : forward ? cb_timeline_first_day () - 1 : cb_timeline_last_day () + 1;

  g_return_val_if_fail (CB_IS_TIMELINE (self), FALSE);

  for (guint k = 0; k < self->event_days->len; k++)
    {
      guint i = forward ? k : self->event_days->len - 1 - k;
      guint32 day = g_array_index (self->event_days, guint32, i);

      if (forward ? day > from : day < from)
        {
          cb_timeline_set_date (self, day);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- widgets ---- */

static void
scale_value_changed (CbTimeline *self)
{
  if (self->updating)
    return;
  cb_timeline_set_date (self, (guint) gtk_range_get_value (GTK_RANGE (self->scale)));
}

static void
all_toggled (CbTimeline *self)
{
  if (self->updating)
    return;
  if (gtk_toggle_button_get_active (self->all_button))
    cb_timeline_set_date (self, 0);
  else
    cb_timeline_set_date (self, (guint) gtk_range_get_value (GTK_RANGE (self->scale)));
}

static gboolean play_tick (gpointer user_data);

static void
stop_playing (CbTimeline *self)
{
  g_clear_handle_id (&self->play_id, g_source_remove);
  g_clear_handle_id (&self->pause_id, g_source_remove);
  gtk_button_set_icon_name (self->play_button, "media-playback-start-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play"), -1);
}

static gboolean
resume_playing (gpointer user_data)
{
  CbTimeline *self = CB_TIMELINE (user_data);

  self->pause_id = 0;
  self->play_id = g_timeout_add (PLAY_TICK_MS, play_tick, self);
  return G_SOURCE_REMOVE;
}

static gboolean
play_tick (gpointer user_data)
{
  CbTimeline *self = CB_TIMELINE (user_data);
  guint32 day = self->date != 0 ? self->date : cb_timeline_first_day ();
  guint speed = gtk_drop_down_get_selected (self->speed_choice);
  double step = speeds[MIN (speed, G_N_ELEMENTS (speeds) - 1)].days_per_second * PLAY_TICK_MS / 1000.0;
  guint32 next;

  if (day >= cb_timeline_last_day ())
    {
      self->play_id = 0;
      stop_playing (self);
      return G_SOURCE_REMOVE;
    }

  self->play_carry += step;
  next = MIN (day + (guint32) self->play_carry, cb_timeline_last_day ());
  self->play_carry -= (guint32) self->play_carry;

  /* A key moment on the way: stop on its day for a while. */
  for (guint i = 0; i < self->key_days->len; i++)
    {
      guint32 key = g_array_index (self->key_days, guint32, i);

      if (key > day && key <= next)
        {
          cb_timeline_set_date (self, key);
          self->play_id = 0;
          self->pause_id = g_timeout_add (PLAY_PAUSE_MS, resume_playing, self);
          return G_SOURCE_REMOVE;
        }
    }
  cb_timeline_set_date (self, next);
  return G_SOURCE_CONTINUE;
}

static void
play_clicked (CbTimeline *self)
{
  if (self->play_id != 0 || self->pause_id != 0)
    {
      stop_playing (self);
      return;
    }

  if (self->date == 0 || self->date >= cb_timeline_last_day ())
    cb_timeline_set_date (self, cb_timeline_first_day ());
  self->play_id = g_timeout_add (PLAY_TICK_MS, play_tick, self);
  gtk_button_set_icon_name (self->play_button, "media-playback-pause-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pause"), -1);
}

static void
previous_clicked (CbTimeline *self)
{
  cb_timeline_step_event (self, FALSE);
}

static void
next_clicked (CbTimeline *self)
{
  cb_timeline_step_event (self, TRUE);
}

static gboolean
step_event_shortcut (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  cb_timeline_step_event (CB_TIMELINE (widget), g_variant_get_boolean (args));
  return TRUE;
}

static void
cb_timeline_dispose (GObject *object)
{
  CbTimeline *self = CB_TIMELINE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->play_id, g_source_remove);
  g_clear_handle_id (&self->pause_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (cb_timeline_parent_class)->dispose (object);
}

static void
cb_timeline_finalize (GObject *object)
{
  CbTimeline *self = CB_TIMELINE (object);

  g_clear_pointer (&self->event_days, g_array_unref);
  g_clear_pointer (&self->key_days, g_array_unref);

  G_OBJECT_CLASS (cb_timeline_parent_class)->finalize (object);
}

static void
cb_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CbTimeline *self = CB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_uint (value, self->date);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CbTimeline *self = CB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DATE:
      cb_timeline_set_date (self, g_value_get_uint (value));
      break;
    case PROP_HISTORY:
      cb_timeline_set_history (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_timeline_class_init (CbTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cb_timeline_dispose;
  object_class->finalize = cb_timeline_finalize;
  object_class->get_property = cb_timeline_get_property;
  object_class->set_property = cb_timeline_set_property;

  properties[PROP_DATE] =
    g_param_spec_uint ("date", NULL, NULL, 0, G_MAXUINT32, 0, flags);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, CB_TYPE_HISTORY, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK,
                                step_event_shortcut, "b", FALSE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK,
                                step_event_shortcut, "b", TRUE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkButton *
icon_button (CbTimeline *self,
             const char *icon,
             const char *label,
             const char *tooltip,
             GCallback   callback)
{
  GtkButton *button = GTK_BUTTON (gtk_button_new_from_icon_name (icon));

  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (GTK_WIDGET (button), "flat");
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_widget_set_parent (GTK_WIDGET (button), GTK_WIDGET (self));
  return button;
}

static void
cb_timeline_init (CbTimeline *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (widget);

  self->event_days = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->key_days = g_array_new (FALSE, FALSE, sizeof (guint32));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"), -1);

  self->all_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_All Lines")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->all_button),
                               _("Show every line at once, instead of those in force on the day chosen"));
  gtk_toggle_button_set_active (self->all_button, TRUE);
  g_signal_connect_swapped (self->all_button, "toggled", G_CALLBACK (all_toggled), self);
  gtk_widget_set_parent (GTK_WIDGET (self->all_button), widget);

  self->previous_button = icon_button (self, "go-previous-symbolic", _("Previous Event"),
                                       _("Previous Event (Ctrl+Left)"), G_CALLBACK (previous_clicked));
  self->play_button = icon_button (self, "media-playback-start-symbolic", _("Play"),
                                   _("Play the Years"), G_CALLBACK (play_clicked));
  self->next_button = icon_button (self, "go-next-symbolic", _("Next Event"),
                                   _("Next Event (Ctrl+Right)"), G_CALLBACK (next_clicked));

  {
    const char *labels[G_N_ELEMENTS (speeds) + 1] = { NULL };

    for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
      labels[i] = _(speeds[i].label);
    self->speed_choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));
    gtk_drop_down_set_selected (self->speed_choice, 1);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->speed_choice), _("Speed of Play"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_choice),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Speed of Play"), -1);
    gtk_widget_set_valign (GTK_WIDGET (self->speed_choice), GTK_ALIGN_CENTER);
    gtk_widget_set_parent (GTK_WIDGET (self->speed_choice), widget);
  }

  self->scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL,
                                                     cb_timeline_first_day (),
                                                     cb_timeline_last_day (), 1));
  gtk_range_set_increments (GTK_RANGE (self->scale), 1, 30);
  gtk_scale_set_draw_value (self->scale, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->scale), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->scale), 80, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Date"), -1);
  g_signal_connect_swapped (self->scale, "value-changed", G_CALLBACK (scale_value_changed), self);
  gtk_widget_set_parent (GTK_WIDGET (self->scale), widget);

  /* The window's setting, by name: the timeline knows no settings. */
  {
    GtkWidget *fade = gtk_toggle_button_new_with_mnemonic (_("_Faded"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (fade), "win.fade-other-lines");
    gtk_widget_set_tooltip_text (fade, _("Also show the lines not in force on this day, faded"));
    gtk_widget_add_css_class (fade, "flat");
    gtk_widget_set_parent (fade, widget);
  }

  self->date_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (self->date_label, 11);
  gtk_label_set_max_width_chars (self->date_label, 17);
  gtk_label_set_xalign (self->date_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->date_label), "numeric");
  gtk_widget_set_parent (GTK_WIDGET (self->date_label), widget);

  gtk_widget_set_margin_start (widget, 6);
  gtk_widget_set_margin_end (widget, 12);
  gtk_widget_set_margin_top (widget, 3);
  gtk_widget_set_margin_bottom (widget, 3);

  sync_widgets (self);
}
