/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cb-viewport.h"

struct _CbViewport
{
  GObject parent_instance;

  double center_x;
  double center_y;
  double scale;
  double width;
  double height;
  double min_scale;
  double max_scale;

  CbBounds bounds;
  gboolean has_bounds;
  CbBounds extent;        /* the visible rectangle stays inside */
  gboolean has_extent;

  guint freeze_count;
  gboolean changed_pending;

  CbProjection *projection;  /* lazily made, for geo conversions */
  gboolean projection_failed;
};

G_DEFINE_FINAL_TYPE (CbViewport, cb_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_SCALE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_MIN_SCALE,
  PROP_MAX_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* m/px: the finest context data (GSHHG rivers and lakes) has a vertex
 * every ~390 m (median); closer than a vertex per ~10 px there is no more
 * detail to show, only straight segments. */
#define DEFAULT_MIN_SCALE 40.0
#define DEFAULT_MAX_SCALE 5000.0  /* m/px: all of the Baltic on a phone */

static void
mark_changed (CbViewport *self)
{
  self->changed_pending = TRUE;
}

void
cb_viewport_freeze_changed (CbViewport *self)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  self->freeze_count++;
}

void
cb_viewport_thaw_changed (CbViewport *self)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  g_return_if_fail (self->freeze_count > 0);

  self->freeze_count--;
  if (self->freeze_count == 0 && self->changed_pending)
    {
      self->changed_pending = FALSE;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

/* Each internal setter only stores and notifies; callers wrap them in a
 * freeze/thaw pair so that one public call gives one "changed". */
static void
store_double (CbViewport *self,
              double     *field,
              double      value,
              int         prop)
{
  if (*field == value)
    return;
  *field = value;
  mark_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The most zoomed-out scale: also no more than the extent fills the view. */
static double
effective_max_scale (CbViewport *self)
{
  double max_scale = self->max_scale;

  if (self->has_extent && self->width > 0 && self->height > 0)
    max_scale = MIN (max_scale,
                     MIN ((self->extent.max_x - self->extent.min_x) / self->width,
                          (self->extent.max_y - self->extent.min_y) / self->height));
  return max_scale;
}

static double
effective_min_scale (CbViewport *self)
{
  /* A view too big for the extent even at min-scale: the extent wins. */
  return MIN (self->min_scale, effective_max_scale (self));
}

static double
clamp_scale (CbViewport *self,
             double      scale)
{
  if (!isfinite (scale) || scale <= 0)
    return self->scale;
  return CLAMP (scale, effective_min_scale (self), effective_max_scale (self));
}

/* Keeps the visible half-size @half inside [@lo, @hi] around @c. */
static double
clamp_axis (double c,
            double half,
            double lo,
            double hi)
{
  if (hi - lo <= 2 * half)
    return (lo + hi) / 2;
  return CLAMP (c, lo + half, hi - half);
}

static void
store_center_clamped (CbViewport *self,
                      double      x,
                      double      y)
{
  if (!isfinite (x))
    x = self->center_x;
  if (!isfinite (y))
    y = self->center_y;
  if (self->has_bounds)
    {
      x = CLAMP (x, self->bounds.min_x, self->bounds.max_x);
      y = CLAMP (y, self->bounds.min_y, self->bounds.max_y);
    }
  if (self->has_extent)
    {
      x = clamp_axis (x, self->width / 2 * self->scale, self->extent.min_x, self->extent.max_x);
      y = clamp_axis (y, self->height / 2 * self->scale, self->extent.min_y, self->extent.max_y);
    }
  store_double (self, &self->center_x, x, PROP_CENTER_X);
  store_double (self, &self->center_y, y, PROP_CENTER_Y);
}

static void
cb_viewport_finalize (GObject *object)
{
  CbViewport *self = CB_VIEWPORT (object);

  g_clear_object (&self->projection);

  G_OBJECT_CLASS (cb_viewport_parent_class)->finalize (object);
}

static void
cb_viewport_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CbViewport *self = CB_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;
    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;
    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;
    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_double (value, self->height);
      break;
    case PROP_MIN_SCALE:
      g_value_set_double (value, effective_min_scale (self));
      break;
    case PROP_MAX_SCALE:
      g_value_set_double (value, effective_max_scale (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_viewport_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CbViewport *self = CB_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_CENTER_X:
      cb_viewport_set_center_x (self, g_value_get_double (value));
      break;
    case PROP_CENTER_Y:
      cb_viewport_set_center_y (self, g_value_get_double (value));
      break;
    case PROP_SCALE:
      cb_viewport_set_scale (self, g_value_get_double (value));
      break;
    case PROP_WIDTH:
      cb_viewport_set_width (self, g_value_get_double (value));
      break;
    case PROP_HEIGHT:
      cb_viewport_set_height (self, g_value_get_double (value));
      break;
    case PROP_MIN_SCALE:
      cb_viewport_set_min_scale (self, g_value_get_double (value));
      break;
    case PROP_MAX_SCALE:
      cb_viewport_set_max_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_viewport_class_init (CbViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cb_viewport_finalize;
  object_class->get_property = cb_viewport_get_property;
  object_class->set_property = cb_viewport_set_property;

  properties[PROP_CENTER_X] =
    g_param_spec_double ("center-x", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_CENTER_Y] =
    g_param_spec_double ("center-y", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, 1000, flags);
  properties[PROP_WIDTH] =
    g_param_spec_double ("width", NULL, NULL,
                         0, G_MAXDOUBLE, 0, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_double ("height", NULL, NULL,
                         0, G_MAXDOUBLE, 0, flags);
  properties[PROP_MIN_SCALE] =
    g_param_spec_double ("min-scale", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, DEFAULT_MIN_SCALE, flags);
  properties[PROP_MAX_SCALE] =
    g_param_spec_double ("max-scale", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, DEFAULT_MAX_SCALE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CbViewport::changed:
   *
   * Centre, scale or size changed; one emission per public call (or per
   * freeze/thaw pair), however many properties changed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cb_viewport_init (CbViewport *self)
{
  self->min_scale = DEFAULT_MIN_SCALE;
  self->max_scale = DEFAULT_MAX_SCALE;
  self->scale = 1000;
  cb_projection_get_region_bounds (&self->bounds);
  self->has_bounds = TRUE;
  self->center_x = (self->bounds.min_x + self->bounds.max_x) / 2;
  self->center_y = (self->bounds.min_y + self->bounds.max_y) / 2;
}

CbViewport *
cb_viewport_new (void)
{
  return g_object_new (CB_TYPE_VIEWPORT, NULL);
}

double
cb_viewport_get_center_x (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 0);
  return self->center_x;
}

double
cb_viewport_get_center_y (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 0);
  return self->center_y;
}

void
cb_viewport_set_center (CbViewport *self,
                        double      x,
                        double      y)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  cb_viewport_freeze_changed (self);
  store_center_clamped (self, x, y);
  cb_viewport_thaw_changed (self);
}

void
cb_viewport_set_center_x (CbViewport *self,
                          double      x)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  cb_viewport_set_center (self, x, self->center_y);
}

void
cb_viewport_set_center_y (CbViewport *self,
                          double      y)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  cb_viewport_set_center (self, self->center_x, y);
}

double
cb_viewport_get_scale (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 1);
  return self->scale;
}

void
cb_viewport_set_scale (CbViewport *self,
                       double      scale)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  cb_viewport_freeze_changed (self);
  store_double (self, &self->scale, clamp_scale (self, scale), PROP_SCALE);
  /* Zooming out around a fixed centre may show beyond the extent. */
  store_center_clamped (self, self->center_x, self->center_y);
  cb_viewport_thaw_changed (self);
}

double
cb_viewport_get_width (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 0);
  return self->width;
}

double
cb_viewport_get_height (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 0);
  return self->height;
}

/* "min-scale" and "max-scale" read the limits in force: notify those that moved. */
static void
notify_limits (CbViewport *self,
               double      old_min,
               double      old_max)
{
  if (effective_min_scale (self) != old_min)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SCALE]);
  if (effective_max_scale (self) != old_max)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SCALE]);
}

void
cb_viewport_set_size (CbViewport *self,
                      double      width,
                      double      height)
{
  double old_min, old_max;

  g_return_if_fail (CB_IS_VIEWPORT (self));

  if (!isfinite (width) || width < 0)
    width = 0;
  if (!isfinite (height) || height < 0)
    height = 0;

  cb_viewport_freeze_changed (self);
  old_min = effective_min_scale (self);
  old_max = effective_max_scale (self);
  store_double (self, &self->width, width, PROP_WIDTH);
  store_double (self, &self->height, height, PROP_HEIGHT);
  if (self->has_extent)
    {
      /* A bigger view may reach beyond the extent. */
      store_double (self, &self->scale, clamp_scale (self, self->scale), PROP_SCALE);
      store_center_clamped (self, self->center_x, self->center_y);
      notify_limits (self, old_min, old_max);
    }
  cb_viewport_thaw_changed (self);
}

void
cb_viewport_set_width (CbViewport *self,
                       double      width)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  cb_viewport_set_size (self, width, self->height);
}

void
cb_viewport_set_height (CbViewport *self,
                        double      height)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  cb_viewport_set_size (self, self->width, height);
}

double
cb_viewport_get_min_scale (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 0);
  return effective_min_scale (self);
}

double
cb_viewport_get_max_scale (CbViewport *self)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), 0);
  return effective_max_scale (self);
}

void
cb_viewport_set_min_scale (CbViewport *self,
                           double      min_scale)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (min_scale) && min_scale > 0);

  if (self->min_scale == min_scale)
    return;

  cb_viewport_freeze_changed (self);
  self->min_scale = min_scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SCALE]);
  if (self->max_scale < min_scale)
    {
      self->max_scale = min_scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SCALE]);
    }
  store_double (self, &self->scale, clamp_scale (self, self->scale), PROP_SCALE);
  store_center_clamped (self, self->center_x, self->center_y);
  cb_viewport_thaw_changed (self);
}

void
cb_viewport_set_max_scale (CbViewport *self,
                           double      max_scale)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (max_scale) && max_scale > 0);

  if (self->max_scale == max_scale)
    return;

  cb_viewport_freeze_changed (self);
  self->max_scale = max_scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SCALE]);
  if (self->min_scale > max_scale)
    {
      self->min_scale = max_scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_SCALE]);
    }
  store_double (self, &self->scale, clamp_scale (self, self->scale), PROP_SCALE);
  store_center_clamped (self, self->center_x, self->center_y);
  cb_viewport_thaw_changed (self);
}

void
cb_viewport_set_bounds (CbViewport     *self,
                        const CbBounds *bounds)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  cb_viewport_freeze_changed (self);
  if (bounds == NULL || cb_bounds_is_empty (bounds))
    {
      self->has_bounds = FALSE;
    }
  else
    {
      self->bounds = *bounds;
      self->has_bounds = TRUE;
      store_center_clamped (self, self->center_x, self->center_y);
    }
  cb_viewport_thaw_changed (self);
}

void
cb_viewport_set_extent (CbViewport     *self,
                        const CbBounds *extent)
{
  double old_min, old_max;

  g_return_if_fail (CB_IS_VIEWPORT (self));

  cb_viewport_freeze_changed (self);
  old_min = effective_min_scale (self);
  old_max = effective_max_scale (self);
  if (extent == NULL || cb_bounds_is_empty (extent))
    {
      self->has_extent = FALSE;
    }
  else
    {
      self->extent = *extent;
      self->has_extent = TRUE;
      store_double (self, &self->scale, clamp_scale (self, self->scale), PROP_SCALE);
      store_center_clamped (self, self->center_x, self->center_y);
    }
  notify_limits (self, old_min, old_max);
  cb_viewport_thaw_changed (self);
}

gboolean
cb_viewport_get_extent (CbViewport *self,
                        CbBounds   *out_extent)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), FALSE);

  if (!self->has_extent)
    {
      if (out_extent)
        cb_bounds_init_empty (out_extent);
      return FALSE;
    }
  if (out_extent)
    *out_extent = self->extent;
  return TRUE;
}

gboolean
cb_viewport_get_bounds (CbViewport *self,
                        CbBounds   *out_bounds)
{
  g_return_val_if_fail (CB_IS_VIEWPORT (self), FALSE);

  if (!self->has_bounds)
    {
      if (out_bounds)
        cb_bounds_init_empty (out_bounds);
      return FALSE;
    }
  if (out_bounds)
    *out_bounds = self->bounds;
  return TRUE;
}

void
cb_viewport_screen_to_map (CbViewport *self,
                           double      sx,
                           double      sy,
                           double     *map_x,
                           double     *map_y)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  if (map_x)
    *map_x = self->center_x + (sx - self->width / 2) * self->scale;
  if (map_y)
    *map_y = self->center_y - (sy - self->height / 2) * self->scale;
}

void
cb_viewport_map_to_screen (CbViewport *self,
                           double      map_x,
                           double      map_y,
                           double     *sx,
                           double     *sy)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  if (sx)
    *sx = (map_x - self->center_x) / self->scale + self->width / 2;
  if (sy)
    *sy = (self->center_y - map_y) / self->scale + self->height / 2;
}

static CbProjection *
get_projection (CbViewport *self)
{
  if (self->projection == NULL && !self->projection_failed)
    {
      g_autoptr(GError) error = NULL;

      self->projection = cb_projection_new_geographic (&error);
      if (self->projection == NULL)
        {
          g_warning ("Cannot set up the map projection: %s", error->message);
          self->projection_failed = TRUE;
        }
    }
  return self->projection;
}

gboolean
cb_viewport_map_to_geo (CbViewport *self,
                        double      map_x,
                        double      map_y,
                        double     *lon,
                        double     *lat)
{
  CbProjection *projection;
  double x = NAN, y = NAN;
  gboolean ok = FALSE;

  g_return_val_if_fail (CB_IS_VIEWPORT (self), FALSE);

  projection = get_projection (self);
  if (projection)
    ok = cb_projection_inverse_point (projection, map_x, map_y, &x, &y);
  if (lon)
    *lon = x;
  if (lat)
    *lat = y;
  return ok;
}

gboolean
cb_viewport_geo_to_map (CbViewport *self,
                        double      lon,
                        double      lat,
                        double     *map_x,
                        double     *map_y)
{
  CbProjection *projection;
  double x = NAN, y = NAN;
  gboolean ok = FALSE;

  g_return_val_if_fail (CB_IS_VIEWPORT (self), FALSE);

  projection = get_projection (self);
  if (projection)
    ok = cb_projection_forward_point (projection, lon, lat, &x, &y);
  if (map_x)
    *map_x = x;
  if (map_y)
    *map_y = y;
  return ok;
}

gboolean
cb_viewport_screen_to_geo (CbViewport *self,
                           double      sx,
                           double      sy,
                           double     *lon,
                           double     *lat)
{
  double mx, my;

  g_return_val_if_fail (CB_IS_VIEWPORT (self), FALSE);

  cb_viewport_screen_to_map (self, sx, sy, &mx, &my);
  return cb_viewport_map_to_geo (self, mx, my, lon, lat);
}

gboolean
cb_viewport_geo_to_screen (CbViewport *self,
                           double      lon,
                           double      lat,
                           double     *sx,
                           double     *sy)
{
  double mx, my;
  gboolean ok;

  g_return_val_if_fail (CB_IS_VIEWPORT (self), FALSE);

  ok = cb_viewport_geo_to_map (self, lon, lat, &mx, &my);
  cb_viewport_map_to_screen (self, mx, my, sx, sy);
  return ok;
}

void
cb_viewport_get_visible_bounds (CbViewport *self,
                                CbBounds   *out_bounds)
{
  double half_w, half_h;

  g_return_if_fail (CB_IS_VIEWPORT (self));
  g_return_if_fail (out_bounds != NULL);

  half_w = self->width / 2 * self->scale;
  half_h = self->height / 2 * self->scale;
  out_bounds->min_x = self->center_x - half_w;
  out_bounds->max_x = self->center_x + half_w;
  out_bounds->min_y = self->center_y - half_h;
  out_bounds->max_y = self->center_y + half_h;
}

void
cb_viewport_zoom_at (CbViewport *self,
                     double      factor,
                     double      sx,
                     double      sy)
{
  double mx, my, new_scale;

  g_return_if_fail (CB_IS_VIEWPORT (self));

  if (!isfinite (factor) || factor <= 0 || !isfinite (sx) || !isfinite (sy))
    return;

  cb_viewport_screen_to_map (self, sx, sy, &mx, &my);
  new_scale = clamp_scale (self, self->scale / factor);

  cb_viewport_freeze_changed (self);
  store_double (self, &self->scale, new_scale, PROP_SCALE);
  /* Put the map point back under the pointer. */
  store_center_clamped (self,
                        mx - (sx - self->width / 2) * new_scale,
                        my + (sy - self->height / 2) * new_scale);
  cb_viewport_thaw_changed (self);
}

void
cb_viewport_pan_by (CbViewport *self,
                    double      dx,
                    double      dy)
{
  g_return_if_fail (CB_IS_VIEWPORT (self));

  if (!isfinite (dx) || !isfinite (dy))
    return;

  cb_viewport_set_center (self,
                          self->center_x - dx * self->scale,
                          self->center_y + dy * self->scale);
}

void
cb_viewport_fit_bounds (CbViewport     *self,
                        const CbBounds *bounds,
                        double          padding)
{
  double avail_w, avail_h, scale;

  g_return_if_fail (CB_IS_VIEWPORT (self));
  g_return_if_fail (bounds != NULL);

  if (cb_bounds_is_empty (bounds))
    return;

  avail_w = MAX (1.0, self->width - 2 * MAX (padding, 0));
  avail_h = MAX (1.0, self->height - 2 * MAX (padding, 0));
  scale = MAX ((bounds->max_x - bounds->min_x) / avail_w,
               (bounds->max_y - bounds->min_y) / avail_h);
  if (scale <= 0)
    scale = self->scale;

  cb_viewport_freeze_changed (self);
  store_double (self, &self->scale, clamp_scale (self, scale), PROP_SCALE);
  store_center_clamped (self,
                        (bounds->min_x + bounds->max_x) / 2,
                        (bounds->min_y + bounds->max_y) / 2);
  cb_viewport_thaw_changed (self);
}
double
cb_viewport_get_true_scale (CbViewport *self)
{
  double w, h, lon1, lat1, lon2, lat2, d;
  const double half = 50;

  g_return_val_if_fail (CB_IS_VIEWPORT (self), NAN);

  w = cb_viewport_get_width (self);
  h = cb_viewport_get_height (self);
  /* A short horizontal stretch across the centre: the conic's scale
   * factor is not 1 away from its standard parallels. */
  if (!cb_viewport_screen_to_geo (self, w / 2 - half, h / 2, &lon1, &lat1) ||
      !cb_viewport_screen_to_geo (self, w / 2 + half, h / 2, &lon2, &lat2))
    return cb_viewport_get_scale (self);
  d = cb_projection_geodesic_distance (lon1, lat1, lon2, lat2);
  if (!isfinite (d) || d <= 0)
    return cb_viewport_get_scale (self);
  return d / (2 * half);
}

