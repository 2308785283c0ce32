/* SPDX-License-Identifier: GPL-3.0-or-later */
/* O_TMPFILE */
#define _GNU_SOURCE 1
#include "config.h"

#include "cb-atomic-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cb-error.h"

struct _CbAtomicFile
{
  char *path;
  char *dir;
  char *temp_path;   /* a named temporary, removed unless committed */
  int   fd;
  gboolean unnamed;  /* O_TMPFILE: nothing on disk until the commit */
};

/* ------------------------------------------------------------------ */
/* Named temporaries removed on SIGINT, SIGTERM and SIGHUP             */

/*
 * An O_TMPFILE file vanishes with the process whatever kills it.  Where
 * the file system has no O_TMPFILE the temporary has a name; it is listed
 * here for a signal handler that removes it before the signal's default
 * action ends the process.  The handler is only installed for signals that
 * still have their default action: an application's own handling wins.
 */
#define MAX_TEMPS 32

static char *volatile temp_slots[MAX_TEMPS];
static GMutex temp_lock;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void
cleanup_handler (int sig)
{
  int errsv = errno;

  for (guint i = 0; i < MAX_TEMPS; i++)
    {
      char *path = temp_slots[i];

      if (path != NULL)
        unlink (path);
    }
  signal (sig, SIG_DFL);
  errno = errsv;
  raise (sig);
}

static void
install_cleanup_handlers (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
        {
          struct sigaction old, action = { 0 };

          if (sigaction (cleanup_signals[i], NULL, &old) != 0 ||
              (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
            continue;
          action.sa_handler = cleanup_handler;
          sigemptyset (&action.sa_mask);
          sigaction (cleanup_signals[i], &action, NULL);
        }
      g_once_init_leave (&installed, 1);
    }
}

/* Blocks the cleanup signals while the list changes. */
static void
block_signals (sigset_t *old)
{
  sigset_t set;

  sigemptyset (&set);
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    sigaddset (&set, cleanup_signals[i]);
  pthread_sigmask (SIG_BLOCK, &set, old);
}

static void
register_temp (const char *path)
{
  sigset_t old;

  install_cleanup_handlers ();
  g_mutex_lock (&temp_lock);
  block_signals (&old);
  for (guint i = 0; i < MAX_TEMPS; i++)
    if (temp_slots[i] == NULL)
      {
        temp_slots[i] = g_strdup (path);
        break;
      }
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  g_mutex_unlock (&temp_lock);
}

static void
unregister_temp (const char *path)
{
  char *found = NULL;
  sigset_t old;

  g_mutex_lock (&temp_lock);
  block_signals (&old);
  for (guint i = 0; i < MAX_TEMPS && found == NULL; i++)
    if (temp_slots[i] != NULL && strcmp (temp_slots[i], path) == 0)
      {
        found = temp_slots[i];
        temp_slots[i] = NULL;
      }
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  g_mutex_unlock (&temp_lock);
  g_free (found);
}

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
 * Opens the temporary file in @path's folder.  Fails (CB_ERROR_IO) when the
 * folder does not exist or is not writable.
 */
CbAtomicFile *
cb_atomic_file_new (const char  *path,
                    GError     **error)
{
  return cb_atomic_file_new_full (path, CB_ATOMIC_FILE_DEFAULT, error);
}

CbAtomicFile *
cb_atomic_file_new_full (const char         *path,
                         CbAtomicFileFlags   flags,
                         GError            **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  CbAtomicFile *self;
  GStatBuf st;
  gboolean unnamed = FALSE;
  int fd = -1;

  g_return_val_if_fail (path != NULL, NULL);

  base = g_path_get_basename (path);
  if (*path == '\0' || g_str_has_suffix (path, G_DIR_SEPARATOR_S) ||
      g_strcmp0 (base, ".") == 0 || g_strcmp0 (base, "..") == 0)
    {
      set_io_error (error, path, EISDIR);
      return NULL;
    }

  dir = g_path_get_dirname (path);

#ifdef O_TMPFILE
  /* Mode 0666 filtered by the umask, as any newly created file. */
  if (!(flags & CB_ATOMIC_FILE_NAMED))
    {
      fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
      if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        {
          /* The folder itself is the problem (missing, read-only...). */
          set_io_error (error, path, errno);
          return NULL;
        }
      unnamed = fd >= 0;
    }
#endif

  if (fd < 0)
    {
      g_autofree char *temp_name = g_strdup_printf (".%s.XXXXXX", base);

      temp_path = g_build_filename (dir, temp_name, NULL);
      fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0666);
      if (fd < 0)
        {
          set_io_error (error, path, errno);
          return NULL;
        }
      register_temp (temp_path);
    }

  /* Replacing a file keeps its permissions. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      if (fchmod (fd, st.st_mode & 07777) != 0)
        g_debug ("Cannot copy the permissions of %s: %s", path, g_strerror (errno));
    }

  self = g_new0 (CbAtomicFile, 1);
  self->path = g_strdup (path);
  self->dir = g_steal_pointer (&dir);
  self->temp_path = g_steal_pointer (&temp_path);
  self->fd = fd;
  self->unnamed = unnamed;

  return self;
}

gboolean
cb_atomic_file_is_unnamed (CbAtomicFile *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->unnamed;
}

/* Gives the unnamed file a hidden name beside the target, for the rename. */
static gboolean
link_unnamed (CbAtomicFile  *self,
              GError       **error)
{
  g_autofree char *base = g_path_get_basename (self->path);
  char proc_path[64];

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", self->fd);
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x", base, g_random_int ());
      g_autofree char *temp_path = g_build_filename (self->dir, name, NULL);

      /* Listed first: a signal in the short window before the rename
       * still removes it. */
      register_temp (temp_path);
      if (linkat (AT_FDCWD, proc_path, AT_FDCWD, temp_path, AT_SYMLINK_FOLLOW) == 0)
        {
          self->temp_path = g_steal_pointer (&temp_path);
          return TRUE;
        }
      unregister_temp (temp_path);
      if (errno != EEXIST)
        {
          set_io_error (error, self->path, errno);
          return FALSE;
        }
    }
  set_io_error (error, self->path, EEXIST);
  return FALSE;
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
  if (self->unnamed)
    {
      self->fd = fd;  /* linked through /proc/self/fd */
      if (!link_unnamed (self, error))
        {
          self->fd = -1;
          close (fd);
          return FALSE;
        }
      self->fd = -1;
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
  unregister_temp (self->temp_path);
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
    {
      g_unlink (self->temp_path);
      unregister_temp (self->temp_path);
    }

  g_free (self->temp_path);
  g_free (self->dir);
  g_free (self->path);
  g_free (self);
}
