/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cb-atlas.h"
#include "cb-export.h"
#include "cb-paths.h"
#include "cb-sources.h"
#include "cb-user-layer.h"

struct _CbAtlas
{
  GObject parent_instance;

  CbLayerCatalog *catalog;
  CbGazetteer *gazetteer;
  CbHistory *history;
  CbTour *tour;
  char *credits;
  GPtrArray *problems;   /* char *, NULL-terminated */
  GSettings *settings;
  gboolean restoring;    /* do not write user-layers while reading it */
};

G_DEFINE_FINAL_TYPE (CbAtlas, cb_atlas, G_TYPE_OBJECT)

static void
cb_atlas_finalize (GObject *object)
{
  CbAtlas *self = CB_ATLAS (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->gazetteer);
  g_clear_object (&self->history);
  g_clear_object (&self->tour);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->credits, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_atlas_parent_class)->finalize (object);
}

static void
cb_atlas_class_init (CbAtlasClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cb_atlas_finalize;
}

static void
cb_atlas_init (CbAtlas *self)
{
  self->catalog = cb_layer_catalog_new ();
  self->gazetteer = cb_gazetteer_new ();
  self->history = cb_history_new (NULL);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
}

CbAtlas *
cb_atlas_new (void)
{
  return g_object_new (CB_TYPE_ATLAS, NULL);
}

static void
add_problem (CbAtlas *self,
             char    *problem)
{
  g_ptr_array_index (self->problems, self->problems->len - 1) = problem;
  g_ptr_array_add (self->problems, NULL);
}

void
cb_atlas_load (CbAtlas    *self,
               const char *geodata_dir,
               const char *history_dir)
{
  g_autoptr(GError) error = NULL;
  CbLayer *towns;

  g_return_if_fail (CB_IS_ATLAS (self));

  if (geodata_dir == NULL)
    geodata_dir = cb_paths_get_geodata_dir ();
  if (history_dir == NULL)
    history_dir = cb_paths_get_history_dir ();

  if (!cb_layer_catalog_load (self->catalog, geodata_dir, &error))
    add_problem (self, g_strdup (error->message));
  g_clear_error (&error);

  /* The towns layer is the gazetteer's one source. */
  towns = cb_layer_catalog_get_towns (self->catalog);
  if (towns != NULL &&
      !cb_gazetteer_load_features (self->gazetteer, cb_layer_get_features (towns), &error))
    add_problem (self, g_strdup (error->message));
  g_clear_error (&error);

  /* The content names towns, so the gazetteer checks it; a broken entry is
   * reported and skipped, never fatal. */
  if (!cb_history_load_dir (self->history, history_dir, self->gazetteer, &error))
    add_problem (self, g_strdup (error->message));
  g_clear_error (&error);

  /* The tour names towns and events: without towns there is none to
   * take (the missing towns are reported already). */
  g_clear_object (&self->tour);
  if (cb_gazetteer_get_n_towns (self->gazetteer) > 0)
    {
      g_autofree char *tour_path = g_build_filename (history_dir, "tour.ini", NULL);

      self->tour = cb_tour_new_from_file (tour_path, self->history, &error);
      if (self->tour == NULL)
        add_problem (self, g_strdup (error->message));
      else
        for (const char * const *p = cb_tour_get_problems (self->tour); *p != NULL; p++)
          add_problem (self, g_strdup (*p));
    }

  g_free (self->credits);
  /* NULL when CREDITS cannot be read: exports then use their built-in
   * summary of the sources. */
  self->credits = cb_sources_read_credits (geodata_dir);
}

CbLayerCatalog *
cb_atlas_get_catalog (CbAtlas *self)
{
  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  return self->catalog;
}

CbGazetteer *
cb_atlas_get_gazetteer (CbAtlas *self)
{
  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  return self->gazetteer;
}

CbHistory *
cb_atlas_get_history (CbAtlas *self)
{
  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  return self->history;
}

CbTour *
cb_atlas_get_tour (CbAtlas *self)
{
  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  return self->tour;
}

const char *
cb_atlas_get_credits (CbAtlas *self)
{
  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  return self->credits;
}

const char * const *
cb_atlas_get_problems (CbAtlas *self)
{
  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  return (const char * const *) self->problems->pdata;
}

/* ---- layer visibility in GSettings ---- */

static void
layer_visible_changed (CbLayer    *layer,
                       GParamSpec *pspec,
                       CbAtlas    *self)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "layer-visibility");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{sb}"));
  const char *layer_id = cb_layer_get_id (layer);
  gboolean visible = cb_layer_get_visible (layer);
  gboolean saved;
  GVariantIter iter;
  const char *id;

  if (g_variant_lookup (old, layer_id, "b", &saved) && saved == visible)
    return;

  /* Other layers' entries stay, even of layers not loaded now. */
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&sb}", &id, &saved))
    if (!g_str_equal (id, layer_id))
      g_variant_builder_add (&builder, "{sb}", id, saved);
  g_variant_builder_add (&builder, "{sb}", layer_id, visible);
  g_settings_set_value (self->settings, "layer-visibility", g_variant_builder_end (&builder));
}

/* ---- your layers in GSettings ---- */

static void
save_user_layers (CbAtlas *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ssdb)"));

  if (self->settings == NULL || self->restoring)
    return;

  for (guint i = 0; i < cb_layer_catalog_get_n_layers (self->catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (self->catalog, i);
      const CbLayerStyle *style = cb_layer_get_style (layer);
      g_autofree char *color = NULL;

      if (cb_layer_get_group (layer) != CB_LAYER_GROUP_USER)
        continue;
      color = g_strdup_printf ("#%02x%02x%02x",
                               (int) (CLAMP (style->line_light.red, 0, 1) * 255 + 0.5),
                               (int) (CLAMP (style->line_light.green, 0, 1) * 255 + 0.5),
                               (int) (CLAMP (style->line_light.blue, 0, 1) * 255 + 0.5));
      g_variant_builder_add (&builder, "(ssdb)",
                             cb_feature_set_get_path (cb_layer_get_features (layer)),
                             color, style->line_width, cb_layer_get_visible (layer));
    }
  g_settings_set_value (self->settings, "user-layers", g_variant_builder_end (&builder));
}

static void
user_layer_changed (CbAtlas *self)
{
  save_user_layers (self);
}

static gboolean
parse_color (const char *text,
             CbColor    *out)
{
  unsigned int r, g, b;

  if (text == NULL || strlen (text) != 7 || sscanf (text, "#%2x%2x%2x", &r, &g, &b) != 3)
    return FALSE;
  *out = (CbColor) { r / 255.0, g / 255.0, b / 255.0, 1 };
  return TRUE;
}

static gboolean
is_open (CbAtlas    *self,
         const char *path)
{
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (self->catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (self->catalog, i);

      if (cb_layer_get_group (layer) == CB_LAYER_GROUP_USER &&
          g_strcmp0 (cb_feature_set_get_path (cb_layer_get_features (layer)), path) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Opens the remembered layers; what failed is one problem, and is forgotten. */
static void
restore_user_layers (CbAtlas *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "user-layers");
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  const char *path, *color_text;
  double width;
  gboolean visible;

  self->restoring = TRUE;
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s&sdb)", &path, &color_text, &width, &visible))
    {
      g_autoptr(GError) error = NULL;
      CbLayer *layer;
      CbColor color;

      if (is_open (self, path))
        continue;
      layer = cb_layer_catalog_add_user_layer (self->catalog, path, &error);
      if (layer == NULL)
        {
          g_ptr_array_add (failures, g_strdup (error->message));
          continue;
        }
      if (parse_color (color_text, &color))
        cb_user_layer_set_appearance (layer, &color, width);
      cb_layer_set_visible (layer, visible);
    }
  self->restoring = FALSE;

  if (failures->len == 1)
    add_problem (self, g_strdup_printf (_("One of your layers could not be opened again and was "
                                          "removed from the list: %s"),
                                        (char *) g_ptr_array_index (failures, 0)));
  else if (failures->len > 1)
    add_problem (self, g_strdup_printf (_("%u of your layers could not be opened again and were "
                                          "removed from the list: %s (and %u more)"),
                                        failures->len, (char *) g_ptr_array_index (failures, 0),
                                        failures->len - 1));
  save_user_layers (self);
}

CbLayer *
cb_atlas_open_layer (CbAtlas     *self,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (CB_IS_ATLAS (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  return cb_layer_catalog_add_user_layer (self->catalog, absolute, error);
}

void
cb_atlas_remove_layer (CbAtlas *self,
                       CbLayer *layer)
{
  g_return_if_fail (CB_IS_ATLAS (self));
  g_return_if_fail (CB_IS_LAYER (layer));

  cb_layer_catalog_remove_layer (self->catalog, layer);
}

static void
watch_layers (CbAtlas *self,
              guint    position,
              guint    n_added)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "layer-visibility");

  for (guint i = position; i < position + n_added; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (self->catalog, i);
      gboolean visible;

      /* Your layers keep their visibility with their path. */
      if (cb_layer_get_group (layer) == CB_LAYER_GROUP_USER)
        {
          g_signal_handlers_disconnect_by_func (layer, user_layer_changed, self);
          g_signal_connect_object (layer, "notify::visible",
                                   G_CALLBACK (user_layer_changed), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (layer, "notify::style",
                                   G_CALLBACK (user_layer_changed), self, G_CONNECT_SWAPPED);
          continue;
        }
      if (g_variant_lookup (saved, cb_layer_get_id (layer), "b", &visible))
        cb_layer_set_visible (layer, visible);
      g_signal_handlers_disconnect_by_func (layer, layer_visible_changed, self);
      g_signal_connect_object (layer, "notify::visible",
                               G_CALLBACK (layer_visible_changed), self, 0);
    }
}

static void
catalog_items_changed (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       CbAtlas    *self)
{
  watch_layers (self, position, added);
  save_user_layers (self);
}

void
cb_atlas_bind_settings (CbAtlas   *self,
                        GSettings *settings)
{
  g_return_if_fail (CB_IS_ATLAS (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  watch_layers (self, 0, cb_layer_catalog_get_n_layers (self->catalog));
  g_signal_connect_object (self->catalog, "items-changed",
                           G_CALLBACK (catalog_items_changed), self, 0);
  restore_user_layers (self);
}
