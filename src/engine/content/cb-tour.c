/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cb-error.h"
#include "cb-tour.h"

struct _CbTour
{
  GObject parent_instance;

  CbHistory *history;
  GArray *moments;      /* CbTourMoment */
  GPtrArray *problems;  /* char *, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (CbTour, cb_tour, G_TYPE_OBJECT)

static void
clear_moment (gpointer data)
{
  CbTourMoment *moment = data;

  g_free (moment->town_id);
  g_free (moment->title);
}

static void
cb_tour_finalize (GObject *object)
{
  CbTour *self = CB_TOUR (object);

  g_clear_object (&self->history);
  g_clear_pointer (&self->moments, g_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_tour_parent_class)->finalize (object);
}

static void
cb_tour_class_init (CbTourClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cb_tour_finalize;
}

static void
cb_tour_init (CbTour *self)
{
  self->moments = g_array_new (FALSE, TRUE, sizeof (CbTourMoment));
  g_array_set_clear_func (self->moments, clear_moment);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
}

static void
add_problem (CbTour     *self,
             const char *file,
             int         line,
             const char *reason)
{
  g_ptr_array_index (self->problems, self->problems->len - 1) = g_strdup_printf ("%s:%d: %s", file, line, reason);
  g_ptr_array_add (self->problems, NULL);
}

static const CbHistoryEvent *
find_event (CbHistory  *history,
            const char *id)
{
  GPtrArray *events = cb_history_get_events (history);

  for (guint i = 0; i < events->len; i++)
    {
      const CbHistoryEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->id, id) == 0 ||
          (g_str_has_prefix (event->id, "event:") && g_strcmp0 (event->id + 6, id) == 0))
        return event;
    }
  return NULL;
}

/* The line of "[group]" in @contents, for messages (0 when not found). */
static int
group_line (const char *contents,
            const char *group)
{
  g_autofree char *header = g_strdup_printf ("[%s]", group);
  const char *found = strstr (contents, header);
  int line = 1;

  if (found == NULL)
    return 0;
  for (const char *p = contents; p < found; p++)
    line += *p == '\n';
  return line;
}

CbTour *
cb_tour_new_from_file (const char  *path,
                       CbHistory   *history,
                       GError     **error)
{
  g_autoptr(CbTour) self = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (CB_IS_HISTORY (history), NULL);

  basename = g_path_get_basename (path);
  if (!g_file_get_contents (path, &contents, &length, &local_error) ||
      !g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT, "%s: %s", basename, local_error->message);
      return NULL;
    }

  self = g_object_new (CB_TYPE_TOUR, NULL);
  self->history = g_object_ref (history);

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *event_id = g_key_file_get_string (keyfile, groups[i], "event", NULL);
      g_autofree char *town_id = g_key_file_get_string (keyfile, groups[i], "town", NULL);
      g_autofree char *title = g_key_file_get_locale_string (keyfile, groups[i], "title", NULL, NULL);
      int line = group_line (contents, groups[i]);
      const CbHistoryEvent *event;
      CbTourMoment moment = { 0 };
      GDate date;

      if (!g_str_has_prefix (groups[i], "moment:"))
        {
          add_problem (self, basename, line, _("not a [moment:…] group"));
          continue;
        }
      if (event_id == NULL || (event = find_event (history, event_id)) == NULL)
        {
          add_problem (self, basename, line, _("no such event"));
          continue;
        }
      if (town_id == NULL || cb_history_get_town (history, town_id) == NULL)
        {
          add_problem (self, basename, line, _("no such town"));
          continue;
        }
      if (event->date.month == 0 || event->date.day == 0 ||
          !g_date_valid_dmy (event->date.day, event->date.month, event->date.year))
        {
          add_problem (self, basename, line, _("the event has no exact day"));
          continue;
        }
      if (title == NULL || *g_strstrip (title) == '\0')
        {
          add_problem (self, basename, line, _("missing “title”"));
          continue;
        }

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, event->date.day, event->date.month, event->date.year);
      moment.event = event;
      moment.town_id = g_steal_pointer (&town_id);
      moment.title = g_steal_pointer (&title);
      moment.day = g_date_get_julian (&date);
      g_array_append_val (self->moments, moment);
    }

  return g_steal_pointer (&self);
}

guint
cb_tour_get_n_moments (CbTour *self)
{
  g_return_val_if_fail (CB_IS_TOUR (self), 0);
  return self->moments->len;
}

const CbTourMoment *
cb_tour_get_moment (CbTour *self,
                    guint   index)
{
  g_return_val_if_fail (CB_IS_TOUR (self), NULL);
  g_return_val_if_fail (index < self->moments->len, NULL);
  return &g_array_index (self->moments, CbTourMoment, index);
}

const char * const *
cb_tour_get_problems (CbTour *self)
{
  g_return_val_if_fail (CB_IS_TOUR (self), NULL);
  return (const char * const *) self->problems->pdata;
}
