/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <shapefil.h>
#include <stdint.h>
#include <string.h>

#include "cb-error.h"
#include "cb-layer-private.h"

/* Projected coordinates further than this from the map's origin are not
 * part of any map of this region; dropping them keeps every screen
 * coordinate well inside cairo's fixed-point range at the closest zoom. */
#define CB_MAP_LIMIT_M 5.0e6

/* Simplification levels, metres: a factor of two apart, so that the level
 * drawn is never more than twice as detailed as the screen can show,
 * from streets to the whole of Europe. */
static const double lod_tolerances[] = { 0, 15, 30, 60, 120, 240, 480, 960, 1920, 3840, 7680 };
#define N_LODS G_N_ELEMENTS (lod_tolerances)

typedef struct
{
  guint32 first;     /* index of the first point (not double) */
  guint32 n_points;
} PartRef;

typedef struct
{
  guint32  record;
  guint32  first_part;
  guint32  n_parts;
  guint8   certainty;
  CbBounds bounds;
} Feature;

typedef struct
{
  GArray *coords;   /* double x, y pairs */
  GArray *parts;    /* PartRef, one per part of the whole layer */
} Lod;

struct _CbLayer
{
  GObject parent_instance;

  char *id;
  char *title;
  gboolean visible;
  CbLayerGroup group;
  CbLayerStyle style;

  char *path;
  CbGeometryType geometry_type;
  char *crs_note;
  gboolean crs_assumed;
  char *encoding;
  GPtrArray *notes;      /* char *, NULL-terminated */
  CbBounds bounds;

  GArray *features;      /* Feature */
  Lod lods[N_LODS];

  GPtrArray *field_names;      /* char * */
  GStringChunk *strings;
  const char **values;         /* n_features * n_fields */
};

G_DEFINE_FINAL_TYPE (CbLayer, cb_layer, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (CbLayerGroup, cb_layer_group,
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_TREATY_1920, "treaty-1920"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_LINES_1919_1923, "lines-1919-1923"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_REGIONS, "regions"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_CONTEXT, "context"),
  G_DEFINE_ENUM_VALUE (CB_LAYER_GROUP_USER, "user"))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_VISIBLE,
  PROP_GROUP,
  PROP_STYLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cb_layer_finalize (GObject *object)
{
  CbLayer *self = CB_LAYER (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->crs_note, g_free);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->features, g_array_unref);
  for (guint i = 0; i < N_LODS; i++)
    {
      g_clear_pointer (&self->lods[i].coords, g_array_unref);
      g_clear_pointer (&self->lods[i].parts, g_array_unref);
    }
  g_clear_pointer (&self->field_names, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->values, g_free);

  G_OBJECT_CLASS (cb_layer_parent_class)->finalize (object);
}

static void
cb_layer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CbLayer *self = CB_LAYER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_GROUP:
      g_value_set_enum (value, self->group);
      break;
    case PROP_STYLE:
      g_value_set_pointer (value, &self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_layer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CbLayer *self = CB_LAYER (object);

  switch (prop_id)
    {
    case PROP_ID:
      cb_layer_set_id (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      cb_layer_set_title (self, g_value_get_string (value));
      break;
    case PROP_VISIBLE:
      cb_layer_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_GROUP:
      cb_layer_set_group (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_layer_class_init (CbLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cb_layer_finalize;
  object_class->get_property = cb_layer_get_property;
  object_class->set_property = cb_layer_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE, flags);
  properties[PROP_GROUP] =
    g_param_spec_enum ("group", NULL, NULL,
                       CB_TYPE_LAYER_GROUP, CB_LAYER_GROUP_USER, flags);
  properties[PROP_STYLE] =
    g_param_spec_pointer ("style", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
default_style (CbLayerStyle *style)
{
  memset (style, 0, sizeof *style);
  style->line_light = (CbColor) { 0.2, 0.2, 0.2, 1 };
  style->line_dark = (CbColor) { 0.85, 0.85, 0.85, 1 };
  style->line_width = 1.5;
  style->uncertain_alpha = 0.6;
  style->uncertain_dashes[0] = 2;
  style->uncertain_dashes[1] = 3;
  style->n_uncertain_dashes = 2;
  style->point_radius = 3;
}

static void
cb_layer_init (CbLayer *self)
{
  self->visible = TRUE;
  self->group = CB_LAYER_GROUP_USER;
  default_style (&self->style);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->notes, NULL);
  self->features = g_array_new (FALSE, FALSE, sizeof (Feature));
  for (guint i = 0; i < N_LODS; i++)
    {
      self->lods[i].coords = g_array_new (FALSE, FALSE, sizeof (double));
      self->lods[i].parts = g_array_new (FALSE, FALSE, sizeof (PartRef));
    }
  self->field_names = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (4096);
  cb_bounds_init_empty (&self->bounds);
}

static void
add_note (CbLayer    *self,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (CbLayer    *self,
          const char *format,
          ...)
{
  va_list args;
  char *note;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);

  /* Keep the array NULL-terminated for cb_layer_get_load_notes(). */
  g_ptr_array_index (self->notes, self->notes->len - 1) = note;
  g_ptr_array_add (self->notes, NULL);
}

/* ------------------------------------------------------------------ */
/* Companion files and shapelib's error reporting                      */

/* shapelib reports errors through a hook without user data; keep the
 * last message per thread so that loads on several threads do not mix. */
static GPrivate last_shapelib_error = G_PRIVATE_INIT (g_free);

static void
shapelib_error_hook (const char *message)
{
  g_private_replace (&last_shapelib_error, g_strdup (message));
}

static const char *
shapelib_error (void)
{
  const char *msg = g_private_get (&last_shapelib_error);

  return msg ? msg : "unreadable data";
}

static void
setup_hooks (SAHooks *hooks)
{
  SASetupDefaultHooks (hooks);
  hooks->Error = shapelib_error_hook;
}

/* @base without extension; tries ".ext" and ".EXT". */
static char *
find_companion (const char *base,
                const char *ext)
{
  g_autofree char *lower = g_strconcat (base, ".", ext, NULL);
  g_autofree char *upper_ext = g_ascii_strup (ext, -1);
  g_autofree char *upper = g_strconcat (base, ".", upper_ext, NULL);

  if (g_file_test (lower, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&lower);
  if (g_file_test (upper, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&upper);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Encodings                                                           */

/* The code page of a .cpg file or the DBF language driver id, as an
 * iconv name, or NULL when unknown. */
static const char *
encoding_from_code_page (const char *code_page)
{
  g_autofree char *up = NULL;
  const char *digits;
  int ldid;

  if (code_page == NULL || *code_page == '\0')
    return NULL;

  up = g_ascii_strup (code_page, -1);
  g_strstrip (up);

  if (g_str_has_prefix (up, "LDID/"))
    {
      ldid = atoi (up + 5);
      switch (ldid)
        {
        case 0x01: return "CP437";
        case 0x02: return "CP850";
        case 0x03: return "CP1252";
        case 0x57: return NULL;  /* "ANSI": the writer's code page, unknown */
        case 0x64: return "CP852";
        case 0x65: return "CP866";
        case 0xC8: return "CP1250";
        case 0xC9: return "CP1251";
        case 0xCA: return "CP1254";
        case 0xCB: return "CP1253";
        case 0xCC: return "CP1257";
        default: return NULL;
        }
    }

  if (strstr (up, "UTF-8") || strstr (up, "UTF8") || strcmp (up, "65001") == 0)
    return "UTF-8";

  /* "1257", "CP1257", "ANSI 1257", "WINDOWS-1257", "88591", "ISO-8859-13"... */
  if (strstr (up, "8859"))
    {
      const char *tail = strstr (up, "8859") + 4;

      if (*tail == '-' || *tail == '_')
        tail++;
      if (strcmp (tail, "1") == 0) return "ISO-8859-1";
      if (strcmp (tail, "2") == 0) return "ISO-8859-2";
      if (strcmp (tail, "4") == 0) return "ISO-8859-4";
      if (strcmp (tail, "5") == 0) return "ISO-8859-5";
      if (strcmp (tail, "13") == 0) return "ISO-8859-13";
      return NULL;
    }
  if (strstr (up, "KOI8"))
    return strstr (up, "U") ? "KOI8-U" : "KOI8-R";

  digits = up;
  while (*digits && !g_ascii_isdigit (*digits))
    digits++;
  if (strcmp (digits, "1250") == 0) return "CP1250";
  if (strcmp (digits, "1251") == 0) return "CP1251";
  if (strcmp (digits, "1252") == 0) return "CP1252";
  if (strcmp (digits, "1257") == 0) return "CP1257";
  if (strcmp (digits, "866") == 0) return "CP866";
  if (strcmp (digits, "852") == 0) return "CP852";
  if (strcmp (digits, "775") == 0) return "CP775";
  return NULL;
}

/* Converts one raw DBF value to UTF-8 in the layer's string chunk. */
static const char *
intern_value (CbLayer    *self,
              GIConv      conv,
              const char *raw)
{
  g_autofree char *converted = NULL;
  const char *end = NULL;

  if (raw == NULL || *raw == '\0')
    return "";

  if (conv != (GIConv) -1)
    {
      gsize len = strlen (raw);
      g_autoptr(GError) error = NULL;

      g_iconv (conv, NULL, NULL, NULL, NULL);
      converted = g_convert_with_iconv (raw, len, conv, NULL, NULL, &error);
    }

  if (converted == NULL)
    {
      /* Undeclared or failed: keep valid UTF-8, replace the rest. */
      if (g_utf8_validate (raw, -1, &end))
        converted = g_strdup (raw);
      else
        converted = g_utf8_make_valid (raw, -1);
    }

  g_strstrip (converted);
  return g_string_chunk_insert_const (self->strings, converted);
}

/* ------------------------------------------------------------------ */
/* Simplification                                                      */

static double
segment_distance2 (double px, double py,
                   double ax, double ay,
                   double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t, cx, cy;

  if (len2 <= 0)
    return (px - ax) * (px - ax) + (py - ay) * (py - ay);
  t = ((px - ax) * dx + (py - ay) * dy) / len2;
  t = CLAMP (t, 0.0, 1.0);
  cx = ax + t * dx - px;
  cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}

/* Douglas-Peucker on @n points of @pts (x, y pairs), appending the kept
 * points to @out.  Uses an explicit stack: parts can be a million points. */
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
      double max_d2 = -1;
      guint32 max_i = first;

      g_array_set_size (stack, stack->len - 2);
      for (guint32 i = first + 1; i < last; i++)
        {
          double d2 = segment_distance2 (pts[2 * i], pts[2 * i + 1],
                                         pts[2 * first], pts[2 * first + 1],
                                         pts[2 * last], pts[2 * last + 1]);
          if (d2 > max_d2)
            {
              max_d2 = d2;
              max_i = i;
            }
        }
      if (max_d2 > tol2)
        {
          guint32 left[2] = { first, max_i };
          guint32 right[2] = { max_i, last };

          keep[max_i] = 1;
          if (max_i - first > 1)
            g_array_append_vals (stack, left, 2);
          if (last - max_i > 1)
            g_array_append_vals (stack, right, 2);
        }
    }

  for (guint i = 0; i < n; i++)
    if (keep[i])
      g_array_append_vals (out, pts + 2 * i, 2);
}

static void
build_lods (CbLayer *self)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint8 *keep = NULL;
  guint max_points = 0;
  const Lod *base = &self->lods[0];

  for (guint p = 0; p < base->parts->len; p++)
    max_points = MAX (max_points, g_array_index (base->parts, PartRef, p).n_points);
  keep = g_malloc (MAX (max_points, 1));

  for (guint level = 1; level < N_LODS; level++)
    {
      /* Each level starts from the previous, cheaper than from level 0;
       * the errors add up to at most 4/3 of the tolerance. */
      const Lod *src = &self->lods[level - 1];
      Lod *dst = &self->lods[level];
      double tol = lod_tolerances[level];

      g_array_set_size (dst->coords, 0);
      g_array_set_size (dst->parts, src->parts->len);

      for (guint f = 0; f < self->features->len; f++)
        {
          const Feature *feat = &g_array_index (self->features, Feature, f);

          for (guint p = feat->first_part; p < feat->first_part + feat->n_parts; p++)
            {
              const PartRef *sp = &g_array_index (src->parts, PartRef, p);
              PartRef *dp = &g_array_index (dst->parts, PartRef, p);
              const double *pts = (const double *) src->coords->data + 2 * (gsize) sp->first;

              dp->first = dst->coords->len / 2;
              dp->n_points = 0;
              if (sp->n_points == 0)
                continue;

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
    }
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

static CbCertainty
parse_certainty (const char *value)
{
  if (value == NULL)
    return CB_CERTAINTY_DATASET;
  if (g_ascii_strncasecmp (value, "reconstruct", 11) == 0)
    return CB_CERTAINTY_RECONSTRUCTED;
  if (g_ascii_strncasecmp (value, "approx", 6) == 0)
    return CB_CERTAINTY_APPROXIMATE;
  return CB_CERTAINTY_DATASET;
}

static gboolean
geometry_type_from_shp (int             shp_type,
                        CbGeometryType *out)
{
  switch (shp_type)
    {
    case SHPT_POINT:
    case SHPT_POINTZ:
    case SHPT_POINTM:
    case SHPT_MULTIPOINT:
    case SHPT_MULTIPOINTZ:
    case SHPT_MULTIPOINTM:
      *out = CB_GEOMETRY_POINT;
      return TRUE;
    case SHPT_ARC:
    case SHPT_ARCZ:
    case SHPT_ARCM:
      *out = CB_GEOMETRY_LINE;
      return TRUE;
    case SHPT_POLYGON:
    case SHPT_POLYGONZ:
    case SHPT_POLYGONM:
      *out = CB_GEOMETRY_POLYGON;
      return TRUE;
    default:
      return FALSE;
    }
}

typedef struct
{
  gsize dropped_vertices;
  gsize bad_parts;
  gsize null_shapes;
  gsize unreadable;
  gsize type_mismatch;
} LoadStats;

/* Appends one part (already projected in @x, @y) to level 0, dropping
 * unprojectable or far-away vertices.  Returns TRUE if something was kept. */
static gboolean
append_part (CbLayer   *self,
             Feature   *feat,
             double    *x,
             double    *y,
             guint      n,
             LoadStats *stats)
{
  Lod *lod = &self->lods[0];
  PartRef ref;
  guint min_points;

  ref.first = lod->coords->len / 2;
  ref.n_points = 0;

  for (guint i = 0; i < n; i++)
    {
      double pt[2] = { x[i], y[i] };

      if (!isfinite (pt[0]) || !isfinite (pt[1]) ||
          fabs (pt[0]) > CB_MAP_LIMIT_M || fabs (pt[1]) > CB_MAP_LIMIT_M)
        {
          stats->dropped_vertices++;
          continue;
        }
      g_array_append_vals (lod->coords, pt, 2);
      ref.n_points++;
      cb_bounds_extend (&feat->bounds, pt[0], pt[1]);
    }

  min_points = self->geometry_type == CB_GEOMETRY_POINT ? 1
             : self->geometry_type == CB_GEOMETRY_LINE ? 2 : 3;
  if (ref.n_points < min_points)
    {
      if (n > 0)
        stats->bad_parts++;
      g_array_set_size (lod->coords, ref.first * 2);
      return FALSE;
    }

  g_array_append_val (lod->parts, ref);
  feat->n_parts++;
  return TRUE;
}

static gboolean
load_geometry (CbLayer       *self,
               SHPHandle      shp,
               CbProjection  *projection,
               GArray        *records,
               LoadStats     *stats,
               const char    *display,
               GError       **error)
{
  int n_entities = 0, shp_type = 0;
  double min_bound[4], max_bound[4];
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

  SHPGetInfo (shp, &n_entities, &shp_type, min_bound, max_bound);

  if (shp_type == SHPT_MULTIPATCH)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: multipatch (3D surface) shapes are not supported", display);
      return FALSE;
    }
  if (!geometry_type_from_shp (shp_type, &self->geometry_type))
    {
      g_set_error (error, CB_ERROR,
                   shp_type == SHPT_NULL ? CB_ERROR_UNSUPPORTED : CB_ERROR_CORRUPT,
                   shp_type == SHPT_NULL ? "%s: the file holds only empty (NULL) shapes"
                                         : "%s: unknown shape type %d",
                   display, shp_type);
      return FALSE;
    }
  if (n_entities < 0)
    n_entities = 0;

  for (int i = 0; i < n_entities; i++)
    {
      SHPObject *obj = SHPReadObject (shp, i);
      Feature feat = { 0 };
      CbGeometryType obj_type;

      if (obj == NULL)
        {
          stats->unreadable++;
          continue;
        }
      if (obj->nSHPType == SHPT_NULL || obj->nVertices <= 0)
        {
          stats->null_shapes++;
          SHPDestroyObject (obj);
          continue;
        }
      if (!geometry_type_from_shp (obj->nSHPType, &obj_type) ||
          obj_type != self->geometry_type)
        {
          stats->type_mismatch++;
          SHPDestroyObject (obj);
          continue;
        }

      feat.record = i;
      feat.first_part = self->lods[0].parts->len;
      cb_bounds_init_empty (&feat.bounds);

      g_array_set_size (xs, obj->nVertices);
      g_array_set_size (ys, obj->nVertices);
      memcpy (xs->data, obj->padfX, sizeof (double) * obj->nVertices);
      memcpy (ys->data, obj->padfY, sizeof (double) * obj->nVertices);
      cb_projection_forward (projection, (double *) xs->data, (double *) ys->data,
                             obj->nVertices);

      if (self->geometry_type == CB_GEOMETRY_POINT || obj->nParts <= 0)
        {
          /* Points and multipoints: one part holding every point. */
          append_part (self, &feat, (double *) xs->data, (double *) ys->data,
                       obj->nVertices, stats);
        }
      else
        {
          for (int p = 0; p < obj->nParts; p++)
            {
              int start = obj->panPartStart[p];
              int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;

              /* Out-of-range or decreasing part indices: skip that part. */
              if (start < 0 || start >= obj->nVertices || end > obj->nVertices || end <= start)
                {
                  stats->bad_parts++;
                  continue;
                }
              append_part (self, &feat,
                           (double *) xs->data + start, (double *) ys->data + start,
                           end - start, stats);
            }
        }
      SHPDestroyObject (obj);

      if (feat.n_parts == 0)
        continue;

      g_array_append_val (self->features, feat);
      g_array_append_val (records, feat.record);
      cb_bounds_union (&self->bounds, &feat.bounds);
    }

  if (self->features->len == 0)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   n_entities == 0 ? "%s: the file holds no shapes"
                   : stats->unreadable == (gsize) n_entities
                     ? "%s: no shape could be read (%s)"
                     : "%s: no shape has usable coordinates (%s)",
                   display,
                   stats->unreadable ? shapelib_error ()
                   : "coordinates missing, not numbers or outside the map's area");
      return FALSE;
    }
  return TRUE;
}

static void
load_attributes (CbLayer    *self,
                 const char *base,
                 GArray     *records,
                 const char *display)
{
  g_autofree char *dbf_path = find_companion (base, "dbf");
  g_autofree char *cpg_path = find_companion (base, "cpg");
  SAHooks hooks;
  DBFHandle dbf;
  const char *code_page;
  const char *encoding;
  GIConv conv = (GIConv) -1;
  int n_fields, n_records;
  gsize missing_records = 0;

  if (dbf_path == NULL)
    {
      add_note (self, "%s: no .dbf file: the features have no attributes", display);
      return;
    }

  setup_hooks (&hooks);
  dbf = DBFOpenLL (dbf_path, "rb", &hooks);
  if (dbf == NULL)
    {
      add_note (self, "%s: the .dbf file cannot be read (%s): the features have no attributes",
                display, shapelib_error ());
      return;
    }

  /* shapelib reads the .cpg itself; otherwise it reports the LDID byte. */
  code_page = DBFGetCodePage (dbf);
  encoding = encoding_from_code_page (code_page);
  if (encoding == NULL && code_page != NULL && cpg_path != NULL)
    add_note (self, "%s: unknown code page \"%s\" in the .cpg; reading UTF-8 where valid",
              display, code_page);
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    conv = g_iconv_open ("UTF-8", encoding);
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0 && conv == (GIConv) -1)
    add_note (self, "%s: encoding %s is not available; reading UTF-8 where valid",
              display, encoding);
  self->encoding = g_strdup (encoding ? encoding : "UTF-8 (assumed)");

  n_fields = MAX (DBFGetFieldCount (dbf), 0);
  n_records = MAX (DBFGetRecordCount (dbf), 0);
  for (int f = 0; f < n_fields; f++)
    {
      char name[XBASE_FLDNAME_LEN_READ + 1] = { 0 };

      DBFGetFieldInfo (dbf, f, name, NULL, NULL);
      g_ptr_array_add (self->field_names,
                       g_utf8_make_valid (g_strstrip (name), -1));
    }

  self->values = g_new0 (const char *, (gsize) MAX (n_fields, 1) * MAX (self->features->len, 1));
  for (guint i = 0; i < self->features->len; i++)
    {
      int record = g_array_index (records, guint32, i);
      gboolean have_record = record < n_records;

      if (!have_record)
        missing_records++;
      for (int f = 0; f < n_fields; f++)
        {
          const char *raw = NULL;

          if (have_record && !DBFIsAttributeNULL (dbf, record, f))
            raw = DBFReadStringAttribute (dbf, record, f);
          self->values[(gsize) i * n_fields + f] = intern_value (self, conv, raw);
        }
    }
  if (missing_records > 0)
    add_note (self, "%s: the .dbf has %d records for more shapes; %" G_GSIZE_FORMAT
              " features have empty attributes", display, n_records, missing_records);

  if (conv != (GIConv) -1)
    g_iconv_close (conv);
  DBFClose (dbf);
}

CbLayer *
cb_layer_new_from_file (const char  *shp_path,
                        GError     **error)
{
  g_autoptr(CbLayer) self = NULL;
  g_autoptr(CbProjection) projection = NULL;
  g_autoptr(GArray) records = NULL;
  g_autofree char *display = NULL;
  g_autofree char *base = NULL;
  g_autofree char *shp_file = NULL;
  g_autofree char *shx_file = NULL;
  g_autofree char *prj_file = NULL;
  g_autofree char *basename = NULL;
  SAHooks hooks;
  SHPHandle shp;
  LoadStats stats = { 0 };
  gboolean ok;

  g_return_val_if_fail (shp_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (shp_path);
  if (g_str_has_suffix (shp_path, ".shp") || g_str_has_suffix (shp_path, ".SHP"))
    base = g_strndup (shp_path, strlen (shp_path) - 4);
  else
    base = g_strdup (shp_path);

  shp_file = find_companion (base, "shp");
  if (shp_file == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                   "%s: no such shapefile", display);
      return NULL;
    }
  shx_file = find_companion (base, "shx");
  if (shx_file == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                   "%s: the index file (.shx) is missing", display);
      return NULL;
    }

  self = g_object_new (CB_TYPE_LAYER, NULL);
  self->path = g_strdup (shp_file);
  basename = g_path_get_basename (base);
  self->id = g_strdup (basename);
  self->title = g_strdup (basename);

  prj_file = find_companion (base, "prj");
  if (prj_file != NULL)
    {
      projection = cb_projection_new_from_prj_file (prj_file, error);
      if (projection == NULL)
        return NULL;
      self->crs_note = g_strdup_printf ("%s (from .prj)",
                                        cb_projection_get_source_name (projection));
    }
  else
    {
      projection = cb_projection_new_geographic (error);
      if (projection == NULL)
        return NULL;
      self->crs_assumed = TRUE;
      self->crs_note = g_strdup ("no .prj: assumed WGS84");
      add_note (self, "%s: no .prj file: coordinates taken as WGS84 longitude/latitude",
                display);
    }

  setup_hooks (&hooks);
  g_private_replace (&last_shapelib_error, NULL);
  shp = SHPOpenLL (shp_file, "rb", &hooks);
  if (shp == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   "%s: not a readable shapefile (%s)", display,
                   shapelib_error ());
      return NULL;
    }

  records = g_array_new (FALSE, FALSE, sizeof (guint32));
  ok = load_geometry (self, shp, projection, records, &stats, display, error);
  SHPClose (shp);
  if (!ok)
    return NULL;

  if (stats.null_shapes)
    add_note (self, "%s: %" G_GSIZE_FORMAT " empty (NULL) shapes skipped",
              display, stats.null_shapes);
  if (stats.unreadable)
    add_note (self, "%s: %" G_GSIZE_FORMAT " shapes could not be read (%s) and were skipped",
              display, stats.unreadable, shapelib_error ());
  if (stats.type_mismatch)
    add_note (self, "%s: %" G_GSIZE_FORMAT " shapes of another type than the file's skipped",
              display, stats.type_mismatch);
  if (stats.bad_parts)
    add_note (self, "%s: %" G_GSIZE_FORMAT " parts with bad indices or too few points skipped",
              display, stats.bad_parts);
  if (stats.dropped_vertices)
    add_note (self, "%s: %" G_GSIZE_FORMAT " vertices with invalid or far-away coordinates dropped",
              display, stats.dropped_vertices);

  load_attributes (self, base, records, display);

  {
    int certainty_field = cb_layer_find_field (self, "certainty");

    for (guint i = 0; i < self->features->len && certainty_field >= 0; i++)
      g_array_index (self->features, Feature, i).certainty =
        parse_certainty (cb_layer_get_attribute_by_index (self, i, certainty_field));
  }

  build_lods (self);

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

const char *
cb_layer_get_id (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->id;
}

void
cb_layer_set_id (CbLayer    *self,
                 const char *id)
{
  g_return_if_fail (CB_IS_LAYER (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
cb_layer_get_title (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->title;
}

void
cb_layer_set_title (CbLayer    *self,
                    const char *title)
{
  g_return_if_fail (CB_IS_LAYER (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
cb_layer_get_visible (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), FALSE);
  return self->visible;
}

void
cb_layer_set_visible (CbLayer  *self,
                      gboolean  visible)
{
  g_return_if_fail (CB_IS_LAYER (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

CbLayerGroup
cb_layer_get_group (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), CB_LAYER_GROUP_USER);
  return self->group;
}

void
cb_layer_set_group (CbLayer      *self,
                    CbLayerGroup  group)
{
  g_return_if_fail (CB_IS_LAYER (self));

  if (self->group == group)
    return;
  self->group = group;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
}

const CbLayerStyle *
cb_layer_get_style (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return &self->style;
}

void
cb_layer_set_style (CbLayer            *self,
                    const CbLayerStyle *style)
{
  g_return_if_fail (CB_IS_LAYER (self));
  g_return_if_fail (style != NULL);

  if (memcmp (&self->style, style, sizeof *style) == 0)
    return;
  self->style = *style;
  self->style.n_dashes = MIN (self->style.n_dashes, CB_STYLE_MAX_DASHES);
  self->style.n_uncertain_dashes = MIN (self->style.n_uncertain_dashes, CB_STYLE_MAX_DASHES);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

const char *
cb_layer_get_path (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->path;
}

CbGeometryType
cb_layer_get_geometry_type (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), CB_GEOMETRY_POINT);
  return self->geometry_type;
}

const char *
cb_layer_get_crs_note (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->crs_note;
}

gboolean
cb_layer_get_crs_assumed (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), FALSE);
  return self->crs_assumed;
}

const char *
cb_layer_get_encoding (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return self->encoding ? self->encoding : "";
}

const char * const *
cb_layer_get_load_notes (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return (const char * const *) self->notes->pdata;
}

const CbBounds *
cb_layer_get_bounds (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  return &self->bounds;
}

guint
cb_layer_get_n_vertices (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), 0);
  return self->lods[0].coords->len / 2;
}

guint
cb_layer_get_n_fields (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), 0);
  return self->values ? self->field_names->len : 0;
}

const char *
cb_layer_get_field_name (CbLayer *self,
                         guint    field)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  g_return_val_if_fail (field < self->field_names->len, NULL);
  return g_ptr_array_index (self->field_names, field);
}

int
cb_layer_find_field (CbLayer    *self,
                     const char *name)
{
  g_return_val_if_fail (CB_IS_LAYER (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  if (self->values == NULL)
    return -1;
  for (guint i = 0; i < self->field_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->field_names, i), name) == 0)
      return i;
  return -1;
}

guint
cb_layer_get_n_features (CbLayer *self)
{
  g_return_val_if_fail (CB_IS_LAYER (self), 0);
  return self->features->len;
}

#define FEATURE(self, i) (&g_array_index ((self)->features, Feature, (i)))

guint
cb_layer_get_feature_record (CbLayer *self,
                             guint    feature)
{
  g_return_val_if_fail (CB_IS_LAYER (self), 0);
  g_return_val_if_fail (feature < self->features->len, 0);
  return FEATURE (self, feature)->record;
}

const CbBounds *
cb_layer_get_feature_bounds (CbLayer *self,
                             guint    feature)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  g_return_val_if_fail (feature < self->features->len, NULL);
  return &FEATURE (self, feature)->bounds;
}

guint
cb_layer_get_feature_n_parts (CbLayer *self,
                              guint    feature)
{
  g_return_val_if_fail (CB_IS_LAYER (self), 0);
  g_return_val_if_fail (feature < self->features->len, 0);
  return FEATURE (self, feature)->n_parts;
}

const double *
cb_layer_get_lod_part (CbLayer *self,
                       guint    lod,
                       guint    feature,
                       guint    part,
                       guint   *n_points)
{
  const Feature *feat;
  const PartRef *ref;

  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  g_return_val_if_fail (lod < N_LODS, NULL);
  g_return_val_if_fail (feature < self->features->len, NULL);

  feat = FEATURE (self, feature);
  g_return_val_if_fail (part < feat->n_parts, NULL);

  ref = &g_array_index (self->lods[lod].parts, PartRef, feat->first_part + part);
  if (n_points)
    *n_points = ref->n_points;
  return (const double *) self->lods[lod].coords->data + 2 * (gsize) ref->first;
}

const double *
cb_layer_get_feature_part (CbLayer *self,
                           guint    feature,
                           guint    part,
                           guint   *n_points)
{
  return cb_layer_get_lod_part (self, 0, feature, part, n_points);
}

guint
cb_layer_get_n_lods (CbLayer *self)
{
  return N_LODS;
}

double
cb_layer_get_lod_tolerance (CbLayer *self,
                            guint    lod)
{
  g_return_val_if_fail (lod < N_LODS, 0);
  return lod_tolerances[lod];
}

guint
cb_layer_pick_lod (CbLayer *self,
                   double   tolerance_m)
{
  guint lod = 0;

  for (guint i = 1; i < N_LODS; i++)
    if (lod_tolerances[i] <= tolerance_m)
      lod = i;
  return lod;
}

gsize
cb_layer_get_lod_n_vertices (CbLayer *self,
                             guint    lod)
{
  g_return_val_if_fail (CB_IS_LAYER (self), 0);
  g_return_val_if_fail (lod < N_LODS, 0);
  return self->lods[lod].coords->len / 2;
}

const char *
cb_layer_get_attribute_by_index (CbLayer *self,
                                 guint    feature,
                                 guint    field)
{
  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  g_return_val_if_fail (feature < self->features->len, NULL);

  if (self->values == NULL || field >= self->field_names->len)
    return NULL;
  return self->values[(gsize) feature * self->field_names->len + field];
}

const char *
cb_layer_get_attribute (CbLayer    *self,
                        guint       feature,
                        const char *field_name)
{
  int field;

  g_return_val_if_fail (CB_IS_LAYER (self), NULL);
  g_return_val_if_fail (field_name != NULL, NULL);

  field = cb_layer_find_field (self, field_name);
  if (field < 0)
    return NULL;
  return cb_layer_get_attribute_by_index (self, feature, field);
}

CbCertainty
cb_layer_get_feature_certainty (CbLayer *self,
                                guint    feature)
{
  g_return_val_if_fail (CB_IS_LAYER (self), CB_CERTAINTY_DATASET);
  g_return_val_if_fail (feature < self->features->len, CB_CERTAINTY_DATASET);
  return FEATURE (self, feature)->certainty;
}

int
cb_layer_find_feature_by_id (CbLayer    *self,
                             const char *id)
{
  int field;

  g_return_val_if_fail (CB_IS_LAYER (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  field = cb_layer_find_field (self, "id");
  if (field < 0)
    return -1;
  for (guint i = 0; i < self->features->len; i++)
    if (g_strcmp0 (cb_layer_get_attribute_by_index (self, i, field), id) == 0)
      return i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* Hit-tests                                                           */

static gboolean
bounds_near (const CbBounds *b,
             double          x,
             double          y,
             double          radius)
{
  return x >= b->min_x - radius && x <= b->max_x + radius &&
         y >= b->min_y - radius && y <= b->max_y + radius;
}

int
cb_layer_find_point_feature (CbLayer *self,
                             double   map_x,
                             double   map_y,
                             double   radius_m)
{
  double best = G_MAXDOUBLE;
  int best_feature = -1;
  double r2;

  g_return_val_if_fail (CB_IS_LAYER (self), -1);

  if (self->geometry_type != CB_GEOMETRY_POINT)
    return cb_layer_find_feature_at (self, map_x, map_y, radius_m);
  if (!isfinite (map_x) || !isfinite (map_y) || !(radius_m >= 0))
    return -1;

  r2 = radius_m * radius_m;
  for (guint f = 0; f < self->features->len; f++)
    {
      const Feature *feat = FEATURE (self, f);

      if (!bounds_near (&feat->bounds, map_x, map_y, radius_m))
        continue;
      for (guint p = 0; p < feat->n_parts; p++)
        {
          guint n;
          const double *pts = cb_layer_get_lod_part (self, 0, f, p, &n);

          for (guint i = 0; i < n; i++)
            {
              double dx = pts[2 * i] - map_x, dy = pts[2 * i + 1] - map_y;
              double d2 = dx * dx + dy * dy;

              if (d2 <= r2 && d2 < best)
                {
                  best = d2;
                  best_feature = f;
                }
            }
        }
    }
  return best_feature;
}

int
cb_layer_find_feature_at (CbLayer *self,
                          double   map_x,
                          double   map_y,
                          double   radius_m)
{
  double best = G_MAXDOUBLE;
  int best_feature = -1;
  double r2;

  g_return_val_if_fail (CB_IS_LAYER (self), -1);

  if (self->geometry_type == CB_GEOMETRY_POINT)
    return cb_layer_find_point_feature (self, map_x, map_y, radius_m);
  if (!isfinite (map_x) || !isfinite (map_y) || !(radius_m >= 0))
    return -1;

  r2 = radius_m * radius_m;
  for (guint f = 0; f < self->features->len; f++)
    {
      const Feature *feat = FEATURE (self, f);
      gboolean inside = FALSE;

      if (!bounds_near (&feat->bounds, map_x, map_y, radius_m))
        continue;
      for (guint p = 0; p < feat->n_parts; p++)
        {
          guint n;
          const double *pts = cb_layer_get_lod_part (self, 0, f, p, &n);

          for (guint i = 0; i + 1 < n; i++)
            {
              double d2 = segment_distance2 (map_x, map_y,
                                             pts[2 * i], pts[2 * i + 1],
                                             pts[2 * i + 2], pts[2 * i + 3]);
              if (d2 <= r2 && d2 < best)
                {
                  best = d2;
                  best_feature = f;
                }
            }
          /* Even-odd over all rings: holes count as outside. */
          if (self->geometry_type == CB_GEOMETRY_POLYGON)
            for (guint i = 0, j = n - 1; i < n; j = i++)
              {
                double yi = pts[2 * i + 1], yj = pts[2 * j + 1];
                double xi = pts[2 * i], xj = pts[2 * j];

                if ((yi > map_y) != (yj > map_y) &&
                    map_x < (xj - xi) * (map_y - yi) / (yj - yi) + xi)
                  inside = !inside;
              }
        }
      if (inside)
        return f;
    }
  return best_feature;
}
