/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "cb-feature-set-private.h"
#include "cb-hit-test.h"

gboolean
cb_hit_test_feature (CbFeatureSet *set,
                     guint         feature,
                     double        x,
                     double        y,
                     double        tolerance_m,
                     double       *distance)
{
  const CbBounds *bounds;
  CbGeometryType type;
  double best2 = INFINITY;
  gboolean inside = FALSE;
  guint lod, n_parts;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (feature < cb_feature_set_get_n_features (set), FALSE);

  tolerance_m = MAX (tolerance_m, 0);
  bounds = cb_feature_set_get_feature_bounds (set, feature);
  if (x < bounds->min_x - tolerance_m || x > bounds->max_x + tolerance_m ||
      y < bounds->min_y - tolerance_m || y > bounds->max_y + tolerance_m)
    return FALSE;

  type = cb_feature_set_get_geometry_type (set);
  lod = cb_feature_set_pick_lod (set, tolerance_m * 0.5);
  n_parts = cb_feature_set_get_feature_n_parts (set, feature);

  for (guint p = 0; p < n_parts; p++)
    {
      guint n = 0;
      const double *pts = cb_feature_set_get_lod_part (set, lod, feature, p, &n);

      if (type == CB_GEOMETRY_POINT)
        {
          for (guint i = 0; i < n; i++)
            {
              double dx = pts[2 * i] - x, dy = pts[2 * i + 1] - y;

              best2 = MIN (best2, dx * dx + dy * dy);
            }
          continue;
        }

      for (guint i = 0; i + 1 < n; i++)
        best2 = MIN (best2, cb_segment_distance2 (x, y, pts[2 * i], pts[2 * i + 1],
                                                  pts[2 * i + 2], pts[2 * i + 3]));

      if (type == CB_GEOMETRY_POLYGON && n >= 3)
        {
          /* Even-odd crossing test; the ring closes itself. */
          for (guint i = 0, j = n - 1; i < n; j = i++)
            {
              double xi = pts[2 * i], yi = pts[2 * i + 1];
              double xj = pts[2 * j], yj = pts[2 * j + 1];

              if ((yi > y) != (yj > y) &&
                  x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                inside = !inside;
            }
        }
    }

  if (inside)
    best2 = 0;
  if (distance != NULL)
    *distance = sqrt (best2);
  return best2 <= tolerance_m * tolerance_m;
}

static int
compare_distance (gconstpointer a,
                  gconstpointer b)
{
  double da = ((const CbHit *) a)->distance, db = ((const CbHit *) b)->distance;

  return (da > db) - (da < db);
}

GArray *
cb_hit_test_catalog (CbLayerCatalog *catalog,
                     double          x,
                     double          y,
                     double          tolerance_m)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (CbHit));

  g_return_val_if_fail (CB_IS_LAYER_CATALOG (catalog), hits);

  for (guint i = cb_layer_catalog_get_n_layers (catalog); i-- > 0;)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);
      CbFeatureSet *set = cb_layer_get_features (layer);
      const CbBounds *bounds = cb_feature_set_get_bounds (set);
      guint first = hits->len;

      if (!cb_layer_get_visible (layer) ||
          x < bounds->min_x - tolerance_m || x > bounds->max_x + tolerance_m ||
          y < bounds->min_y - tolerance_m || y > bounds->max_y + tolerance_m)
        continue;

      for (guint f = 0; f < cb_feature_set_get_n_features (set); f++)
        {
          CbHit hit = { layer, f, 0 };

          if (cb_hit_test_feature (set, f, x, y, tolerance_m, &hit.distance))
            g_array_append_val (hits, hit);
        }
      if (hits->len - first > 1)
        qsort (&g_array_index (hits, CbHit, first), hits->len - first,
               sizeof (CbHit), compare_distance);
    }
  return hits;
}
