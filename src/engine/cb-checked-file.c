/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-checked-file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cb-error.h"

static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode)) return "a folder";
  if (S_ISFIFO (mode)) return "a FIFO";
  if (S_ISCHR (mode)) return "a character device";
  if (S_ISBLK (mode)) return "a block device";
  if (S_ISSOCK (mode)) return "a socket";
  return "not a plain file";
}

static const char *
errno_reason (int errsv)
{
  if (errsv == ELOOP)
    return "a loop of symbolic links";
  if (errsv == ENOENT)
    return "no such file";
  return g_strerror (errsv);
}

static int
errno_code (int errsv)
{
  return errsv == ENOENT ? CB_ERROR_NOT_FOUND : CB_ERROR_IO;
}

char *
cb_checked_file_problem (const char *path,
                         gboolean   *out_exists)
{
  struct stat st;
  gboolean exists;
  char *problem = NULL;

  if (stat (path, &st) != 0)
    {
      int errsv = errno;

      /* A dangling symbolic link or a loop exists as a name. */
      exists = errsv != ENOENT || lstat (path, &st) == 0;
      problem = g_strdup (errsv == ENOENT && exists ? "a symbolic link to nothing"
                                                    : errno_reason (errsv));
    }
  else
    {
      exists = TRUE;
      if (!S_ISREG (st.st_mode))
        problem = g_strdup_printf ("not a regular file (%s)", file_kind (st.st_mode));
    }
  if (out_exists)
    *out_exists = exists;
  return problem;
}

int
cb_checked_file_open (const char  *path,
                      goffset      max_size,
                      goffset     *out_size,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  int fd, flags;

  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, CB_ERROR, errno_code (errsv),
                   "%s: cannot open: %s", display, errno_reason (errsv));
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;

      close (fd);
      g_set_error (error, CB_ERROR, CB_ERROR_IO,
                   "%s: cannot open: %s", display, g_strerror (errsv));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   "%s: not a regular file (%s)", display, file_kind (st.st_mode));
      return -1;
    }
  if (st.st_size > max_size)
    {
      close (fd);
      g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                   "%s: too large (%" G_GINT64_FORMAT " bytes; the limit is %" G_GINT64_FORMAT ")",
                   display, (gint64) st.st_size, (gint64) max_size);
      return -1;
    }
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  if (out_size)
    *out_size = st.st_size;
  return fd;
}

gboolean
cb_checked_file_read (const char  *path,
                      goffset      max_size,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autofree char *buf = NULL;
  goffset size = 0;
  gsize got = 0;
  int fd;

  fd = cb_checked_file_open (path, max_size, &size, error);
  if (fd < 0)
    return FALSE;

  /* One byte more than allowed reveals a file that grew meanwhile. */
  buf = g_malloc ((gsize) size + 2);
  while (got < (gsize) size + 1)
    {
      gssize n = read (fd, buf + got, (gsize) size + 1 - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;
          g_autofree char *display = g_filename_display_name (path);

          close (fd);
          g_set_error (error, CB_ERROR, CB_ERROR_IO,
                       "%s: cannot read: %s", display, g_strerror (errsv));
          return FALSE;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  if (got > (gsize) max_size)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                   "%s: too large (it grew while being read)", display);
      return FALSE;
    }
  buf[got] = '\0';
  *contents = g_steal_pointer (&buf);
  if (length)
    *length = got;
  return TRUE;
}
