/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-window-private.h"

/* The window's toasts, in a file of their own: the other parts of the
 * window add them, and this calls nothing of the window back. */

/**
 * cb_window_add_toast:
 * @toast: (transfer full): the toast to show
 */
void
cb_window_add_toast (CbWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
