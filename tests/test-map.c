/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "cb-legend.h"
#include "cb-scale-bar.h"
#include "cb-application.h"
#include "cb-layers-panel.h"
#include "cb-map.h"
#include "cb-renderer.h"
#include "cb-town-marker.h"
#include "cb-window.h"
#include "cb-test-utils.h"

#define MAP_WIDTH 800
#define MAP_HEIGHT 600

/* Loaded once: every test reads the real bundled geodata. */
static CbLayerCatalog *the_catalog;

typedef struct
{
  GtkWindow *window;
  CbMap     *map;
} Fixture;


static gboolean
timeout_reached (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets GTK run frames (layout, drawing) until @condition holds or 5 s pass. */
static void
wait_until (gboolean (*condition) (gpointer),
            gpointer user_data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_reached, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  cb_test_flush_events ();
}

static gboolean
count_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  CbMap *map;
  guint  ticks;
} LayoutWait;

static gboolean
is_laid_out (gpointer user_data)
{
  LayoutWait *wait = user_data;

  /* Two frames: the one that ran the tick, then one whose layout phase
   * followed it for sure. */
  return wait->ticks >= 2 &&
         cb_viewport_get_width (cb_map_get_viewport (wait->map)) == MAP_WIDTH;
}

/* Two frames; with @relayout, a new layout forced, else whatever layout
 * the map itself asked for. */
static void
wait_for_frames (CbMap    *map,
                 gboolean  relayout)
{
  LayoutWait wait = { map, 0 };
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (map), count_tick, &wait.ticks, NULL);

  if (relayout)
    gtk_widget_queue_allocate (GTK_WIDGET (map));
  else
    gtk_widget_queue_draw (GTK_WIDGET (map));
  wait_until (is_laid_out, &wait);
  gtk_widget_remove_tick_callback (GTK_WIDGET (map), id);
}

static void
wait_for_layout (CbMap *map)
{
  wait_for_frames (map, TRUE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map)), ==, MAP_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (map)), ==, MAP_HEIGHT);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->map = CB_MAP (cb_map_new ());
  cb_map_set_catalog (fixture->map, the_catalog);
  gtk_widget_set_size_request (GTK_WIDGET (fixture->map), MAP_WIDTH, MAP_HEIGHT);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->map));
  gtk_window_present (fixture->window);
  wait_for_layout (fixture->map);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  CbMap *map = g_object_ref (fixture->map);

  gtk_window_destroy (fixture->window);
  cb_test_flush_events ();
  /* The map and everything it made (markers, renderer) are gone. */
  g_assert_finalize_object (map);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  g_assert_not_reached ();
  return NULL;
}

static void
town_screen_position (CbMap      *map,
                      const char *town_id,
                      double     *sx,
                      double     *sy)
{
  CbLayer *towns = cb_layer_catalog_get_towns (the_catalog);
  int feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), town_id);
  const CbBounds *bounds;

  g_assert_cmpint (feature, >=, 0);
  bounds = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature);
  cb_viewport_map_to_screen (cb_map_get_viewport (map), bounds->min_x, bounds->min_y, sx, sy);
}

/* ---- actions ------------------------------------------------------------ */

static void
test_map_actions (Fixture       *fixture,
                  gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkWidget *widget = GTK_WIDGET (fixture->map);
  CbBounds treaty, visible;
  double scale, x, y;

  /* A new map shows the whole treaty region. */
  cb_layer_catalog_get_treaty_bounds (the_catalog, &treaty);
  cb_viewport_get_visible_bounds (viewport, &visible);
  g_assert_cmpfloat (visible.min_x, <=, treaty.min_x);
  g_assert_cmpfloat (visible.max_x, >=, treaty.max_x);
  g_assert_cmpfloat (visible.min_y, <=, treaty.min_y);
  g_assert_cmpfloat (visible.max_y, >=, treaty.max_y);

  scale = cb_viewport_get_scale (viewport);
  g_assert_true (gtk_widget_activate_action (widget, "map.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale / 2, scale * 1e-9);
  g_assert_true (gtk_widget_activate_action (widget, "map.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale, scale * 1e-9);

  /* Right arrow: the view moves east by a fifth of its width. */
  x = cb_viewport_get_center_x (viewport);
  y = cb_viewport_get_center_y (viewport);
  g_assert_true (gtk_widget_activate_action (widget, "map.pan", "(ii)", 1, 0));
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_center_x (viewport) - x,
                                  0.2 * MAP_WIDTH * scale, 1e-6 * scale);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_center_y (viewport), y, 1e-6);
  g_assert_true (gtk_widget_activate_action (widget, "map.pan", "(ii)", 0, -1));
  g_assert_cmpfloat (cb_viewport_get_center_y (viewport), >, y);

  /* Home puts it all back. */
  g_assert_true (gtk_widget_activate_action (widget, "map.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "map.home", NULL));
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale, scale * 1e-9);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_center_x (viewport), x, 1e-6 * scale);

  /* At the zoom limit the action is disabled, and so are the buttons. */
  cb_viewport_set_scale (viewport, cb_viewport_get_min_scale (viewport));
  g_assert_false (g_action_group_get_action_enabled (cb_map_get_action_group (fixture->map), "zoom-in"));
  g_assert_true (g_action_group_get_action_enabled (cb_map_get_action_group (fixture->map), "zoom-out"));
  g_action_group_activate_action (cb_map_get_action_group (fixture->map), "zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport),
                                  2 * cb_viewport_get_min_scale (viewport), 1e-9);
}

static void
test_map_key_bindings (Fixture       *fixture,
                       gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkEventController *shortcuts;
  GListModel *model;
  const struct {
    guint keyval;
    GdkModifierType modifiers;
    const char *action;
  } expected[] = {
    { GDK_KEY_Left, 0, "map.pan" },
    { GDK_KEY_Down, 0, "map.pan" },
    { GDK_KEY_plus, 0, "map.zoom-in" },
    { GDK_KEY_equal, 0, "map.zoom-in" },
    { GDK_KEY_KP_Add, 0, "map.zoom-in" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in" },
    { GDK_KEY_minus, 0, "map.zoom-out" },
    { GDK_KEY_KP_Subtract, 0, "map.zoom-out" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out" },
    { GDK_KEY_Home, 0, "map.home" },
  };
  double scale = cb_viewport_get_scale (viewport);

  /* The class shortcuts are one controller on the widget. */
  shortcuts = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_SHORTCUT_CONTROLLER);
  model = G_LIST_MODEL (shortcuts);

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (model) && !found; i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (model, i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == expected[e].keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == expected[e].modifiers &&
              GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), expected[e].action))
            {
              /* And it does what it says. */
              g_assert_true (gtk_shortcut_action_activate (action, 0, GTK_WIDGET (fixture->map),
                                                           gtk_shortcut_get_arguments (shortcut)));
              found = TRUE;
            }
        }

      if (!found)
        g_error ("no key binding %s for %s", gdk_keyval_name (expected[e].keyval), expected[e].action);
    }

  /* The sequence ended with Home. */
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale, scale * 1e-9);
}

/* ---- pointer ------------------------------------------------------------ */

static void
test_map_drag (Fixture       *fixture,
               gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkEventController *drag = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_GESTURE_DRAG);
  double lon0, lat0, lon1, lat1, scale;

  /* Zoomed in, so that the drag stays inside the data the view is held to. */
  cb_viewport_set_scale (viewport, cb_viewport_get_scale (viewport) / 4);
  scale = cb_viewport_get_scale (viewport);
  g_assert_true (cb_viewport_screen_to_geo (viewport, 200, 150, &lon0, &lat0));

  g_signal_emit_by_name (drag, "drag-begin", 200.0, 150.0);
  g_signal_emit_by_name (drag, "drag-update", 30.0, 10.0);
  g_signal_emit_by_name (drag, "drag-update", 120.0, 80.0);
  g_signal_emit_by_name (drag, "drag-end", 120.0, 80.0);

  /* The point grabbed is under the pointer where the drag ended. */
  g_assert_true (cb_viewport_screen_to_geo (viewport, 320, 230, &lon1, &lat1));
  g_assert_cmpfloat_with_epsilon (lon1, lon0, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat1, lat0, 1e-7);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, scale);
}

static void
test_map_scroll_zoom (Fixture       *fixture,
                      gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkEventController *motion = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  GtkEventController *scroll = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  double lon0, lat0, lon1, lat1, plon, plat, scale = cb_viewport_get_scale (viewport);
  gboolean handled = FALSE;

  g_assert_true (gtk_event_controller_scroll_get_flags (GTK_EVENT_CONTROLLER_SCROLL (scroll)) &
                 GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_assert_true (gtk_event_controller_scroll_get_flags (GTK_EVENT_CONTROLLER_SCROLL (scroll)) &
                 GTK_EVENT_CONTROLLER_SCROLL_KINETIC);

  g_assert_true (cb_viewport_screen_to_geo (viewport, 600, 120, &lon0, &lat0));
  g_signal_emit_by_name (motion, "motion", 600.0, 120.0);

  /* The pointer position is what the window shows. */
  g_assert_true (cb_map_get_pointer_position (fixture->map, &plon, &plat));
  g_assert_cmpfloat_with_epsilon (plon, lon0, 1e-9);
  g_assert_cmpfloat_with_epsilon (plat, lat0, 1e-9);

  /* Two notches up: one zoom step, around the pointer. */
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale / 2, scale * 1e-9);
  g_assert_true (cb_viewport_screen_to_geo (viewport, 600, 120, &lon1, &lat1));
  g_assert_cmpfloat_with_epsilon (lon1, lon0, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat1, lat0, 1e-7);

  g_signal_emit_by_name (scroll, "scroll", 0.0, 2.0, &handled);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale, scale * 1e-9);

  g_signal_emit_by_name (motion, "leave");
  g_assert_false (cb_map_get_pointer_position (fixture->map, NULL, NULL));
}

static void
run_frames_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_reached, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_map_fling (Fixture       *fixture,
                gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkEventController *swipe = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_GESTURE_SWIPE);
  double x = cb_viewport_get_center_x (viewport);
  double y = cb_viewport_get_center_y (viewport);
  double glided;

  /* A fast drag to the right glides on: the view keeps moving west. */
  g_signal_emit_by_name (swipe, "swipe", 1500.0, 0.0);
  run_frames_for (1200);
  glided = x - cb_viewport_get_center_x (viewport);
  g_assert_cmpfloat (glided, >, 0);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_center_y (viewport), y, 1e-6);
  /* ...and stops: a glide covers at most v * half-life / ln 2 pixels. */
  g_assert_cmpfloat (glided, <=, 1500.0 * 0.12 / G_LN2 * cb_viewport_get_scale (viewport) * 1.01);
  x = cb_viewport_get_center_x (viewport);
  run_frames_for (200);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, x);

  /* A slow drag does not glide, and Home stops a glide at once. */
  g_signal_emit_by_name (swipe, "swipe", 100.0, 0.0);
  run_frames_for (100);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, x);
  g_signal_emit_by_name (swipe, "swipe", 0.0, -3000.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.home", NULL));
  x = cb_viewport_get_center_x (viewport);
  y = cb_viewport_get_center_y (viewport);
  run_frames_for (200);
  g_assert_cmpfloat (cb_viewport_get_center_x (viewport), ==, x);
  g_assert_cmpfloat (cb_viewport_get_center_y (viewport), ==, y);
}

static void
test_map_zoom_animation (Fixture       *fixture,
                         gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkEventController *click = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_GESTURE_CLICK);
  double scale;
  double lon0, lat0, lon1, lat1;

  /* Zoomed in, so that a step out stays inside the data the view is held to. */
  cb_viewport_set_scale (viewport, cb_viewport_get_scale (viewport) / 4);
  scale = cb_viewport_get_scale (viewport);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);

  /* The step glides: not there at once, there after a moment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.zoom-in", NULL));
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), >, scale / 2 * 1.01);
  run_frames_for (600);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale / 2, scale * 1e-9);

  /* Two quick presses make two steps. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.zoom-out", NULL));
  run_frames_for (600);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale * 2, scale * 1e-9);

  /* A double click glides around the point clicked, which stays put. */
  g_assert_true (cb_viewport_screen_to_geo (viewport, 150, 420, &lon0, &lat0));
  g_signal_emit_by_name (click, "pressed", 2, 150.0, 420.0);
  run_frames_for (100);
  g_assert_true (cb_viewport_screen_to_geo (viewport, 150, 420, &lon1, &lat1));
  g_assert_cmpfloat_with_epsilon (lon1, lon0, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat1, lat0, 1e-7);
  run_frames_for (600);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale, scale * 1e-9);

  /* Home during a glide wins. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map), "map.home", NULL));
  scale = cb_viewport_get_scale (viewport);
  run_frames_for (400);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), ==, scale);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
test_map_double_click (Fixture       *fixture,
                       gconstpointer  data)
{
  CbViewport *viewport = cb_map_get_viewport (fixture->map);
  GtkEventController *click = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_GESTURE_CLICK);
  double lon0, lat0, lon1, lat1, scale = cb_viewport_get_scale (viewport);

  g_assert_true (cb_viewport_screen_to_geo (viewport, 100, 500, &lon0, &lat0));
  g_signal_emit_by_name (click, "pressed", 1, 100.0, 500.0);
  g_signal_emit_by_name (click, "pressed", 2, 100.0, 500.0);

  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale / 2, scale * 1e-9);
  g_assert_true (cb_viewport_screen_to_geo (viewport, 100, 500, &lon1, &lat1));
  g_assert_cmpfloat_with_epsilon (lon1, lon0, 1e-7);
  g_assert_cmpfloat_with_epsilon (lat1, lat0, 1e-7);
}

static void
on_town_activated (CbMap      *map,
                   const char *town_id,
                   char      **out)
{
  g_free (*out);
  *out = g_strdup (town_id);
}

static void
test_map_click_town (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkEventController *click = find_controller (GTK_WIDGET (fixture->map), GTK_TYPE_GESTURE_CLICK);
  g_autofree char *activated = NULL;
  double x, y;

  g_signal_connect (fixture->map, "town-activated", G_CALLBACK (on_town_activated), &activated);

  /* An empty spot (the far corner, out of every town) activates nothing. */
  g_signal_emit_by_name (click, "pressed", 1, 2.0, 2.0);
  g_signal_emit_by_name (click, "released", 1, 2.0, 2.0);
  g_assert_null (activated);

  town_screen_position (fixture->map, "lida", &x, &y);
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (x, <, MAP_WIDTH);
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (y, <, MAP_HEIGHT);

  /* Hovering it shows a hand. */
  {
    GtkEventController *motion = find_controller (GTK_WIDGET (fixture->map),
                                                  GTK_TYPE_EVENT_CONTROLLER_MOTION);

    g_signal_emit_by_name (motion, "motion", x, y);
    g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (fixture->map))), ==, "pointer");
    g_signal_emit_by_name (motion, "motion", 2.0, 2.0);
    g_assert_cmpstr (gdk_cursor_get_name (gtk_widget_get_cursor (GTK_WIDGET (fixture->map))), ==, "grab");
  }

  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_cmpstr (activated, ==, "lida");
  g_assert_cmpstr (cb_map_get_selected_town (fixture->map), ==, "lida");

  /* The click also moved the keyboard focus to the town. */
  g_assert_true (gtk_widget_is_focus (cb_map_get_town_marker (fixture->map, "lida")));
}

/* ---- towns for assistive technology ------------------------------------- */

static void
test_map_markers (Fixture       *fixture,
                  gconstpointer  data)
{
  CbLayer *towns = cb_layer_catalog_get_towns (the_catalog);
  guint n_features = cb_feature_set_get_n_features (cb_layer_get_features (towns));
  guint n_markers = 0, n_on_screen = 0;
  GtkWidget *vilnius;

  g_assert_cmpuint (n_features, >, 20);

  for (guint feature = 0; feature < n_features; feature++)
    {
      const char *id = cb_feature_set_get_attribute (cb_layer_get_features (towns), feature, "id");
      const char *name_en = cb_feature_set_get_attribute (cb_layer_get_features (towns), feature, "name_en");
      GtkWidget *marker = cb_map_get_town_marker (fixture->map, id);

      g_assert_nonnull (marker);
      g_assert_true (gtk_widget_get_parent (marker) == GTK_WIDGET (fixture->map));
      g_assert_true (gtk_widget_get_focusable (marker));
      gtk_test_accessible_assert_role (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_ROLE_BUTTON);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL, name_en);
      n_markers++;

      if (gtk_widget_get_child_visible (marker))
        {
          double x, y;
          graphene_rect_t bounds;

          /* Its bounds are where the town is drawn. */
          n_on_screen++;
          town_screen_position (fixture->map, id, &x, &y);
          g_assert_true (gtk_widget_compute_bounds (marker, GTK_WIDGET (fixture->map), &bounds));
          g_assert_true (graphene_rect_contains_point (&bounds, &GRAPHENE_POINT_INIT (x, y)));
        }
    }

  g_assert_cmpuint (n_markers, ==, n_features);
  g_assert_cmpuint (n_on_screen, >, 10);
  g_assert_cmpuint (n_on_screen, <=, n_markers);

  /* The names follow the language. */
  vilnius = cb_map_get_town_marker (fixture->map, "vilnius");
  cb_map_set_language (fixture->map, "pl");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (vilnius), GTK_ACCESSIBLE_PROPERTY_LABEL, "Wilno");
  cb_map_set_language (fixture->map, "xx");
  g_assert_cmpstr (cb_map_get_language (fixture->map), ==, "en");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (vilnius), GTK_ACCESSIBLE_PROPERTY_LABEL, "Vilnius");

  /* A town scrolled out of view is hidden but stays in the tree. */
  cb_map_center_on_town (fixture->map, "lida");
  wait_for_layout (fixture->map);
  g_assert_false (gtk_widget_get_child_visible (cb_map_get_town_marker (fixture->map, "kaunas")));
  g_assert_true (gtk_widget_get_child_visible (cb_map_get_town_marker (fixture->map, "lida")));
  g_assert_true (gtk_widget_get_visible (cb_map_get_town_marker (fixture->map, "kaunas")));
}

/* The towns as the renderer alone places them for the map's view, with
 * @selected first (the map keeps its labels off the scale bar, 12 px in
 * from the bottom left corner, as here; the legend is off). */
static CbTownLayout *
expected_layout (CbMap      *map,
                 const char *selected)
{
  CbViewport *viewport = cb_map_get_viewport (map);
  double bar_width = 0, bar_height = 0;
  double avoid[4];
  CbRenderOptions options;

  cb_scale_bar_draw (NULL, viewport, 0, 0, MAP_WIDTH / 3.0, FALSE, &bar_width, &bar_height);
  avoid[0] = 12;
  avoid[1] = MAP_HEIGHT - 12 - bar_height;
  avoid[2] = bar_width;
  avoid[3] = bar_height;

  cb_render_options_init (&options);
  options.language = cb_map_get_language (map);
  options.selected_town_id = selected;
  options.device_scale = gtk_widget_get_scale_factor (GTK_WIDGET (map));
  options.draw_towns = TRUE;
  options.avoid_rects = avoid;
  options.n_avoid_rects = 1;
  return cb_renderer_layout_towns (cb_map_get_renderer (map), viewport, &options);
}

/* Every marker covers its town's dot and label as drawn now, and only
 * towns drawn have a marker on screen. */
static void
assert_markers_match (CbMap        *map,
                      CbTownLayout *layout)
{
  CbLayer *towns = cb_layer_catalog_get_towns (the_catalog);
  guint n_features = cb_feature_set_get_n_features (cb_layer_get_features (towns));

  for (guint feature = 0; feature < n_features; feature++)
    {
      const char *id = cb_feature_set_get_attribute (cb_layer_get_features (towns), feature, "id");
      const CbPlacedTown *town = cb_town_layout_lookup (layout, id);
      GtkWidget *marker = cb_map_get_town_marker (map, id);
      graphene_rect_t bounds;

      g_assert_cmpint (gtk_widget_get_child_visible (marker), ==, town != NULL);
      if (town == NULL)
        continue;
      g_assert_true (gtk_widget_compute_bounds (marker, GTK_WIDGET (map), &bounds));
      g_assert_cmpfloat (fabs (bounds.origin.x - floor (town->bounds_x)), <=, 1);
      g_assert_cmpfloat (fabs (bounds.origin.y - floor (town->bounds_y)), <=, 1);
      g_assert_cmpfloat (fabs (bounds.origin.x + bounds.size.width - (town->bounds_x + town->bounds_width)), <=, 1);
      g_assert_cmpfloat (fabs (bounds.origin.y + bounds.size.height - (town->bounds_y + town->bounds_height)), <=, 1);
      if (town->has_label)
        g_assert_true (graphene_rect_contains_rect (&bounds,
                                                    &GRAPHENE_RECT_INIT (town->label_x + 1, town->label_y + 1,
                                                                         town->label_width - 2,
                                                                         town->label_height - 2)));
    }
}

/* Selecting a second town moves the labels around it (the selected town
 * is labelled first); the markers follow at once. */
static void
test_map_markers_follow_selection (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(CbTownLayout) first = NULL;
  g_autoptr(CbTownLayout) second = NULL;
  guint n, moved = 0;
  const CbPlacedTown *towns;

  /* Around Sejny at 900 m/px: a small town such as Varėna is labelled
   * only when it is selected, and then moves others aside. */
  cb_map_center_on_town (fixture->map, "sejny");
  cb_viewport_set_scale (cb_map_get_viewport (fixture->map), 900);

  cb_map_set_selected_town (fixture->map, "sejny");
  wait_for_layout (fixture->map);
  first = expected_layout (fixture->map, "sejny");
  assert_markers_match (fixture->map, first);

  cb_map_set_selected_town (fixture->map, "varena");
  wait_for_frames (fixture->map, FALSE);
  second = expected_layout (fixture->map, "varena");
  assert_markers_match (fixture->map, second);

  /* Not vacuous: the two selections place some labels differently. */
  towns = cb_town_layout_get_towns (second, &n);
  for (guint i = 0; i < n; i++)
    {
      const CbPlacedTown *before = cb_town_layout_lookup (first, towns[i].id);

      moved += before == NULL || before->has_label != towns[i].has_label ||
               before->label_x != towns[i].label_x || before->label_y != towns[i].label_y;
    }
  g_test_message ("%u of %u towns placed differently", moved, n);
  g_assert_cmpuint (moved, >, 0);
}

static gboolean
string_is_set (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

static void
test_map_keyboard_towns (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *lida = cb_map_get_town_marker (fixture->map, "lida");
  g_autofree char *activated = NULL;
  GtkWidget *focus, *previous = NULL;
  double previous_x = -G_MAXDOUBLE, x, y;
  guint steps = 0;

  g_signal_connect (fixture->map, "town-activated", G_CALLBACK (on_town_activated), &activated);

  /* Tab from the window: straight to the westernmost town (not the map's
   * pan mode), then the towns west to east. */
  gtk_root_set_focus (GTK_ROOT (fixture->window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  previous = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (CB_IS_TOWN_MARKER (previous));
  town_screen_position (fixture->map, cb_town_marker_get_town_id (CB_TOWN_MARKER (previous)), &x, &y);
  previous_x = x;

  while ((focus = gtk_root_get_focus (GTK_ROOT (fixture->window))) != lida && steps++ < 100)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_true (CB_IS_TOWN_MARKER (focus));
      g_assert_true (focus != previous);
      g_assert_true (gtk_widget_get_child_visible (focus));
      /* West to east, by the town's own position. */
      town_screen_position (fixture->map, cb_town_marker_get_town_id (CB_TOWN_MARKER (focus)), &x, &y);
      g_assert_cmpfloat (x, >=, previous_x - 0.5);
      previous_x = x;
      previous = focus;
    }
  g_assert_true (gtk_widget_is_focus (lida));

  /* Enter, or a screen reader's "click" (both: the activate signal)
   * opens it, once the button has shown itself pressed. */
  g_assert_true (gtk_widget_activate (lida));
  wait_until (string_is_set, &activated);
  g_assert_cmpstr (activated, ==, "lida");

  /* An arrow key goes to a town that way (several lie west of Lida). */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->map), GTK_DIR_LEFT));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (CB_IS_TOWN_MARKER (focus));
  g_assert_true (focus != lida);
  {
    double lida_x, lida_y;

    town_screen_position (fixture->map, "lida", &lida_x, &lida_y);
    town_screen_position (fixture->map, cb_town_marker_get_town_id (CB_TOWN_MARKER (focus)), &x, &y);
    g_assert_cmpfloat (x, <, lida_x);
  }

  /* Escape goes back to the map, where arrows pan again. */
  {
    GtkEventController *shortcuts = find_controller (focus, GTK_TYPE_SHORTCUT_CONTROLLER);
    gboolean escaped = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shortcuts)) && !escaped; i++)
      {
        g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (shortcuts), i);
        GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

        if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
            gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape)
          escaped = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, focus,
                                                  gtk_shortcut_get_arguments (shortcut));
      }
    g_assert_true (escaped);
    g_assert_true (gtk_widget_is_focus (GTK_WIDGET (fixture->map)));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
    g_assert_true (CB_IS_TOWN_MARKER (gtk_root_get_focus (GTK_ROOT (fixture->window))));
    gtk_widget_grab_focus (focus);
  }

  /* Shift+Tab walks back and ends on the map itself. */
  steps = 0;
  while (gtk_root_get_focus (GTK_ROOT (fixture->window)) != GTK_WIDGET (fixture->map) && steps++ < 100)
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (fixture->map)));
}

static void
test_map_accessible_description (Fixture       *fixture,
                                 gconstpointer  data)
{
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (fixture->map), GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->map), GTK_ACCESSIBLE_PROPERTY_LABEL, "Map");

  cb_map_center_on_town (fixture->map, "vilnius");
  /* Updated after a short delay, so a drag does not flood screen readers. */
  {
    gboolean done = FALSE;
    guint id = g_timeout_add (1000, timeout_reached, &done);

    while (!done)
      g_main_context_iteration (NULL, TRUE);
    (void) id;
  }

  {
    g_autofree char *centre = NULL;
    g_autofree char *expected = NULL;
    CbViewport *viewport = cb_map_get_viewport (fixture->map);
    double lon, lat;

    g_assert_true (cb_viewport_map_to_geo (viewport,
                                           cb_viewport_get_center_x (viewport),
                                           cb_viewport_get_center_y (viewport),
                                           &lon, &lat));
    g_assert_cmpfloat_with_epsilon (lon, 25.2798, 1e-3);
    g_assert_cmpfloat_with_epsilon (lat, 54.68916, 1e-3);
    centre = cb_map_format_coordinates (lon, lat);
    g_assert_true (g_str_has_prefix (centre, "54.68"));
    g_assert_true (strstr (centre, "° N, 25.27") != NULL || strstr (centre, "° N, 25.28") != NULL);
    expected = g_strdup_printf ("Centre %s, scale ", centre);

    /* The description names the centre, the scale and the town. */
    {
      char *value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (fixture->map),
                                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                        "");
      /* check_property returns the actual value when it differs. */
      g_assert_nonnull (value);
      g_assert_true (g_str_has_prefix (value, expected));
      g_assert_true (strstr (value, "1 : ") != NULL);
      g_assert_true (g_str_has_suffix (value, "selected town Vilnius"));
      g_free (value);
    }
  }
}

static gboolean
map_is_narrow (gpointer user_data)
{
  return gtk_widget_get_width (GTK_WIDGET (user_data)) == MAP_WIDTH / 2;
}

static void
test_map_keeps_selected_town (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *side = gtk_label_new ("side panel");
  CbMap *map = CB_MAP (cb_map_new ());
  CbLayer *towns = cb_layer_catalog_get_towns (the_catalog);
  const char *east_id = NULL;
  double east_x = -1, x, y;

  cb_map_set_catalog (map, the_catalog);
  gtk_widget_set_hexpand (GTK_WIDGET (map), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (map), 100, MAP_HEIGHT);
  gtk_widget_set_size_request (side, MAP_WIDTH / 2, -1);
  gtk_widget_set_visible (side, FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (map));
  gtk_box_append (GTK_BOX (box), side);
  gtk_window_set_child (window, box);
  gtk_window_set_default_size (window, MAP_WIDTH, MAP_HEIGHT);
  gtk_window_present (window);
  wait_for_layout (map);

  /* The easternmost town on screen: a panel opening on the right would hide it. */
  for (guint f = 0; f < cb_feature_set_get_n_features (cb_layer_get_features (towns)); f++)
    {
      const char *id = cb_feature_set_get_attribute (cb_layer_get_features (towns), f, "id");

      town_screen_position (map, id, &x, &y);
      if (x < MAP_WIDTH && y >= 0 && y < MAP_HEIGHT && x > east_x)
        {
          east_x = x;
          east_id = id;
        }
    }
  g_assert_cmpfloat (east_x, >, MAP_WIDTH / 2 + 64);
  cb_map_set_selected_town (map, east_id);

  gtk_widget_set_visible (side, TRUE);
  wait_until (map_is_narrow, map);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map)), ==, MAP_WIDTH / 2);

  town_screen_position (map, east_id, &x, &y);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (x, <=, MAP_WIDTH / 2 - 64 + 0.5);

  g_object_ref (map);
  gtk_window_destroy (window);
  cb_test_flush_events ();
  g_assert_finalize_object (map);
}

static void
collect_switches (GtkWidget *widget,
                  GPtrArray *names)
{
  if (GTK_IS_SWITCH (widget))
    g_ptr_array_add (names, g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_switches (child, names);
}

static void
collect_group_titles (GtkWidget *widget,
                      GPtrArray *titles)
{
  if (ADW_IS_PREFERENCES_GROUP (widget))
    g_ptr_array_add (titles, g_strdup (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_group_titles (child, titles);
}

static void
test_layers_panel (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(CbAtlas) atlas = cb_atlas_new ();
  g_autoptr(CbAtlas) restarted = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CbLayersPanel *panel = CB_LAYERS_PANEL (cb_layers_panel_new ());
  CbLayerCatalog *catalog;
  CbLayer *line;
  GActionGroup *actions;
  g_autoptr(GVariant) overrides = NULL;
  gboolean visible;

  /* As the application does: the atlas keeps the layers' state. */
  cb_atlas_load (atlas, NULL, NULL);
  cb_atlas_bind_settings (atlas, settings);
  catalog = cb_atlas_get_catalog (atlas);
  line = cb_layer_catalog_get_layer_by_id (catalog, "treaty_1920_line");
  cb_layers_panel_set_catalog (panel, catalog);
  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  cb_test_flush_events ();

  /* One stateful action per layer, in step with the layer. */
  actions = cb_layers_panel_get_action_group (panel);
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
      g_autofree char *name = cb_layers_panel_action_name_for_layer (cb_layer_get_id (layer));
      g_autoptr(GVariant) state = NULL;

      g_assert_true (g_action_group_has_action (actions, name));
      state = g_action_group_get_action_state (actions, name);
      g_assert_cmpint (g_variant_get_boolean (state), ==, cb_layer_get_visible (layer));
    }
  g_assert_true (cb_layer_get_visible (line));

  /* One switch per layer plus the legend's, grouped with the treaty first. */
  {
    g_autoptr(GPtrArray) switches = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

    collect_switches (GTK_WIDGET (panel), switches);
    g_assert_cmpuint (switches->len, ==, cb_layer_catalog_get_n_layers (catalog) + 1);
    for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
      {
        CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
        g_autofree char *name = cb_layers_panel_action_name_for_layer (cb_layer_get_id (layer));
        g_autofree char *detailed = g_strconcat ("layers.", name, NULL);
        guint found = 0;

        for (guint j = 0; j < switches->len; j++)
          found += g_str_equal (g_ptr_array_index (switches, j), detailed);
        g_assert_cmpuint (found, ==, 1);
      }

    collect_group_titles (GTK_WIDGET (panel), titles);
    g_assert_cmpuint (titles->len, ==, 5);
    /* The legend's switch first, where it is found without scrolling. */
    g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "On the Map");
    g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, "Treaty of 1920");
    g_assert_cmpstr (g_ptr_array_index (titles, 2), ==, "Lines of 1919–1923");
    g_assert_cmpstr (g_ptr_array_index (titles, 3), ==, "Regions");
    g_assert_cmpstr (g_ptr_array_index (titles, 4), ==, "Context");
  }

  /* The switch's action hides the layer and remembers it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "layers.treaty-1920-line", NULL));
  cb_test_flush_events ();
  g_assert_false (cb_layer_get_visible (line));
  overrides = g_settings_get_value (settings, "layer-visibility");
  g_assert_true (g_variant_lookup (overrides, "treaty_1920_line", "b", &visible));
  g_assert_false (visible);

  /* Switching the layer itself moves the switch: the action is the layer's. */
  cb_layer_set_visible (line, TRUE);
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (actions, "treaty-1920-line");
    g_assert_true (g_variant_get_boolean (state));
  }
  cb_layer_set_visible (line, FALSE);

  /* Next start: an atlas bound to the same settings has it hidden. */
  restarted = cb_atlas_new ();
  cb_atlas_load (restarted, NULL, NULL);
  g_assert_true (cb_layer_get_visible (cb_layer_catalog_get_layer_by_id (cb_atlas_get_catalog (restarted),
                                                                        "treaty_1920_line")));
  cb_atlas_bind_settings (restarted, settings);
  g_assert_false (cb_layer_get_visible (cb_layer_catalog_get_layer_by_id (cb_atlas_get_catalog (restarted),
                                                                         "treaty_1920_line")));
  g_settings_reset (settings, "layer-visibility");

  g_object_ref (panel);
  gtk_window_destroy (window);
  cb_test_flush_events ();
  g_assert_finalize_object (panel);
}

static void
test_layers_panel_user_layer (void)
{
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CbLayersPanel *panel = CB_LAYERS_PANEL (cb_layers_panel_new ());
  g_autoptr(GPtrArray) switches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  CbLayer *added;
  guint before;

  g_assert_true (cb_layer_catalog_load (catalog, NULL, &error));
  cb_layers_panel_set_catalog (panel, catalog);
  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  cb_test_flush_events ();
  before = cb_layer_catalog_get_n_layers (catalog);

  /* A layer the user opens gets its own group, row and action. */
  path = g_build_filename (g_getenv ("CB_GEODATA_DIR"), "rivers.shp", NULL);
  added = cb_layer_catalog_add_user_layer (catalog, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  cb_test_flush_events ();

  collect_switches (GTK_WIDGET (panel), switches);
  g_assert_cmpuint (switches->len, ==, before + 2);
  collect_group_titles (GTK_WIDGET (panel), titles);
  /* Listed first after the legend's switch: where someone who just
   * opened a file looks for it. */
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "On the Map");
  g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, "Your layers");

  /* Without settings the action drives the layer directly. */
  {
    g_autofree char *name = cb_layers_panel_action_name_for_layer (cb_layer_get_id (added));
    g_autofree char *detailed = g_strconcat ("layers.", name, NULL);

    g_assert_true (cb_layer_get_visible (added));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), detailed, NULL));
    g_assert_false (cb_layer_get_visible (added));
  }

  g_object_ref (panel);
  gtk_window_destroy (window);
  cb_test_flush_events ();
  g_assert_finalize_object (panel);
}

/* ---- pixels ------------------------------------------------------------- */

static void
test_map_render (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->map));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *expected;
  cairo_t *cr;
  CbRenderOptions options;
  guchar *widget_pixels;
  const guchar *expected_pixels;
  gsize stride, n_far = 0;
  double total = 0, bar_height;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), MAP_WIDTH, MAP_HEIGHT);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, MAP_WIDTH, MAP_HEIGHT));
  gsk_renderer_unrealize (renderer);

  /* The same view drawn straight by the renderer, with its scale bar. */
  expected = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAP_WIDTH, MAP_HEIGHT);
  cr = cairo_create (expected);
  cb_render_options_init (&options);
  options.language = "en";
  options.draw_towns = TRUE;
  options.draw_background = TRUE;
  options.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  cb_renderer_render (cb_map_get_renderer (fixture->map), cr, cb_map_get_viewport (fixture->map), &options);
  cb_scale_bar_draw (NULL, cb_map_get_viewport (fixture->map), 0, 0, MAP_WIDTH / 3.0,
                              options.dark, NULL, &bar_height);
  cb_scale_bar_draw (cr, cb_map_get_viewport (fixture->map), 12, MAP_HEIGHT - 12 - bar_height,
                              MAP_WIDTH / 3.0, options.dark, NULL, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (expected);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, MAP_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, MAP_HEIGHT);
  stride = MAP_WIDTH * 4;
  widget_pixels = g_malloc (stride * MAP_HEIGHT);
  gdk_texture_download (texture, widget_pixels, stride);
  expected_pixels = cairo_image_surface_get_data (expected);
  g_assert_cmpint (cairo_image_surface_get_stride (expected), ==, (int) stride);

  for (gsize i = 0; i < stride * MAP_HEIGHT; i++)
    {
      int diff = abs ((int) widget_pixels[i] - (int) expected_pixels[i]);

      total += diff;
      if (diff > 24)
        n_far++;
    }

  /* Anti-aliasing may differ a little; the picture may not. */
  g_test_message ("mean difference %.4f, %zu channels off by more than 24",
                  total / (stride * MAP_HEIGHT), n_far);
  g_assert_cmpfloat (total / (stride * MAP_HEIGHT), <, 1.0);
  g_assert_cmpuint (n_far, <, stride * MAP_HEIGHT / 200);

  /* And it is a map, not a blank: many colours. */
  {
    g_autoptr(GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);

    for (gsize i = 0; i < (gsize) MAP_WIDTH * MAP_HEIGHT; i += 7)
      g_hash_table_add (colours, GUINT_TO_POINTER (((guint32 *) widget_pixels)[i]));
    g_assert_cmpuint (g_hash_table_size (colours), >, 50);
  }

  g_free (widget_pixels);
  cairo_surface_destroy (expected);
}

/* ---- in the window ------------------------------------------------------ */

static gboolean
window_map_allocated (gpointer user_data)
{
  return gtk_widget_get_width (GTK_WIDGET (user_data)) > 0;
}

static void
test_window_map_area (void)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));
  CbMap *map = cb_window_get_map (window);
  CbViewport *viewport = cb_map_get_viewport (map);
  GtkWidget *overlay = gtk_widget_get_parent (GTK_WIDGET (map));
  GtkWidget *zoom_in = NULL;
  double scale;

  gtk_window_present (GTK_WINDOW (window));
  wait_until (window_map_allocated, map);

  /* The window gave the map its layers. */
  g_assert_true (cb_map_get_catalog (map) == cb_atlas_get_catalog (cb_window_get_atlas (window)));
  g_assert_cmpuint (cb_layer_catalog_get_n_layers (cb_map_get_catalog (map)), >=, 14);

  /* The floating zoom buttons reach the map's actions. */
  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    for (GtkWidget *button = gtk_widget_get_first_child (child); button; button = gtk_widget_get_next_sibling (button))
      if (GTK_IS_ACTIONABLE (button) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), "map.zoom-in") == 0)
        zoom_in = button;

  g_assert_nonnull (zoom_in);
  g_assert_true (gtk_widget_is_sensitive (zoom_in));
  scale = cb_viewport_get_scale (viewport);
  g_signal_emit_by_name (zoom_in, "clicked");
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale / 2, scale * 1e-9);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* The test AT context records accessible properties for the asserts
   * (the suite's GTK_A11Y=none would have none). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Zoom steps land at once; /map/zoom-animation turns gliding back on. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  the_catalog = cb_layer_catalog_new ();
  g_assert_true (cb_layer_catalog_load (the_catalog, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cb_layer_catalog_get_towns (the_catalog));


#define ADD_MAP_TEST(path, func) \
  g_test_add ("/map/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_MAP_TEST ("actions", test_map_actions);
  ADD_MAP_TEST ("key-bindings", test_map_key_bindings);
  ADD_MAP_TEST ("drag", test_map_drag);
  ADD_MAP_TEST ("scroll-zoom", test_map_scroll_zoom);
  ADD_MAP_TEST ("fling", test_map_fling);
  ADD_MAP_TEST ("zoom-animation", test_map_zoom_animation);
  ADD_MAP_TEST ("double-click", test_map_double_click);
  ADD_MAP_TEST ("click-town", test_map_click_town);
  ADD_MAP_TEST ("markers", test_map_markers);
  ADD_MAP_TEST ("markers-follow-selection", test_map_markers_follow_selection);
  ADD_MAP_TEST ("keyboard-towns", test_map_keyboard_towns);
  ADD_MAP_TEST ("accessible-description", test_map_accessible_description);
  ADD_MAP_TEST ("render", test_map_render);
  g_test_add_func ("/map/keeps-selected-town", test_map_keeps_selected_town);
  g_test_add_func ("/layers-panel/actions", test_layers_panel);
  g_test_add_func ("/layers-panel/user-layer", test_layers_panel_user_layer);
  g_test_add_func ("/window/map-area", test_window_map_area);

  ret = g_test_run ();

  cb_test_release_app ();
  g_assert_finalize_object (the_catalog);

  return ret;
}
