/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cb-error.h"

struct _CbAtomicFile
{
  char *path;
  char *temp_path;
  int   fd;
};

static void
set_io_error (GError    **error,
              const char *path,
              int         errsv)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, CB_ERROR, CB_ERROR_IO,
               _("Cannot write “%s”: %s"), display, g_strerror (errsv));
}

/**
 * cb_atomic_file_new:
 * @path: the file to create or replace
 *
 * Creates the temporary file beside @path.  Fails (CB_ERROR_IO) when the
 * folder does not exist or is not writable.
 */
CbAtomicFile *
cb_atomic_file_new (const char  *path,
                    GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_name = NULL;
  g_autofree char *temp_path = NULL;
  CbAtomicFile *self;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  base = g_path_get_basename (path);
  if (*path == '\0' || g_str_has_suffix (path, G_DIR_SEPARATOR_S) ||
      g_strcmp0 (base, ".") == 0 || g_strcmp0 (base, "..") == 0)
    {
      set_io_error (error, path, EISDIR);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  temp_name = g_strdup_printf (".%s.XXXXXX", base);
  temp_path = g_build_filename (dir, temp_name, NULL);

  /* Mode 0666 filtered by the umask, as any newly created file. */
  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_io_error (error, path, errno);
      return NULL;
    }

  /* Replacing a file keeps its permissions. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      if (fchmod (fd, st.st_mode & 07777) != 0)
        g_debug ("Cannot copy the permissions of %s: %s", path, g_strerror (errno));
    }

  self = g_new0 (CbAtomicFile, 1);
  self->path = g_strdup (path);
  self->temp_path = g_steal_pointer (&temp_path);
  self->fd = fd;

  return self;
}


gboolean
cb_atomic_file_write (CbAtomicFile  *self,
                      const void    *data,
                      gsize          size,
                      GError       **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  while (size > 0)
    {
      gssize n = write (self->fd, p, MIN (size, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_io_error (error, self->path, errno);
          return FALSE;
        }
      p += n;
      size -= (gsize) n;
    }

  return TRUE;
}

gboolean
cb_atomic_file_commit (CbAtomicFile  *self,
                       GError       **error)
{
  int fd;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  fd = self->fd;
  self->fd = -1;

  /* A full disk may only show at fsync or close on some file systems. */
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int errsv = errno;

      close (fd);
      set_io_error (error, self->path, errsv);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      set_io_error (error, self->path, errno);
      return FALSE;
    }
  if (g_rename (self->temp_path, self->path) != 0)
    {
      set_io_error (error, self->path, errno);
      return FALSE;
    }

  /* Committed: nothing left to clean up. */
  g_clear_pointer (&self->temp_path, g_free);
  return TRUE;
}

void
cb_atomic_file_free (CbAtomicFile *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  if (self->temp_path != NULL)
    g_unlink (self->temp_path);

  g_free (self->temp_path);
  g_free (self->path);
  g_free (self);
}
