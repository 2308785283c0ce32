#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs model test programs under valgrind and fails on any definite leak.
# Usage: leak-check.sh VALGRIND SUPPRESSIONS TEST...
# Suppressions cover only GLib, fontconfig, pango and cairo caches.
# Skipped (77) in sanitizer builds: valgrind cannot run ASan programs.
valgrind=$1
supp=$2
shift 2

if [ -n "$CB_LEAK_CHECK_SANITIZED" ]; then
  echo "sanitizer build: LeakSanitizer's job, not valgrind's"
  exit 77
fi

status=0
for test in "$@"; do
  log=$(mktemp)
  # G_SLICE: hand every block to malloc so valgrind sees it.
  if G_SLICE=always-malloc G_DEBUG=gc-friendly \
     "$valgrind" --quiet --leak-check=full --errors-for-leak-kinds=definite \
       --show-leak-kinds=definite --error-exitcode=99 --suppressions="$supp" \
       --log-file="$log" "$test" >/dev/null 2>&1; then
    echo "ok: $(basename "$test")"
  else
    rc=$?
    echo "FAILED ($rc): $(basename "$test")"
    cat "$log"
    status=1
  fi
  rm -f "$log"
done
exit $status
