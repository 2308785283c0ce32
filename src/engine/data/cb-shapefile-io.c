/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-shapefile-io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cb-checked-file.h"
#include "cb-error.h"

/* The format's own limits: offsets are 32-bit counts of 16-bit words. */
#define SHP_MAX_SIZE (G_GINT64_CONSTANT (4) << 30)
#define CPG_MAX_SIZE 4096
#define OTHER_MAX_SIZE (1 << 20)

typedef struct
{
  GHashTable *memory;
  GPtrArray *refusals;   /* char *, NULL-terminated */
  char *last_error;
} IoState;

static void
io_state_free (gpointer data)
{
  IoState *state = data;

  if (state == NULL)
    return;
  g_clear_pointer (&state->memory, g_hash_table_unref);
  g_clear_pointer (&state->refusals, g_ptr_array_unref);
  g_free (state->last_error);
  g_free (state);
}

static GPrivate io_state = G_PRIVATE_INIT (io_state_free);

static IoState *
get_state (void)
{
  IoState *state = g_private_get (&io_state);

  if (state == NULL)
    {
      state = g_new0 (IoState, 1);
      state->refusals = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (state->refusals, NULL);
      g_private_set (&io_state, state);
    }
  return state;
}

void
cb_shapefile_io_begin (GHashTable *memory)
{
  IoState *state = get_state ();

  g_clear_pointer (&state->memory, g_hash_table_unref);
  state->memory = memory ? g_hash_table_ref (memory) : NULL;
  g_ptr_array_set_size (state->refusals, 0);
  g_ptr_array_add (state->refusals, NULL);
  g_clear_pointer (&state->last_error, g_free);
}

void
cb_shapefile_io_end (void)
{
  /* Frees the state: a thread that loads once keeps nothing. */
  g_private_replace (&io_state, NULL);
}

static void
set_last_error (const char *message)
{
  IoState *state = get_state ();

  g_free (state->last_error);
  state->last_error = g_strdup (message);
}

const char *
cb_shapefile_io_last_error (void)
{
  IoState *state = get_state ();

  return state->last_error ? state->last_error : "unreadable data";
}

void
cb_shapefile_io_clear_error (void)
{
  g_clear_pointer (&get_state ()->last_error, g_free);
}

const char * const *
cb_shapefile_io_get_refusals (void)
{
  return (const char * const *) get_state ()->refusals->pdata;
}

static void
add_refusal (const char *message)
{
  IoState *state = get_state ();

  for (guint i = 0; i + 1 < state->refusals->len; i++)
    if (strcmp (g_ptr_array_index (state->refusals, i), message) == 0)
      return;
  g_ptr_array_insert (state->refusals, state->refusals->len - 1, g_strdup (message));
}

/* ------------------------------------------------------------------ */
/* The hooks                                                           */

typedef struct
{
  FILE *fp;              /* from disk, or NULL */
  GBytes *bytes;         /* from memory */
  gsize pos;
} IoFile;

static goffset
limit_for (const char *filename)
{
  const char *dot = strrchr (filename, '.');

  if (dot == NULL)
    return OTHER_MAX_SIZE;
  if (g_ascii_strcasecmp (dot, ".shp") == 0 || g_ascii_strcasecmp (dot, ".shx") == 0 ||
      g_ascii_strcasecmp (dot, ".dbf") == 0)
    return SHP_MAX_SIZE;
  if (g_ascii_strcasecmp (dot, ".cpg") == 0)
    return CPG_MAX_SIZE;
  return OTHER_MAX_SIZE;
}

static SAFile
io_open (const char *filename,
         const char *access)
{
  IoState *state = get_state ();
  IoFile *file;

  /* The loader only reads. */
  if (strpbrk (access, "wa+") != NULL)
    return NULL;

  if (state->memory != NULL)
    {
      GBytes *bytes = g_hash_table_lookup (state->memory, filename);

      if (bytes == NULL)
        return NULL;
      file = g_new0 (IoFile, 1);
      file->bytes = g_bytes_ref (bytes);
      return (SAFile) file;
    }
  else
    {
      g_autoptr(GError) error = NULL;
      int fd = cb_checked_file_open (filename, limit_for (filename), NULL, &error);
      FILE *fp;

      if (fd < 0)
        {
          if (!g_error_matches (error, CB_ERROR, CB_ERROR_NOT_FOUND))
            {
              add_refusal (error->message);
              set_last_error (error->message);
            }
          return NULL;
        }
      fp = fdopen (fd, "rb");
      if (fp == NULL)
        {
          close (fd);
          return NULL;
        }
      file = g_new0 (IoFile, 1);
      file->fp = fp;
      return (SAFile) file;
    }
}

static SAOffset
io_read (void    *p,
         SAOffset size,
         SAOffset nmemb,
         SAFile   handle)
{
  IoFile *file = (IoFile *) handle;
  gsize avail, len, n;
  const guint8 *data;

  if (file->fp != NULL)
    return fread (p, size, nmemb, file->fp);
  if (size == 0 || nmemb == 0)
    return 0;

  data = g_bytes_get_data (file->bytes, &len);
  avail = file->pos < len ? len - file->pos : 0;
  n = MIN (nmemb, avail / size);
  if (n > 0)
    memcpy (p, data + file->pos, n * size);
  file->pos += n * size;
  return n;
}

static SAOffset
io_write (void    *p,
          SAOffset size,
          SAOffset nmemb,
          SAFile   handle)
{
  return 0;
}

static SAOffset
io_seek (SAFile   handle,
         SAOffset offset,
         int      whence)
{
  IoFile *file = (IoFile *) handle;
  gsize len;
  gint64 base, target;

  if (file->fp != NULL)
    return fseeko (file->fp, (off_t) (long) offset, whence) == 0 ? 0 : (SAOffset) -1;

  len = g_bytes_get_size (file->bytes);
  base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (gint64) file->pos : (gint64) len;
  target = base + (gint64) (long) offset;
  if (target < 0)
    return (SAOffset) -1;
  file->pos = (gsize) target;
  return 0;
}

static SAOffset
io_tell (SAFile handle)
{
  IoFile *file = (IoFile *) handle;

  if (file->fp != NULL)
    return (SAOffset) ftello (file->fp);
  return file->pos;
}

static int
io_flush (SAFile handle)
{
  return 0;
}

static int
io_close (SAFile handle)
{
  IoFile *file = (IoFile *) handle;
  int ret = 0;

  if (file->fp != NULL)
    ret = fclose (file->fp);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_free (file);
  return ret;
}

static int
io_remove (const char *filename)
{
  return -1;
}

static void
io_error (const char *message)
{
  set_last_error (message);
}

void
cb_shapefile_io_setup_hooks (SAHooks *hooks)
{
  SASetupDefaultHooks (hooks);
  hooks->FOpen = io_open;
  hooks->FRead = io_read;
  hooks->FWrite = io_write;
  hooks->FSeek = io_seek;
  hooks->FTell = io_tell;
  hooks->FFlush = io_flush;
  hooks->FClose = io_close;
  hooks->Remove = io_remove;
  hooks->Error = io_error;
}

/* ------------------------------------------------------------------ */
/* Companions                                                          */

char *
cb_shapefile_io_find (const char  *base,
                      const char  *ext,
                      char       **problem)
{
  IoState *state = get_state ();
  g_autofree char *upper_ext = g_ascii_strup (ext, -1);
  char *candidates[2];
  char *found = NULL;
  g_autofree char *first_problem = NULL;

  candidates[0] = g_strconcat (base, ".", ext, NULL);
  candidates[1] = g_strconcat (base, ".", upper_ext, NULL);

  for (guint i = 0; i < 2 && found == NULL; i++)
    {
      if (state->memory != NULL)
        {
          if (g_hash_table_contains (state->memory, candidates[i]))
            found = g_strdup (candidates[i]);
        }
      else
        {
          gboolean exists = FALSE;
          g_autofree char *why = cb_checked_file_problem (candidates[i], &exists);

          if (why == NULL)
            found = g_strdup (candidates[i]);
          else if (exists && first_problem == NULL)
            {
              g_autofree char *display = g_filename_display_name (candidates[i]);

              first_problem = g_strdup_printf ("%s: %s", display, why);
            }
        }
    }
  g_free (candidates[0]);
  g_free (candidates[1]);

  if (found == NULL && problem != NULL)
    *problem = g_steal_pointer (&first_problem);
  return found;
}

gboolean
cb_shapefile_io_read (const char  *path,
                      goffset      max_size,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  IoState *state = get_state ();

  if (state->memory != NULL)
    {
      GBytes *bytes = g_hash_table_lookup (state->memory, path);
      gsize len = 0;
      const char *data;

      if (bytes == NULL)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND, "%s: cannot open: no such file", path);
          return FALSE;
        }
      data = g_bytes_get_data (bytes, &len);
      if ((goffset) len > max_size)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                       "%s: too large (%" G_GSIZE_FORMAT " bytes; the limit is %" G_GINT64_FORMAT ")",
                       path, len, (gint64) max_size);
          return FALSE;
        }
      *contents = g_malloc (len + 1);
      if (len > 0)
        memcpy (*contents, data, len);
      (*contents)[len] = '\0';
      if (length)
        *length = len;
      return TRUE;
    }
  return cb_checked_file_read (path, max_size, contents, length, error);
}
