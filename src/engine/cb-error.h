/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CB_ERROR (cb_error_quark ())

/**
 * CbError:
 * @CB_ERROR_FAILED: anything not covered below
 * @CB_ERROR_NOT_FOUND: a file, layer, town or item does not exist
 * @CB_ERROR_CORRUPT: a file exists but cannot be read as what it claims to be
 * @CB_ERROR_UNSUPPORTED: a valid input we do not handle (shape type, CRS, format)
 * @CB_ERROR_INVALID_ARGUMENT: a value given by the user is malformed
 * @CB_ERROR_IO: reading or writing failed (permissions, full disk)
 * @CB_ERROR_TOO_LARGE: a requested size exceeds what the format or memory allows
 *
 * Error codes of the %CB_ERROR domain.
 */
typedef enum
{
  CB_ERROR_FAILED,
  CB_ERROR_NOT_FOUND,
  CB_ERROR_CORRUPT,
  CB_ERROR_UNSUPPORTED,
  CB_ERROR_INVALID_ARGUMENT,
  CB_ERROR_IO,
  CB_ERROR_TOO_LARGE,
} CbError;

GQuark cb_error_quark (void);

G_END_DECLS
