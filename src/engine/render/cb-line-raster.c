/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cb-line-raster-private.h"

gboolean
cb_line_raster_begin (CbLineRaster *raster,
                      cairo_t      *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_rectangle_list_t *clips;
  cairo_format_t format;
  cairo_matrix_t m;
  double off_x, off_y, sx, sy;
  int width, height;

  memset (raster, 0, sizeof *raster);

  /* Inside cairo_push_group() the drawing goes elsewhere. */
  if (cairo_get_group_target (cr) != target)
    return FALSE;
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_surface_status (target) != CAIRO_STATUS_SUCCESS)
    return FALSE;
  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;
  if (cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;

  /* Device offset and scale would need the surface's own transform:
   * leave those surfaces to cairo. */
  cairo_surface_get_device_offset (target, &off_x, &off_y);
  cairo_surface_get_device_scale (target, &sx, &sy);
  if (off_x != 0 || off_y != 0 || sx != 1 || sy != 1)
    return FALSE;

  cairo_get_matrix (cr, &m);
  if (m.xy != 0 || m.yx != 0 || m.xx <= 0 || m.yy <= 0)
    return FALSE;

  width = cairo_image_surface_get_width (target);
  height = cairo_image_surface_get_height (target);
  raster->clip_x0 = 0;
  raster->clip_y0 = 0;
  raster->clip_x1 = width;
  raster->clip_y1 = height;

  clips = cairo_copy_clip_rectangle_list (cr);
  if (clips->status != CAIRO_STATUS_SUCCESS || clips->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clips);
      return FALSE;
    }
  if (clips->num_rectangles == 0)
    {
      raster->clip_x1 = raster->clip_x0;
      raster->clip_y1 = raster->clip_y0;
    }
  else
    {
      /* In user space; the matrix has no rotation, so corners suffice.
       * A clip not on whole pixels would need partial coverage: refuse. */
      const cairo_rectangle_t *r = &clips->rectangles[0];
      double x1 = r->x, y1 = r->y, x2 = r->x + r->width, y2 = r->y + r->height;

      cairo_user_to_device (cr, &x1, &y1);
      cairo_user_to_device (cr, &x2, &y2);
      if (fabs (x1 - round (x1)) > 1e-6 || fabs (y1 - round (y1)) > 1e-6 ||
          fabs (x2 - round (x2)) > 1e-6 || fabs (y2 - round (y2)) > 1e-6)
        {
          cairo_rectangle_list_destroy (clips);
          return FALSE;
        }
      raster->clip_x0 = MAX (raster->clip_x0, (int) round (MIN (x1, x2)));
      raster->clip_y0 = MAX (raster->clip_y0, (int) round (MIN (y1, y2)));
      raster->clip_x1 = MIN (raster->clip_x1, (int) round (MAX (x1, x2)));
      raster->clip_y1 = MIN (raster->clip_y1, (int) round (MAX (y1, y2)));
    }
  cairo_rectangle_list_destroy (clips);

  raster->xx = m.xx;
  raster->x0 = m.x0;
  raster->yy = m.yy;
  raster->y0 = m.y0;

  cairo_surface_flush (target);
  raster->surface = target;
  raster->data = cairo_image_surface_get_data (target);
  raster->stride = cairo_image_surface_get_stride (target);
  return raster->data != NULL;
}

void
cb_line_raster_end (CbLineRaster *raster)
{
  if (raster->surface != NULL)
    cairo_surface_mark_dirty (raster->surface);
  raster->surface = NULL;
  raster->data = NULL;
}

double
cb_line_raster_device_width (CbLineRaster *raster,
                             double        width)
{
  /* Lines are round-ish: take the mean of the two axis scales. */
  return width * (raster->xx + raster->yy) / 2;
}

void
cb_line_raster_set_style (CbLineRaster *raster,
                          double        red,
                          double        green,
                          double        blue,
                          double        alpha,
                          double        width,
                          const double *dashes,
                          guint         n_dashes)
{
  double scale = (raster->xx + raster->yy) / 2;

  raster->red = (int) round (CLAMP (red, 0, 1) * 255);
  raster->green = (int) round (CLAMP (green, 0, 1) * 255);
  raster->blue = (int) round (CLAMP (blue, 0, 1) * 255);
  /* Opaque source colour; coverage and alpha go into the weight.  On
   * RGB24 the alpha byte is ignored by everyone. */
  raster->src_rb = ((guint32) raster->red << 16) | (guint32) raster->blue;
  raster->src_ag = (255u << 16) | (guint32) raster->green;
  raster->alpha = CLAMP (alpha, 0, 1);
  raster->width = width * scale;
  raster->n_dashes = MIN (n_dashes, G_N_ELEMENTS (raster->dashes));
  raster->dash_period = 0;
  for (guint i = 0; i < raster->n_dashes; i++)
    {
      raster->dashes[i] = MAX (dashes[i], 0) * scale;
      raster->dash_period += raster->dashes[i];
    }
  /* An odd pattern repeats with on and off swapped, as in cairo. */
  if (raster->n_dashes % 2 == 1 && raster->n_dashes < G_N_ELEMENTS (raster->dashes) / 2 + 1)
    {
      guint n = raster->n_dashes;

      for (guint i = 0; i < n; i++)
        raster->dashes[n + i] = raster->dashes[i];
      raster->n_dashes = 2 * n;
      raster->dash_period *= 2;
    }
  if (raster->dash_period <= 0)
    raster->n_dashes = 0;
}

/* Premultiplied OVER of the current colour with weight @k (0..256) onto
 * one pixel; the caller has clipped.  Two channels per multiply: red and
 * blue, then alpha and green, each in its own 16-bit lane (255 x 256 fits). */
static inline void
blend_pixel (const CbLineRaster *raster,
             guint32            *p,
             guint32             k)
{
  guint32 d = *p;
  guint32 inv = 256 - k;
  guint32 rb = ((raster->src_rb * k + (d & 0x00ff00ff) * inv) >> 8) & 0x00ff00ff;
  guint32 ag = ((raster->src_ag * k + ((d >> 8) & 0x00ff00ff) * inv) >> 8) & 0x00ff00ff;

  *p = rb | (ag << 8);
}

/* floor() and ceil() for values well within int range, inlined: libm's
 * are calls, and this loop runs once per pixel column. */
static inline int
floor_int (double x)
{
  int i = (int) x;

  return i > x ? i - 1 : i;
}

static inline int
ceil_int (double x)
{
  int i = (int) x;

  return i < x ? i + 1 : i;
}

/* Coverage of a pixel whose centre is @d (perpendicular) from the line's
 * centre: the overlap of [-w/2, w/2] with [d - 1/2, d + 1/2]. */
static inline double
coverage_at (double d,
             double half_width)
{
  double lo = MAX (d - 0.5, -half_width);
  double hi = MIN (d + 0.5, half_width);

  return hi > lo ? hi - lo : 0;
}

/* Rows @from..@to of one column, each weighted by its coverage: the
 * line's centre is at @c on the minor axis. */
static inline void
edge_rows (const CbLineRaster *raster,
           guint8             *column,
           gssize              minor_step,
           int                 from,
           int                 to,
           double              c,
           double              cos_t,
           double              half,
           double              alpha256)
{
  double row_centre = from + 0.5;

  for (int j = from; j <= to; j++, row_centre += 1)
    {
      guint32 *p = (guint32 *) (column + (gssize) j * minor_step);
      int k = (int) (coverage_at (fabs (row_centre - c) * cos_t, half) * alpha256 + 0.5);

      if (k <= 0)
        continue;
      if (k >= 256)
        *p = raster->src_rb | (raster->src_ag << 8);
      else
        blend_pixel (raster, p, (guint32) k);
    }
}

/* @x modulo @period for x >= 0.  Along a polyline the dash phase grows by
 * one segment at a time, so a subtraction or two is all it takes; libm's
 * fmod() showed in profiles. */
static inline double
wrap_phase (double x,
            double period)
{
  if (x < period)
    return x;
  if (x < 8 * period)
    {
      do
        x -= period;
      while (x >= period);
      return x;
    }
  return fmod (x, period);
}

/*
 * One segment in device space.  Pixels are visited along the major axis,
 * half-open at the end so that joined segments do not blend a pixel
 * twice.  @start_phase is the dash phase (length of line before this
 * segment, modulo the dash period) and @len the segment's length.
 */
static void
segment (CbLineRaster *raster,
         double        ax,
         double        ay,
         double        bx,
         double        by,
         double        len,
         double        start_phase)
{
  double dx = bx - ax, dy = by - ay;
  double half = raster->width / 2;
  gboolean x_major = fabs (dx) >= fabs (dy);
  double major_a, major_b, minor_a, slope, inv_slope, cos_t, inv_cos, reach;
  double dash_phase, dash_step;
  double alpha256 = raster->alpha * 256;
  int k_full = (int) MIN (alpha256 + 0.5, 256);
  double inner;
  int in0, in1;
  guint dash_index;
  int first, last, step;
  gssize minor_step, major_step;
  double touch;
  int minor_clip_lo = x_major ? raster->clip_y0 : raster->clip_x0;
  int minor_clip_hi = (x_major ? raster->clip_y1 : raster->clip_x1) - 1;

  if (len < 1e-9)
    return;

  /* Entirely outside the clip (with the line's width): nothing to do. */
  if (MAX (ax, bx) + half + 1 < raster->clip_x0 || MIN (ax, bx) - half - 1 > raster->clip_x1 ||
      MAX (ay, by) + half + 1 < raster->clip_y0 || MIN (ay, by) - half - 1 > raster->clip_y1)
    return;

  if (x_major)
    {
      major_a = ax;
      major_b = bx;
      minor_a = ay;
      slope = dy / dx;
      inv_slope = dx / dy;
      cos_t = fabs (dx) / len;
      inv_cos = len / fabs (dx);
    }
  else
    {
      major_a = ay;
      major_b = by;
      minor_a = ax;
      slope = dx / dy;
      inv_slope = dy / dx;
      cos_t = fabs (dy) / len;
      inv_cos = len / fabs (dy);
    }
  /* How far along the minor axis a pixel centre can be and still be
   * touched by the line: its half-width there, plus half a pixel. */
  reach = half * inv_cos + 0.5;
  /* And how far a pixel centre can be and still be covered whole. */
  inner = (half - 0.5) * inv_cos;

  /* Pixel centres i + 0.5 in [major_a, major_b) (or reversed). */
  if (major_b >= major_a)
    {
      /* Device coordinates are within 1e8 (see cb_line_raster_polyline). */
      first = ceil_int (major_a - 0.5);
      last = ceil_int (major_b - 0.5) - 1;
      step = 1;
    }
  else
    {
      first = floor_int (major_a - 0.5);
      last = floor_int (major_b - 0.5) + 1;
      step = -1;
    }

  /* Clip the walk to the visible pixels, on both axes.  Most segments
   * lie well inside the clip, where this changes nothing. */
  if (MIN (ax, bx) - half - 1 < raster->clip_x0 || MAX (ax, bx) + half + 1 > raster->clip_x1 ||
      MIN (ay, by) - half - 1 < raster->clip_y0 || MAX (ay, by) + half + 1 > raster->clip_y1)
    {
      int lo = x_major ? raster->clip_x0 : raster->clip_y0;
      int hi = (x_major ? raster->clip_x1 : raster->clip_y1) - 1;
      double minor_lo = (x_major ? raster->clip_y0 : raster->clip_x0) - reach;
      double minor_hi = (x_major ? raster->clip_y1 : raster->clip_x1) + reach;

      if (fabs (slope) > 1e-12)
        {
          /* Where the centre line is within reach of the clip's minor range. */
          double m1 = major_a + (minor_lo - minor_a) * inv_slope;
          double m2 = major_a + (minor_hi - minor_a) * inv_slope;

          lo = MAX (lo, floor_int (CLAMP (MIN (m1, m2), -1e9, 1e9)) - 1);
          hi = MIN (hi, ceil_int (CLAMP (MAX (m1, m2), -1e9, 1e9)) + 1);
        }

      if (step > 0)
        {
          first = MAX (first, lo);
          last = MIN (last, hi);
          if (first > last)
            return;
        }
      else
        {
          first = MIN (first, hi);
          last = MAX (last, lo);
          if (first < last)
            return;
        }
    }
  else if (step > 0 ? first > last : first < last)
    return;

  /* The dash state walks along with the pixels. */
  dash_phase = 0;
  dash_step = 0;
  dash_index = 0;
  if (raster->n_dashes)
    {
      double t_first = (first + 0.5 - major_a) / (major_b - major_a);

      dash_phase = wrap_phase (start_phase + t_first * len, raster->dash_period);
      dash_step = inv_cos;
      while (dash_phase >= raster->dashes[dash_index])
        {
          dash_phase -= raster->dashes[dash_index];
          if (++dash_index == raster->n_dashes)
            dash_index = 0;
        }
    }

  /* Rows are stepped with a pointer: along y for x-major, along x else. */
  minor_step = x_major ? raster->stride : (gssize) sizeof (guint32);
  major_step = x_major ? (gssize) sizeof (guint32) : raster->stride;
  /* Only rows whose centre is nearer than this to the centre line get any
   * coverage (coverage_at() is 0 beyond): the others are not visited. */
  touch = (half + 0.5) * inv_cos;

  for (int i = first; step > 0 ? i <= last : i >= last; i += step)
    {
      double centre_major = i + 0.5;
      double c = minor_a + (centre_major - major_a) * slope;
      guint8 *column;
      int j0, j1;

      if (raster->n_dashes)
        {
          gboolean on = (dash_index & 1) == 0;

          dash_phase += dash_step;
          while (dash_phase >= raster->dashes[dash_index])
            {
              dash_phase -= raster->dashes[dash_index];
              if (++dash_index == raster->n_dashes)
                dash_index = 0;
            }
          if (!on)
            continue;
        }

      /* c is within reach of the clip here, so these fit in an int. */
      j0 = MAX (floor_int (c - touch - 0.5) + 1, minor_clip_lo);
      j1 = MIN (ceil_int (c + touch - 0.5) - 1, minor_clip_hi);
      /* Rows wholly inside the line need no coverage sums: edge rows,
       * then whole rows in0..in1, then edge rows again. */
      in0 = inner > 0 ? MAX (ceil_int (c - inner - 0.5), j0) : j1 + 1;
      in1 = inner > 0 ? MIN (floor_int (c + inner - 0.5), j1) : j1;
      if (in0 > in1)
        {
          in0 = j1 + 1;
          in1 = j1;
        }
      column = raster->data + (gssize) i * major_step;
      edge_rows (raster, column, minor_step, j0, in0 - 1, c, cos_t, half, alpha256);
      for (int j = in0; j <= in1; j++)
        {
          guint32 *p = (guint32 *) (column + (gssize) j * minor_step);

          if (k_full >= 256)
            *p = raster->src_rb | (raster->src_ag << 8);
          else if (k_full > 0)
            blend_pixel (raster, p, (guint32) k_full);
        }
      edge_rows (raster, column, minor_step, in1 + 1, j1, c, cos_t, half, alpha256);
    }
}

static gboolean
dash_on_at (const CbLineRaster *raster,
            double              distance)
{
  double phase;

  if (raster->n_dashes == 0)
    return TRUE;
  phase = wrap_phase (distance, raster->dash_period);
  for (guint i = 0; i < raster->n_dashes; i++)
    {
      if (phase < raster->dashes[i])
        return i % 2 == 0;
      phase -= raster->dashes[i];
    }
  return FALSE;
}

/* A round join: an antialiased disc of the line's width at a vertex. */
static void
join_disc (CbLineRaster *raster,
           double        cx,
           double        cy)
{
  double r = raster->width / 2;
  double alpha256 = raster->alpha * 256;
  int x0 = MAX (floor_int (cx - r - 1), raster->clip_x0);
  int x1 = MIN (ceil_int (cx + r + 1), raster->clip_x1 - 1);
  int y0 = MAX (floor_int (cy - r - 1), raster->clip_y0);
  int y1 = MIN (ceil_int (cy + r + 1), raster->clip_y1 - 1);

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        double cov = CLAMP (r + 0.5 - sqrt (dx * dx + dy * dy), 0, 1);
        int k = (int) (cov * alpha256 + 0.5);

        /* Where a segment covers the same pixel it blends twice: with the
         * opaque colours joins are used for, that only darkens an
         * antialiased edge pixel a little. */
        if (k <= 0)
          continue;
        blend_pixel (raster, (guint32 *) (raster->data + (gsize) y * raster->stride) + x,
                     (guint32) MIN (k, 256));
      }
}

void
cb_line_raster_set_round_joins (CbLineRaster *raster,
                                gboolean      round_joins)
{
  raster->round_joins = round_joins;
}

void
cb_line_raster_polyline (CbLineRaster *raster,
                         const double *xy,
                         guint         n,
                         gboolean      closed)
{
  double phase = 0;  /* dash phase: line length so far, modulo the period */
  double px, py;

  if (raster->data == NULL || n < 2 || raster->alpha <= 0 || raster->width <= 0)
    return;

  /* Bounded so that pixel indices always fit in an int. */
  px = CLAMP (xy[0] * raster->xx + raster->x0, -1e8, 1e8);
  py = CLAMP (xy[1] * raster->yy + raster->y0, -1e8, 1e8);
  for (guint i = 1; i < n + (closed ? 1 : 0); i++)
    {
      guint k = i < n ? i : 0;
      double qx = CLAMP (xy[2 * k] * raster->xx + raster->x0, -1e8, 1e8);
      double qy = CLAMP (xy[2 * k + 1] * raster->yy + raster->y0, -1e8, 1e8);
      double len;

      /* Joins first, so the segments' own coverage lands on top. */
      if (raster->round_joins && (i > 1 || closed) &&
          px > raster->clip_x0 - raster->width && px < raster->clip_x1 + raster->width &&
          py > raster->clip_y0 - raster->width && py < raster->clip_y1 + raster->width &&
          dash_on_at (raster, phase))
        join_disc (raster, px, py);
      len = sqrt ((qx - px) * (qx - px) + (qy - py) * (qy - py));
      segment (raster, px, py, qx, qy, len, phase);
      if (raster->n_dashes)
        phase = wrap_phase (phase + len, raster->dash_period);
      px = qx;
      py = qy;
    }
}
