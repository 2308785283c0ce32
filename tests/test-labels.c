/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Map labels on the bundled data: none covers another, line names read
 * upright, every town is named or left out by its rank, and the country
 * names follow the date.  Model test: no display. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cb-label-layout.h"
#include "cb-layer-catalog.h"
#include "cb-layer.h"
#include "cb-projection.h"
#include "cb-renderer.h"
#include "cb-viewport.h"

typedef struct
{
  CbLayerCatalog *catalog;
  CbRenderer *renderer;
  CbViewport *viewport;
} Fixture;

static guint32
julian (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *dir = g_getenv ("CB_GEODATA_DIR");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  f->catalog = cb_layer_catalog_new ();
  g_assert_true (cb_layer_catalog_load (f->catalog, dir, &error));
  g_assert_no_error (error);
  f->renderer = cb_renderer_new (f->catalog);
  f->viewport = cb_viewport_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->viewport);
  g_clear_object (&f->renderer);
  g_clear_object (&f->catalog);
}

static void
show_all_layers (Fixture *f)
{
  for (guint i = 0; i < cb_layer_catalog_get_n_layers (f->catalog); i++)
    cb_layer_set_visible (cb_layer_catalog_get_layer (f->catalog, i), TRUE);
}

/* ------------------------------------------------------------------ */
/* Geometry of the check, on its own (not the placer's code).          */

typedef struct
{
  double c[8];
  char *what;
} Box;

static void
box_rect (Box        *b,
          double      x,
          double      y,
          double      w,
          double      h,
          const char *what)
{
  double c[8] = { x, y, x + w, y, x + w, y + h, x, y + h };

  memcpy (b->c, c, sizeof c);
  b->what = g_strdup (what);
}

static void
box_clear (gpointer data)
{
  g_free (((Box *) data)->what);
}

/* Projections of @b on the axis (@nx, @ny). */
static void
project (const Box *b,
         double     nx,
         double     ny,
         double    *lo,
         double    *hi)
{
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint i = 0; i < 4; i++)
    {
      double v = b->c[2 * i] * nx + b->c[2 * i + 1] * ny;

      *lo = MIN (*lo, v);
      *hi = MAX (*hi, v);
    }
}

/* Overlap by more than @slack px along every separating axis. */
static gboolean
boxes_overlap (const Box *a,
               const Box *b,
               double     slack)
{
  const Box *boxes[2] = { a, b };

  for (guint k = 0; k < 2; k++)
    for (guint e = 0; e < 4; e++)
      {
        const double *c = boxes[k]->c;
        guint n = (e + 1) % 4;
        double nx = -(c[2 * n + 1] - c[2 * e + 1]), ny = c[2 * n] - c[2 * e];
        double len = hypot (nx, ny), alo, ahi, blo, bhi;

        if (len == 0)
          continue;
        nx /= len;
        ny /= len;
        project (a, nx, ny, &alo, &ahi);
        project (b, nx, ny, &blo, &bhi);
        if (ahi <= blo + slack || bhi <= alo + slack)
          return FALSE;
      }
  return TRUE;
}

/*
 * Every text on the map (town names, line, region, country, sea and river
 * names) and every town dot: no text over another text, nor over a dot
 * other than its own town's; every box inside the view; line names
 * upright.  Returns the number of labels other than towns'.
 */
static guint
check_layout (CbTownLayout *layout,
              double        view_w,
              double        view_h,
              const char   *context)
{
  g_autoptr(GArray) texts = g_array_new (FALSE, TRUE, sizeof (Box));
  g_autoptr(GArray) dots = g_array_new (FALSE, TRUE, sizeof (Box));
  guint n_towns, n_labels;
  const CbPlacedTown *towns = cb_town_layout_get_towns (layout, &n_towns);
  const CbPlacedLabel *labels = cb_town_layout_get_labels (layout, &n_labels);

  g_array_set_clear_func (texts, box_clear);
  g_array_set_clear_func (dots, box_clear);

  for (guint i = 0; i < n_towns; i++)
    {
      Box b;

      /* No bare dots: a town shown is a town named. */
      if (!towns[i].has_label)
        g_error ("%s: town %s is shown without its name", context, towns[i].id);
      box_rect (&b, towns[i].label_x, towns[i].label_y, towns[i].label_width,
                towns[i].label_height, towns[i].name);
      g_array_append_val (texts, b);
      box_rect (&b, towns[i].x - 2, towns[i].y - 2, 4, 4, towns[i].name);
      g_array_append_val (dots, b);
    }
  for (guint i = 0; i < n_labels; i++)
    {
      Box b = { .what = g_strdup (labels[i].text) };

      memcpy (b.c, labels[i].corners, sizeof b.c);
      g_array_append_val (texts, b);
      /* Upright: never more than a quarter turn. */
      if (!(labels[i].angle > -G_PI / 2 && labels[i].angle <= G_PI / 2))
        g_error ("%s: “%s” is upside down (%.2f rad)", context, labels[i].text, labels[i].angle);
      /* The box is the text's size, turned by the angle. */
      g_assert_cmpfloat_with_epsilon (hypot (b.c[2] - b.c[0], b.c[3] - b.c[1]), labels[i].width, 0.01);
      g_assert_cmpfloat_with_epsilon (atan2 (b.c[3] - b.c[1], b.c[2] - b.c[0]), labels[i].angle, 1e-6);
      if (labels[i].kind != CB_LABEL_KIND_LINE && labels[i].kind != CB_LABEL_KIND_RIVER)
        g_assert_cmpfloat (labels[i].angle, ==, 0);
    }

  for (guint i = 0; i < texts->len; i++)
    {
      const Box *a = &g_array_index (texts, Box, i);

      for (guint k = 0; k < 4; k++)
        if (a->c[2 * k] < -0.5 || a->c[2 * k] > view_w + 0.5 ||
            a->c[2 * k + 1] < -0.5 || a->c[2 * k + 1] > view_h + 0.5)
          g_error ("%s: “%s” leaves the view", context, a->what);
      for (guint j = i + 1; j < texts->len; j++)
        if (boxes_overlap (a, &g_array_index (texts, Box, j), 0.01))
          g_error ("%s: “%s” overlaps “%s”", context, a->what, g_array_index (texts, Box, j).what);
      /* Text i < n_towns is town i's own name, beside its own dot. */
      for (guint j = 0; j < dots->len; j++)
        if (j != i && boxes_overlap (a, &g_array_index (dots, Box, j), 0.01))
          g_error ("%s: “%s” covers the dot of %s", context, a->what, g_array_index (dots, Box, j).what);
    }
  return n_labels;
}

static gboolean
has_label (CbTownLayout *layout,
           CbLabelKind   kind,
           const char   *text)
{
  guint n;
  const CbPlacedLabel *labels = cb_town_layout_get_labels (layout, &n);

  for (guint i = 0; i < n; i++)
    if (labels[i].kind == kind && g_strcmp0 (labels[i].text, text) == 0)
      return TRUE;
  return FALSE;
}

static guint
count_kind (CbTownLayout *layout,
            CbLabelKind   kind)
{
  guint n, count = 0;
  const CbPlacedLabel *labels = cb_town_layout_get_labels (layout, &n);

  for (guint i = 0; i < n; i++)
    count += labels[i].kind == kind;
  return count;
}

/* ------------------------------------------------------------------ */

/* Screen sizes and export sizes (the page's map area is smaller, but
 * the layout is the same code). */
static const struct { int w, h; } sizes[] = {
  { 1600, 1000 }, { 1024, 700 }, { 1920, 1080 }, { 1600, 1200 }, { 1123, 794 }, { 800, 800 }, { 3000, 2250 },
};

static void
test_no_overlaps (Fixture       *f,
                  gconstpointer  data)
{
  const gboolean all_layers = GPOINTER_TO_INT (data);
  const guint32 days[] = { 0, julian (1919, 1, 1), julian (1920, 7, 12), julian (1920, 10, 20),
                           julian (1923, 3, 15) };
  const char *languages[] = { "en", "yi", "lt", "be" };
  const double zooms[] = { 1, 2, 4, 12 };
  CbBounds region, treaty;
  guint n_layouts = 0, n_labels = 0;

  if (all_layers)
    show_all_layers (f);
  cb_projection_get_region_bounds (&region);
  cb_layer_catalog_get_treaty_bounds (f->catalog, &treaty);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
      for (guint d = 0; d < G_N_ELEMENTS (days); d++)
        {
          CbRenderOptions options;
          g_autoptr(CbTownLayout) layout = NULL;
          g_autofree char *context = NULL;
          const char *language = languages[(s + z + d) % G_N_ELEMENTS (languages)];

          cb_viewport_set_size (f->viewport, sizes[s].w, sizes[s].h);
          cb_viewport_fit_bounds (f->viewport, z == 0 ? &region : &treaty, 0);
          cb_viewport_set_scale (f->viewport, cb_viewport_get_scale (f->viewport) / zooms[z]);
          cb_render_options_init (&options);
          options.date = days[d];
          options.language = language;
          options.dark = (s + d) % 2;
          if (d == 3)
            options.selected_town_id = "dzisna";
          layout = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
          context = g_strdup_printf ("%dx%d, %.0f m/px, day %u, %s", sizes[s].w, sizes[s].h,
                                     cb_viewport_get_scale (f->viewport), days[d], language);
          n_labels += check_layout (layout, sizes[s].w, sizes[s].h, context);
          n_layouts++;

          /* The selected town is always shown, with its name. */
          if (options.selected_town_id != NULL)
            {
              double x, y, sx, sy;
              const CbPlacedTown *town;

              g_assert_true (cb_viewport_geo_to_map (f->viewport, 28.2076, 55.5676, &x, &y));
              cb_viewport_map_to_screen (f->viewport, x, y, &sx, &sy);
              town = cb_town_layout_lookup (layout, "dzisna");
              if (sx > 5 && sy > 5 && sx < sizes[s].w - 5 && sy < sizes[s].h - 5)
                {
                  g_assert_nonnull (town);
                  g_assert_true (town->has_label);
                }
            }
        }
  g_test_message ("%u layouts, %u labels besides the towns'", n_layouts, n_labels);
  /* The check saw labels at all. */
  g_assert_cmpuint (n_labels, >, 3 * n_layouts);
}

/* Whether a town at least as great as @size_class has its name or its
 * dot within 60 px of (@sx, @sy). */
static gboolean
crowded_by_greater (Fixture      *f,
                    CbTownLayout *layout,
                    double        sx,
                    double        sy,
                    int           size_class)
{
  CbFeatureSet *set = cb_layer_get_features (cb_layer_catalog_get_towns (f->catalog));
  guint n;
  const CbPlacedTown *towns = cb_town_layout_get_towns (layout, &n);

  for (guint i = 0; i < n; i++)
    {
      int other_class = atoi (cb_feature_set_get_attribute (set, towns[i].feature, "size_class"));
      double dx = MAX (0, MAX (towns[i].label_x - sx, sx - towns[i].label_x - towns[i].label_width));
      double dy = MAX (0, MAX (towns[i].label_y - sy, sy - towns[i].label_y - towns[i].label_height));

      if (other_class > size_class)
        continue;
      if (hypot (towns[i].x - sx, towns[i].y - sy) < 60 || hypot (dx, dy) < 60)
        return TRUE;
    }
  return FALSE;
}

/* At the overview of the app's and the exports' sizes, every town in view
 * whose rank is shown has its name; the others are left out entirely. */
static void
test_towns_by_rank (Fixture       *f,
                    gconstpointer  data)
{
  CbLayer *towns = cb_layer_catalog_get_towns (f->catalog);
  CbFeatureSet *set = cb_layer_get_features (towns);
  CbBounds region;

  cb_projection_get_region_bounds (&region);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      CbRenderOptions options;
      g_autoptr(CbTownLayout) layout = NULL;
      int max_class;
      guint shown = 0, left_out = 0, crowded = 0;

      cb_viewport_set_size (f->viewport, sizes[s].w, sizes[s].h);
      cb_viewport_fit_bounds (f->viewport, &region, 0);
      cb_render_options_init (&options);
      layout = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
      max_class = cb_label_max_town_class (cb_viewport_get_scale (f->viewport));

      for (guint t = 0; t < cb_feature_set_get_n_features (set); t++)
        {
          const char *id = cb_feature_set_get_attribute (set, t, "id");
          int size_class = atoi (cb_feature_set_get_attribute (set, t, "size_class"));
          const double *pt = cb_feature_set_get_feature_part (set, t, 0, NULL);
          const CbPlacedTown *placed = cb_town_layout_lookup (layout, id);
          double sx, sy;

          cb_viewport_map_to_screen (f->viewport, pt[0], pt[1], &sx, &sy);
          if (sx < 0 || sy < 0 || sx > sizes[s].w || sy > sizes[s].h)
            continue;
          if (size_class <= max_class && placed != NULL)
            {
              g_assert_true (placed->has_label);
              shown++;
            }
          else if (size_class <= max_class)
            {
              /* Crowded out: only by a town at least as great, named
               * close by; never a largest town; never on the main sizes. */
              g_assert_cmpint (size_class, >, 1);
              g_assert_false (sizes[s].w >= 1600);
              if (!crowded_by_greater (f, layout, sx, sy, size_class))
                g_error ("%dx%d: %s (class %d, classes up to %d shown) is left out with room around it",
                         sizes[s].w, sizes[s].h, id, size_class, max_class);
              g_test_message ("%dx%d: %s gives way to a greater town", sizes[s].w, sizes[s].h, id);
              crowded++;
            }
          else
            {
              g_assert_null (placed);
              left_out++;
            }
        }
      g_test_message ("%dx%d at %.0f m/px: classes 1-%d, %u towns named, %u left out",
                      sizes[s].w, sizes[s].h, cb_viewport_get_scale (f->viewport), max_class,
                      shown, left_out);
      g_assert_cmpuint (shown, >, 10);
      /* Giving way is the exception. */
      g_assert_cmpuint (crowded, <=, shown / 10);
    }
}

/* The ten towns that were anonymous dots are named once one zooms in to
 * their rank (and left out before). */
static void
test_small_towns_named (Fixture       *f,
                        gconstpointer  data)
{
  static const char *ids[] = { "wizajny", "sztabin", "punsk", "krasnopol", "giby", "sapotskin",
                               "daugai", "dukstas", "druya", "dzisna" };
  CbFeatureSet *set = cb_layer_get_features (cb_layer_catalog_get_towns (f->catalog));

  cb_viewport_set_size (f->viewport, 1024, 700);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      int feature = cb_feature_set_find_feature_by_id (set, ids[i]);
      const double *pt;
      CbRenderOptions options;
      g_autoptr(CbTownLayout) layout = NULL;
      const CbPlacedTown *town;

      g_assert_cmpint (feature, >=, 0);
      pt = cb_feature_set_get_feature_part (set, feature, 0, NULL);
      cb_viewport_set_center (f->viewport, pt[0], pt[1]);
      cb_viewport_set_scale (f->viewport, 300);
      cb_render_options_init (&options);
      layout = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
      check_layout (layout, 1024, 700, ids[i]);
      town = cb_town_layout_lookup (layout, ids[i]);
      if (town == NULL || !town->has_label)
        g_error ("%s is not named at 300 m/px", ids[i]);

      /* Far out, it is left out, not shown as a bare dot. */
      cb_viewport_set_scale (f->viewport, 3000);
      g_clear_pointer (&layout, cb_town_layout_unref);
      layout = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
      g_assert_null (cb_town_layout_lookup (layout, ids[i]));
    }
}

/* Country names follow the date: a state that exists only later is not
 * named before; lines are named only while in force. */
static void
test_names_follow_date (Fixture       *f,
                        gconstpointer  data)
{
  CbBounds region;
  CbRenderOptions options;
  g_autoptr(CbTownLayout) before = NULL;
  g_autoptr(CbTownLayout) after = NULL;
  g_autoptr(CbTownLayout) treaty = NULL;
  g_autoptr(CbTownLayout) riga = NULL;
  g_autoptr(CbTownLayout) undated = NULL;

  cb_projection_get_region_bounds (&region);
  cb_viewport_set_size (f->viewport, 1600, 1000);
  cb_viewport_fit_bounds (f->viewport, &region, 0);
  cb_render_options_init (&options);

  /* Latvia in CShapes 2.0 from 18 November 1918. */
  options.date = julian (1918, 11, 12);
  before = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  options.date = julian (1918, 12, 1);
  after = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  g_assert_false (has_label (before, CB_LABEL_KIND_COUNTRY, "Latvia"));
  g_assert_true (has_label (after, CB_LABEL_KIND_COUNTRY, "Latvia"));
  g_assert_true (has_label (before, CB_LABEL_KIND_COUNTRY, "Lithuania"));
  g_assert_true (has_label (after, CB_LABEL_KIND_COUNTRY, "Poland"));
  g_assert_true (has_label (after, CB_LABEL_KIND_SEA, "Baltic Sea"));
  /* The treaty line is not named before it was signed. */
  g_assert_false (has_label (after, CB_LABEL_KIND_LINE, "Treaty line 1920"));

  options.date = julian (1920, 7, 12);
  treaty = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  g_assert_true (has_label (treaty, CB_LABEL_KIND_LINE, "Treaty line 1920"));
  g_assert_true (has_label (treaty, CB_LABEL_KIND_COUNTRY, "Soviet Russia"));
  g_assert_false (has_label (treaty, CB_LABEL_KIND_COUNTRY, "Soviet Russia / USSR"));

  /* The Riga frontier: named in 1922, not in 1920. */
  show_all_layers (f);
  g_clear_pointer (&treaty, cb_town_layout_unref);
  treaty = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  g_assert_false (has_label (treaty, CB_LABEL_KIND_LINE, "Riga frontier 1921"));
  options.date = julian (1922, 6, 1);
  riga = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  g_assert_true (has_label (riga, CB_LABEL_KIND_LINE, "Riga frontier 1921"));
  g_assert_true (has_label (riga, CB_LABEL_KIND_COUNTRY, "Soviet Russia / USSR"));
  g_assert_false (has_label (riga, CB_LABEL_KIND_COUNTRY, "Soviet Russia"));

  /* No date: the states of the treaty's day, once each. */
  options.date = 0;
  undated = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  g_assert_true (has_label (undated, CB_LABEL_KIND_COUNTRY, "Soviet Russia"));
  g_assert_false (has_label (undated, CB_LABEL_KIND_COUNTRY, "Soviet Russia / USSR"));
  {
    guint n;
    const CbPlacedLabel *labels = cb_town_layout_get_labels (undated, &n);

    for (guint i = 0; i < n; i++)
      for (guint j = i + 1; j < n; j++)
        if (labels[i].kind == CB_LABEL_KIND_COUNTRY)
          g_assert_cmpstr (labels[i].text, !=, labels[j].text);
  }
}

/* Lines, regions and rivers are named: the treaty line more than once
 * when zoomed in, the regions inside their areas, rivers only close up. */
static void
test_lines_regions_rivers (Fixture       *f,
                           gconstpointer  data)
{
  CbBounds treaty;
  CbRenderOptions options;
  g_autoptr(CbTownLayout) overview = NULL;
  g_autoptr(CbTownLayout) close = NULL;
  guint n_treaty = 0, n;
  const CbPlacedLabel *labels;

  cb_layer_catalog_get_treaty_bounds (f->catalog, &treaty);
  cb_viewport_set_size (f->viewport, 1600, 1000);
  cb_viewport_fit_bounds (f->viewport, &treaty, 0);
  cb_render_options_init (&options);
  overview = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  labels = cb_town_layout_get_labels (overview, &n);
  for (guint i = 0; i < n; i++)
    {
      g_test_message ("label %s at %.0f,%.0f, %.2f rad", labels[i].text, labels[i].x, labels[i].y, labels[i].angle);
      n_treaty += g_strcmp0 (labels[i].text, "Treaty line 1920") == 0;
    }
  g_assert_cmpuint (n_treaty, >=, 2);
  g_assert_true (has_label (overview, CB_LABEL_KIND_REGION, "Vilnius region"));
  g_assert_true (has_label (overview, CB_LABEL_KIND_LINE, "Demarcation line 1923"));
  g_assert_cmpuint (count_kind (overview, CB_LABEL_KIND_RIVER), ==, 0);

  /* The hit test finds a label where it is drawn. */
  {
    const CbPlacedLabel *label = &labels[0];

    g_assert_true (cb_town_layout_find_label_at (overview, label->x, label->y) == label);
  }

  cb_viewport_set_scale (f->viewport, CB_LABEL_RIVER_MAX_SCALE / 2);
  close = cb_renderer_layout_towns (f->renderer, f->viewport, &options);
  check_layout (close, 1600, 1000, "close");
  g_assert_cmpuint (count_kind (close, CB_LABEL_KIND_RIVER), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/labels/no-overlaps/default-layers", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_no_overlaps, fixture_teardown);
  g_test_add ("/labels/no-overlaps/all-layers", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_no_overlaps, fixture_teardown);
  g_test_add ("/labels/towns-by-rank", Fixture, NULL,
              fixture_setup, test_towns_by_rank, fixture_teardown);
  g_test_add ("/labels/small-towns-named", Fixture, NULL,
              fixture_setup, test_small_towns_named, fixture_teardown);
  g_test_add ("/labels/names-follow-date", Fixture, NULL,
              fixture_setup, test_names_follow_date, fixture_teardown);
  g_test_add ("/labels/lines-regions-rivers", Fixture, NULL,
              fixture_setup, test_lines_regions_rivers, fixture_teardown);
  return g_test_run ();
}
