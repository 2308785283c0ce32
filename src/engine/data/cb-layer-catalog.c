/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cb-error.h"
#include "cb-layer-catalog.h"
#include "cb-names.h"
#include "cb-paths.h"
#include "cb-user-layer.h"

struct _CbLayerCatalog
{
  GObject parent_instance;

  GPtrArray *layers;     /* CbLayer, draw order */
  GPtrArray *warnings;   /* char *, NULL-terminated */
};

static void cb_layer_catalog_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CbLayerCatalog, cb_layer_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cb_layer_catalog_list_model_init))

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Draw order, bottom first.  User layers go just below the towns. */
static const CbLayerInfo infos[] = {
  /* Real water only: the background under it is not the sea. */
  { "sea", N_("Sea"), CB_LAYER_GROUP_CONTEXT, TRUE, TRUE },
  { "countries_modern", N_("Countries today"), CB_LAYER_GROUP_CONTEXT, TRUE, TRUE },
  { "lakes", N_("Lakes"), CB_LAYER_GROUP_CONTEXT, TRUE, TRUE },
  { "rivers", N_("Rivers"), CB_LAYER_GROUP_CONTEXT, TRUE, TRUE },
  { "borders_modern", N_("Borders today"), CB_LAYER_GROUP_CONTEXT, TRUE, TRUE },
  { "treaty_1920_territory", N_("Lithuania under the treaty"), CB_LAYER_GROUP_TREATY_1920, TRUE, TRUE },
  { "vilnius_region", N_("Vilnius Region"), CB_LAYER_GROUP_REGIONS, TRUE, TRUE },
  { "suwalki_region", N_("Suwałki Region"), CB_LAYER_GROUP_REGIONS, TRUE, TRUE },
  { "central_lithuania_1920_1922", N_("Central Lithuania 1920–1922"), CB_LAYER_GROUP_REGIONS, FALSE, TRUE },
  { "governorates_1897", N_("Governorates of 1897"), CB_LAYER_GROUP_REGIONS, FALSE, TRUE },
  { "uezds_1897", N_("Counties of 1897"), CB_LAYER_GROUP_REGIONS, FALSE, TRUE },
  { "neutral_zone_1920_1923", N_("Neutral zone 1920–1923"), CB_LAYER_GROUP_LINES_1919_1923, FALSE, TRUE },
  { "riga_preliminary_1920", N_("Riga preliminary frontier 1920"), CB_LAYER_GROUP_LINES_1919_1923, FALSE, TRUE },
  { "riga_1921", N_("Riga frontier 1921"), CB_LAYER_GROUP_LINES_1919_1923, FALSE, TRUE },
  { "curzon_line_1919", CB_NAME_LINE_DECEMBER_1919_MSGID, CB_LAYER_GROUP_LINES_1919_1923, FALSE, TRUE },
  { "demarcation_1923", N_("Demarcation line 1923"), CB_LAYER_GROUP_LINES_1919_1923, TRUE, TRUE },
  { "suwalki_agreement_1920", N_("Suwałki Agreement line 1920"), CB_LAYER_GROUP_LINES_1919_1923, FALSE, TRUE },
  { "foch_line_1919", CB_NAME_LINES_1919_MSGID, CB_LAYER_GROUP_LINES_1919_1923, TRUE, TRUE },
  { "treaty_1920_line", N_("Treaty line of 12 July 1920"), CB_LAYER_GROUP_TREATY_1920, TRUE, TRUE },
  { "towns", N_("Towns"), CB_LAYER_GROUP_CONTEXT, TRUE, TRUE },
};


const CbLayerInfo *
cb_layer_catalog_get_infos (guint *n_infos)
{
  if (n_infos)
    *n_infos = G_N_ELEMENTS (infos);
  return infos;
}

const char *
cb_layer_group_get_title (CbLayerGroup group)
{
  switch (group)
    {
    case CB_LAYER_GROUP_TREATY_1920:
      return _("Treaty of 1920");
    case CB_LAYER_GROUP_LINES_1919_1923:
      return _("Lines of 1919–1923");
    case CB_LAYER_GROUP_REGIONS:
      return _("Regions");
    case CB_LAYER_GROUP_CONTEXT:
      return _("Context");
    case CB_LAYER_GROUP_USER:
      return _("Your layers");
    default:
      return "";
    }
}

static gboolean
is_foch_june (CbLayer *layer,
              guint    feature)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  const char *from = cb_feature_set_get_attribute (features, feature, "valid_from");
  const char *id = cb_feature_set_get_attribute (features, feature, "id");

  if (from != NULL && g_str_has_prefix (from, "1919-06"))
    return TRUE;
  return id != NULL && (strstr (id, "june") != NULL || strstr (id, "06_18") != NULL ||
                        strstr (id, "0618") != NULL);
}

static gboolean
is_suwalki_undefined (CbLayer *layer,
                      guint    feature)
{
  return g_strcmp0 (cb_feature_set_get_attribute (cb_layer_get_features (layer), feature, "id"), "treaty_1920_territory_suwalki") == 0;
}

const CbLayerStyle *
cb_layer_catalog_get_feature_style (CbLayer *layer,
                                    guint    feature)
{
  CbFeatureSet *features = cb_layer_get_features (layer);

  g_return_val_if_fail (CB_IS_LAYER (layer), NULL);

  if (g_strcmp0 (cb_layer_get_id (layer), "treaty_1920_territory") == 0 &&
      feature < cb_feature_set_get_n_features (features) &&
      is_suwalki_undefined (layer, feature))
    return cb_layer_style_get_suwalki_undefined ();

  if (g_strcmp0 (cb_layer_get_id (layer), "foch_line_1919") == 0 &&
      feature < cb_feature_set_get_n_features (features) &&
      is_foch_june (layer, feature))
    return cb_layer_style_get_foch_june ();
  return cb_layer_get_style (layer);
}

guint
cb_layer_catalog_get_legend_entries (CbLayer         *layer,
                                     CbLegendEntry   *entries,
                                     guint            max_entries)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  guint n = 0;

  g_return_val_if_fail (CB_IS_LAYER (layer), 0);

  if (g_strcmp0 (cb_layer_get_id (layer), "foch_line_1919") == 0)
    {
      gboolean have_june = FALSE, have_july = FALSE;

      for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
        {
          if (is_foch_june (layer, f))
            have_june = TRUE;
          else
            have_july = TRUE;
        }
      if (have_june && n < max_entries)
        {
          entries[n].title = cb_names_get (CB_NAME_LINE_JUNE_1919);
          for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
            if (is_foch_june (layer, f))
              {
                entries[n].style = cb_layer_catalog_get_feature_style (layer, f);
                break;
              }
          n++;
        }
      if (have_july && n < max_entries)
        {
          entries[n].title = cb_names_get (CB_NAME_LINE_JULY_1919);
          entries[n].style = cb_layer_get_style (layer);
          n++;
        }
      if (n > 0)
        return n;
    }

  if (g_strcmp0 (cb_layer_get_id (layer), "treaty_1920_territory") == 0 && max_entries >= 2)
    {
      for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
        if (is_suwalki_undefined (layer, f))
          {
            entries[0].title = cb_layer_get_title (layer);
            entries[0].style = cb_layer_get_style (layer);
            entries[1].title = _("Suwałki region: not defined by Article 2");
            entries[1].style = cb_layer_catalog_get_feature_style (layer, f);
            return 2;
          }
    }

  if (max_entries > 0)
    {
      entries[0].title = cb_layer_get_title (layer);
      entries[0].style = cb_layer_get_style (layer);
      n = 1;
    }
  return n;
}

/* ------------------------------------------------------------------ */

static GType
cb_layer_catalog_get_item_type (GListModel *model)
{
  return CB_TYPE_LAYER;
}

static guint
cb_layer_catalog_get_n_items (GListModel *model)
{
  return CB_LAYER_CATALOG (model)->layers->len;
}

static gpointer
cb_layer_catalog_get_item (GListModel *model,
                           guint       position)
{
  CbLayerCatalog *self = CB_LAYER_CATALOG (model);

  if (position >= self->layers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->layers, position));
}

static void
cb_layer_catalog_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cb_layer_catalog_get_item_type;
  iface->get_n_items = cb_layer_catalog_get_n_items;
  iface->get_item = cb_layer_catalog_get_item;
}

static void
on_layer_notify (CbLayer        *layer,
                 GParamSpec     *pspec,
                 CbLayerCatalog *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
disconnect_layer (gpointer data,
                  gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, on_layer_notify, user_data);
}

static void
cb_layer_catalog_dispose (GObject *object)
{
  CbLayerCatalog *self = CB_LAYER_CATALOG (object);

  if (self->layers)
    g_ptr_array_foreach (self->layers, disconnect_layer, self);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_layer_catalog_parent_class)->dispose (object);
}

static void
cb_layer_catalog_finalize (GObject *object)
{
  CbLayerCatalog *self = CB_LAYER_CATALOG (object);

  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_layer_catalog_parent_class)->finalize (object);
}

static void
cb_layer_catalog_class_init (CbLayerCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cb_layer_catalog_dispose;
  object_class->finalize = cb_layer_catalog_finalize;

  /**
   * CbLayerCatalog::changed:
   *
   * A layer's visibility or style changed, or layers were added or
   * removed: whatever shows the map must redraw.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cb_layer_catalog_init (CbLayerCatalog *self)
{
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
}

CbLayerCatalog *
cb_layer_catalog_new (void)
{
  return g_object_new (CB_TYPE_LAYER_CATALOG, NULL);
}

static void
add_warning (CbLayerCatalog *self,
             char           *warning)
{
  g_ptr_array_index (self->warnings, self->warnings->len - 1) = warning;
  g_ptr_array_add (self->warnings, NULL);
}

static void
connect_layer (CbLayerCatalog *self,
               CbLayer        *layer)
{
  g_signal_connect_object (layer, "notify::visible", G_CALLBACK (on_layer_notify), self, 0);
  g_signal_connect_object (layer, "notify::style", G_CALLBACK (on_layer_notify), self, 0);
}

/* The geometry each bundled layer is drawn as: a line layer installed as
 * the towns would be drawn as nonsense, so it is refused. */
static CbGeometryType
role_geometry (const char *id)
{
  if (g_str_equal (id, "towns"))
    return CB_GEOMETRY_POINT;
  if (g_str_equal (id, "borders_modern") || g_str_equal (id, "rivers") ||
      g_str_has_suffix (id, "_line") || g_str_has_suffix (id, "_line_1919") ||
      g_str_has_prefix (id, "riga_") || g_str_has_prefix (id, "demarcation_") ||
      g_str_has_prefix (id, "suwalki_agreement_") || g_str_has_prefix (id, "foch_line_"))
    return CB_GEOMETRY_LINE;
  return CB_GEOMETRY_POLYGON;
}

static gboolean
role_accepts (const char     *id,
              CbGeometryType  type)
{
  return role_geometry (id) == type;
}

static const char *
geometry_words (CbGeometryType type)
{
  switch (type)
    {
    case CB_GEOMETRY_POINT: return _("points");
    case CB_GEOMETRY_LINE: return _("lines");
    case CB_GEOMETRY_POLYGON: return _("polygons");
    default: return _("shapes");
    }
}

gboolean
cb_layer_catalog_load (CbLayerCatalog  *self,
                       const char      *geodata_dir,
                       GError         **error)
{
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *display_dir = NULL;
  guint old_len;
  guint n_required_missing = 0;

  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), FALSE);

  if (geodata_dir == NULL)
    geodata_dir = cb_paths_get_geodata_dir ();
  display_dir = g_filename_display_name (geodata_dir);

  g_ptr_array_set_size (self->warnings, 0);
  g_ptr_array_add (self->warnings, NULL);

  if (!g_file_test (geodata_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                   _("The map data folder %s does not exist"), display_dir);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (infos); i++)
    {
      g_autofree char *file = g_strconcat (infos[i].id, ".shp", NULL);
      g_autofree char *path = g_build_filename (geodata_dir, file, NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(CbLayer) layer = NULL;
      CbLayerStyle style;
      const char * const *notes;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          if (infos[i].required)
            {
              n_required_missing++;
              add_warning (self, g_strdup_printf (_("Layer “%s” is missing (%s not found)"),
                                                  _(infos[i].title), file));
            }
          continue;
        }

      layer = cb_layer_new_from_file (path, &local_error);
      if (layer == NULL)
        {
          add_warning (self, g_strdup_printf (_("Layer “%s” could not be loaded: %s"),
                                              _(infos[i].title), local_error->message));
          continue;
        }

      if (!role_accepts (infos[i].id, cb_feature_set_get_geometry_type (cb_layer_get_features (layer))))
        {
          g_autofree char *display = g_filename_display_name (path);

          add_warning (self, g_strdup_printf (_("Layer “%s” could not be loaded: %s holds %s, but this layer is drawn as %s"),
                                              _(infos[i].title), display,
                                              geometry_words (cb_feature_set_get_geometry_type (cb_layer_get_features (layer))),
                                              geometry_words (role_geometry (infos[i].id))));
          continue;
        }

      cb_layer_set_id (layer, infos[i].id);
      cb_layer_set_title (layer, _(infos[i].title));
      cb_layer_set_group (layer, infos[i].group);
      cb_layer_set_visible (layer, infos[i].default_visible);
      cb_layer_style_get_default (infos[i].id, &style);
      cb_layer_set_style (layer, &style);

      /* Bundled data is checked at build time; repairs here mean a bad
       * install, which the user should hear about. */
      notes = cb_feature_set_get_load_notes (cb_layer_get_features (layer));
      for (guint k = 0; notes[k] != NULL; k++)
        if (!cb_feature_set_get_crs_assumed (cb_layer_get_features (layer)) || strstr (notes[k], ".prj") == NULL)
          add_warning (self, g_strdup (notes[k]));

      g_ptr_array_add (loaded, g_steal_pointer (&layer));
    }

  if (loaded->len == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                   _("No map layer could be loaded from %s"), display_dir);
      return FALSE;
    }

  old_len = self->layers->len;
  g_ptr_array_foreach (self->layers, disconnect_layer, self);
  g_ptr_array_set_size (self->layers, 0);
  for (guint i = 0; i < loaded->len; i++)
    {
      CbLayer *layer = g_ptr_array_index (loaded, i);

      connect_layer (self, layer);
      g_ptr_array_add (self->layers, g_object_ref (layer));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->layers->len);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

CbLayerCatalog *
cb_layer_catalog_copy (CbLayerCatalog *self)
{
  CbLayerCatalog *copy;

  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), NULL);

  copy = cb_layer_catalog_new ();
  for (guint i = 0; i < self->layers->len; i++)
    {
      CbLayer *layer = cb_layer_copy (g_ptr_array_index (self->layers, i));

      connect_layer (copy, layer);
      g_ptr_array_add (copy->layers, layer);
    }
  g_ptr_array_set_size (copy->warnings, 0);
  for (guint i = 0; i + 1 < self->warnings->len; i++)
    g_ptr_array_add (copy->warnings, g_strdup (g_ptr_array_index (self->warnings, i)));
  g_ptr_array_add (copy->warnings, NULL);
  return copy;
}

const char * const *
cb_layer_catalog_get_warnings (CbLayerCatalog *self)
{
  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), NULL);
  return (const char * const *) self->warnings->pdata;
}

void
cb_layer_catalog_add_layer (CbLayerCatalog *self,
                            CbLayer        *layer)
{
  guint position;

  g_return_if_fail (CB_IS_LAYER_CATALOG (self));
  g_return_if_fail (CB_IS_LAYER (layer));

  /* Just below the towns, so that names stay readable. */
  position = self->layers->len;
  if (position > 0 &&
      g_strcmp0 (cb_layer_get_id (g_ptr_array_index (self->layers, position - 1)), "towns") == 0)
    position--;

  connect_layer (self, layer);
  g_ptr_array_insert (self->layers, position, g_object_ref (layer));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

CbLayer *
cb_layer_catalog_add_user_layer (CbLayerCatalog  *self,
                                 const char      *path,
                                 GError         **error)
{
  g_autoptr(CbLayer) layer = NULL;
  g_autofree char *unique_id = NULL;

  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  layer = cb_user_layer_load (path, error);
  if (layer == NULL)
    return NULL;

  /* Keep ids unique: the id names the layer's visibility action. */
  unique_id = g_strdup (cb_layer_get_id (layer));
  for (guint n = 2; cb_layer_catalog_get_layer_by_id (self, unique_id) != NULL; n++)
    {
      g_free (unique_id);
      unique_id = g_strdup_printf ("%s-%u", cb_layer_get_id (layer), n);
    }
  cb_layer_set_id (layer, unique_id);

  cb_layer_catalog_add_layer (self, layer);
  return layer;
}

gboolean
cb_layer_catalog_remove_layer (CbLayerCatalog *self,
                               CbLayer        *layer)
{
  guint position;

  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), FALSE);
  g_return_val_if_fail (CB_IS_LAYER (layer), FALSE);

  if (!g_ptr_array_find (self->layers, layer, &position))
    return FALSE;

  disconnect_layer (layer, self);
  g_ptr_array_remove_index (self->layers, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

guint
cb_layer_catalog_get_n_layers (CbLayerCatalog *self)
{
  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), 0);
  return self->layers->len;
}

CbLayer *
cb_layer_catalog_get_layer (CbLayerCatalog *self,
                            guint           position)
{
  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), NULL);
  g_return_val_if_fail (position < self->layers->len, NULL);
  return g_ptr_array_index (self->layers, position);
}

CbLayer *
cb_layer_catalog_get_layer_by_id (CbLayerCatalog *self,
                                  const char     *id)
{
  g_return_val_if_fail (CB_IS_LAYER_CATALOG (self), NULL);

  for (guint i = 0; id != NULL && i < self->layers->len; i++)
    {
      CbLayer *layer = g_ptr_array_index (self->layers, i);

      if (g_strcmp0 (cb_layer_get_id (layer), id) == 0)
        return layer;
    }
  return NULL;
}

CbLayer *
cb_layer_catalog_get_towns (CbLayerCatalog *self)
{
  return cb_layer_catalog_get_layer_by_id (self, "towns");
}

void
cb_layer_catalog_get_treaty_bounds (CbLayerCatalog *self,
                                    CbBounds       *out_bounds)
{
  static const char * const treaty_ids[] = {
    "treaty_1920_line", "treaty_1920_territory", "foch_line_1919",
    "vilnius_region", "suwalki_region",
  };

  g_return_if_fail (CB_IS_LAYER_CATALOG (self));
  g_return_if_fail (out_bounds != NULL);

  cb_bounds_init_empty (out_bounds);
  for (guint i = 0; i < G_N_ELEMENTS (treaty_ids); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer_by_id (self, treaty_ids[i]);

      if (layer != NULL)
        cb_bounds_union (out_bounds, cb_feature_set_get_bounds (cb_layer_get_features (layer)));
    }
  if (cb_bounds_is_empty (out_bounds))
    cb_projection_get_region_bounds (out_bounds);
}

