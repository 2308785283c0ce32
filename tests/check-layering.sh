#!/bin/sh
# The engine knows no GTK: no file under src/engine/ includes GTK, GDK or
# libadwaita, and no engine file includes a UI header.
# Usage: check-layering.sh SRCDIR
set -u
src=$1
status=0
ui_headers=$(cd "$src/ui" && find . -name '*.h' -exec basename {} \; | sort -u)

if grep -rnE '#include <(gtk|gdk|adwaita)' "$src/engine"; then
  echo "engine files above include GTK or libadwaita" >&2
  status=1
fi
for header in $ui_headers; do
  if grep -rn "#include \"$header\"" "$src/engine"; then
    echo "an engine file includes the UI header $header" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "engine: $(find "$src/engine" -name '*.[ch]' | wc -l) files, none includes GTK or the UI"
exit $status
