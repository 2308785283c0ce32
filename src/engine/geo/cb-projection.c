/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <geodesic.h>
#include <string.h>
#include <math.h>
#include <proj.h>

#include "cb-checked-file.h"
#include "cb-error.h"
#include "cb-projection.h"

/* A .prj is a line of WKT; a megabyte is already absurd. */
#define CB_PRJ_MAX_SIZE (1024 * 1024)

/* Coordinates beyond this (metres or degrees) are garbage, not geography:
 * they would overflow cairo's fixed-point maths later. */
#define CB_MAX_ABS_COORD 1.0e8

struct _CbProjection
{
  GObject parent_instance;

  PJ_CONTEXT *ctx;
  PJ *transform;      /* source -> map, axis order normalised (x = east) */
  char *definition;   /* the key of the pool it returns to, or NULL */
  char *source_name;
  gboolean source_is_wgs84;
};

G_DEFINE_FINAL_TYPE (CbProjection, cb_projection, G_TYPE_OBJECT)

void
cb_bounds_init_empty (CbBounds *bounds)
{
  bounds->min_x = bounds->min_y = G_MAXDOUBLE;
  bounds->max_x = bounds->max_y = -G_MAXDOUBLE;
}

gboolean
cb_bounds_is_empty (const CbBounds *bounds)
{
  return !(bounds->min_x <= bounds->max_x && bounds->min_y <= bounds->max_y);
}

void
cb_bounds_extend (CbBounds *bounds,
                  double    x,
                  double    y)
{
  if (!isfinite (x) || !isfinite (y))
    return;
  bounds->min_x = MIN (bounds->min_x, x);
  bounds->max_x = MAX (bounds->max_x, x);
  bounds->min_y = MIN (bounds->min_y, y);
  bounds->max_y = MAX (bounds->max_y, y);
}

void
cb_bounds_union (CbBounds       *bounds,
                 const CbBounds *other)
{
  if (cb_bounds_is_empty (other))
    return;
  bounds->min_x = MIN (bounds->min_x, other->min_x);
  bounds->max_x = MAX (bounds->max_x, other->max_x);
  bounds->min_y = MIN (bounds->min_y, other->min_y);
  bounds->max_y = MAX (bounds->max_y, other->max_y);
}

gboolean
cb_bounds_intersects (const CbBounds *a,
                      const CbBounds *b)
{
  return a->min_x <= b->max_x && b->min_x <= a->max_x &&
         a->min_y <= b->max_y && b->min_y <= a->max_y;
}

gboolean
cb_bounds_contains (const CbBounds *bounds,
                    double          x,
                    double          y)
{
  return x >= bounds->min_x && x <= bounds->max_x &&
         y >= bounds->min_y && y <= bounds->max_y;
}

/*
 * A pool of idle PROJ contexts with their transformation, by source
 * definition: a freed projection gives its pair back and the next one for
 * the same CRS takes it, so loading many layers (or a fuzzer's millions of
 * inputs) costs no PROJ set-up.  A pair is used by one object at a time.
 */
#define POOL_MAX 64

typedef struct
{
  PJ_CONTEXT *ctx;
  PJ *transform;
} PoolEntry;

static GMutex pool_lock;
static GHashTable *pool;   /* definition -> GQueue of PoolEntry */
static guint pool_size;

static void
pool_put (const char *definition,
          PJ_CONTEXT *ctx,
          PJ         *transform)
{
  GQueue *queue;
  PoolEntry *entry;
  PoolEntry *evicted = NULL;

  g_mutex_lock (&pool_lock);
  if (pool == NULL)
    pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (pool_size >= POOL_MAX)
    {
      /* Full: make room (any entry; one-off CRSs must not lock out the
       * common ones). */
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, pool);
      if (g_hash_table_iter_next (&iter, &key, &value))
        {
          evicted = g_queue_pop_tail (value);
          pool_size--;
          if (g_queue_is_empty (value))
            {
              g_queue_free (value);
              g_hash_table_iter_remove (&iter);
            }
        }
    }
  queue = g_hash_table_lookup (pool, definition);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (pool, g_strdup (definition), queue);
    }
  entry = g_new (PoolEntry, 1);
  entry->ctx = ctx;
  entry->transform = transform;
  g_queue_push_head (queue, entry);
  pool_size++;
  g_mutex_unlock (&pool_lock);

  if (evicted != NULL)
    {
      proj_destroy (evicted->transform);
      proj_context_destroy (evicted->ctx);
      g_free (evicted);
    }
}

static gboolean
pool_take (const char  *definition,
           PJ_CONTEXT **ctx,
           PJ         **transform)
{
  GQueue *queue;
  PoolEntry *entry = NULL;

  g_mutex_lock (&pool_lock);
  queue = pool != NULL ? g_hash_table_lookup (pool, definition) : NULL;
  if (queue != NULL)
    entry = g_queue_pop_head (queue);
  if (entry != NULL)
    pool_size--;
  if (queue != NULL && g_queue_is_empty (queue))
    {
      g_hash_table_remove (pool, definition);
      g_queue_free (queue);
    }
  g_mutex_unlock (&pool_lock);

  if (entry == NULL)
    return FALSE;
  *ctx = entry->ctx;
  *transform = entry->transform;
  g_free (entry);
  return TRUE;
}

static void
cb_projection_finalize (GObject *object)
{
  CbProjection *self = CB_PROJECTION (object);

  if (self->definition != NULL && self->ctx != NULL && self->transform != NULL)
    pool_put (self->definition, self->ctx, self->transform);
  else
    {
      g_clear_pointer (&self->transform, proj_destroy);
      g_clear_pointer (&self->ctx, proj_context_destroy);
    }
  self->ctx = NULL;
  self->transform = NULL;
  g_clear_pointer (&self->definition, g_free);
  g_clear_pointer (&self->source_name, g_free);

  G_OBJECT_CLASS (cb_projection_parent_class)->finalize (object);
}

static void
cb_projection_class_init (CbProjectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cb_projection_finalize;
}

static void
cb_projection_init (CbProjection *self)
{
}

/* " (PROJ's reason)" for a message, or "" when PROJ gives only its
 * catch-all ("Unknown error (code 4096)"), which tells a reader nothing. */
static char *
proj_reason (PJ_CONTEXT *ctx)
{
  int err = proj_context_errno (ctx);
  const char *msg = err ? proj_context_errno_string (ctx, err) : NULL;

  if (msg == NULL || err == PROJ_ERR_OTHER || g_str_has_prefix (msg, "Unknown error"))
    return g_strdup ("");
  return g_strdup_printf (" (%s)", msg);
}

/* @what names the input in error messages (a file name or "CRS definition"). */

/*
 * PROJ's search for the operation between two CRSs queries its database
 * and costs some 10 ms per object, most of loading a dozen layers that all
 * share one .prj.  The operation found is remembered as its PROJ pipeline
 * string, per source definition, and later objects are built from that
 * string without the database (each still in its own context).
 */
typedef struct
{
  char     *pipeline;
  char     *source_name;
  gboolean  source_is_wgs84;
  char     *failure;   /* why PROJ refused the definition, or NULL */
} CachedTransform;

#define TRANSFORM_CACHE_MAX 1024
#define TRANSFORM_CACHE_MAX_BYTES (8 * 1024 * 1024)

static GMutex transform_cache_lock;
static GHashTable *transform_cache;
static gsize transform_cache_bytes;   /* of the keys */

/* Fills the source's name (and, if @build, the transformation from the
 * remembered pipeline); FALSE when @definition was not seen before or was
 * refused before (then @error is set again, without a second search). */
static gboolean
cached_transform_apply (CbProjection  *self,
                        const char    *definition,
                        const char    *what,
                        gboolean       build,
                        gboolean      *refused,
                        GError       **error)
{
  CachedTransform *cached;
  gboolean found = FALSE;

  *refused = FALSE;
  g_mutex_lock (&transform_cache_lock);
  cached = transform_cache ? g_hash_table_lookup (transform_cache, definition) : NULL;
  if (cached != NULL && cached->failure != NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED, "%s: %s", what, cached->failure);
      *refused = TRUE;
    }
  else if (cached != NULL)
    {
      if (build)
        self->transform = proj_create (self->ctx, cached->pipeline);
      if (self->transform != NULL)
        {
          self->source_name = g_strdup (cached->source_name);
          self->source_is_wgs84 = cached->source_is_wgs84;
          found = TRUE;
        }
    }
  g_mutex_unlock (&transform_cache_lock);

  return found;
}

static void
cached_transform_free (gpointer data)
{
  CachedTransform *cached = data;

  g_free (cached->pipeline);
  g_free (cached->source_name);
  g_free (cached->failure);
  g_free (cached);
}

static void
cached_transform_remember (const char *definition,
                           const char *pipeline,
                           const char *source_name,
                           gboolean    source_is_wgs84,
                           const char *wgs84_name,
                           const char *failure)
{
  CachedTransform *cached;

  cached = g_new0 (CachedTransform, 1);
  cached->pipeline = g_strdup (pipeline);
  cached->source_name = g_strdup (source_name);
  cached->source_is_wgs84 = source_is_wgs84;
  cached->failure = g_strdup (failure);

  g_mutex_lock (&transform_cache_lock);
  if (transform_cache == NULL)
    transform_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_transform_free);
  /* Bounded in entries and bytes: a fuzzer (or a folder of odd .prj
   * files, each up to 1 MB) must not grow it for ever.  An arbitrary
   * entry goes; it costs one database search if it comes back. */
  while (g_hash_table_size (transform_cache) > 0 &&
         (g_hash_table_size (transform_cache) >= TRANSFORM_CACHE_MAX ||
          transform_cache_bytes + strlen (definition) > TRANSFORM_CACHE_MAX_BYTES))
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, transform_cache);
      if (!g_hash_table_iter_next (&iter, &key, NULL))
        break;
      transform_cache_bytes -= strlen (key);
      g_hash_table_iter_remove (&iter);
    }
  /* A .prj that is WGS84 gives the very operation of plain WGS84 (axes
   * normalised either way): remember it for that too. */
  if (failure == NULL && source_is_wgs84 &&
      !g_hash_table_contains (transform_cache, CB_WGS84_CRS))
    {
      CachedTransform *geographic = g_new0 (CachedTransform, 1);

      geographic->pipeline = g_strdup (pipeline);
      geographic->source_name = g_strdup (wgs84_name != NULL && *wgs84_name != '\0'
                                          ? wgs84_name : "unnamed CRS");
      geographic->source_is_wgs84 = TRUE;
      transform_cache_bytes += strlen (CB_WGS84_CRS);
      g_hash_table_insert (transform_cache, g_strdup (CB_WGS84_CRS), geographic);
    }
  if (!g_hash_table_contains (transform_cache, definition))
    transform_cache_bytes += strlen (definition);
  g_hash_table_replace (transform_cache, g_strdup (definition), cached);
  g_mutex_unlock (&transform_cache_lock);
}

/* A context that reads nothing but PROJ's own data and never the network. */
static PJ_CONTEXT *
context_new (void)
{
  PJ_CONTEXT *ctx = proj_context_create ();
  const char *paths[] = { CB_PROJ_DATA_DIR };

  if (ctx == NULL)
    return NULL;
  /* No downloads of transformation grids and no chatter on stderr: a
   * desktop app must not block on the network, and errors go in GErrors. */
  proj_context_set_enable_network (ctx, 0);
  proj_grid_cache_set_enable (ctx, 0);
  proj_log_level (ctx, PJ_LOG_NONE);
  proj_context_set_search_paths (ctx, 1, paths);
  return ctx;
}

/*
 * Parameters that make PROJ open a file ("+nadgrids=/etc/passwd" opens that
 * file), and WKT elements that carry them.  Returns the one found, or NULL.
 */
static const char *
find_file_parameter (const char *definition)
{
  static const char * const forbidden[] = {
    "nadgrids", "geoidgrids", "grids", "init=", "PARAMETERFILE", "EXTENSION[", "EXTENSION(",
    "file=",
  };
  g_autofree char *lower = g_ascii_strdown (definition, -1);

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autofree char *needle = g_ascii_strdown (forbidden[i], -1);

      if (strstr (lower, needle) != NULL)
        return forbidden[i];
    }
  return NULL;
}

static gboolean
check_definition (const char  *definition,
                  const char  *what,
                  gboolean     esri_wkt_only,
                  GError     **error)
{
  const char *found;

  if (esri_wkt_only)
    {
      static const char * const heads[] = { "PROJCS", "GEOGCS", "GEOCCS" };
      const char *p = definition;
      gboolean ok = FALSE;

      if (*p == '+' || strstr (definition, "+proj") != NULL || g_str_has_prefix (p, "proj="))
        {
          g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                       "%s: a PROJ string is not accepted in a .prj file (ESRI WKT only)", what);
          return FALSE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (heads) && !ok; i++)
        {
          gsize n = strlen (heads[i]);

          ok = g_ascii_strncasecmp (p, heads[i], n) == 0 &&
               (p[n] == '[' || p[n] == '(');
        }
      if (!ok)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                       "%s: not ESRI WKT (a .prj must begin with PROJCS[, GEOGCS[ or GEOCCS[)", what);
          return FALSE;
        }
    }

  found = find_file_parameter (definition);
  if (found != NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: refused: the coordinate system names a file or a PROJ string (“%s”)",
                   what, found);
      return FALSE;
    }
  return TRUE;
}

/* PROJ 9.1 has no call to clear a context's error number but through an
 * object of that context: a long-lived context would otherwise report an
 * earlier input's error for a later one. */
static void
reset_errno (PJ_CONTEXT *ctx)
{
  PJ *any = proj_create (ctx, CB_WGS84_CRS);  /* a PROJ string: no database */

  if (any != NULL)
    {
      proj_errno_reset (any);
      proj_destroy (any);
    }
}

/*
 * Parses @definition and finds the operation to the map projection in
 * @ctx.  Returns the transformation (axes normalised) and the source's
 * name and WGS84-ness, or NULL with @error set.
 */
static PJ *
search_operation (PJ_CONTEXT  *ctx,
                  const char  *definition,
                  const char  *what,
                  char       **source_name,
                  gboolean    *source_is_wgs84,
                  char       **wgs84_name,
                  GError     **error)
{
  PJ *source = NULL;
  PJ *target = NULL;
  PJ *wgs84 = NULL;
  PJ *raw = NULL;
  PJ *transform = NULL;
  PJ_TYPE type;

  reset_errno (ctx);
  source = proj_create (ctx, definition);
  if (source == NULL)
    {
      g_autofree char *reason = proj_reason (ctx);

      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: PROJ does not understand the coordinate system%s",
                   what, reason);
      return NULL;
    }

  /* A .prj may hold a bound CRS (WKT with TOWGS84); it is still a CRS. */
  type = proj_get_type (source);
  if (!proj_is_crs (source))
    {
      proj_destroy (source);
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: not a coordinate reference system (PROJ type %d)",
                   what, (int) type);
      return NULL;
    }

  {
    const char *name = proj_get_name (source);

    /* The name comes from the file: never put raw bytes into messages. */
    *source_name = name != NULL && *name != '\0' ? g_utf8_make_valid (name, -1)
                                                 : g_strdup ("unnamed CRS");
  }

  wgs84 = proj_create (ctx, CB_WGS84_CRS);
  if (wgs84 != NULL)
    {
      const char *name = proj_get_name (wgs84);

      *source_is_wgs84 =
        proj_is_equivalent_to_with_ctx (ctx, source, wgs84,
                                        PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
      *wgs84_name = g_strdup (name);
    }

  target = proj_create (ctx, CB_MAP_CRS);
  if (target != NULL)
    raw = proj_create_crs_to_crs_from_pj (ctx, source, target, NULL, NULL);

  g_clear_pointer (&wgs84, proj_destroy);
  g_clear_pointer (&source, proj_destroy);
  g_clear_pointer (&target, proj_destroy);

  if (raw == NULL)
    {
      g_autofree char *reason = proj_reason (ctx);

      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: no transformation from %s to the map projection%s",
                   what, *source_name, reason);
      return NULL;
    }

  /* Geographic CRSs from EPSG are latitude first; we always want x = east. */
  transform = proj_normalize_for_visualization (ctx, raw);
  proj_destroy (raw);
  if (transform == NULL)
    {
      g_autofree char *reason = proj_reason (ctx);

      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: cannot normalise the axis order of %s%s",
                   what, *source_name, reason);
    }
  return transform;
}

/*
 * Every database search runs in one long-lived context: its database stays
 * open and PROJ's caches warm, where a fresh context would open proj.db
 * and read its schema again for each new coordinate system (most of the
 * cost of a new .prj).  The operation found is handed over as its PROJ
 * string, which needs no database.
 */
static GMutex search_lock;
static PJ_CONTEXT *search_ctx;

static CbProjection *
projection_new (const char  *definition,
                const char  *what,
                GError     **error)
{
  g_autoptr(CbProjection) self = g_object_new (CB_TYPE_PROJECTION, NULL);
  g_autofree char *source_name = NULL;
  g_autofree char *wgs84_name = NULL;
  g_autofree char *pipeline = NULL;
  gboolean source_is_wgs84 = FALSE;
  gboolean refused = FALSE;
  g_autoptr(GError) search_error = NULL;
  PJ *found;

  if (pool_take (definition, &self->ctx, &self->transform))
    {
      if (cached_transform_apply (self, definition, what, FALSE, &refused, NULL))
        {
          self->definition = g_strdup (definition);
          return g_steal_pointer (&self);
        }
      g_clear_pointer (&self->transform, proj_destroy);
      g_clear_pointer (&self->ctx, proj_context_destroy);
    }

  self->ctx = context_new ();
  if (self->ctx == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_FAILED,
                   "Cannot set up PROJ for %s", what);
      return NULL;
    }

  if (cached_transform_apply (self, definition, what, TRUE, &refused, error))
    {
      self->definition = g_strdup (definition);
      return g_steal_pointer (&self);
    }
  if (refused)
    return NULL;

  g_mutex_lock (&search_lock);
  if (search_ctx == NULL)
    search_ctx = context_new ();
  found = search_ctx != NULL
          ? search_operation (search_ctx, definition, what, &source_name,
                              &source_is_wgs84, &wgs84_name, &search_error)
          : NULL;
  if (found != NULL)
    {
      /* NULL when no exact PROJ string exists (e.g. grid shifts). */
      pipeline = g_strdup (proj_as_proj_string (search_ctx, found, PJ_PROJ_5, NULL));
      proj_destroy (found);
    }
  g_mutex_unlock (&search_lock);

  if (search_ctx == NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_FAILED,
                   "Cannot set up PROJ for %s", what);
      return NULL;
    }
  if (found == NULL)
    {
      /* A refusal is remembered too: a search that failed can take PROJ
       * seconds through its database, and the same file may be opened
       * again (or a fuzzer mutate another part of the set). */
      const char *reason = search_error->message;

      if (g_str_has_prefix (reason, what) && g_str_has_prefix (reason + strlen (what), ": "))
        reason += strlen (what) + 2;
      cached_transform_remember (definition, NULL, NULL, FALSE, NULL, reason);
      g_propagate_error (error, g_steal_pointer (&search_error));
      return NULL;
    }

  if (pipeline != NULL)
    {
      self->transform = proj_create (self->ctx, pipeline);
      if (self->transform != NULL)
        cached_transform_remember (definition, pipeline, source_name,
                                   source_is_wgs84, wgs84_name, NULL);
    }
  if (self->transform == NULL)
    {
      /* No string form: search again in this object's own context. */
      g_clear_pointer (&source_name, g_free);
      g_clear_pointer (&wgs84_name, g_free);
      self->transform = search_operation (self->ctx, definition, what, &source_name,
                                          &source_is_wgs84, &wgs84_name, error);
      if (self->transform == NULL)
        return NULL;
    }

  self->source_name = g_steal_pointer (&source_name);
  self->source_is_wgs84 = source_is_wgs84;
  self->definition = g_strdup (definition);
  return g_steal_pointer (&self);
}

CbProjection *
cb_projection_new_geographic (GError **error)
{
  return projection_new (CB_WGS84_CRS, "WGS84", error);
}

CbProjection *
cb_projection_new_from_definition (const char  *definition,
                                   GError     **error)
{
  g_return_val_if_fail (definition != NULL, NULL);

  if (!check_definition (definition, "CRS definition", FALSE, error))
    return NULL;
  return projection_new (definition, "CRS definition", error);
}

CbProjection *
cb_projection_new_from_prj_text (const char  *text,
                                 gsize        length,
                                 const char  *display,
                                 GError     **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (display != NULL, NULL);

  if (length > CB_PRJ_MAX_SIZE || memchr (text, '\0', length) != NULL ||
      !g_utf8_validate (text, length, NULL))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   length > CB_PRJ_MAX_SIZE ? "%s: too large for a .prj file"
                   : memchr (text, '\0', length) != NULL ? "%s: not a text .prj file (it holds a NUL byte)"
                   : "%s: not a text .prj file (not valid UTF-8)", display);
      return NULL;
    }
  contents = g_strndup (text, length);
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   "%s: the .prj file is empty", display);
      return NULL;
    }
  if (!check_definition (contents, display, TRUE, error))
    return NULL;

  return projection_new (contents, display, error);
}

CbProjection *
cb_projection_new_from_prj_file (const char  *prj_path,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  gsize length = 0;

  g_return_val_if_fail (prj_path != NULL, NULL);

  display = g_filename_display_name (prj_path);
  /* The size is checked before a byte is read. */
  if (!cb_checked_file_read (prj_path, CB_PRJ_MAX_SIZE, &contents, &length, error))
    return NULL;

  return cb_projection_new_from_prj_text (contents, length, display, error);
}

const char *
cb_projection_get_source_name (CbProjection *self)
{
  g_return_val_if_fail (CB_IS_PROJECTION (self), NULL);
  return self->source_name;
}

gboolean
cb_projection_source_is_wgs84 (CbProjection *self)
{
  g_return_val_if_fail (CB_IS_PROJECTION (self), FALSE);
  return self->source_is_wgs84;
}

static gsize
transform_array (CbProjection *self,
                 PJ_DIRECTION  direction,
                 double       *x,
                 double       *y,
                 gsize         n)
{
  gsize good = 0;

  if (n == 0)
    return 0;

  /* Garbage in must not reach PROJ: some operations are slow or noisy on it. */
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]) || !isfinite (y[i]) ||
        fabs (x[i]) > CB_MAX_ABS_COORD || fabs (y[i]) > CB_MAX_ABS_COORD)
      x[i] = y[i] = HUGE_VAL;

  proj_errno_reset (self->transform);
  proj_trans_generic (self->transform, direction,
                      x, sizeof (double), n,
                      y, sizeof (double), n,
                      NULL, 0, 0,
                      NULL, 0, 0);

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || !isfinite (y[i]) ||
          fabs (x[i]) > CB_MAX_ABS_COORD || fabs (y[i]) > CB_MAX_ABS_COORD)
        x[i] = y[i] = NAN;
      else
        good++;
    }
  return good;
}

gsize
cb_projection_forward (CbProjection *self,
                       double       *x,
                       double       *y,
                       gsize         n)
{
  g_return_val_if_fail (CB_IS_PROJECTION (self), 0);
  return transform_array (self, PJ_FWD, x, y, n);
}


gboolean
cb_projection_forward_point (CbProjection *self,
                             double        in_x,
                             double        in_y,
                             double       *out_x,
                             double       *out_y)
{
  gboolean ok;

  g_return_val_if_fail (CB_IS_PROJECTION (self), FALSE);

  ok = transform_array (self, PJ_FWD, &in_x, &in_y, 1) == 1;
  if (out_x)
    *out_x = in_x;
  if (out_y)
    *out_y = in_y;
  return ok;
}

gboolean
cb_projection_inverse_point (CbProjection *self,
                             double        in_x,
                             double        in_y,
                             double       *out_x,
                             double       *out_y)
{
  gboolean ok;

  g_return_val_if_fail (CB_IS_PROJECTION (self), FALSE);

  ok = transform_array (self, PJ_INV, &in_x, &in_y, 1) == 1;
  if (out_x)
    *out_x = in_x;
  if (out_y)
    *out_y = in_y;
  return ok;
}

#define REGION_WEST 20.0
#define REGION_EAST 30.0
#define REGION_SOUTH 52.0
#define REGION_NORTH 57.5

void
cb_projection_get_region_bounds (CbBounds *out_bounds)
{
  static gsize initialised = 0;
  static CbBounds region;

  g_return_if_fail (out_bounds != NULL);

  if (g_once_init_enter (&initialised))
    {
      g_autoptr(CbProjection) projection = cb_projection_new_geographic (NULL);

      cb_bounds_init_empty (&region);
      if (projection != NULL)
        {
          /* Walk the edges: in a conic the parallels are arcs, so the
           * corners alone would miss the bulge of the southern edge. */
          for (int i = 0; i <= 40; i++)
            {
              double t = i / 40.0;
              double lon = REGION_WEST + t * (REGION_EAST - REGION_WEST);
              double lat = REGION_SOUTH + t * (REGION_NORTH - REGION_SOUTH);
              double px[4] = { lon, lon, REGION_WEST, REGION_EAST };
              double py[4] = { REGION_SOUTH, REGION_NORTH, lat, lat };

              cb_projection_forward (projection, px, py, 4);
              for (int k = 0; k < 4; k++)
                cb_bounds_extend (&region, px[k], py[k]);
            }
        }
      if (cb_bounds_is_empty (&region))
        {
          /* PROJ unusable: the same box as computed with PROJ 9.1, rounded out. */
          region.min_x = -309115;
          region.max_x = 377680;
          region.min_y = -278278;
          region.max_y = 346997;
        }
      g_once_init_leave (&initialised, 1);
    }

  *out_bounds = region;
}

void
cb_projection_get_data_bounds (CbBounds *out_bounds)
{
  static gsize initialised = 0;
  static CbBounds frame;

  g_return_if_fail (out_bounds != NULL);

  if (g_once_init_enter (&initialised))
    {
      g_autoptr(CbProjection) projection = cb_projection_new_geographic (NULL);
      gboolean ok = projection != NULL;

      /* The box is an annular sector in the conic: the rectangle stays
       * inside every edge at every point of it (meridians converge to the
       * north, parallels bulge to the south). */
      frame.min_x = -G_MAXDOUBLE;
      frame.max_x = G_MAXDOUBLE;
      frame.min_y = -G_MAXDOUBLE;
      frame.max_y = G_MAXDOUBLE;
      for (int i = 0; ok && i <= 200; i++)
        {
          double t = i / 200.0;
          double lon = CB_DATA_WEST + t * (CB_DATA_EAST - CB_DATA_WEST);
          double lat = CB_DATA_SOUTH + t * (CB_DATA_NORTH - CB_DATA_SOUTH);
          double px[4] = { CB_DATA_WEST, CB_DATA_EAST, lon, lon };
          double py[4] = { lat, lat, CB_DATA_SOUTH, CB_DATA_NORTH };

          ok = cb_projection_forward (projection, px, py, 4) == 4;
          frame.min_x = MAX (frame.min_x, px[0]);
          frame.max_x = MIN (frame.max_x, px[1]);
          frame.min_y = MAX (frame.min_y, py[2]);
          frame.max_y = MIN (frame.max_y, py[3]);
        }
      if (!ok)
        {
          /* PROJ unusable: the same rectangle as computed with PROJ 9.1. */
          frame.min_x = -295830;
          frame.max_x = 354864;
          frame.min_y = -316140;
          frame.max_y = 389817;
        }
      /* Half a kilometre in, so no antialiased edge of the data shows. */
      frame.min_x += 500;
      frame.max_x -= 500;
      frame.min_y += 500;
      frame.max_y -= 500;
      g_once_init_leave (&initialised, 1);
    }

  *out_bounds = frame;
}

double
cb_projection_geodesic_distance (double lon1,
                                 double lat1,
                                 double lon2,
                                 double lat2)
{
  struct geod_geodesic geod;
  double s12 = NAN;

  if (!isfinite (lon1) || !isfinite (lat1) || !isfinite (lon2) || !isfinite (lat2))
    return NAN;

  /* WGS84 semi-major axis and flattening. */
  geod_init (&geod, 6378137.0, 1 / 298.257223563);
  geod_inverse (&geod, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
  return s12;
}
