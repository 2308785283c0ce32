/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cb-simplify.h"

/* ------------------------------------------------------------------ */
/* Simplification                                                      */


/*
 * Douglas-Peucker on @n points of @pts (x, y pairs), appending the kept
 * points to @out.  Uses an explicit stack: parts can be millions of points.
 *
 * Plain Douglas-Peucker splits at the farthest point, and on a zig-zag
 * that is always next to an end: n scans of n points.  Here a range whose
 * farthest point lies outside its middle half is split at its middle
 * instead, so every range at least halves in three splits and the work is
 * O(n log n) whatever the line.  A range is only split when some point is
 * farther than the tolerance, so the result still keeps every point within
 * it; the middle points are the only extra points kept.
 */
static void
simplify_into (const double *pts,
               guint         n,
               double        tolerance,
               GArray       *out,
               GArray       *stack,
               guint8       *keep)
{
  double tol2 = tolerance * tolerance;

  if (n <= 2)
    {
      g_array_append_vals (out, pts, n * 2);
      return;
    }

  memset (keep, 0, n);
  keep[0] = keep[n - 1] = 1;
  g_array_set_size (stack, 0);
  {
    guint32 range[2] = { 0, n - 1 };
    g_array_append_vals (stack, range, 2);
  }

  while (stack->len > 0)
    {
      guint32 last = g_array_index (stack, guint32, stack->len - 1);
      guint32 first = g_array_index (stack, guint32, stack->len - 2);
      const double ax = pts[2 * (gsize) first], ay = pts[2 * (gsize) first + 1];
      const double bx = pts[2 * (gsize) last], by = pts[2 * (gsize) last + 1];
      const double dx = bx - ax, dy = by - ay;
      const double len2 = dx * dx + dy * dy;
      /* Squared distances times len2: no division in the loop. */
      const double scale = len2 > 0 ? len2 : 1;
      double max_s = -1;
      guint32 max_i = first;
      guint32 split;

      g_array_set_size (stack, stack->len - 2);
      for (guint32 i = first + 1; i < last; i++)
        {
          const double px = pts[2 * (gsize) i] - ax, py = pts[2 * (gsize) i + 1] - ay;
          const double dot = px * dx + py * dy;
          double s;

          if (dot <= 0 || len2 <= 0)
            s = (px * px + py * py) * scale;
          else if (dot >= len2)
            {
              const double qx = pts[2 * (gsize) i] - bx, qy = pts[2 * (gsize) i + 1] - by;

              s = (qx * qx + qy * qy) * scale;
            }
          else
            {
              const double cross = px * dy - py * dx;

              s = cross * cross;
            }
          if (s > max_s)
            {
              max_s = s;
              max_i = i;
            }
        }
      if (!(max_s > tol2 * scale))
        continue;

      split = max_i;
      if (last - first > 8)
        {
          guint32 quarter = (last - first) / 4;

          if (max_i < first + quarter || max_i > last - quarter)
            split = first + (last - first) / 2;
        }

      keep[split] = 1;
      if (split - first > 1)
        {
          guint32 left[2] = { first, split };
          g_array_append_vals (stack, left, 2);
        }
      if (last - split > 1)
        {
          guint32 right[2] = { split, last };
          g_array_append_vals (stack, right, 2);
        }
    }

  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_vals (out, pts + 2 * i, 2);
}

void
cb_simplify_build_lods (CbFeatureSet *self)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint8 *keep = NULL;
  guint max_points = 0;
  const CbLod *base = &self->lods[0];

  for (guint p = 0; p < base->parts->len; p++)
    max_points = MAX (max_points, g_array_index (base->parts, CbPartRef, p).n_points);
  keep = g_malloc (MAX (max_points, 1));

  for (guint level = 1; level < CB_FEATURE_SET_N_LODS; level++)
    {
      /* Each level starts from the previous, cheaper than from level 0;
       * the errors add up to at most 4/3 of the tolerance. */
      const CbLod *src = &self->lods[level - 1];
      CbLod *dst = &self->lods[level];
      double tol = cb_feature_set_get_lod_tolerance (self, level);

      g_array_set_size (dst->coords, 0);
      g_array_set_size (dst->parts, src->parts->len);

      for (guint f = 0; f < self->features->len; f++)
        {
          const CbFeature *feat = &g_array_index (self->features, CbFeature, f);

          for (guint p = feat->first_part; p < feat->first_part + feat->n_parts; p++)
            {
              const CbPartRef *sp = &g_array_index (src->parts, CbPartRef, p);
              CbPartRef *dp = &g_array_index (dst->parts, CbPartRef, p);
              const double *pts;

              dp->first = dst->coords->len / 2;
              dp->n_points = 0;
              /* An empty level has no storage: no pointer into it. */
              if (sp->n_points == 0)
                continue;
              pts = (const double *) src->coords->data + 2 * (gsize) sp->first;

              if (self->geometry_type == CB_GEOMETRY_POLYGON)
                {
                  CbBounds rb;

                  cb_bounds_init_empty (&rb);
                  for (guint i = 0; i < sp->n_points; i++)
                    cb_bounds_extend (&rb, pts[2 * i], pts[2 * i + 1]);
                  /* A ring smaller than the tolerance is under a pixel. */
                  if (rb.max_x - rb.min_x < tol && rb.max_y - rb.min_y < tol)
                    continue;
                }
              else if (self->geometry_type == CB_GEOMETRY_POINT)
                {
                  g_array_append_vals (dst->coords, pts, sp->n_points * 2);
                  dp->n_points = sp->n_points;
                  continue;
                }

              simplify_into (pts, sp->n_points, tol, dst->coords, stack, keep);
              dp->n_points = dst->coords->len / 2 - dp->first;

              /* A ring needs three corners to enclose anything. */
              if (self->geometry_type == CB_GEOMETRY_POLYGON && dp->n_points < 4)
                {
                  g_array_set_size (dst->coords, dp->first * 2);
                  g_array_append_vals (dst->coords, pts, MIN (sp->n_points, 4) * 2);
                  dp->n_points = MIN (sp->n_points, 4);
                }
            }
        }

      /* When every ring dropped out the level holds no point, and an
       * empty GArray's data is NULL: readers compute data + 2 * first
       * (NULL + 0 is undefined behaviour).  Give it storage. */
      if (dst->coords->len == 0)
        {
          g_array_set_size (dst->coords, 2);
          g_array_set_size (dst->coords, 0);
        }
    }
}

