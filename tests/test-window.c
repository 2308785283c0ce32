/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "cb-application.h"
#include "cb-renderer.h"
#include "cb-timeline.h"
#include "cb-tour-bar.h"
#include "cb-window.h"
#include "cb-test-utils.h"

static CbApplication *
new_registered_app (void)
{
  return g_object_ref (cb_test_get_app ());
}


static void
test_window_new_destroy (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  CbWindow *window = CB_WINDOW (cb_application_new_window (app));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Contested Borders");
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static void
test_window_layers_action (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  CbWindow *window = CB_WINDOW (cb_application_new_window (app));
  GSettings *settings = cb_window_get_settings (window);
  g_autoptr(GVariant) state = NULL;
  gboolean before;

  gtk_window_present (GTK_WINDOW (window));
  before = g_settings_get_boolean (settings, "show-layers");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-layers", NULL));
  cb_test_flush_events ();

  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-layers");
  g_assert_cmpint (g_variant_get_boolean (state), ==, !before);
  g_assert_cmpint (g_settings_get_boolean (settings, "show-layers"), ==, !before);

  /* Put it back so other tests start from the default. */
  g_settings_reset (settings, "show-layers");
  cb_test_flush_events ();

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static void
test_window_size_persists (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  CbWindow *window = CB_WINDOW (cb_application_new_window (app));
  g_autoptr(GSettings) settings = g_object_ref (cb_window_get_settings (window));
  CbWindow *second;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();

  /* Closing (not destroying) is what a user does; it must save the size. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  cb_test_flush_events ();

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  second = CB_WINDOW (cb_application_new_window (app));
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  g_settings_reset (settings, "window-size");
  gtk_window_destroy (GTK_WINDOW (second));
  cb_test_flush_events ();
}

/* The window keeps the view (centre and scale) in the settings: closing
 * saves it at once, and the next window starts there. */
static void
test_window_view_persists (void)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));
  g_autoptr(GSettings) settings = g_object_ref (cb_window_get_settings (window));
  double lon, lat, scale;

  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();
  cb_map_go_to (cb_window_get_map (window), 25.0, 54.0, 250.0);

  /* Closing saves at once, without waiting for the debounce. */
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);

  g_settings_get (settings, "last-center", "(dd)", &lon, &lat);
  scale = g_settings_get_double (settings, "last-scale");
  g_assert_cmpfloat_with_epsilon (lon, 25.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (lat, 54.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (scale, 250.0, 1e-6);
  g_assert_false (g_settings_get_has_unapplied (settings));

  /* A new window starts where the last one was left. */
  window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));
  g_assert_cmpfloat_with_epsilon (cb_viewport_get_scale (cb_map_get_viewport (cb_window_get_map (window))),
                                  250.0, 1e-6);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);

  g_settings_reset (settings, "last-center");
  g_settings_reset (settings, "last-scale");
}

/* ---- the map on a day ---- */

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/* The map widget as drawn now, as cairo image data (newly allocated). */
static guchar *
map_pixels (CbMap *map,
            int   *out_width,
            int   *out_height)
{
  int width = gtk_widget_get_width (GTK_WIDGET (map));
  int height = gtk_widget_get_height (GTK_WIDGET (map));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (map));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  *out_width = width;
  *out_height = height;
  return pixels;
}

static void
pixel_rgb (const guchar *pixels,
           int           width,
           int           x,
           int           y,
           int           rgb[3])
{
  guint32 p = ((const guint32 *) (gconstpointer) pixels)[y * width + x];

  rgb[0] = (p >> 16) & 0xff;
  rgb[1] = (p >> 8) & 0xff;
  rgb[2] = p & 0xff;
}

static gboolean
rgb_near (const int rgb[3], const CbColor *color, int tolerance)
{
  return ABS (rgb[0] - (int) (color->red * 255 + 0.5)) <= tolerance &&
         ABS (rgb[1] - (int) (color->green * 255 + 0.5)) <= tolerance &&
         ABS (rgb[2] - (int) (color->blue * 255 + 0.5)) <= tolerance;
}

static void
flush_frames (CbMap *map)
{
  for (int i = 0; i < 3; i++)
    {
      gtk_widget_queue_allocate (GTK_WIDGET (map));
      cb_test_flush_events ();
      g_usleep (20000);
      cb_test_flush_events ();
    }
}

/* Pixels of the map that are not its background. */
static guint
count_drawn (CbMap *map)
{
  int width, height;
  g_autofree guchar *pixels = map_pixels (map, &width, &height);
  CbColor background;
  guint drawn = 0;

  cb_renderer_get_background (FALSE, &background);
  /* Right of the holders' legend and above the scale bar (bottom left). */
  for (int y = 0; y < height - 60; y++)
    for (int x = 330; x < width; x++)
      {
        int rgb[3];

        pixel_rgb (pixels, width, x, y, rgb);
        drawn += !rgb_near (rgb, &background, 12);
      }
  return drawn;
}

/* The slider at four days: the lines in force and the colours of Vilnius,
 * Sejny, Hrodna and Lida are those of the data. */
static void
test_window_map_on_a_day (void)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));
  GSettings *settings = cb_window_get_settings (window);
  CbMap *map = cb_window_get_map (window);
  CbAtlas *atlas = cb_window_get_atlas (window);
  CbLayerCatalog *catalog = cb_atlas_get_catalog (atlas);
  CbHistory *history = cb_atlas_get_history (atlas);
  CbLayer *towns = cb_layer_catalog_get_towns (catalog);
  const guint32 days[] = {
    julian (1919, 8, 1), julian (1920, 7, 15), julian (1920, 9, 1), julian (1920, 12, 1),
  };
  const char * const town_ids[] = { "vilnius", "sejny", "hrodna", "lida" };
  const char * const line_ids[] = {
    "treaty_1920_line", "foch_line_1919", "suwalki_agreement_1920", "neutral_zone_1920_1923",
  };

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_settings_set_boolean (settings, "show-layers", FALSE);
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();
  cb_map_show_home (map);

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      GDate date;
      int width, height;
      g_autofree guchar *pixels = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, days[d]);
      /* As the slider sets it: through the setting it is bound to. */
      g_settings_set_uint (settings, "map-date", days[d]);
      g_assert_cmpuint (cb_map_get_date (map), ==, days[d]);

      /* Each line alone: drawn exactly when the data says it was in force. */
      for (guint l = 0; l < G_N_ELEMENTS (line_ids); l++)
        {
          CbLayer *line = cb_layer_catalog_get_layer_by_id (catalog, line_ids[l]);
          CbFeatureSet *features = cb_layer_get_features (line);
          gboolean expected = FALSE;
          guint drawn;

          for (guint f = 0; f < cb_feature_set_get_n_features (features); f++)
            {
              guint32 from, to;

              cb_feature_set_get_validity (features, f, &from, &to);
              expected |= (from == 0 || from <= days[d]) && (to == 0 || days[d] <= to);
            }
          for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
            cb_layer_set_visible (cb_layer_catalog_get_layer (catalog, i), FALSE);
          cb_layer_set_visible (line, TRUE);
          flush_frames (map);
          drawn = count_drawn (map);
          g_test_message ("%s on day %u: %u pixels (in force: %d)", line_ids[l], days[d], drawn, expected);
          if (expected)
            g_assert_cmpuint (drawn, >, 300);
          else
            g_assert_cmpuint (drawn, <, 50);
        }

      /* The towns in their holders' colours. */
      for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
        cb_layer_set_visible (cb_layer_catalog_get_layer (catalog, i), FALSE);
      cb_layer_set_visible (towns, TRUE);
      flush_frames (map);
      pixels = map_pixels (map, &width, &height);
      for (guint t = 0; t < G_N_ELEMENTS (town_ids); t++)
        {
          const CbHistoryHolding *holding = cb_history_get_holder_at (history, town_ids[t], &date);
          int feature = cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), town_ids[t]);
          const CbBounds *bounds = cb_feature_set_get_feature_bounds (cb_layer_get_features (towns), feature);
          CbColor color;
          double sx, sy;
          int rgb[3];

          g_assert_nonnull (holding);
          cb_viewport_map_to_screen (cb_map_get_viewport (map), bounds->min_x, bounds->min_y, &sx, &sy);
          g_assert_cmpfloat (sx, >, 0);
          g_assert_cmpfloat (sx, <, width);
          pixel_rgb (pixels, width, (int) sx, (int) sy, rgb);
          cb_renderer_get_holder_color (holding->holder, FALSE, &color);
          g_test_message ("%s on day %u: holder %s, pixel %d,%d,%d", town_ids[t], days[d],
                          cb_holder_to_string (holding->holder), rgb[0], rgb[1], rgb[2]);
          if (holding->holder == CB_HOLDER_CONTESTED || holding->certainty == CB_HOLD_UNCERTAIN)
            g_assert_false (rgb_near (rgb, &color, 40));   /* hollow: the ring only */
          else
            g_assert_true (rgb_near (rgb, &color, 40));
        }
    }

  g_settings_reset (settings, "map-date");
  g_settings_reset (settings, "show-layers");
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
  cb_test_reset_layers ();
}

/* The guided chronology by keyboard alone: win.tour, then Enter on the
 * focused Next button through every moment, then Escape. */
static void
test_window_tour (void)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));
  CbMap *map = cb_window_get_map (window);
  CbTour *tour = cb_atlas_get_tour (cb_window_get_atlas (window));
  GtkWidget *bar = NULL;
  guint n;

  g_assert_nonnull (tour);
  n = cb_tour_get_n_moments (tour);
  g_assert_cmpuint (n, >=, 18);
  gtk_window_present (GTK_WINDOW (window));
  cb_test_flush_events ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tour", NULL));
  cb_test_flush_events ();
  for (guint i = 0; i < n; i++)
    {
      const CbTourMoment *moment = cb_tour_get_moment (tour, i);
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      /* The day and the place of the moment, its caption on screen. */
      g_assert_cmpuint (cb_map_get_date (map), ==, moment->day);
      g_assert_cmpstr (cb_map_get_selected_town (map), ==, moment->town_id);
      if (i + 1 < n)
        {
          /* Enter on the focused button (a button clicks once its
           * pressed look has shown, a quarter of a second later). */
          gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

          g_assert_nonnull (focus);
          bar = gtk_widget_get_ancestor (focus, CB_TYPE_TOUR_BAR);
          g_assert_nonnull (bar);
          g_assert_true (gtk_widget_get_mapped (bar));
          g_assert_cmpuint (cb_tour_bar_get_index (CB_TOUR_BAR (bar)), ==, i);
          g_assert_true (GTK_IS_BUTTON (focus));
          gtk_widget_activate (focus);
          while (cb_tour_bar_get_index (CB_TOUR_BAR (bar)) == i && g_get_monotonic_time () < deadline)
            g_main_context_iteration (NULL, TRUE);
          cb_test_flush_events ();
        }
    }
  /* The last moment: nothing further, and the keyboard is on End Tour. */
  g_assert_cmpuint (cb_tour_bar_get_index (CB_TOUR_BAR (bar)), ==, n - 1);
  g_assert_true (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), CB_TYPE_TOUR_BAR) == bar);
  g_assert_false (cb_tour_bar_step (CB_TOUR_BAR (bar), TRUE));
  /* Escape: the binding's action. */
  g_assert_true (gtk_widget_activate_action (bar, "tour.close", NULL));
  cb_test_flush_events ();
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (bar))));

  g_settings_reset (cb_window_get_settings (window), "map-date");
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static GtkLabel *
find_day_link (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), "cb-day:") != NULL)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_day_link (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The town panel follows the day: who held the town then, and an event's
 * day clicked moves the map there. */
static void
test_window_panel_on_a_day (void)
{
  CbWindow *window = CB_WINDOW (cb_application_new_window (cb_test_get_app ()));
  GSettings *settings = cb_window_get_settings (window);
  CbTownPanel *panel = cb_window_get_town_panel (window);
  GtkLabel *link;
  const char *markup;
  g_autofree char *uri = NULL;
  gboolean handled = FALSE;
  guint day;

  gtk_window_present (GTK_WINDOW (window));
  cb_window_show_town (window, "lida");
  g_settings_set_uint (settings, "map-date", julian (1920, 8, 1));
  cb_test_flush_events ();
  g_assert_cmpuint (cb_town_panel_get_date (panel), ==, julian (1920, 8, 1));
  /* holders.tsv: Lida, 1920-07 to 1920-09-27, soviet_russia, inferred. */
  g_assert_nonnull (strstr (cb_town_panel_get_text (panel), "On 1 August 1920: Soviet Russia / Litbel, inferred"));

  link = find_day_link (GTK_WIDGET (panel));
  g_assert_nonnull (link);
  markup = gtk_label_get_label (link);
  uri = g_strndup (strstr (markup, "cb-day:"), strcspn (strstr (markup, "cb-day:"), "\""));
  day = (guint) g_ascii_strtoull (uri + strlen ("cb-day:"), NULL, 10);
  g_assert_cmpuint (day, >, 0);
  g_signal_emit_by_name (link, "activate-link", uri, &handled);
  g_assert_true (handled);
  cb_test_flush_events ();
  g_assert_cmpuint (cb_map_get_date (cb_window_get_map (window)), ==, day);
  g_assert_cmpuint (g_settings_get_uint (settings, "map-date"), ==, day);

  g_settings_reset (settings, "map-date");
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  cb_test_flush_events ();
  g_assert_finalize_object (window);
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *icon)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, icon);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
date_reached (gpointer user_data)
{
  gpointer *args = user_data;

  return cb_timeline_get_date (CB_TIMELINE (args[0])) >= GPOINTER_TO_UINT (args[1]);
}

/* Play walks through the days and stops a while on a key day. */
static void
test_timeline_play (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  CbTimeline *timeline = g_object_new (CB_TYPE_TIMELINE, NULL);
  guint32 key = cb_timeline_first_day () + 40;
  gpointer args[2] = { timeline, GUINT_TO_POINTER (key) };
  GtkWidget *play;
  gint64 until;

  gtk_window_set_child (window, GTK_WIDGET (timeline));
  gtk_window_present (window);
  cb_timeline_set_key_days (timeline, &key, 1);
  cb_timeline_set_date (timeline, cb_timeline_first_day ());
  play = find_button_labelled (GTK_WIDGET (timeline), "media-playback-start-symbolic");
  g_assert_nonnull (play);
  g_signal_emit_by_name (play, "clicked");

  /* It reaches the key day (a month a second: some 1.3 s)... */
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!date_reached (args) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (cb_timeline_get_date (timeline), ==, key);
  /* ...and stays there a while before going on. */
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (cb_timeline_get_date (timeline), ==, key);
  args[1] = GUINT_TO_POINTER (key + 1);
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!date_reached (args) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (cb_timeline_get_date (timeline), >, key);

  g_signal_emit_by_name (play, "clicked");
  gtk_window_destroy (window);
  cb_test_flush_events ();
}


static void
test_app_actions (void)
{
  g_autoptr(CbApplication) app = new_registered_app ();
  const char *expected[] = { "about", "help", "quit" };
  g_auto(GStrv) accels = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), expected[i]));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");
  g_assert_cmpstr (accels[0], ==, "F1");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/window/layers-action", test_window_layers_action);
  g_test_add_func ("/window/size-persists", test_window_size_persists);
  g_test_add_func ("/window/view-persists", test_window_view_persists);
  g_test_add_func ("/window/map-on-a-day", test_window_map_on_a_day);
  g_test_add_func ("/window/tour", test_window_tour);
  g_test_add_func ("/window/panel-on-a-day", test_window_panel_on_a_day);
  g_test_add_func ("/timeline/play", test_timeline_play);
  g_test_add_func ("/application/actions", test_app_actions);

  ret = g_test_run ();
  cb_test_release_app ();

  return ret;
}
