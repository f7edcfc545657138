#!/usr/bin/env bash
# Import benchmark: `mine import-whisper --data` over the whisper folder carbon-cache wrote for the fleet day
# (`bench/e2e/ingest.sh --carbon-only` leaves it in $WORK/carbon/whisper, 5m:1y per series), into a fresh folder.
# Prints the time, points/s, peak RSS (the kernel's high-water mark) and the folder's size after the import.
#   bench/e2e/import_whisper.sh [WHISPER_DIR] [--jobs N]
# With TO=1 the same files go to a running `mine serve` over HTTP (`--to`, POST /_internal/import) instead; the peak
# RSS is then the importer's, and the server's is printed beside it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
src=${1:-$work/carbon/whisper}
shift || true
mine=$(build_mine)
rm -rf "$work/import"
files=$(find "$src" -name '*.wsp' | wc -l)
apparent=$(du -sb --apparent-size "$src" | cut -f1)
ondisk=$(du -s --block-size=1 "$src" | cut -f1)
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || echo "(page cache not dropped: not root)" >&2
mode="--data"
if [ "${TO:-0}" = 1 ]; then
  mode="--to"
  "$mine" serve --data "$work/import" --http 127.0.0.1:28090 --plaintext off --pickle off --collectd off >"$work/import-serve.log" 2>&1 &
  serve_pid=$!
  trap 'kill $serve_pid 2>/dev/null || true' EXIT
  wait_http http://127.0.0.1:28090/health
  /usr/bin/time -v "$mine" import-whisper "$src" --to http://127.0.0.1:28090 --admin-token-file "$work/import/admin-token" --journal "$work/import-to.journal" "$@" >"$work/import.log" 2>"$work/import.err" || true
  rm -f "$work/import-to.journal"
  echo "server peak RSS MB: $(peak_rss_mb $serve_pid)"
else
  /usr/bin/time -v "$mine" import-whisper "$src" --data "$work/import" "$@" >"$work/import.log" 2>"$work/import.err" || true
fi
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/import.err")
rss=$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$work/import.err")
points=$(awk '/^series created/ {gsub(",", "", $5); print $5}' "$work/import.log")
disk=$(du -sb "$work/import" | cut -f1)
grep -E '^(files|series|time|error)' "$work/import.log" | head -20
echo
echo "whisper: $files files, $apparent bytes apparent, $ondisk on disk; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| command | seconds | points | points/s | peak RSS MB | Mine folder bytes |"
echo "|---|---|---|---|---|---|"
echo "| mine import-whisper $mode | $secs | $points | $(echo "$points / $secs" | bc) | $rss | $disk |"
