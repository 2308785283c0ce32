#!/bin/sh
# One name for the treaty and for each 1919 line (src/engine/content/cb-names.h):
# no other form in the interface (src/, ui/), the bundled texts (data/), the
# layers' feature names (geodata/src/), the help (help/C/) or the README.
# data/history/sources.ini is left out: it keeps works' titles as published.
# Usage: check-names.sh SOURCE_ROOT
set -u
root=$1
status=0
long='Soviet–Lithuanian Peace Treaty (Moscow, 12 July 1920)'
short='Soviet–Lithuanian Peace Treaty'

# In C files only string literals count (lines with a double quote).
search() {
  grep -rnF --include='*.c' --include='*.h' -e "$1" "$root/src" | grep -F '"'
  grep -rnF --include='*.ui' --include='*.ini' --include='*.in' --include='*.xml' \
       --exclude='sources.ini' -e "$1" "$root/src" "$root/ui" "$root/data"
  # The feature names and notes of the bundled layers, the help and the README.
  grep -rnF --include='*.csv' --include='*.geojson' --include='*.page' -e "$1" \
       "$root/geodata/src" "$root/help/C"
  grep -nF -e "$1" "$root/README.md"
}

# Other names of the treaty, and the June line called a Foch line.
for form in 'Treaty of Moscow' 'treaty of Moscow' 'Moscow treaty' 'Moscow Treaty' \
            'Treaty of Peace between' 'Peace Treaty between' 'peace treaty of Moscow' \
            "$short of" 'Foch line, 18 June' 'Foch lines' 'first Foch line' \
            'First Entente line' 'First Entente demarcation line' 'Foch line (26' \
            'Foch line (Supreme' \
            'Foch line, 26 July'; do
  hits=$(search "$form")
  if [ -n "$hits" ]; then
    echo "$hits" >&2
    echo "another form of a name above: “$form” (use cb-names.h)" >&2
    status=1
  fi
done

# The long form is written once in the code: in cb-names.h.
n=$(grep -rlF --include='*.c' --include='*.h' "\"$long\"" "$root/src" | wc -l)
if [ "$n" -ne 1 ] || ! grep -qF "\"$long\"" "$root/src/engine/content/cb-names.h"; then
  echo "the treaty's long name is written in $n code files; only cb-names.h may" >&2
  grep -rnF --include='*.c' --include='*.h' "\"$long\"" "$root/src" >&2
  status=1
fi

# Where a file names the treaty, it uses the long or the short form exactly:
# after the short form comes the long form's date or no date at all.
hits=$(search "$short" | grep -vF "$long" | grep -E "$short"'(, | \(| )[0-9]')
if [ -n "$hits" ]; then
  echo "$hits" >&2
  echo "the treaty named with a date in another form than “$long”" >&2
  status=1
fi

# The history texts that name the lines use the same words as the legend.
for name in 'Entente line of 18 June 1919' 'Foch line of 26 July 1919'; do
  if ! grep -qF "$name" "$root/data/history/documents.ini" ||
     ! grep -qF "$name" "$root/data/history/tour.ini" ||
     ! grep -qF "\"$name\"" "$root/src/engine/content/cb-names.h"; then
    echo "“$name” is not the name in cb-names.h, documents.ini and tour.ini alike" >&2
    status=1
  fi
done

[ $status -eq 0 ] && echo "one name each for the treaty and the 1919 lines in src/, ui/, data/, geodata/src/, help/C/ and README.md"
exit $status
