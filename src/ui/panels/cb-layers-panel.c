/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cb-layers-panel.h"
#include "cb-legend.h"
#include "cb-user-layer.h"

#define SWATCH_WIDTH 36
#define SWATCH_HEIGHT 20

struct _CbLayersPanel
{
  GtkWidget parent_instance;

  CbLayerCatalog     *catalog;
  GSimpleActionGroup *actions;
  GPtrArray          *groups;    /* AdwPreferencesGroup, added to groups_box */

  /* Template children */
  GtkBox    *groups_box;
  GtkSwitch *legend_switch;
};

G_DEFINE_FINAL_TYPE (CbLayersPanel, cb_layers_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Data sets named in the DBF "source" field, as people cite them. */
static const struct {
  const char *key;
  const char *name;
} dataset_names[] = {
  { "cshapes2", "CShapes 2.0" },
  { "ristat1897", "RISTAT 1897" },
  { "naturalearth", "Natural Earth" },
  { "gshhg", "GSHHG" },
  { "geonames", "GeoNames" },
};

/* Groups as listed: your layers, then the treaty first of the atlas's. */
static const CbLayerGroup group_order[] = {
  CB_LAYER_GROUP_USER,   /* what the user opened, where they look for it */
  CB_LAYER_GROUP_TREATY_1920,
  CB_LAYER_GROUP_LINES_1919_1923,
  CB_LAYER_GROUP_REGIONS,
  CB_LAYER_GROUP_CONTEXT,
};

GtkWidget *
cb_layers_panel_new (void)
{
  return g_object_new (CB_TYPE_LAYERS_PANEL, NULL);
}

char *
cb_layers_panel_action_name_for_layer (const char *layer_id)
{
  char *name;

  g_return_val_if_fail (layer_id != NULL, NULL);

  /* Action names allow only alphanumerics, '-' and '.'. */
  name = g_strdup (layer_id);
  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      *p = '-';

  return name;
}

/* ---- subtitle ------------------------------------------------------------ */

static char *
describe_layer (CbLayer *layer)
{
  CbFeatureSet *features = cb_layer_get_features (layer);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_features = cb_feature_set_get_n_features (features);
  guint n_dataset = 0, n_reconstructed = 0, n_approximate = 0;
  const char *certainty;

  for (guint feature = 0; feature < n_features; feature++)
    {
      const char *source = cb_feature_set_get_attribute (features, feature, "source");

      switch (cb_feature_set_get_feature_certainty (features, feature))
        {
        case CB_CERTAINTY_DATASET:
          n_dataset++;
          break;
        case CB_CERTAINTY_APPROXIMATE:
          n_approximate++;
          break;
        case CB_CERTAINTY_RECONSTRUCTED:
        default:
          n_reconstructed++;
          break;
        }

      if (source == NULL)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (dataset_names); i++)
        {
          if (strstr (source, dataset_names[i].key) != NULL &&
              !g_ptr_array_find (sources, dataset_names[i].name, NULL))
            g_ptr_array_add (sources, (gpointer) dataset_names[i].name);
        }
    }

  if (n_features == 0)
    certainty = _("Empty");
  else if (n_dataset == n_features)
    certainty = _("From the data set");
  else if (n_dataset > 0 && n_approximate == 0)
    certainty = _("Partly reconstructed");
  else if (n_dataset > 0 && n_reconstructed == 0)
    certainty = _("Partly approximate");
  else if (n_dataset > 0)
    certainty = _("Partly reconstructed, partly approximate");
  else if (n_reconstructed == 0)
    certainty = _("Approximate");
  else if (n_approximate == 0)
    certainty = _("Reconstructed");
  else
    certainty = _("Reconstructed and approximate");

  for (guint i = 0; i < sources->len && i < 3; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (sources, i));
    }
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, certainty);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- swatch -------------------------------------------------------------- */

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The legend's own painter: the row shows the layer as the map does. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  cb_legend_draw_layer_swatch (cr, CB_LAYER (user_data), 1, 1, width - 2, height - 2, is_dark ());
}

/* ---- your layers ---------------------------------------------------------- */

/* "12 polygons · LKS94 / Lithuania TM (from .prj)" */
static char *
describe_user_layer (CbLayer *layer)
{
  CbFeatureSet *set = cb_layer_get_features (layer);
  guint n = cb_feature_set_get_n_features (set);
  g_autofree char *count = NULL;

  switch (cb_feature_set_get_geometry_type (set))
    {
    case CB_GEOMETRY_POINT:
      count = g_strdup_printf (ngettext ("%u point feature", "%u point features", n), n);
      break;
    case CB_GEOMETRY_LINE:
      count = g_strdup_printf (ngettext ("%u line", "%u lines", n), n);
      break;
    case CB_GEOMETRY_POLYGON:
    default:
      count = g_strdup_printf (ngettext ("%u area", "%u areas", n), n);
      break;
    }
  return g_strdup_printf ("%s · %s", count, cb_feature_set_get_crs_note (set));
}

static void
color_set (GtkColorButton *button,
           CbLayer        *layer)
{
  GdkRGBA rgba;
  CbColor color;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  color = (CbColor) { rgba.red, rgba.green, rgba.blue, 1 };
  cb_user_layer_set_appearance (layer, &color, cb_layer_get_style (layer)->line_width);
}

static void
width_changed (GtkSpinButton *spin,
               CbLayer       *layer)
{
  const CbColor *line = &cb_layer_get_style (layer)->line_light;

  cb_user_layer_set_appearance (layer, line, gtk_spin_button_get_value (spin));
}

/* The ⋯ button of a user layer's row: colour, width, zoom, remove. */
static GtkWidget *
create_user_layer_menu (CbLayer *layer)
{
  const CbLayerStyle *style = cb_layer_get_style (layer);
  GdkRGBA rgba = { style->line_light.red, style->line_light.green, style->line_light.blue, 1 };
  GVariant *target = g_variant_new_string (cb_layer_get_id (layer));
  GtkWidget *button, *popover, *box, *grid, *color, *width, *zoom, *remove, *label;

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  color = gtk_color_button_new_with_rgba (&rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
  g_signal_connect_object (color, "color-set", G_CALLBACK (color_set), layer, 0);
  label = gtk_label_new_with_mnemonic (_("_Colour"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), color);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), color, 1, 0, 1, 1);

  width = gtk_spin_button_new_with_range (0.5, 12, 0.5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (width), style->line_width);
  g_signal_connect_object (width, "value-changed", G_CALLBACK (width_changed), layer, 0);
  label = gtk_label_new_with_mnemonic (_("Line _width"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), width);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), width, 1, 1, 1, 1);

  zoom = gtk_button_new_with_mnemonic (_("_Zoom to Layer"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (zoom), "win.zoom-to-layer");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (zoom), target);
  remove = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "win.remove-layer");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), target);
  gtk_widget_add_css_class (remove, "destructive-action");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), zoom);
  gtk_box_append (GTK_BOX (box), remove);
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  button = g_object_new (GTK_TYPE_MENU_BUTTON,
                         "icon-name", "view-more-symbolic",
                         "valign", GTK_ALIGN_CENTER,
                         "popover", popover,
                         "tooltip-text", _("Colour, Width, Zoom, Remove"),
                         NULL);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Layer options"), -1);
  return button;
}

/* ---- rows ---------------------------------------------------------------- */

static GtkWidget *
create_row (CbLayersPanel *self,
            CbLayer       *layer)
{
  g_autofree char *action_name = cb_layers_panel_action_name_for_layer (cb_layer_get_id (layer));
  g_autofree char *detailed = g_strconcat ("layers.", action_name, NULL);
  gboolean user = cb_layer_get_group (layer) == CB_LAYER_GROUP_USER;
  g_autofree char *subtitle = user ? describe_user_layer (layer) : describe_layer (layer);
  GtkWidget *row, *swatch, *toggle;

  swatch = g_object_new (GTK_TYPE_DRAWING_AREA,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                         "content-width", SWATCH_WIDTH,
                         "content-height", SWATCH_HEIGHT,
                         "valign", GTK_ALIGN_CENTER,
                         NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  g_object_ref (layer), g_object_unref);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), swatch, G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::style",
                           G_CALLBACK (gtk_widget_queue_draw), swatch, G_CONNECT_SWAPPED);

  toggle = g_object_new (GTK_TYPE_SWITCH,
                         "action-name", detailed,
                         "valign", GTK_ALIGN_CENTER,
                         NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cb_layer_get_title (layer),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cb_layer_get_title (layer));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
  if (user)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_user_layer_menu (layer));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  /* Not adw_action_row_set_activatable_widget(): on GTK 4.8 the
   * labelled-by relation it sets keeps the window's actions alive after
   * the window is gone.  The row toggles the switch itself. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (gtk_widget_activate), toggle, G_CONNECT_SWAPPED);

  return row;
}

static void
legend_row_activated (CbLayersPanel *self)
{
  gtk_widget_activate (GTK_WIDGET (self->legend_switch));
}

static void
clear_rows (CbLayersPanel *self)
{
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->groups_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);

  names = g_action_group_list_actions (G_ACTION_GROUP (self->actions));
  for (guint i = 0; names[i] != NULL; i++)
    g_action_map_remove_action (G_ACTION_MAP (self->actions), names[i]);
}

static void
rebuild_rows (CbLayersPanel *self)
{
  guint n_layers;

  clear_rows (self);

  if (self->catalog == NULL)
    return;

  n_layers = cb_layer_catalog_get_n_layers (self->catalog);

  for (guint i = 0; i < n_layers; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (self->catalog, i);
      g_autofree char *name = cb_layers_panel_action_name_for_layer (cb_layer_get_id (layer));
      /* The switch is the layer's own "visible": nothing to keep in step. */
      g_autoptr(GPropertyAction) action = g_property_action_new (name, layer, "visible");

      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }

  for (guint g = 0; g < G_N_ELEMENTS (group_order); g++)
    {
      GtkWidget *group = NULL;

      /* Top of the drawing first, as a reader scans the map. */
      for (guint i = n_layers; i-- > 0;)
        {
          CbLayer *layer = cb_layer_catalog_get_layer (self->catalog, i);

          if (cb_layer_get_group (layer) != group_order[g])
            continue;

          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                               cb_layer_group_get_title (group_order[g]));
              gtk_box_append (self->groups_box, group);
              g_ptr_array_add (self->groups, group);
            }

          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), create_row (self, layer));
        }
    }
}

static void
catalog_items_changed (GListModel    *model,
                       guint          position,
                       guint          removed,
                       guint          added,
                       CbLayersPanel *self)
{
  rebuild_rows (self);
}

/* ---- properties ---------------------------------------------------------- */

CbLayerCatalog *
cb_layers_panel_get_catalog (CbLayersPanel *self)
{
  g_return_val_if_fail (CB_IS_LAYERS_PANEL (self), NULL);

  return self->catalog;
}

void
cb_layers_panel_set_catalog (CbLayersPanel  *self,
                             CbLayerCatalog *catalog)
{
  g_return_if_fail (CB_IS_LAYERS_PANEL (self));
  g_return_if_fail (catalog == NULL || CB_IS_LAYER_CATALOG (catalog));

  if (self->catalog == catalog)
    return;

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);

  g_set_object (&self->catalog, catalog);

  if (catalog != NULL)
    g_signal_connect (catalog, "items-changed", G_CALLBACK (catalog_items_changed), self);

  rebuild_rows (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

GActionGroup *
cb_layers_panel_get_action_group (CbLayersPanel *self)
{
  g_return_val_if_fail (CB_IS_LAYERS_PANEL (self), NULL);

  return G_ACTION_GROUP (self->actions);
}

static void
cb_layers_panel_dispose (GObject *object)
{
  CbLayersPanel *self = CB_LAYERS_PANEL (object);
  GtkWidget *child;

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CB_TYPE_LAYERS_PANEL);
  /* The template's outer box has no id, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->catalog);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (cb_layers_panel_parent_class)->dispose (object);
}

static void
cb_layers_panel_finalize (GObject *object)
{
  CbLayersPanel *self = CB_LAYERS_PANEL (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_layers_panel_parent_class)->finalize (object);
}

static void
cb_layers_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CbLayersPanel *self = CB_LAYERS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_layers_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CbLayersPanel *self = CB_LAYERS_PANEL (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      cb_layers_panel_set_catalog (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_layers_panel_class_init (CbLayersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cb_layers_panel_dispose;
  object_class->finalize = cb_layers_panel_finalize;
  object_class->get_property = cb_layers_panel_get_property;
  object_class->set_property = cb_layers_panel_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, CB_TYPE_LAYER_CATALOG, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cb-layers-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CbLayersPanel, groups_box);
  gtk_widget_class_bind_template_child (widget_class, CbLayersPanel, legend_switch);
  gtk_widget_class_bind_template_callback (widget_class, legend_row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "layerspanel");
}

static void
cb_layers_panel_init (CbLayersPanel *self)
{
  self->actions = g_simple_action_group_new ();
  self->groups = g_ptr_array_new ();

  gtk_widget_insert_action_group (GTK_WIDGET (self), "layers", G_ACTION_GROUP (self->actions));

  gtk_widget_init_template (GTK_WIDGET (self));
}
