/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_DISABLE_ASSERT

/*
 * Your layers in the window, under Xvfb: a shapefile in LKS94 and a
 * GeoJSON file land where the bundled layers put the same places; one is
 * removed, the other comes back after a restart; clicking and the keyboard
 * open the "What's here" card for the treaty line, the Vilnius region and
 * a user polygon; measuring Vilnius to Kaunas gives the geodesic; bad files
 * leave the window running with its layers.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <proj.h>
#include <shapefil.h>
#include <string.h>

#include "cb-application.h"
#include "cb-feature-card.h"
#include "cb-map-view.h"
#include "cb-test-utils.h"
#include "cb-user-layer.h"
#include "cb-window.h"

static char *tmp_dir;

static gboolean
timeout_reached (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
count_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* Lets GTK run a few frames (layout, drawing). */
static void
wait_frames (GtkWidget *widget)
{
  guint ticks = 0;
  gboolean timed_out = FALSE;
  guint tick_id = gtk_widget_add_tick_callback (widget, count_tick, &ticks, NULL);
  guint timeout_id = g_timeout_add (5000, timeout_reached, &timed_out);

  gtk_widget_queue_allocate (widget);
  while (ticks < 3 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  gtk_widget_remove_tick_callback (widget, tick_id);
  cb_test_flush_events ();
}

static CbWindow *
open_window (CbApplication *app)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_frames (GTK_WIDGET (cb_window_get_map (window)));
  return window;
}

static void
close_window (CbWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

/* The WGS84 position of a bundled town, from the bundled towns layer. */
static void
town_position (CbWindow   *window,
               const char *town_id,
               double     *lon,
               double     *lat)
{
  CbLayer *towns = cb_layer_catalog_get_towns (cb_atlas_get_catalog (cb_window_get_atlas (window)));
  CbFeatureSet *set = cb_layer_get_features (towns);
  int feature = cb_feature_set_find_feature_by_id (set, town_id);
  const double *pt;

  g_assert_cmpint (feature, >=, 0);
  pt = cb_feature_set_get_feature_part (set, feature, 0, NULL);
  g_assert_true (cb_viewport_map_to_geo (cb_map_get_viewport (cb_window_get_map (window)),
                                         pt[0], pt[1], lon, lat));
}

/* A line through (@lon, @lat) in LKS94 (EPSG:3346), with its .prj. */
static char *
write_lks94_line (const char *name,
                  double      lon,
                  double      lat)
{
  g_autofree char *base = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *prj = g_strconcat (base, ".prj", NULL);
  double xs[] = { lon - 0.3, lon, lon + 0.3 };
  double ys[] = { lat - 0.1, lat, lat + 0.1 };
  PJ_CONTEXT *ctx = proj_context_create ();
  PJ *raw = proj_create_crs_to_crs (ctx, "EPSG:4326", "EPSG:3346", NULL);
  PJ *t = proj_normalize_for_visualization (ctx, raw);
  PJ *crs = proj_create (ctx, "EPSG:3346");
  SHPHandle shp = SHPCreate (base, SHPT_ARC);
  DBFHandle dbf = DBFCreateEx (base, "UTF-8");
  SHPObject *obj;

  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      PJ_COORD c = proj_trans (t, PJ_FWD, proj_coord (xs[i], ys[i], 0, 0));

      xs[i] = c.xy.x;
      ys[i] = c.xy.y;
    }
  g_assert_true (g_file_set_contents (prj, proj_as_wkt (ctx, crs, PJ_WKT1_ESRI, NULL), -1, NULL));
  proj_destroy (crs);
  proj_destroy (t);
  proj_destroy (raw);
  proj_context_destroy (ctx);

  DBFAddField (dbf, "route", FTString, 32, 0);
  obj = SHPCreateSimpleObject (SHPT_ARC, 3, xs, ys, NULL);
  SHPWriteObject (shp, -1, obj);
  SHPDestroyObject (obj);
  DBFWriteStringAttribute (dbf, 0, 0, "through Vilnius");
  SHPClose (shp);
  DBFClose (dbf);
  return g_strconcat (base, ".shp", NULL);
}

/* A GeoJSON line through (@lon, @lat) and a small square east of it. */
static char *
write_geojson (const char *name,
               double      lon,
               double      lat)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  char a[6][G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *json = NULL;

  json = g_strdup_printf (
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"Regiment route\", \"unit\": \"1st\"},"
    " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[%s, %s], [%s, %s], [%s, %s]]}}]}",
    g_ascii_formatd (a[0], sizeof a[0], "%.8f", lon - 0.3), g_ascii_formatd (a[1], sizeof a[1], "%.8f", lat + 0.1),
    g_ascii_formatd (a[2], sizeof a[2], "%.8f", lon), g_ascii_formatd (a[3], sizeof a[3], "%.8f", lat),
    g_ascii_formatd (a[4], sizeof a[4], "%.8f", lon + 0.3), g_ascii_formatd (a[5], sizeof a[5], "%.8f", lat - 0.1));
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_steal_pointer (&path);
}

static const char county_geojson[] =
  "{\"type\": \"FeatureCollection\", \"features\": ["
  "{\"type\": \"Feature\", \"properties\": {\"name\": \"Census county\", \"population_1923\": 41230},"
  " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
  "[[[26.0, 55.3], [26.6, 55.3], [26.6, 55.6], [26.0, 55.6], [26.0, 55.3]]]}}]}";

/* The map drawn as the widget draws it, as ARGB32 pixels. */
static guchar *
render_map (CbMap *map,
            int   *width,
            int   *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (map));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  *width = gtk_widget_get_width (GTK_WIDGET (map));
  *height = gtk_widget_get_height (GTK_WIDGET (map));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  gsk_renderer_unrealize (renderer);
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

/* Distance in px from (@x, @y) to the nearest pixel of colour (@r, @g, @b). */
static double
nearest_pixel_of (const guchar *pixels,
                  int width, int height,
                  double x, double y,
                  guchar r, guchar g, guchar b)
{
  double best = INFINITY;

  for (int py = MAX (0, (int) y - 10); py < MIN (height, (int) y + 11); py++)
    for (int px = MAX (0, (int) x - 10); px < MIN (width, (int) x + 11); px++)
      {
        const guchar *p = pixels + ((gsize) py * width + px) * 4;   /* B G R A */

        if (abs (p[2] - r) < 40 && abs (p[1] - g) < 40 && abs (p[0] - b) < 40)
          best = MIN (best, hypot (px + 0.5 - x, py + 0.5 - y));
      }
  return best;
}

static CbLayer *
find_user_layer (CbWindow   *window,
                 const char *title)
{
  CbLayerCatalog *catalog = cb_atlas_get_catalog (cb_window_get_atlas (window));

  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (cb_layer_get_group (layer) == CB_LAYER_GROUP_USER &&
          g_strcmp0 (cb_layer_get_title (layer), title) == 0)
        return layer;
    }
  return NULL;
}

/* The first application's atlas outlives its windows: leave it clean. */
static void
remove_user_layers (CbApplication *app)
{
  CbAtlas *atlas = cb_application_get_atlas (app);
  CbLayerCatalog *catalog = cb_atlas_get_catalog (atlas);

  for (guint i = cb_layer_catalog_get_n_layers (catalog); i-- > 0;)
    if (cb_layer_get_group (cb_layer_catalog_get_layer (catalog, i)) == CB_LAYER_GROUP_USER)
      cb_atlas_remove_layer (atlas, cb_layer_catalog_get_layer (catalog, i));
}

/* Whether some AdwPreferencesRow under @widget has the title @title. */
static gboolean
has_row_titled (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_row_titled (child, title))
      return TRUE;
  return FALSE;
}

static void
test_open_place_remove_restart (void)
{
  CbApplication *app = cb_test_get_app ();
  GSettings *settings = cb_application_get_settings (app);
  CbWindow *window;
  CbMap *map;
  CbViewport *viewport;
  g_autofree char *lks_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree guchar *pixels = NULL;
  CbLayer *lks, *json;
  CbColor red = { 1, 0, 0, 1 }, blue = { 0, 0, 1, 1 };
  double vilnius_lon, vilnius_lat, kaunas_lon, kaunas_lat, sx, sy;
  int width, height;
  CbLayerCatalog *catalog;

  g_settings_reset (settings, "user-layers");
  window = open_window (app);
  map = cb_window_get_map (window);
  viewport = cb_map_get_viewport (map);
  catalog = cb_atlas_get_catalog (cb_window_get_atlas (window));

  town_position (window, "vilnius", &vilnius_lon, &vilnius_lat);
  town_position (window, "kaunas", &kaunas_lon, &kaunas_lat);
  lks_path = write_lks94_line ("lks94_route", vilnius_lon, vilnius_lat);
  json_path = write_geojson ("route.geojson", kaunas_lon, kaunas_lat);

  g_assert_cmpuint (cb_window_open_layer_files (window, (const char *[]) { lks_path, json_path, NULL }), ==, 2);
  lks = find_user_layer (window, "lks94_route");
  json = find_user_layer (window, "route");
  g_assert_nonnull (lks);
  g_assert_nonnull (json);
  g_assert_nonnull (strstr (cb_feature_set_get_crs_note (cb_layer_get_features (lks)), "LKS94"));
  wait_frames (GTK_WIDGET (map));
  g_assert_true (has_row_titled (GTK_WIDGET (window), "lks94_route"));
  g_assert_true (has_row_titled (GTK_WIDGET (window), "route"));

  /* Drawn alone, in pure colours, at a regional view: each passes within
   * 2 px of where the bundled towns layer puts its town. */
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (cb_layer_get_group (layer) != CB_LAYER_GROUP_USER)
        cb_layer_set_visible (layer, FALSE);
    }
  cb_user_layer_set_appearance (lks, &red, 2);
  cb_user_layer_set_appearance (json, &blue, 2);
  cb_map_go_to (map, 24.6, 54.8, 400);
  wait_frames (GTK_WIDGET (map));
  pixels = render_map (map, &width, &height);
  g_assert_true (cb_viewport_geo_to_screen (viewport, vilnius_lon, vilnius_lat, &sx, &sy));
  g_assert_cmpfloat (nearest_pixel_of (pixels, width, height, sx, sy, 255, 0, 0), <=, 2.0);
  g_assert_true (cb_viewport_geo_to_screen (viewport, kaunas_lon, kaunas_lat, &sx, &sy));
  g_assert_cmpfloat (nearest_pixel_of (pixels, width, height, sx, sy, 0, 0, 255), <=, 2.0);
  /* And not just anywhere: no red near Kaunas. */
  g_assert_cmpfloat (nearest_pixel_of (pixels, width, height, sx, sy, 255, 0, 0), >, 10.0);
  cb_test_reset_layers ();

  /* Remove the shapefile from its row's menu action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-layer", "s",
                                             cb_layer_get_id (lks)));
  wait_frames (GTK_WIDGET (map));
  g_assert_null (find_user_layer (window, "lks94_route"));
  g_assert_false (has_row_titled (GTK_WIDGET (window), "lks94_route"));
  close_window (window);

  /* Restart: a new application with the same settings backend. */
  {
    g_autoptr(CbApplication) second = cb_application_new ();
    g_autoptr(GError) error = NULL;
    CbLayer *back;

    g_application_set_flags (G_APPLICATION (second), G_APPLICATION_NON_UNIQUE);
    g_assert_true (g_application_register (G_APPLICATION (second), NULL, &error));
    window = open_window (second);
    g_assert_null (find_user_layer (window, "lks94_route"));
    back = find_user_layer (window, "route");
    g_assert_nonnull (back);
    g_assert_cmpfloat (cb_layer_get_style (back)->line_light.blue, ==, 1);
    g_assert_cmpfloat (cb_layer_get_style (back)->line_width, ==, 2);
    g_assert_true (has_row_titled (GTK_WIDGET (window), "route"));
    g_assert_null (cb_atlas_get_problems (cb_window_get_atlas (window))[0]);
    close_window (window);
  }
  remove_user_layers (app);
  g_settings_reset (settings, "user-layers");
}

/* Emits a primary click at (@x, @y) on the click gestures of the map,
 * capture phase first.  A capture gesture that claims the sequence stops
 * the click there in GTK; emitted signals carry no sequence, so the claim
 * made while measuring is stood in for by asking the view. */
static void
click_map (CbMap  *map,
           double  x,
           double  y)
{
  CbMapView *view = CB_MAP_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (map), CB_TYPE_MAP_VIEW));
  gboolean claimed = FALSE;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (map));
  GPtrArray *clicks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      GtkEventController *c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (c) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (c)) == GDK_BUTTON_PRIMARY)
        g_ptr_array_add (clicks, c);
      else
        g_object_unref (c);
    }
  for (guint phase = 0; phase < 2; phase++)
    for (guint i = 0; i < clicks->len; i++)
      {
        GtkEventController *c = g_ptr_array_index (clicks, i);
        gboolean capture = gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE;

        if (phase == 1 && claimed)
          break;
        if (capture == (phase == 0))
          g_signal_emit_by_name (c, "pressed", 1, x, y);
        if (phase == 0)
          claimed = cb_map_view_get_measuring (view);
      }
  for (guint i = 0; i < clicks->len && !claimed; i++)
    g_signal_emit_by_name (g_ptr_array_index (clicks, i), "released", 1, x, y);
  g_ptr_array_unref (clicks);
  cb_test_flush_events ();
}

/* Emits a key press on the map view's key controller (capture phase, as
 * GTK delivers it on the way to the focus); TRUE if handled. */
static gboolean
press_key (CbMapView *view,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, 0, &handled);
    }
  cb_test_flush_events ();
  return handled;
}

/* Whether some row of the card reads @layer_title and @text. */
static gboolean
card_lists (CbFeatureCard *card,
            const char    *layer_title,
            const char    *text)
{
  for (guint i = 0; i < cb_feature_card_get_n_rows (card); i++)
    {
      g_autofree char *spoken = cb_feature_card_get_row_text (card, i);

      if (strstr (spoken, layer_title) != NULL && strstr (spoken, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
dump_card (CbFeatureCard *card)
{
  for (guint i = 0; i < cb_feature_card_get_n_rows (card); i++)
    {
      g_autofree char *spoken = cb_feature_card_get_row_text (card, i);
      g_test_message ("card row %u: %s", i, spoken);
    }
}

/* A point of the bundled layer @layer_id's first feature, @t of the way
 * along its first part. */
static void
point_on_layer (CbWindow   *window,
                const char *layer_id,
                double      t,
                double     *lon,
                double     *lat)
{
  CbLayer *layer = cb_layer_catalog_get_layer_by_id (cb_atlas_get_catalog (cb_window_get_atlas (window)), layer_id);
  guint n;
  const double *pts;

  g_assert_nonnull (layer);
  pts = cb_feature_set_get_feature_part (cb_layer_get_features (layer), 0, 0, &n);
  g_assert_cmpuint (n, >=, 2);
  /* The middle of a segment: on the line whatever the vertices. */
  n = MIN ((guint) (t * (n - 1)), n - 2);
  g_assert_true (cb_viewport_map_to_geo (cb_map_get_viewport (cb_window_get_map (window)),
                                         (pts[2 * n] + pts[2 * n + 2]) / 2,
                                         (pts[2 * n + 1] + pts[2 * n + 3]) / 2, lon, lat));
}

static void
test_identify (void)
{
  CbApplication *app = cb_test_get_app ();
  CbWindow *window = open_window (app);
  CbMapView *view = cb_window_get_map_view (window);
  CbMap *map = cb_window_get_map (window);
  CbViewport *viewport = cb_map_get_viewport (map);
  CbFeatureCard *card = cb_map_view_get_feature_card (view);
  g_autofree char *county = g_build_filename (tmp_dir, "county.geojson", NULL);
  double lon, lat, sx, sy;

  g_assert_true (g_file_set_contents (county, county_geojson, -1, NULL));
  g_assert_cmpuint (cb_window_open_layer_files (window, (const char *[]) { county, NULL }), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (card)));

  /* A click on the treaty line: its card has name, dates, certainty, sources. */
  point_on_layer (window, "treaty_1920_line", 0.5, &lon, &lat);
  cb_map_go_to (map, lon, lat, 300);
  wait_frames (GTK_WIDGET (map));
  g_assert_true (cb_viewport_geo_to_screen (viewport, lon, lat, &sx, &sy));
  g_assert_null (cb_map_get_town_at (map, sx, sy, NULL, NULL));
  click_map (map, sx + 1, sy);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  dump_card (card);
  g_assert_true (card_lists (card, "Treaty line of 12 July 1920", "Article 2 frontier of the Soviet–Lithuanian Peace Treaty"));
  g_assert_true (card_lists (card, "Treaty line of 12 July 1920", "Dates: from 1920-07-12"));
  g_assert_true (card_lists (card, "Treaty line of 12 July 1920", "Certainty: "));
  g_assert_true (card_lists (card, "Treaty line of 12 July 1920", "Sources: "));
  /* The treaty line is drawn on top: it comes first. */
  {
    g_autofree char *first = cb_feature_card_get_row_text (card, 0);
    g_assert_nonnull (strstr (first, "Treaty line of 12 July 1920"));
  }

  /* Escape closes it. */
  g_signal_emit_by_name (card, "close-requested");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (card)));

  /* The same by keyboard: Enter on the map, centred there. */
  cb_map_go_to (map, lon, lat, 300);
  wait_frames (GTK_WIDGET (map));
  gtk_widget_grab_focus (GTK_WIDGET (map));
  g_assert_true (press_key (view, GDK_KEY_Return));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_true (card_lists (card, "Treaty line of 12 July 1920", "Article 2 frontier of the Soviet–Lithuanian Peace Treaty"));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == cb_feature_card_get_row (card, 0));
  /* Escape from the card closes it and gives the map its focus back. */
  g_assert_true (press_key (view, GDK_KEY_Escape));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (map));

  /* The Vilnius region, by click: south-east of Vilnius, away from the town. */
  cb_map_go_to (map, 25.45, 54.55, 300);
  wait_frames (GTK_WIDGET (map));
  g_assert_true (cb_viewport_geo_to_screen (viewport, 25.45, 54.55, &sx, &sy));
  click_map (map, sx, sy);
  dump_card (card);
  g_assert_true (card_lists (card, "Vilnius Region", "Vilnius Region, Vilnius Region"));
  g_assert_true (card_lists (card, "Vilnius Region", "Dates: from 1920-10-09"));

  /* ...and by keyboard: the context menu key on the centred map, then
   * What's Here?; the card's first row takes the focus. */
  g_signal_emit_by_name (card, "close-requested");
  gtk_widget_grab_focus (GTK_WIDGET (map));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (map), "mapview.context-menu", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "mapview.whats-here", NULL));
  cb_test_flush_events ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (card)));
  g_assert_true (card_lists (card, "Vilnius Region", "Vilnius Region, Vilnius Region"));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == cb_feature_card_get_row (card, 0));

  /* A user polygon: its attribute table. */
  cb_map_go_to (map, 26.3, 55.45, 300);
  wait_frames (GTK_WIDGET (map));
  g_assert_true (cb_viewport_geo_to_screen (viewport, 26.3, 55.45, &sx, &sy));
  g_assert_null (cb_map_get_town_at (map, sx, sy, NULL, NULL));
  click_map (map, sx, sy);
  dump_card (card);
  {
    g_autofree char *first = cb_feature_card_get_row_text (card, 0);
    g_assert_nonnull (strstr (first, "Census county, county."));
    g_assert_nonnull (strstr (first, "population_1923: 41230."));
  }
  /* ...and by keyboard, Enter on the map (centred on it). */
  g_signal_emit_by_name (card, "close-requested");
  cb_map_go_to (map, 26.3, 55.45, 300);
  wait_frames (GTK_WIDGET (map));
  gtk_widget_grab_focus (GTK_WIDGET (map));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (map), "mapview.context-menu", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "mapview.whats-here", NULL));
  {
    g_autofree char *first = cb_feature_card_get_row_text (card, 0);
    g_assert_nonnull (strstr (first, "population_1923: 41230."));
  }

  close_window (window);
  remove_user_layers (app);
  g_settings_reset (cb_application_get_settings (app), "user-layers");
}

static void
marker_centre (CbMap      *map,
               const char *town_id,
               double     *x,
               double     *y)
{
  GtkWidget *marker = cb_map_get_town_marker (map, town_id);
  graphene_rect_t bounds;
  double lon, lat;

  g_assert_nonnull (marker);
  g_assert_true (gtk_widget_compute_bounds (marker, GTK_WIDGET (map), &bounds));
  /* The dot is at the left or the middle of the marker: use the town's
   * own position, and check the marker is there. */
  *x = bounds.origin.x + bounds.size.width / 2;
  *y = bounds.origin.y + bounds.size.height / 2;
  g_assert_cmpstr (cb_map_get_town_at (map, *x, *y, &lon, &lat), ==, town_id);
}

static void
test_measure (void)
{
  CbApplication *app = cb_test_get_app ();
  CbWindow *window = open_window (app);
  CbMapView *view = cb_window_get_map_view (window);
  CbMap *map = cb_window_get_map (window);
  double vx, vy, kx, ky, km;

  cb_map_go_to (map, 24.6, 54.8, 300);
  wait_frames (GTK_WIDGET (map));
  marker_centre (map, "vilnius", &vx, &vy);
  marker_centre (map, "kaunas", &kx, &ky);

  /* Right-click on Vilnius, Measure Distance, click Kaunas. */
  cb_map_view_popup_context_menu (view, vx, vy);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "mapview.measure", NULL));
  g_assert_true (cb_map_view_get_measuring (view));
  click_map (map, kx, ky);
  km = cb_map_view_get_measured_km (view);
  g_test_message ("Vilnius marker to Kaunas marker: %.3f km", km);
  g_assert_cmpfloat (fabs (km - 91.3), <=, 0.3);
  /* Measuring took the click: no town was selected by it. */
  g_assert_null (cb_window_get_selected_town (window));

  /* Escape ends it. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (c))
          g_signal_emit_by_name (c, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
      }
    g_assert_true (handled);
  }
  g_assert_false (cb_map_view_get_measuring (view));
  g_assert_cmpfloat (cb_map_view_get_measured_km (view), ==, 0);

  close_window (window);
}

/* A remembered file that went bad: one message, the rest starts. */
static void
test_remembered_file_gone_bad (void)
{
  CbApplication *app = cb_test_get_app ();
  GSettings *settings = cb_application_get_settings (app);
  g_autofree char *path = g_build_filename (tmp_dir, "soon-bad.geojson", NULL);
  CbWindow *window;

  g_settings_reset (settings, "user-layers");
  g_assert_true (g_file_set_contents (path, county_geojson, -1, NULL));
  window = open_window (app);
  g_assert_cmpuint (cb_window_open_layer_files (window, (const char *[]) { path, NULL }), ==, 1);
  close_window (window);
  remove_user_layers (app);
  /* Removing from the atlas forgets it: remember it again, as a run that
   * ended with the layer open would have. */
  {
    g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ssdb)"));

    g_variant_builder_add (&builder, "(ssdb)", path, "#882255", 1.5, TRUE);
    g_settings_set_value (settings, "user-layers", g_variant_builder_end (&builder));
  }
  /* Markup-like garbage: the message quotes the parser, "<" and all. */
  g_assert_true (g_file_set_contents (path, "<<garbage & more>>", -1, NULL));

  {
    g_autoptr(CbApplication) second = cb_application_new ();
    const char * const *problems;
    CbLayerCatalog *catalog;

    g_application_set_flags (G_APPLICATION (second), G_APPLICATION_NON_UNIQUE);
    g_assert_true (g_application_register (G_APPLICATION (second), NULL, NULL));
    window = open_window (second);
    problems = cb_atlas_get_problems (cb_window_get_atlas (window));
    g_assert_nonnull (problems[0]);
    g_assert_null (problems[1]);
    g_assert_nonnull (strstr (problems[0], "soon-bad.geojson: not valid JSON"));
    catalog = cb_atlas_get_catalog (cb_window_get_atlas (window));
    g_assert_nonnull (cb_layer_catalog_get_layer_by_id (catalog, "treaty_1920_line"));
    g_assert_null (find_user_layer (window, "soon-bad"));
    close_window (window);
  }
  g_settings_reset (settings, "user-layers");
}

/* The first widget of @type under @widget, popovers of menu buttons included. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget)) != NULL)
    {
      GtkWidget *found = find_widget (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget))), type);

      if (found != NULL)
        return found;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row of the layers panel titled @title. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The row's colour and width change the layer, and are remembered. */
static void
test_row_colour_width (void)
{
  CbApplication *app = cb_test_get_app ();
  GSettings *settings = cb_application_get_settings (app);
  CbWindow *window = open_window (app);
  g_autofree char *county = g_build_filename (tmp_dir, "styled-county.geojson", NULL);
  g_autoptr(GVariant) saved = NULL;
  GtkWidget *row, *spin, *colour;
  CbLayer *layer;
  const char *path, *hex;
  double width;
  gboolean visible;

  g_settings_reset (settings, "user-layers");
  g_assert_true (g_file_set_contents (county, county_geojson, -1, NULL));
  g_assert_cmpuint (cb_window_open_layer_files (window, (const char *[]) { county, NULL }), ==, 1);
  cb_test_flush_events ();
  layer = find_user_layer (window, "styled-county");
  row = find_row (GTK_WIDGET (window), "styled-county");
  g_assert_nonnull (row);
  spin = find_widget (row, GTK_TYPE_SPIN_BUTTON);
  colour = find_widget (row, GTK_TYPE_COLOR_BUTTON);
  g_assert_nonnull (spin);
  g_assert_nonnull (colour);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 4);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (colour), &(GdkRGBA) { 0, 0.5, 0, 1 });
  g_signal_emit_by_name (colour, "color-set");
  g_assert_cmpfloat (cb_layer_get_style (layer)->line_width, ==, 4);
  g_assert_cmpfloat_with_epsilon (cb_layer_get_style (layer)->line_light.green, 0.5, 1e-9);

  saved = g_settings_get_value (settings, "user-layers");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 1);
  g_variant_get_child (saved, 0, "(&s&sdb)", &path, &hex, &width, &visible);
  g_assert_cmpstr (path, ==, county);
  g_assert_cmpstr (hex, ==, "#008000");
  g_assert_cmpfloat (width, ==, 4);
  g_assert_true (visible);

  close_window (window);
  remove_user_layers (app);
  g_settings_reset (settings, "user-layers");
}

static void
clipboard_text_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  *(char **) user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

/* Zoom to Layer fits it; Copy Coordinates copies latitude, longitude. */
static void
test_zoom_and_copy (void)
{
  CbApplication *app = cb_test_get_app ();
  CbWindow *window = open_window (app);
  CbMapView *view = cb_window_get_map_view (window);
  CbMap *map = cb_window_get_map (window);
  CbViewport *viewport = cb_map_get_viewport (map);
  g_autofree char *county = g_build_filename (tmp_dir, "zoom-county.geojson", NULL);
  g_autofree char *text = NULL;
  CbLayer *layer;
  CbBounds visible;
  const CbBounds *bounds;
  double sx, sy;

  g_assert_true (g_file_set_contents (county, county_geojson, -1, NULL));
  g_assert_cmpuint (cb_window_open_layer_files (window, (const char *[]) { county, NULL }), ==, 1);
  layer = find_user_layer (window, "zoom-county");
  g_assert_nonnull (layer);
  cb_map_show_home (map);
  wait_frames (GTK_WIDGET (map));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-to-layer", "s",
                                             cb_layer_get_id (layer)));
  wait_frames (GTK_WIDGET (map));
  bounds = cb_feature_set_get_bounds (cb_layer_get_features (layer));
  cb_viewport_get_visible_bounds (viewport, &visible);
  g_assert_true (cb_bounds_contains (&visible, bounds->min_x, bounds->min_y));
  g_assert_true (cb_bounds_contains (&visible, bounds->max_x, bounds->max_y));
  /* Fitted, not just inside: the layer spans most of one dimension. */
  g_assert_cmpfloat (MAX ((bounds->max_x - bounds->min_x) / (visible.max_x - visible.min_x),
                          (bounds->max_y - bounds->min_y) / (visible.max_y - visible.min_y)), >, 0.6);

  g_assert_true (cb_viewport_geo_to_screen (viewport, 26.3, 55.45, &sx, &sy));
  cb_map_view_popup_context_menu (view, sx, sy);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "mapview.copy-coordinates", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (view)), NULL,
                                 clipboard_text_read, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("copied: %s", text);
  {
    double lat = g_ascii_strtod (text, NULL);
    double lon = g_ascii_strtod (strchr (text, ',') + 1, NULL);

    g_assert_cmpfloat (fabs (lat - 55.45), <, 0.01);
    g_assert_cmpfloat (fabs (lon - 26.3), <, 0.01);
  }

  close_window (window);
  remove_user_layers (app);
  g_settings_reset (cb_application_get_settings (app), "user-layers");
}

/* Whether some AdwActionRow under @widget has a subtitle containing @text. */
static gboolean
has_subtitle_containing (GtkWidget  *widget,
                         const char *text)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      if (subtitle != NULL && strstr (subtitle, text) != NULL)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_subtitle_containing (child, text))
      return TRUE;
  return FALSE;
}

/* Files dropped on the map open; a shapefile without .prj is taken as
 * WGS84 and its row says so. */
static void
test_drop_files (void)
{
  CbApplication *app = cb_test_get_app ();
  CbWindow *window = open_window (app);
  g_autofree char *base = g_build_filename (tmp_dir, "dropped_wgs84", NULL);
  g_autofree char *shp = g_strconcat (base, ".shp", NULL);
  g_autofree char *json = g_build_filename (tmp_dir, "dropped.geojson", NULL);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (cb_window_get_map_view (window)));
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  GSList *files = NULL;
  gboolean accepted = FALSE;

  {
    double x = 25.0, y = 55.0;
    SHPHandle h = SHPCreate (base, SHPT_POINT);
    SHPObject *obj = SHPCreateSimpleObject (SHPT_POINT, 1, &x, &y, NULL);

    SHPWriteObject (h, -1, obj);
    SHPDestroyObject (obj);
    SHPClose (h);
  }
  g_assert_true (g_file_set_contents (json, county_geojson, -1, NULL));

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);

  files = g_slist_append (files, g_file_new_for_path (shp));
  files = g_slist_append (files, g_file_new_for_path (json));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, files);
  g_signal_emit_by_name (target, "drop", &value, 300.0, 300.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  wait_frames (GTK_WIDGET (cb_window_get_map (window)));

  g_assert_nonnull (find_user_layer (window, "dropped_wgs84"));
  g_assert_nonnull (find_user_layer (window, "dropped"));
  g_assert_true (has_subtitle_containing (GTK_WIDGET (window), "no .prj: assumed WGS84"));

  close_window (window);
  remove_user_layers (app);
  g_settings_reset (cb_application_get_settings (app), "user-layers");
}

static void
test_bad_files_keep_running (void)
{
  CbApplication *app = cb_test_get_app ();
  CbWindow *window = open_window (app);
  CbLayerCatalog *catalog = cb_atlas_get_catalog (cb_window_get_atlas (window));
  guint before = cb_layer_catalog_get_n_layers (catalog);
  g_autofree char *garbage = g_build_filename (tmp_dir, "garbage.geojson", NULL);
  g_autofree char *mixed = g_build_filename (tmp_dir, "mixed.geojson", NULL);
  g_autofree char *lonely = g_build_filename (tmp_dir, "lonely.shp", NULL);

  g_assert_true (g_file_set_contents (garbage, "<html>not json</html>", -1, NULL));
  g_assert_true (g_file_set_contents (mixed,
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [25, 54]}},"
    "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
    "[[[25, 54], [26, 54], [26, 55], [25, 54]]]}}]}", -1, NULL));
  g_assert_true (g_file_set_contents (lonely, "not a shapefile either", -1, NULL));

  g_assert_cmpuint (cb_window_open_layer_files (window, (const char *[]) {
    garbage, mixed, lonely, tmp_dir, "/nonexistent/file.geojson", NULL }), ==, 0);
  cb_test_flush_events ();
  g_assert_cmpuint (cb_layer_catalog_get_n_layers (catalog), ==, before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  /* Still drawing and answering. */
  wait_frames (GTK_WIDGET (cb_window_get_map (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (cb_window_get_map (window)), "map.home", NULL));
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("cb-user-layers-window-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/user-layers-window/open-place-remove-restart", test_open_place_remove_restart);
  g_test_add_func ("/user-layers-window/identify", test_identify);
  g_test_add_func ("/user-layers-window/measure", test_measure);
  g_test_add_func ("/user-layers-window/remembered-file-gone-bad", test_remembered_file_gone_bad);
  g_test_add_func ("/user-layers-window/zoom-and-copy", test_zoom_and_copy);
  g_test_add_func ("/user-layers-window/row-colour-width", test_row_colour_width);
  g_test_add_func ("/user-layers-window/drop-files", test_drop_files);
  g_test_add_func ("/user-layers-window/bad-files-keep-running", test_bad_files_keep_running);

  status = g_test_run ();
  cb_test_release_app ();
  cb_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
