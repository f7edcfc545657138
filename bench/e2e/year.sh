#!/usr/bin/env bash
# A year of 5-minute data for a slice of the fleet (YEAR_HOSTS hosts x 96 series, 105,120 points each), written as
# whisper files (bench/e2e/gen_whisper_year.py) that graphite-web 1.1 (Debian, gunicorn, 2 workers) serves and
# `mine import-whisper` loads into Mine. Fleet-wide renders over the whole year with Grafana's maxDataPoints, the
# median of N timed requests each (curl), both servers' peak RSS, whether the answers are the same bytes, and
# Mine's bytes on disk per point.
#   bench/e2e/year.sh [N]        (YEAR_HOSTS=10; WORK=dir, whose year/ folder is reused when it holds the same slice;
#                                 GRAPHITE_FETCH_TIMEOUT=seconds raises graphite-web's 6 s fetch limit)
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-3}
hosts=${YEAR_HOSTS:-10}
fleet=$(fleet_file)
year="$work/year"
gdir="$year/graphite"
mine=${MINE:-$(build_mine)}
gport=28890; mport=28098
names="$year/names.txt"

bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null 2>&1 || true
if [ ! -f "$year/made-$hosts" ]; then
  rm -rf "$year"; mkdir -p "$year"
  host=$(head -1 "$fleet" | cut -d. -f2)
  grep "^servers\.$host\." "$fleet" | awk '{print $1}' | sort -u > "$names"
  bash "$shared/tools/graphite-reference.sh" start "$gdir" 22213 "$gport" "5m:1y" >/dev/null
  bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null
  end=$(( $(date +%s) / 300 * 300 - 300 ))
  echo "writing $hosts hosts' year as whisper files ..." >&2
  python3 "$(dirname "$0")/gen_whisper_year.py" "$hosts" "$gdir/whisper" "$names" "$end" >&2
  echo "$end" > "$year/end"
  echo "importing them into Mine ..." >&2
  /usr/bin/time -v "$mine" import-whisper "$gdir/whisper" --data "$year/mine" >"$year/import.log" 2>"$year/import.err"
  touch "$year/made-$hosts"
fi
end=$(cat "$year/end")
now=$(( end + 300 ))
files=$(find "$gdir/whisper/servers" -name '*.wsp' | wc -l)

bash "$shared/tools/graphite-reference.sh" start "$gdir" 22213 "$gport" "5m:1y" >/dev/null
# graphite-web gives up on a fetch after FETCH_TIMEOUT (6 s): the wide year-long renders fail with "Timed out after
# 6.0s for fetch". GRAPHITE_FETCH_TIMEOUT raises it (the workers reload their settings on HUP) to time its answer.
if [ -n "${GRAPHITE_FETCH_TIMEOUT:-}" ]; then
  echo "FETCH_TIMEOUT = $GRAPHITE_FETCH_TIMEOUT" >> "$gdir/web/mine_reference_settings.py"
  kill -HUP "$(cat "$gdir/run/web.pid")"
  sleep 5
  wait_http "http://127.0.0.1:$gport/metrics/find?query=*"
fi
"$mine" serve --data "$year/mine" --http 127.0.0.1:$mport --plaintext off --pickle off --collectd off >"$year/mine.log" 2>&1 &
mine_pid=$!
trap 'kill $mine_pid 2>/dev/null || true; bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null 2>&1 || true' EXIT
wait_http "http://127.0.0.1:$mport/health"
sleep 5
mine_rss_start=$(awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$mine_pid/status")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_url() { # url -> median seconds over n
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$1" || true; done | median
}
targets=(
  'sumSeries(servers.*.cpu-*.cpu-user)'
  'groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")'
  'servers.*.*.*'
  'sumSeries(servers.*.*.*)'
)
echo "a year of 5-minute points, $hosts hosts x 96 series ($files series); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| target (from=-1y, maxDataPoints=1000, json) | graphite-web s | Mine s | ratio | same bytes |"
echo "|---|---|---|---|---|"
for t in "${targets[@]}"; do
  q="/render?format=json&from=-1y&now=$now&maxDataPoints=1000&target=$(enc "$t")"
  curl -s -o "$year/graphite.out" "http://127.0.0.1:$gport$q" || echo "no answer (curl $?)" > "$year/graphite.out"
  curl -s -o "$year/mine.out" "http://127.0.0.1:$mport$q" || echo "no answer (curl $?)" > "$year/mine.out"
  same=$(cmp -s "$year/graphite.out" "$year/mine.out" && echo yes || echo no)
  grep -q "Timed out after" "$year/graphite.out" && same="graphite-web: fetch timed out"
  grep -q "^no answer" "$year/graphite.out" && same="graphite-web: $(cat "$year/graphite.out") (gunicorn's 30 s worker timeout)"
  g=$(time_url "http://127.0.0.1:$gport$q")
  m=$(time_url "http://127.0.0.1:$mport$q")
  echo "| \`$t\` | $g | $m | $(awk -v g="$g" -v m="$m" 'BEGIN {printf "%.0f", g / m}') | $same |"
done
sleep 1
gpeak=0
for p in $(pgrep -f "gunicorn.*$gport"); do
  v=$(awk '/^VmHWM:/ {printf "%.0f", $2/1024}' "/proc/$p/status" 2>/dev/null || echo 0)
  [ "$v" -gt "$gpeak" ] && gpeak=$v
done
echo
echo "graphite-web: peak RSS of its largest worker ${gpeak} MB"
echo "Mine: RSS ${mine_rss_start} MB after the start, peak $(peak_rss_mb $mine_pid) MB, $(awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$mine_pid/status") MB after the renders"
points=$(( files * 105120 ))
bytes=$(du -sb "$year/mine" | cut -f1)
wbytes=$(du -sb "$gdir/whisper/servers" | cut -f1)
echo "Mine's folder: $bytes bytes for $points points, $(awk -v b="$bytes" -v p="$points" 'BEGIN {printf "%.2f", b / p}') bytes per point (whisper: $(awk -v b="$wbytes" -v p="$points" 'BEGIN {printf "%.2f", b / p}'))"
echo "import: $(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$year/import.err") wall, peak RSS $(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$year/import.err") MB"
