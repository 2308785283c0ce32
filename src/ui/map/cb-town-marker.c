/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-town-marker.h"

struct _CbTownMarker
{
  GtkButton parent_instance;

  char *town_id;
  guint feature;
  char *name;
};

G_DEFINE_FINAL_TYPE (CbTownMarker, cb_town_marker, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_TOWN_ID,
  PROP_FEATURE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * cb_town_marker_new:
 * @town_id: the town's "id" attribute
 * @feature: its index in the towns layer
 * @name: the name to announce
 */
CbTownMarker *
cb_town_marker_new (const char *town_id,
                    guint       feature,
                    const char *name)
{
  g_return_val_if_fail (town_id != NULL, NULL);

  return g_object_new (CB_TYPE_TOWN_MARKER,
                       "town-id", town_id,
                       "feature", feature,
                       "name", name,
                       NULL);
}

const char *
cb_town_marker_get_town_id (CbTownMarker *self)
{
  g_return_val_if_fail (CB_IS_TOWN_MARKER (self), NULL);

  return self->town_id;
}

guint
cb_town_marker_get_feature (CbTownMarker *self)
{
  g_return_val_if_fail (CB_IS_TOWN_MARKER (self), 0);

  return self->feature;
}

const char *
cb_town_marker_get_name (CbTownMarker *self)
{
  g_return_val_if_fail (CB_IS_TOWN_MARKER (self), NULL);

  return self->name;
}

void
cb_town_marker_set_name (CbTownMarker *self,
                         const char   *name)
{
  g_return_if_fail (CB_IS_TOWN_MARKER (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->name ? self->name : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/* Arrow keys: let the map pick the nearest town in that direction; the
 * map's own arrow bindings (panning) must not see the key. */
static gboolean
move_to_neighbour (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkDirectionType direction = g_variant_get_int32 (args);

  if (parent != NULL)
    gtk_widget_child_focus (parent, direction);

  /* Handled even at the edge, so the view does not jump instead. */
  return TRUE;
}

/* Escape: back to the map itself, where the arrow keys pan again. */
static gboolean
return_to_map (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return parent != NULL && gtk_widget_grab_focus (parent);
}

static void
cb_town_marker_finalize (GObject *object)
{
  CbTownMarker *self = CB_TOWN_MARKER (object);

  g_clear_pointer (&self->town_id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (cb_town_marker_parent_class)->finalize (object);
}

static void
cb_town_marker_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CbTownMarker *self = CB_TOWN_MARKER (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      g_value_set_string (value, self->town_id);
      break;
    case PROP_FEATURE:
      g_value_set_uint (value, self->feature);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_town_marker_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CbTownMarker *self = CB_TOWN_MARKER (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      g_free (self->town_id);
      self->town_id = g_value_dup_string (value);
      break;
    case PROP_FEATURE:
      self->feature = g_value_get_uint (value);
      break;
    case PROP_NAME:
      cb_town_marker_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_arrow_binding (GtkWidgetClass   *widget_class,
                   guint             keyval,
                   guint             keypad_keyval,
                   GtkDirectionType  direction)
{
  gtk_widget_class_add_binding (widget_class, keyval, 0,
                                move_to_neighbour, "i", direction);
  gtk_widget_class_add_binding (widget_class, keypad_keyval, 0,
                                move_to_neighbour, "i", direction);
}

static void
cb_town_marker_class_init (CbTownMarkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cb_town_marker_finalize;
  object_class->get_property = cb_town_marker_get_property;
  object_class->set_property = cb_town_marker_set_property;

  properties[PROP_TOWN_ID] =
    g_param_spec_string ("town-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEATURE] =
    g_param_spec_uint ("feature", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* GtkButton binds Enter and Space to "activate", which emits "clicked". */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, return_to_map, NULL);

  add_arrow_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, GTK_DIR_LEFT);
  add_arrow_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, GTK_DIR_RIGHT);
  add_arrow_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, GTK_DIR_UP);
  add_arrow_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, GTK_DIR_DOWN);

  gtk_widget_class_set_css_name (widget_class, "townmarker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
cb_town_marker_init (CbTownMarker *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* Pointer input goes to the map, which hit-tests the drawn town: a
   * marker must not swallow the press that starts a drag. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
