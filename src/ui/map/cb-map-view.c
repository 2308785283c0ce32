/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cb-feature-card.h"
#include "cb-hit-test.h"
#include "cb-map-view.h"
#include "cb-paths.h"
#include "cb-projection.h"

/* A click this close (logical px) to a line or point finds it. */
#define HIT_TOLERANCE_PX 6.0
/* The width the map asks for beside the panels.  The window's flaps fold
 * by natural width: below this the layers sidebar folds away (and, with
 * the sidebar folded, the town panel lies over the map). */
#define MAP_NATURAL_WIDTH 660

struct _CbMapView
{
  GtkWidget parent_instance;

  /* Template children */
  GtkOverlay *overlay;
  CbMap *map;
  GtkLabel *coordinates_label;
  GtkWidget *zoom_buttons;

  CbFeatureCard *card;
  GtkWidget *measure_area;
  GtkLabel *measure_label;
  GtkWidget *context_menu;
  GSimpleActionGroup *actions;
  double context_x;        /* where the context menu was opened, map px */
  double context_y;
  gboolean measuring;
  GArray *measure_points;  /* lon, lat pairs */
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


/* ---- What's here --------------------------------------------------------- */

CbFeatureCard *
cb_map_view_get_feature_card (CbMapView *self)
{
  g_return_val_if_fail (CB_IS_MAP_VIEW (self), NULL);
  return self->card;
}

void
cb_map_view_identify_at (CbMapView *self,
                         double     x,
                         double     y,
                         gboolean   focus_card)
{
  CbLayerCatalog *catalog = cb_map_get_catalog (self->map);
  CbViewport *viewport = cb_map_get_viewport (self->map);
  g_autoptr(GArray) hits = NULL;
  double mx, my, lon = NAN, lat = NAN;

  g_return_if_fail (CB_IS_MAP_VIEW (self));

  if (catalog == NULL)
    return;
  cb_viewport_screen_to_map (viewport, x, y, &mx, &my);
  cb_viewport_map_to_geo (viewport, mx, my, &lon, &lat);
  hits = cb_hit_test_catalog (catalog, mx, my, HIT_TOLERANCE_PX * cb_viewport_get_scale (viewport));

  /* Towns answer with their own panel. */
  for (guint i = hits->len; i-- > 0;)
    if (g_strcmp0 (cb_layer_get_id (g_array_index (hits, CbHit, i).layer), "towns") == 0)
      g_array_remove_index (hits, i);

  cb_feature_card_show_hits (self->card, hits, lon, lat, cb_paths_get_geodata_dir ());
  gtk_widget_set_visible (GTK_WIDGET (self->card), TRUE);
  if (focus_card)
    {
      if (cb_feature_card_get_n_rows (self->card) > 0)
        gtk_widget_grab_focus (cb_feature_card_get_row (self->card, 0));
      else
        gtk_widget_child_focus (GTK_WIDGET (self->card), GTK_DIR_TAB_FORWARD);
    }
}

static void
card_close_requested (CbMapView *self)
{
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->card)) != NULL ||
                       gtk_widget_has_focus (GTK_WIDGET (self->card));

  gtk_widget_set_visible (GTK_WIDGET (self->card), FALSE);
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

/* ---- Measure distance ---------------------------------------------------- */

double
cb_map_view_get_measured_km (CbMapView *self)
{
  double total = 0;

  g_return_val_if_fail (CB_IS_MAP_VIEW (self), 0);

  for (guint i = 2; i + 1 < self->measure_points->len; i += 2)
    {
      const double *p = &g_array_index (self->measure_points, double, i - 2);

      total += cb_projection_geodesic_distance (p[0], p[1], p[2], p[3]);
    }
  return total / 1000.0;
}

gboolean
cb_map_view_get_measuring (CbMapView *self)
{
  g_return_val_if_fail (CB_IS_MAP_VIEW (self), FALSE);
  return self->measuring;
}

static void
update_measure_label (CbMapView *self)
{
  g_autofree char *text = NULL;
  guint n = self->measure_points->len / 2;

  if (!self->measuring)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->measure_label), FALSE);
      return;
    }
  if (n < 2)
    text = g_strdup (_("Measure distance: click points on the map; Esc ends"));
  else
    /* TRANSLATORS: a geodesic distance along the clicked points */
    text = g_strdup_printf (_("Distance: %.1f km — click to add points; Esc ends"),
                            cb_map_view_get_measured_km (self));
  gtk_label_set_text (self->measure_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->measure_label), TRUE);
}

void
cb_map_view_start_measure (CbMapView *self)
{
  g_return_if_fail (CB_IS_MAP_VIEW (self));

  self->measuring = TRUE;
  g_array_set_size (self->measure_points, 0);
  update_measure_label (self);
  gtk_widget_queue_draw (self->measure_area);
}

void
cb_map_view_stop_measure (CbMapView *self)
{
  g_return_if_fail (CB_IS_MAP_VIEW (self));

  self->measuring = FALSE;
  g_array_set_size (self->measure_points, 0);
  update_measure_label (self);
  gtk_widget_queue_draw (self->measure_area);
}

/* Adds the point under (@x, @y), or the exact position of a town there. */
void
cb_map_view_add_measure_point (CbMapView *self,
                               double     x,
                               double     y)
{
  double lon, lat;

  g_return_if_fail (CB_IS_MAP_VIEW (self));

  if (cb_map_get_town_at (self->map, x, y, &lon, &lat) == NULL &&
      !cb_viewport_screen_to_geo (cb_map_get_viewport (self->map), x, y, &lon, &lat))
    return;
  g_array_append_val (self->measure_points, lon);
  g_array_append_val (self->measure_points, lat);
  update_measure_label (self);
  gtk_widget_queue_draw (self->measure_area);
}

static void
draw_measure (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  CbMapView *self = CB_MAP_VIEW (user_data);
  CbViewport *viewport = cb_map_get_viewport (self->map);
  graphene_point_t offset;
  guint n = self->measure_points->len / 2;

  if (!self->measuring || n == 0)
    return;

  /* Points are in the map's coordinates; this area covers it exactly, but
   * ask rather than assume. */
  if (!gtk_widget_compute_point (GTK_WIDGET (self->map), GTK_WIDGET (area),
                                 &GRAPHENE_POINT_INIT (0, 0), &offset))
    offset = GRAPHENE_POINT_INIT (0, 0);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          const double *p = &g_array_index (self->measure_points, double, 2 * i);
          double sx, sy;

          if (!cb_viewport_geo_to_screen (viewport, p[0], p[1], &sx, &sy))
            continue;
          sx += offset.x;
          sy += offset.y;
          if (i == 0)
            cairo_move_to (cr, sx, sy);
          else
            cairo_line_to (cr, sx, sy);
        }
      /* A white casing under a dark line: readable on every layer. */
      cairo_set_source_rgba (cr, pass == 0 ? 1 : 0.1, pass == 0 ? 1 : 0.1, pass == 0 ? 1 : 0.1, 1);
      cairo_set_line_width (cr, pass == 0 ? 5 : 2.5);
      cairo_stroke (cr);
    }
  for (guint i = 0; i < n; i++)
    {
      const double *p = &g_array_index (self->measure_points, double, 2 * i);
      double sx, sy;

      if (!cb_viewport_geo_to_screen (viewport, p[0], p[1], &sx, &sy))
        continue;
      cairo_arc (cr, sx + offset.x, sy + offset.y, 4, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  if (n >= 2)
    {
      const double *last = &g_array_index (self->measure_points, double, 2 * (n - 1));
      g_autofree char *total = g_strdup_printf (_("%.1f km"), cb_map_view_get_measured_km (self));
      PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), total);
      double sx, sy;
      int tw, th;

      if (cb_viewport_geo_to_screen (viewport, last[0], last[1], &sx, &sy))
        {
          pango_layout_get_pixel_size (layout, &tw, &th);
          sx += offset.x + 8;
          sy += offset.y - th - 8;
          cairo_rectangle (cr, sx - 4, sy - 2, tw + 8, th + 4);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
          cairo_fill (cr);
          cairo_move_to (cr, sx, sy);
          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          pango_cairo_show_layout (cr, layout);
        }
      g_object_unref (layout);
    }
}

/* ---- Context menu and actions --------------------------------------------- */

void
cb_map_view_popup_context_menu (CbMapView *self,
                                double     x,
                                double     y)
{
  graphene_point_t p;

  g_return_if_fail (CB_IS_MAP_VIEW (self));

  self->context_x = x;
  self->context_y = y;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->map), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &p))
    p = GRAPHENE_POINT_INIT (x, y);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) p.x, (int) p.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
view_centre (CbMapView *self,
             double    *x,
             double    *y)
{
  *x = gtk_widget_get_width (GTK_WIDGET (self->map)) / 2.0;
  *y = gtk_widget_get_height (GTK_WIDGET (self->map)) / 2.0;
}

static void
whats_here_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CbMapView *self = CB_MAP_VIEW (user_data);

  /* Activated from the menu or straight (a shortcut, a test): either way
   * the menu is done. */
  gtk_popover_popdown (GTK_POPOVER (self->context_menu));

  cb_map_view_identify_at (self, self->context_x, self->context_y, TRUE);
}

static void
measure_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CbMapView *self = CB_MAP_VIEW (user_data);

  /* Activated from the menu or straight (a shortcut, a test): either way
   * the menu is done. */
  gtk_popover_popdown (GTK_POPOVER (self->context_menu));

  cb_map_view_start_measure (self);
  /* From the point the menu was opened at. */
  cb_map_view_add_measure_point (self, self->context_x, self->context_y);
}

static void
copy_coordinates_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CbMapView *self = CB_MAP_VIEW (user_data);

  /* Activated from the menu or straight (a shortcut, a test): either way
   * the menu is done. */
  gtk_popover_popdown (GTK_POPOVER (self->context_menu));
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE], lon_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;
  double lon, lat;

  if (!cb_viewport_screen_to_geo (cb_map_get_viewport (self->map),
                                  self->context_x, self->context_y, &lon, &lat))
    return;
  /* Latitude, longitude in decimal degrees: what gazetteers and web maps paste. */
  text = g_strdup_printf ("%s, %s",
                          g_ascii_formatd (lat_text, sizeof lat_text, "%.5f", lat),
                          g_ascii_formatd (lon_text, sizeof lon_text, "%.5f", lon));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
context_menu_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CbMapView *self = CB_MAP_VIEW (user_data);
  double x, y;

  view_centre (self, &x, &y);
  cb_map_view_popup_context_menu (self, x, y);
}

/* ---- Pointer and keys ------------------------------------------------------ */

static void
measure_click_pressed (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       CbMapView       *self)
{
  if (!self->measuring)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Measuring: the click is a point, not a town or a drag. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (n_press == 1)
    cb_map_view_add_measure_point (self, x, y);
}

static void
identify_click_released (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         CbMapView       *self)
{
  if (n_press != 1 || self->measuring ||
      cb_map_get_town_at (self->map, x, y, NULL, NULL) != NULL)
    return;
  cb_map_view_identify_at (self, x, y, FALSE);
}

static void
secondary_click_pressed (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         CbMapView       *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  cb_map_view_popup_context_menu (self, x, y);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             CbMapView             *self)
{
  if (keyval == GDK_KEY_Escape && self->measuring)
    {
      cb_map_view_stop_measure (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && gtk_widget_get_visible (GTK_WIDGET (self->card)))
    {
      card_close_requested (self);
      return TRUE;
    }
  /* Enter on the map itself (not on a town): what is at the centre. */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) &&
      gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self))) == GTK_WIDGET (self->map))
    {
      double x, y;

      view_centre (self, &x, &y);
      if (self->measuring)
        cb_map_view_add_measure_point (self, x, y);
      else
        cb_map_view_identify_at (self, x, y, TRUE);
      return TRUE;
    }
  return FALSE;
}

static void
setup_tools (CbMapView *self)
{
  static const GActionEntry entries[] = {
    { .name = "whats-here", .activate = whats_here_activated },
    { .name = "measure", .activate = measure_activated },
    { .name = "copy-coordinates", .activate = copy_coordinates_activated },
    { .name = "context-menu", .activate = context_menu_activated },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkEventController *controller;
  GtkShortcutController *shortcuts;

  self->measure_points = g_array_new (FALSE, FALSE, sizeof (double));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries,
                                   G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "mapview", G_ACTION_GROUP (self->actions));

  /* The card: top left, over the map. */
  self->card = CB_FEATURE_CARD (cb_feature_card_new ());
  g_object_set (self->card, "halign", GTK_ALIGN_START, "valign", GTK_ALIGN_START,
                "margin-start", 12, "margin-top", 12, "margin-end", 64, "margin-bottom", 48,
                "visible", FALSE, NULL);
  g_signal_connect_swapped (self->card, "close-requested", G_CALLBACK (card_close_requested), self);
  gtk_overlay_add_overlay (self->overlay, GTK_WIDGET (self->card));

  /* The measured line, drawn over the map; clicks go through. */
  self->measure_area = gtk_drawing_area_new ();
  gtk_widget_set_can_target (self->measure_area, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->measure_area), draw_measure, self, NULL);
  gtk_overlay_add_overlay (self->overlay, self->measure_area);
  g_signal_connect_object (cb_map_get_viewport (self->map), "changed",
                           G_CALLBACK (gtk_widget_queue_draw), self->measure_area, G_CONNECT_SWAPPED);

  /* Bottom centre: clear of the scale bar and the coordinates. */
  self->measure_label = g_object_new (GTK_TYPE_LABEL, "halign", GTK_ALIGN_CENTER,
                                      "valign", GTK_ALIGN_END,
                                      "margin-bottom", 12, "visible", FALSE,
                                      "can-target", FALSE, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->measure_label), "osd");
  gtk_widget_add_css_class (GTK_WIDGET (self->measure_label), "coordinates-label");
  gtk_overlay_add_overlay (self->overlay, GTK_WIDGET (self->measure_label));

  g_menu_append (menu, _("What’s _Here?"), "mapview.whats-here");
  g_menu_append (menu, _("_Measure Distance"), "mapview.measure");
  g_menu_append (menu, _("_Copy Coordinates"), "mapview.copy-coordinates");
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  /* Measuring takes primary clicks before the towns and the drag do. */
  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "pressed", G_CALLBACK (measure_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_PRIMARY);
  g_signal_connect (controller, "released", G_CALLBACK (identify_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (controller), GDK_BUTTON_SECONDARY);
  g_signal_connect (controller, "pressed", G_CALLBACK (secondary_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_shortcut_trigger_parse_string ("<Shift>F10"),
                                                   gtk_shortcut_trigger_parse_string ("Menu")),
                      gtk_named_action_new ("mapview.context-menu")));
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (shortcuts));
}

/* ---- Size ------------------------------------------------------------------ */

static void
cb_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CbMapView *self = CB_MAP_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, MAP_NATURAL_WIDTH);
}

/* The corner an overlay child sits in, with its margins. */
static void
reserve_corner (CbMapView     *self,
                GtkWidget     *child,
                GtkCornerType  corner)
{
  int width, height;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  cb_map_set_corner_reserve (self->map, corner,
                             width + gtk_widget_get_margin_start (child) + gtk_widget_get_margin_end (child),
                             height + gtk_widget_get_margin_top (child) + gtk_widget_get_margin_bottom (child));
}

static void
cb_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CbMapView *self = CB_MAP_VIEW (widget);

  /* Town labels keep clear of the buttons and of the read-out's place,
   * shown or not, so they do not jump when the pointer comes in. */
  reserve_corner (self, self->zoom_buttons, GTK_CORNER_TOP_RIGHT);
  reserve_corner (self, GTK_WIDGET (self->coordinates_label), GTK_CORNER_BOTTOM_RIGHT);

  gtk_widget_allocate (GTK_WIDGET (self->overlay), width, height, baseline, NULL);
  if (self->context_menu != NULL && gtk_widget_get_visible (self->context_menu))
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
cb_map_view_dispose (GObject *object)
{
  CbMapView *self = CB_MAP_VIEW (object);

  if (self->context_menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->context_menu));
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (object), CB_TYPE_MAP_VIEW);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->measure_points, g_array_unref);

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
  widget_class->measure = cb_map_view_measure;
  widget_class->size_allocate = cb_map_view_size_allocate;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, CB_TYPE_MAP,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CB_TYPE_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cb-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CbMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, CbMapView, map);
  gtk_widget_class_bind_template_child (widget_class, CbMapView, coordinates_label);
  gtk_widget_class_bind_template_child (widget_class, CbMapView, zoom_buttons);
  gtk_widget_class_bind_template_callback (widget_class, map_pointer_moved);

  gtk_widget_class_set_css_name (widget_class, "mapview");
}

static void
cb_map_view_init (CbMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The buttons are the map's siblings: give them its actions here. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "map",
                                  cb_map_get_action_group (self->map));
  setup_tools (self);
}
