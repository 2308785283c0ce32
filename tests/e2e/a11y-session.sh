#!/bin/bash
# Runs an end-to-end test in its own D-Bus session, so the app exports its
# accessibility tree over AT-SPI as it does on a desktop. Meant to be started
# through run-under-xvfb.sh.
set -u
unset NO_AT_BRIDGE
export GTK_A11Y=atspi
# The app keeps the suite's fatal warnings; the AT-SPI client library in the
# harness warns about objects that vanish while it reads them, which is normal.
export CB_APP_G_DEBUG="${G_DEBUG:-}"
unset G_DEBUG
# Daemons started in the session print to stdout; keep that for TAP alone:
# the test writes TAP to fd 3, everything else goes to stderr.
exec dbus-run-session -- /usr/bin/python3 "$@" 3>&1 1>&2
