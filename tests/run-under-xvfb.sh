#!/bin/bash
# Runs one test in a private Xvfb, so widget tests can run in parallel
# without fighting over a display number.  The screen is as large as a
# common desktop one, so windows of 1600 px fit (GTK keeps windows on it).
set -u

tmpdir=$(mktemp -d)
Xvfb -displayfd 5 -screen 0 1920x1200x24 -nolisten tcp -noreset \
  5>"$tmpdir/display" 2>"$tmpdir/xvfb.log" &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; rm -rf "$tmpdir"' EXIT

for _ in $(seq 200); do
  [ -s "$tmpdir/display" ] && break
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "Xvfb did not start:" >&2
    cat "$tmpdir/xvfb.log" >&2
    exit 99
  fi
  sleep 0.05
done
if [ ! -s "$tmpdir/display" ]; then
  echo "Xvfb gave no display number within 10 s" >&2
  exit 99
fi

export DISPLAY=":$(head -n1 "$tmpdir/display")"
"$@"
exit $?
