/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-map-view.h"

struct _CbMapView
{
  GtkWidget parent_instance;

  /* Template children */
  GtkOverlay *overlay;
  CbMap *map;
  GtkLabel *coordinates_label;
};

G_DEFINE_FINAL_TYPE (CbMapView, cb_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


CbMap *
cb_map_view_get_map (CbMapView *self)
{
  g_return_val_if_fail (CB_IS_MAP_VIEW (self), NULL);

  return self->map;
}

static void
map_pointer_moved (CbMapView *self)
{
  g_autofree char *text = NULL;
  double lon, lat;

  if (!cb_map_get_pointer_position (self->map, &lon, &lat))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->coordinates_label), FALSE);
      return;
    }

  text = cb_map_format_coordinates (lon, lat);
  gtk_label_set_text (self->coordinates_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->coordinates_label), TRUE);
}

static void
cb_map_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CB_TYPE_MAP_VIEW);

  G_OBJECT_CLASS (cb_map_view_parent_class)->dispose (object);
}

static void
cb_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CbMapView *self = CB_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_map_view_class_init (CbMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cb_map_view_dispose;
  object_class->get_property = cb_map_view_get_property;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, CB_TYPE_MAP,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CB_TYPE_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cb-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CbMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, CbMapView, map);
  gtk_widget_class_bind_template_child (widget_class, CbMapView, coordinates_label);
  gtk_widget_class_bind_template_callback (widget_class, map_pointer_moved);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mapview");
}

static void
cb_map_view_init (CbMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The buttons are the map's siblings: give them its actions here. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "map",
                                  cb_map_get_action_group (self->map));
}
