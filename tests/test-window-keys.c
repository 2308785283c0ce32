/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's layout (room for the map, the folding sidebar, resizes)
 * and its keyboard (Ctrl+F, Escape, F6, Tab into the map), with real key
 * presses. */
#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <math.h>

#include "cb-application.h"
#include "cb-layers-panel.h"
#include "cb-timeline.h"
#include "cb-town-marker.h"
#include "cb-window.h"
#include "cb-test-utils.h"

/* ---- real key presses ----
 *
 * GTK 4 has no public way to make a key event, so the keyboard tests
 * type on the X server through XTest (libXtst, which xdotool brings),
 * and the event takes GTK's own path: capture, bindings, shortcuts. */

typedef int  (*XTestFakeKeyEventFunc) (void *display, unsigned int keycode, int is_press, unsigned long delay);
typedef int  (*XSetInputFocusFunc)    (void *display, unsigned long window, int revert_to, unsigned long time);
typedef int  (*XSyncFunc)             (void *display, int discard);
typedef void *(*GetXDisplayFunc)      (GdkDisplay *display);
typedef unsigned long (*GetXidFunc)   (GdkSurface *surface);

static struct
{
  XTestFakeKeyEventFunc fake_key;
  XSetInputFocusFunc    set_focus;
  XSyncFunc             sync;
  GetXDisplayFunc       get_xdisplay;
  GetXidFunc            get_xid;
} xtest;

static void
xtest_load (void)
{
  void *xtst, *x11;

  if (xtest.fake_key != NULL)
    return;
  xtst = dlopen ("libXtst.so.6", RTLD_NOW);
  x11 = dlopen ("libX11.so.6", RTLD_NOW);
  if (xtst == NULL || x11 == NULL)
    g_error ("the keyboard tests need libXtst.so.6 and libX11.so.6 (Debian: xdotool): %s", dlerror ());
  xtest.fake_key = (XTestFakeKeyEventFunc) dlsym (xtst, "XTestFakeKeyEvent");
  xtest.set_focus = (XSetInputFocusFunc) dlsym (x11, "XSetInputFocus");
  xtest.sync = (XSyncFunc) dlsym (x11, "XSync");
  xtest.get_xdisplay = (GetXDisplayFunc) dlsym (RTLD_DEFAULT, "gdk_x11_display_get_xdisplay");
  xtest.get_xid = (GetXidFunc) dlsym (RTLD_DEFAULT, "gdk_x11_surface_get_xid");
  g_assert_nonnull (xtest.fake_key);
  g_assert_nonnull (xtest.set_focus);
  g_assert_nonnull (xtest.sync);
  g_assert_nonnull (xtest.get_xdisplay);
  g_assert_nonnull (xtest.get_xid);
}

static guint
keycode_of (GdkDisplay *display,
            guint       keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys;

  g_assert_true (gdk_display_map_keyval (display, keyval, &keys, &n_keys));
  g_assert_cmpint (n_keys, >, 0);
  return keys[0].keycode;
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      cb_test_flush_events ();
      g_usleep (2000);
    }
  cb_test_flush_events ();
}

/* Presses and releases @keyval (with Control and/or Shift held) in
 * @window, then lets the window answer for @settle_ms. */
static void
press_key_settle (GtkWindow       *window,
                  guint            keyval,
                  GdkModifierType  modifiers,
                  guint            settle_ms)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  void *xdisplay;
  guint code = keycode_of (display, keyval);
  guint control = keycode_of (display, GDK_KEY_Control_L);
  guint shift = keycode_of (display, GDK_KEY_Shift_L);

  xtest_load ();
  g_assert_true (g_str_has_prefix (G_OBJECT_TYPE_NAME (display), "GdkX11"));
  xdisplay = xtest.get_xdisplay (display);
  /* No window manager: give the window the X keyboard focus ourselves. */
  xtest.set_focus (xdisplay, xtest.get_xid (surface), 2 /* RevertToParent */, 0);
  if (modifiers & GDK_CONTROL_MASK)
    xtest.fake_key (xdisplay, control, TRUE, 0);
  if (modifiers & GDK_SHIFT_MASK)
    xtest.fake_key (xdisplay, shift, TRUE, 0);
  xtest.fake_key (xdisplay, code, TRUE, 0);
  xtest.fake_key (xdisplay, code, FALSE, 0);
  if (modifiers & GDK_SHIFT_MASK)
    xtest.fake_key (xdisplay, shift, FALSE, 0);
  if (modifiers & GDK_CONTROL_MASK)
    xtest.fake_key (xdisplay, control, FALSE, 0);
  xtest.sync (xdisplay, FALSE);
  wait_ms (settle_ms);
}

static void
press_key (GtkWindow       *window,
           guint            keyval,
           GdkModifierType  modifiers)
{
  press_key_settle (window, keyval, modifiers, 60);
}

/* ---- the window's layout and keyboard ---- */

static void
type_text (GtkWindow  *window,
           const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    press_key (window, gdk_unicode_to_keyval ((guchar) g_ascii_tolower (*c)),
               g_ascii_isupper (*c) ? GDK_SHIFT_MASK : 0);
}

static gboolean
window_has_size (CbWindow *window,
                 int       width,
                 int       height)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) == width &&
         gtk_widget_get_height (GTK_WIDGET (window)) == height;
}

static void
wait_for_size (CbWindow *window,
               int       width,
               int       height)
{
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!window_has_size (window, width, height) && g_get_monotonic_time () < until)
    wait_ms (20);
  wait_ms (50);
}

/* What the default size counts beyond the content: the frame GTK draws
 * itself.  Measured once, so later resizes take one step. */
static int frame_width = -1, frame_height = -1;

/* Resizes @window to @width × @height of content and waits until it is
 * laid out so. */
static void
resize_window (CbWindow *window,
               int       width,
               int       height)
{
  if (frame_width < 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      wait_for_size (window, width, height);
      frame_width = width - gtk_widget_get_width (GTK_WIDGET (window));
      frame_height = height - gtk_widget_get_height (GTK_WIDGET (window));
    }
  gtk_window_set_default_size (GTK_WINDOW (window), width + frame_width, height + frame_height);
  wait_for_size (window, width, height);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
}

/* A window of @width × @height, the layers sidebar set to @show_layers. */
static CbWindow *
new_window_sized (int      width,
                  int      height,
                  gboolean show_layers)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));

  g_settings_set_boolean (cb_window_get_settings (window), "show-layers", show_layers);
  gtk_window_set_default_size (GTK_WINDOW (window), width + MAX (frame_width, 0),
                               height + MAX (frame_height, 0));
  gtk_window_present (GTK_WINDOW (window));
  resize_window (window, width, height);
  return window;
}

static void
destroy_window (CbWindow *window)
{
  GSettings *settings = cb_window_get_settings (window);

  g_settings_reset (settings, "show-layers");
  g_settings_reset (settings, "last-center");
  g_settings_reset (settings, "last-scale");
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static GtkWidget *
focus_of (CbWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_is_in (CbWindow  *window,
             GtkWidget *ancestor)
{
  GtkWidget *focus = focus_of (window);

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

static AdwFlap *
find_flap (GtkWidget *widget,
           gboolean   with_map)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwFlap *found;

      if (ADW_IS_FLAP (child))
        {
          GtkWidget *content = adw_flap_get_content (ADW_FLAP (child));

          if (CB_IS_MAP_VIEW (content) == with_map)
            return ADW_FLAP (child);
        }
      if ((found = find_flap (child, with_map)) != NULL)
        return found;
    }
  return NULL;
}

/* The share of the window's width the map is given. */
static double
map_fraction (CbWindow *window)
{
  GtkWidget *map = GTK_WIDGET (cb_window_get_map (window));

  return (double) gtk_widget_get_width (map) / gtk_widget_get_width (GTK_WIDGET (window));
}

/* With the layers sidebar on and a town open, the map keeps at least
 * 60 % of a 1600 px window and 50 % of a 1024 px one; at 1024 px the
 * sidebar has folded away, and shows over the map when asked. */
static void
test_window_map_room (void)
{
  CbWindow *window = new_window_sized (1600, 1000, TRUE);
  AdwFlap *layers = find_flap (GTK_WIDGET (window), FALSE);
  AdwFlap *town = find_flap (GTK_WIDGET (window), TRUE);
  GtkWidget *map = GTK_WIDGET (cb_window_get_map (window));
  int map_width;

  g_assert_nonnull (layers);
  g_assert_nonnull (town);
  cb_window_show_town (window, "lida");
  wait_ms (200);
  g_test_message ("1600: map %d px (%.0f %%), layers folded %d shown %d, town folded %d shown %d",
                  gtk_widget_get_width (map), 100 * map_fraction (window),
                  adw_flap_get_folded (layers), adw_flap_get_reveal_flap (layers),
                  adw_flap_get_folded (town), adw_flap_get_reveal_flap (town));
  g_assert_false (adw_flap_get_folded (layers));
  g_assert_true (adw_flap_get_reveal_flap (layers));
  g_assert_false (adw_flap_get_folded (town));
  g_assert_true (adw_flap_get_reveal_flap (town));
  g_assert_cmpfloat (map_fraction (window), >=, 0.60);

  resize_window (window, 1024, 700);
  wait_ms (200);
  g_test_message ("1024: map %d px (%.0f %%), layers folded %d shown %d, town folded %d shown %d",
                  gtk_widget_get_width (map), 100 * map_fraction (window),
                  adw_flap_get_folded (layers), adw_flap_get_reveal_flap (layers),
                  adw_flap_get_folded (town), adw_flap_get_reveal_flap (town));
  g_assert_true (adw_flap_get_folded (layers));
  g_assert_false (adw_flap_get_reveal_flap (layers));
  g_assert_true (adw_flap_get_reveal_flap (town));
  g_assert_cmpfloat (map_fraction (window), >=, 0.50);
  /* The saved choice is kept for a wider window. */
  g_assert_true (g_settings_get_boolean (cb_window_get_settings (window), "show-layers"));

  /* Asked for, the sidebar lies over the map, which keeps its width. */
  map_width = gtk_widget_get_width (map);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-layers", NULL));
  wait_ms (200);
  g_assert_true (adw_flap_get_reveal_flap (layers));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (adw_flap_get_flap (layers))));
  g_assert_cmpint (gtk_widget_get_width (map), ==, map_width);
  g_assert_true (g_settings_get_boolean (cb_window_get_settings (window), "show-layers"));

  /* Narrower still: the town panel lies over the map, which keeps the
   * whole width. */
  resize_window (window, 800, 600);
  wait_ms (200);
  g_test_message ("800: map %d px, town folded %d shown %d", gtk_widget_get_width (map),
                  adw_flap_get_folded (town), adw_flap_get_reveal_flap (town));
  g_assert_true (adw_flap_get_folded (town));
  g_assert_true (adw_flap_get_reveal_flap (town));
  g_assert_cmpint (gtk_widget_get_width (map), ==, 800);

  /* A town opened there is moved out from under the panel. */
  cb_map_center_on_town (cb_window_get_map (window), "lida");
  cb_window_show_town (window, "lida");
  /* The window waits for the layout to settle. */
  wait_ms (500);
  {
    CbLayer *towns = cb_layer_catalog_get_towns (cb_atlas_get_catalog (cb_window_get_atlas (window)));
    int feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), "lida");
    const CbBounds *bounds = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature);
    double sx, sy;

    cb_viewport_map_to_screen (cb_map_get_viewport (cb_window_get_map (window)), bounds->min_x, bounds->min_y, &sx, &sy);
    g_test_message ("800: Lida at x = %.0f, the panel from x = %d", sx,
                    800 - gtk_widget_get_width (GTK_WIDGET (adw_flap_get_flap (town))));
    /* Clear of the panel with room for its label, moved no further. */
    g_assert_cmpfloat (sx, <=, 800 - gtk_widget_get_width (GTK_WIDGET (adw_flap_get_flap (town))) - 100);
    g_assert_cmpfloat (sx, >, 800 - gtk_widget_get_width (GTK_WIDGET (adw_flap_get_flap (town))) - 200);
  }

  /* Wide again: the sidebar is back beside the map. */
  resize_window (window, 1600, 1000);
  wait_ms (200);
  g_assert_false (adw_flap_get_folded (layers));
  g_assert_true (adw_flap_get_reveal_flap (layers));
  g_assert_cmpfloat (map_fraction (window), >=, 0.60);

  destroy_window (window);
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Escape closes the town panel wherever the keyboard is: on the map, on a
 * town of the map, in the panel, in the sidebar, in the header. */
static void
test_window_escape_anywhere (void)
{
  CbWindow *window = new_window_sized (1600, 1000, TRUE);
  CbMap *map = cb_window_get_map (window);
  GtkWidget *panel = GTK_WIDGET (cb_window_get_town_panel (window));
  AdwFlap *town = find_flap (GTK_WIDGET (window), TRUE);
  const char * const places[] = { "map", "town", "panel", "sidebar", "header" };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      GtkWidget *marker;

      cb_map_center_on_town (map, "lida");
      cb_window_show_town (window, "lida");
      wait_ms (150);
      g_assert_true (adw_flap_get_reveal_flap (town));
      marker = cb_map_get_town_marker (map, "lida");

      if (g_str_equal (places[i], "map"))
        g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (map)));
      else if (g_str_equal (places[i], "town"))
        g_assert_true (gtk_widget_grab_focus (marker));
      else if (g_str_equal (places[i], "panel"))
        g_assert_true (gtk_widget_grab_focus (panel));
      else if (g_str_equal (places[i], "sidebar"))
        {
          GtkWidget *layers = find_of_type (GTK_WIDGET (window), CB_TYPE_LAYERS_PANEL);

          g_assert_nonnull (layers);
          g_assert_true (gtk_widget_child_focus (layers, GTK_DIR_TAB_FORWARD));
          g_assert_true (focus_is_in (window, layers));
        }
      else
        {
          gtk_root_set_focus (GTK_ROOT (window), NULL);
          g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
          g_assert_nonnull (gtk_widget_get_ancestor (focus_of (window), ADW_TYPE_HEADER_BAR));
        }
      g_test_message ("Escape with the keyboard on the %s (%s)", places[i], G_OBJECT_TYPE_NAME (focus_of (window)));

      press_key (GTK_WINDOW (window), GDK_KEY_Escape, 0);
      g_assert_null (cb_window_get_selected_town (window));
      g_assert_false (adw_flap_get_reveal_flap (town));
      /* From inside the panel, the keyboard goes back to the town. */
      if (g_str_equal (places[i], "panel"))
        g_assert_true (focus_of (window) == marker);
      else
        g_assert_nonnull (focus_of (window));
    }

  /* Escape with nothing open still takes a town back to the map. */
  cb_map_center_on_town (map, "lida");
  cb_window_set_selected_town (window, NULL);
  wait_ms (150);
  g_assert_true (gtk_widget_grab_focus (cb_map_get_town_marker (map, "lida")));
  press_key (GTK_WINDOW (window), GDK_KEY_Escape, 0);
  g_assert_true (focus_of (window) == GTK_WIDGET (map));

  destroy_window (window);
}

typedef enum { PART_HEADER, PART_LAYERS, PART_MAP, PART_TOWN, PART_DATE_BAR, PART_OTHER } Part;
static const char * const part_names[] = { "header", "sidebar", "map", "town panel", "date bar", "elsewhere" };

static Part
focus_part (CbWindow *window)
{
  GtkWidget *focus = focus_of (window);

  if (focus == NULL)
    return PART_OTHER;
  if (gtk_widget_get_ancestor (focus, ADW_TYPE_HEADER_BAR) != NULL)
    return PART_HEADER;
  if (gtk_widget_get_ancestor (focus, CB_TYPE_LAYERS_PANEL) != NULL)
    return PART_LAYERS;
  if (focus == GTK_WIDGET (cb_window_get_map (window)))
    return PART_MAP;
  if (gtk_widget_get_ancestor (focus, CB_TYPE_TOWN_PANEL) != NULL)
    return PART_TOWN;
  if (gtk_widget_get_ancestor (focus, CB_TYPE_TIMELINE) != NULL)
    return PART_DATE_BAR;
  return PART_OTHER;
}

static void
assert_f6_cycle (CbWindow    *window,
                 const Part  *order,
                 guint        n)
{
  /* From the map, F6 goes round once, and Shift+F6 back again. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (cb_window_get_map (window))));
  g_assert_cmpint (order[0], ==, PART_MAP);
  for (guint i = 1; i <= n; i++)
    {
      press_key (GTK_WINDOW (window), GDK_KEY_F6, 0);
      g_test_message ("F6: %s", part_names[focus_part (window)]);
      g_assert_cmpstr (part_names[focus_part (window)], ==, part_names[order[i % n]]);
    }
  for (guint i = n; i-- > 0;)
    {
      press_key (GTK_WINDOW (window), GDK_KEY_F6, GDK_SHIFT_MASK);
      g_test_message ("Shift+F6: %s", part_names[focus_part (window)]);
      g_assert_cmpstr (part_names[focus_part (window)], ==, part_names[order[i]]);
    }
}

/* F6 moves between the parts of the window: header, sidebar, map, town
 * panel, date bar; those not shown are passed over. */
static void
test_window_f6 (void)
{
  CbWindow *window = new_window_sized (1600, 1000, TRUE);
  const Part wide[] = { PART_MAP, PART_TOWN, PART_DATE_BAR, PART_HEADER, PART_LAYERS };
  const Part narrow[] = { PART_MAP, PART_DATE_BAR, PART_HEADER };

  cb_window_show_town (window, "lida");
  wait_ms (150);
  assert_f6_cycle (window, wide, G_N_ELEMENTS (wide));

  /* Narrow, no town open: the sidebar has folded away. */
  cb_window_show_town (window, NULL);
  resize_window (window, 800, 600);
  assert_f6_cycle (window, narrow, G_N_ELEMENTS (narrow));

  destroy_window (window);
}

/* Tab from the last control before the map lands on a town, not on the
 * map's own pan mode. */
static void
test_window_tab_into_map (void)
{
  CbWindow *window = new_window_sized (1600, 1000, TRUE);
  CbMap *map = cb_window_get_map (window);
  guint presses = 0;
  GtkWidget *focus;

  cb_map_show_home (map);
  wait_ms (150);
  /* From the first control of the window, Tab until the keyboard is on the map. */
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  while (!focus_is_in (window, GTK_WIDGET (map)) && presses < 200)
    {
      press_key_settle (GTK_WINDOW (window), GDK_KEY_Tab, 0, 30);
      presses++;
    }
  focus = focus_of (window);
  g_test_message ("%u Tab presses from the first control to the map, landing on %s", presses,
                  CB_IS_TOWN_MARKER (focus) ? cb_town_marker_get_town_id (CB_TOWN_MARKER (focus)) : G_OBJECT_TYPE_NAME (focus));
  g_assert_true (CB_IS_TOWN_MARKER (focus));
  g_assert_true (gtk_widget_get_parent (focus) == GTK_WIDGET (map));

  /* Shift+Tab from there: the map itself, for panning. */
  press_key (GTK_WINDOW (window), GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_of (window) == GTK_WIDGET (map));

  /* With a town selected, Tab into the map lands on it. */
  cb_window_set_selected_town (window, "vilnius");
  wait_ms (100);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (map), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_of (window) == cb_map_get_town_marker (map, "vilnius"));

  destroy_window (window);
}

/* A maximize or a big resize keeps what was in view, at a new scale; a
 * small one keeps the scale. */
static void
test_window_big_resize_refits (void)
{
  CbWindow *window = new_window_sized (1024, 700, TRUE);
  CbMap *map = cb_window_get_map (window);
  CbViewport *viewport = cb_map_get_viewport (map);
  double scale, width, height, expected;

  cb_map_show_home (map);
  wait_ms (100);
  scale = cb_viewport_get_scale (viewport);
  width = cb_viewport_get_width (viewport);
  height = cb_viewport_get_height (viewport);

  resize_window (window, 1600, 1000);
  expected = scale * MAX (width / cb_viewport_get_width (viewport), height / cb_viewport_get_height (viewport));
  g_test_message ("1024x700 → 1600x1000: map %gx%g → %gx%g, scale %g → %g m/px", width, height,
                  cb_viewport_get_width (viewport), cb_viewport_get_height (viewport),
                  scale, cb_viewport_get_scale (viewport));
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), <, scale * 0.9);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), expected, expected * 1e-6);

  /* A small change keeps the scale. */
  scale = cb_viewport_get_scale (viewport);
  resize_window (window, 1560, 980);
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (viewport), scale, scale * 1e-9);

  /* And back down: the view shrinks with the window. */
  resize_window (window, 1024, 700);
  g_assert_cmpfloat (cb_viewport_get_scale (viewport), >, scale * 1.1);

  destroy_window (window);
}

/* Ctrl+F opens search; choosing a town opens its panel; Ctrl+F again,
 * with the keyboard now in the panel, opens search again. */
static void
test_window_search_twice (void)
{
  CbWindow *window = new_window_sized (1000, 700, TRUE);
  CbTownSearch *search = cb_window_get_town_search (window);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (search), GTK_TYPE_POPOVER);
  const char * const names[] = { "Lida", "Sejny", "Hrodna" };
  const char * const ids[] = { "lida", "sejny", "hrodna" };

  g_assert_nonnull (popover);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      press_key (GTK_WINDOW (window), GDK_KEY_f, GDK_CONTROL_MASK);
      g_test_message ("Ctrl+F %u: focus on %s", i, focus_of (window) ? G_OBJECT_TYPE_NAME (focus_of (window)) : "nothing");
      g_assert_true (gtk_widget_get_mapped (popover));
      g_assert_true (gtk_widget_has_focus (GTK_WIDGET (cb_town_search_get_entry (search))) ||
                     focus_is_in (window, GTK_WIDGET (cb_town_search_get_entry (search))));
      type_text (GTK_WINDOW (window), names[i]);
      /* The search entry waits a moment before it searches. */
      wait_ms (400);
      g_test_message ("typed: '%s', %u results", gtk_editable_get_text (cb_town_search_get_entry (search)), cb_town_search_get_n_results (search));
      press_key (GTK_WINDOW (window), GDK_KEY_Return, 0);
      g_assert_cmpstr (cb_window_get_selected_town (window), ==, ids[i]);
      g_assert_false (gtk_widget_get_mapped (popover));
      g_test_message ("after choosing: focus on %s", focus_of (window) ? G_OBJECT_TYPE_NAME (focus_of (window)) : "nothing");
      g_assert_true (focus_is_in (window, GTK_WIDGET (cb_window_get_town_panel (window))));
    }
  destroy_window (window);
}

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *shortcuts)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (shortcuts, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, shortcuts);
}

/* The Shortcuts window names each key once in a group (two keys that
 * show alike, such as plus and the keypad's plus, count as one), and
 * lists F6. */
static void
test_window_shortcuts_listed_once (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                        (GDestroyNotify) g_hash_table_unref);
  gboolean f6 = FALSE, shift_f6 = FALSE;

  g_assert_nonnull (overlay);
  collect_shortcuts (overlay, shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 10);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      GtkWidget *group = gtk_widget_get_ancestor (g_ptr_array_index (shortcuts, i), GTK_TYPE_SHORTCUTS_GROUP);
      GHashTable *seen = g_hash_table_lookup (groups, group);
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) keys = NULL;

      /* The window's search page holds copies outside the groups. */
      if (group == NULL)
        continue;
      if (seen == NULL)
        {
          seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (groups, group, seen);
        }
      g_object_get (g_ptr_array_index (shortcuts, i), "accelerator", &accelerator, "title", &title, NULL);
      keys = g_strsplit (accelerator, " ", -1);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          guint keyval;
          GdkModifierType modifiers;
          g_autofree char *shown = NULL;

          g_assert_true (gtk_accelerator_parse (keys[k], &keyval, &modifiers));
          f6 |= keyval == GDK_KEY_F6 && modifiers == 0;
          shift_f6 |= keyval == GDK_KEY_F6 && modifiers == GDK_SHIFT_MASK;
          /* As the window shows it. */
          shown = gtk_accelerator_get_label (keyval, modifiers);
          if (!g_hash_table_add (seen, g_steal_pointer (&shown)))
            g_error ("“%s” (%s) is listed twice in one group of the Shortcuts window", keys[k], title);
        }
    }
  g_assert_true (f6);
  g_assert_true (shift_f6);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Lida's position in the map, in map pixels. */
static double
lida_x (CbWindow *window)
{
  CbLayer *towns = cb_layer_catalog_get_towns (cb_atlas_get_catalog (cb_window_get_atlas (window)));
  int feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), "lida");
  const CbBounds *bounds = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature);
  double sx, sy;

  cb_viewport_map_to_screen (cb_map_get_viewport (cb_window_get_map (window)), bounds->min_x, bounds->min_y, &sx, &sy);
  return sx;
}

/* Opening a town in a 1024 px window with the sidebar on, as search does,
 * with the panel and the flaps animated as in the app: the sidebar folds
 * away, and the town ends in the middle of the map, not under anything. */
static void
test_window_open_town_narrow (void)
{
  CbWindow *window;
  AdwFlap *layers, *town;
  int width;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  window = new_window_sized (1024, 700, TRUE);
  layers = find_flap (GTK_WIDGET (window), FALSE);
  town = find_flap (GTK_WIDGET (window), TRUE);
  cb_map_center_on_town (cb_window_get_map (window), "lida");
  cb_window_show_town (window, "lida");
  wait_ms (1000);

  width = gtk_widget_get_width (GTK_WIDGET (cb_window_get_map (window)));
  g_test_message ("map %d px wide, Lida at x = %.0f; layers folded %d, town folded %d",
                  width, lida_x (window), adw_flap_get_folded (layers), adw_flap_get_folded (town));
  g_assert_true (adw_flap_get_folded (layers));
  g_assert_false (adw_flap_get_reveal_flap (layers));
  g_assert_false (adw_flap_get_folded (town));
  g_assert_cmpfloat (fabs (lida_x (window) - width / 2.0), <, 0.1 * width);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/open-town-narrow", test_window_open_town_narrow);
  g_test_add_func ("/window/map-room", test_window_map_room);
  g_test_add_func ("/window/search-twice", test_window_search_twice);
  g_test_add_func ("/window/escape-anywhere", test_window_escape_anywhere);
  g_test_add_func ("/window/f6", test_window_f6);
  g_test_add_func ("/window/tab-into-map", test_window_tab_into_map);
  g_test_add_func ("/window/big-resize-refits", test_window_big_resize_refits);
  g_test_add_func ("/window/shortcuts-listed-once", test_window_shortcuts_listed_once);

  ret = g_test_run ();
  cb_test_release_app ();

  return ret;
}
