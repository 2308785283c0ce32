#!/bin/sh
# The words the atlas adds to source labels and the credit line
# (src/engine/content/cb-sources.c, cb-history.c) and the names of the treaty
# and the lines (cb-names.h) are translated in every catalog of po/, and the
# treaty's translated name is the one documents.ini gives it in that language.
# Usage: check-translations.sh SOURCE_ROOT
set -u
root=$1
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
long='Soviet–Lithuanian Peace Treaty (Moscow, 12 July 1920)'

for tool in xgettext msgcmp msggrep msgattrib; do
  command -v $tool >/dev/null || { echo "$tool not found"; exit 77; }
done

xgettext --from-code=UTF-8 --language=C --keyword=N_ --keyword=_ --keyword=CB_NAME_MSGID \
         -o "$tmp/own-words.pot" \
         "$root/src/engine/content/cb-sources.c" "$root/src/engine/content/cb-names.h" \
         "$root/src/engine/content/cb-history.c" || exit 1
n=$(grep -c '^msgid "' "$tmp/own-words.pot")

for lang in lt pl be ru; do
  po="$root/po/$lang.po"
  # msgcmp counts untranslated and fuzzy entries as missing.
  if ! msgcmp "$po" "$tmp/own-words.pot" 2>"$tmp/msgcmp.log"; then
    echo "$lang: source labels, credit words or names not translated:" >&2
    grep -v "this message is not used" "$tmp/msgcmp.log" >&2
    status=1
  fi
  tr=$(msggrep --msgid -F -e "$long" "$po" | msgattrib --no-wrap --no-obsolete |
       sed -n 's/^msgstr "\(.*\)"$/\1/p' | tail -n 1)
  if [ -z "$tr" ] || ! grep -qxF "title[$lang]=$tr" "$root/data/history/documents.ini"; then
    echo "$lang: the treaty is “$tr” in po/$lang.po but not so in documents.ini" >&2
    status=1
  fi
done

[ $status -eq 0 ] && echo "$((n - 1)) own words and names translated in lt, pl, be, ru"
exit $status
