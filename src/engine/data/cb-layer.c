/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cb-layer.h"
#include "cb-shapefile.h"

struct _CbLayer
{
  GObject parent_instance;

  CbFeatureSet *features;
  char *id;
  char *title;
  gboolean visible;
  CbLayerGroup group;
  CbLayerStyle style;
};

G_DEFINE_FINAL_TYPE (CbLayer, cb_layer, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CbLayerGroup, cb_layer_group,
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_TREATY_1920, "treaty-1920"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_LINES_1919_1923, "lines-1919-1923"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_REGIONS, "regions"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_CONTEXT, "context"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_USER, "user"))

enum {
  PROP_0,
  PROP_FEATURES,
  PROP_ID,
  PROP_TITLE,
  PROP_VISIBLE,
  PROP_GROUP,
  PROP_STYLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cb_layer_finalize (GObject *object)
{
  CbLayer *self = CB_LAYER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->features, cb_feature_set_unref);

  G_OBJECT_CLASS (cb_layer_parent_class)->finalize (object);
}

static void
cb_layer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CbLayer *self = CB_LAYER (object);

  switch (prop_id)
    {
    case PROP_FEATURES:
      g_value_set_boxed (value, self->features);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_GROUP:
      g_value_set_enum (value, self->group);
      break;
    case PROP_STYLE:
      g_value_set_pointer (value, &self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_layer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CbLayer *self = CB_LAYER (object);

  switch (prop_id)
    {
    case PROP_FEATURES:
      self->features = g_value_dup_boxed (value);
      break;
    case PROP_ID:
      cb_layer_set_id (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      cb_layer_set_title (self, g_value_get_string (value));
      break;
    case PROP_VISIBLE:
      cb_layer_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_GROUP:
      cb_layer_set_group (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_layer_class_init (CbLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cb_layer_finalize;
  object_class->get_property = cb_layer_get_property;
  object_class->set_property = cb_layer_set_property;

  properties[PROP_FEATURES] =
    g_param_spec_boxed ("features", NULL, NULL, CB_TYPE_FEATURE_SET,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE, flags);
  properties[PROP_GROUP] =
    g_param_spec_enum ("group", NULL, NULL,
                       CB_TYPE_LAYER_GROUP, CB_LAYER_GROUP_USER, flags);
  properties[PROP_STYLE] =
    g_param_spec_pointer ("style", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
default_style (CbLayerStyle *style)
{
  memset (style, 0, sizeof *style);
  style->line_light = (CbColor) { 0.2, 0.2, 0.2, 1 };
  style->line_dark = (CbColor) { 0.85, 0.85, 0.85, 1 };
  style->line_width = 1.5;
  style->uncertain_alpha = 0.6;
  style->uncertain_dashes[0] = 2;
  style->uncertain_dashes[1] = 3;
  style->n_uncertain_dashes = 2;
  style->point_radius = 3;
}

static void
cb_layer_init (CbLayer *self)
{
  self->visible = TRUE;
  self->group = CB_LAYER_GROUP_USER;
  default_style (&self->style);
}

CbLayer *
cb_layer_new (CbFeatureSet *features,
              const char   *id)
{
  g_return_val_if_fail (features != NULL, NULL);

  return g_object_new (CB_TYPE_LAYER,
                       "features", features,
                       "id", id,
                       "title", id,
                       NULL);
}

CbLayer *
cb_layer_new_from_file (const char  *shp_path,
                        GError     **error)
{
  g_autoptr(CbFeatureSet) features = NULL;
  g_autofree char *basename = NULL;
  char *dot;

  g_return_val_if_fail (shp_path != NULL, NULL);

  features = cb_shapefile_load (shp_path, error);
  if (features == NULL)
    return NULL;

  basename = g_path_get_basename (shp_path);
  dot = strrchr (basename, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".shp") == 0)
    *dot = '\0';
  return cb_layer_new (features, basename);
}

CbLayer *
cb_layer_copy (CbLayer *self)
{
  CbLayer *copy;

  g_return_val_if_fail (CB_IS_LAYER (self), NULL);

  copy = cb_layer_new (self->features, self->id);
  cb_layer_set_title (copy, self->title);
  copy->visible = self->visible;
  copy->group = self->group;
  copy->style = self->style;
  return copy;
}

CbFeatureSet *
cb_layer_get_features (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->features;
}

const char *
cb_layer_get_id (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->id;
}

void
cb_layer_set_id (CbLayer    *self,
                 const char *id)
{
  g_return_if_fail (CB_IS_LAYER (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
cb_layer_get_title (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->title;
}

void
cb_layer_set_title (CbLayer    *self,
                    const char *title)
{
  g_return_if_fail (CB_IS_LAYER (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
cb_layer_get_visible (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), FALSE);
  return self->visible;
}

void
cb_layer_set_visible (CbLayer  *self,
                      gboolean  visible)
{
  g_return_if_fail (CB_IS_LAYER (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

CbLayerGroup
cb_layer_get_group (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), CB_LAYER_GROUP_USER);
  return self->group;
}

void
cb_layer_set_group (CbLayer      *self,
                    CbLayerGroup  group)
{
  g_return_if_fail (CB_IS_LAYER (self));

  if (self->group == group)
    return;
  self->group = group;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

const CbLayerStyle *
cb_layer_get_style (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return &self->style;
}

void
cb_layer_set_style (CbLayer            *self,
                    const CbLayerStyle *style)
{
  g_return_if_fail (CB_IS_LAYER (self));
  g_return_if_fail (style != NULL);

  if (memcmp (&self->style, style, sizeof *style) == 0)
    return;
  self->style = *style;
  self->style.n_dashes = MIN (self->style.n_dashes, CB_STYLE_MAX_DASHES);
  self->style.n_uncertain_dashes = MIN (self->style.n_uncertain_dashes, CB_STYLE_MAX_DASHES);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}
