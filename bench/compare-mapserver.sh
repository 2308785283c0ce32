#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Whole-process time of a 4000x3000 PNG of the default layers, whole region:
# `contested-borders --export` against MapServer 8's map2img drawing the same
# shapefiles with the same styles in the same projection (bench/cb-mapfile.c
# writes the mapfile from the catalog).  Five runs each, alternating, medians.
# Then the peak memory of a 16000x12000 export.
#
#   compare-mapserver.sh APP CB_MAPFILE
#
# Prints:
#   bench export-4000x3000 ours_median_ms=… map2img_median_ms=… ratio=…
#   bench export-16000x12000 ours_ms=… max_rss_kib=…
set -euo pipefail

app=$1
mapfile_tool=$2
runs=${CB_BENCH_RUNS:-5}
width=4000
height=3000

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ms_now() { date +%s%N; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if command -v map2img >/dev/null 2>&1; then
  font=$(fc-match -f '%{file}' sans 2>/dev/null || echo /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)
  printf 'sans %s\n' "$font" > "$work/fonts.txt"
  # MapServer 8 insists on a config file; an empty CONFIG block will do.
  printf 'CONFIG\nEND\n' > "$work/bench.conf"
  extent=$("$mapfile_tool" "$width" "$height" "$work/fonts.txt" 2>&1 >"$work/bench.map")
  read -r minx miny maxx maxy <<<"$extent"

  ours=()
  theirs=()
  for i in $(seq "$runs"); do
    t0=$(ms_now)
    "$app" --export "$work/ours.png" --size "${width}x${height}" --bbox 20,52,30,57.5
    t1=$(ms_now)
    map2img -conf "$work/bench.conf" -m "$work/bench.map" -o "$work/map2img.png" \
      -s "$width" "$height" -e "$minx" "$miny" "$maxx" "$maxy" >/dev/null
    t2=$(ms_now)
    ours+=($(( (t1 - t0) / 1000000 )))
    theirs+=($(( (t2 - t1) / 1000000 )))
  done

  ours_median=$(printf '%s\n' "${ours[@]}" | median)
  theirs_median=$(printf '%s\n' "${theirs[@]}" | median)
  echo "runs ours_ms=${ours[*]} map2img_ms=${theirs[*]}"
  echo "sizes ours_bytes=$(stat -c %s "$work/ours.png") map2img_bytes=$(stat -c %s "$work/map2img.png")"
  awk -v a="$ours_median" -v b="$theirs_median" 'BEGIN {
    printf "bench export-%sx%s ours_median_ms=%d map2img_median_ms=%d ratio=%.2f\n", "'$width'", "'$height'", a, b, a / b }'
else
  echo "bench export-${width}x${height} skipped: map2img (Debian package mapserver-bin) is not installed"
fi

# Peak memory of a poster-sized export (bands keep it bounded).
if [ -x /usr/bin/time ]; then
  t0=$(ms_now)
  /usr/bin/time -v -o "$work/time.txt" "$app" --export "$work/poster.png" --size 16000x12000
  t1=$(ms_now)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
  echo "bench export-16000x12000 ours_ms=$(( (t1 - t0) / 1000000 )) max_rss_kib=$rss bytes=$(stat -c %s "$work/poster.png")"
else
  echo "bench export-16000x12000 skipped: /usr/bin/time (Debian package time) is not installed"
fi
