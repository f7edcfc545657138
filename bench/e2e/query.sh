#!/usr/bin/env bash
# Query benchmark (issues 2 and 4): /metrics/find, /render of stored series and of render functions on the
# fleet day, Mine against
# graphite-web 1.1 (Debian, gunicorn with 2 workers, carbon-cache writing whisper) on the same data and the same
# retention (5m:1y). Median of N timed requests each, measured with curl from this machine.
#   bench/e2e/query.sh [N]        (FLEET=file reuses a generated fleet; WORK=dir; KEEP=1 keeps both running)
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-20}
fleet=$(fleet_file)
start=$(fleet_start "$fleet")
gdir="$work/graphite"
schemas="$work/schemas-5m1y.conf"
printf '[all]\npattern = .*\nretentions = 5m:1y\n' > "$schemas"

last_point_visible() { # url-base, metric, timestamp
  curl -sf "$1/render?target=$2&format=json&from=$(( $3 - 600 ))&until=$(( $3 + 300 ))" | grep -q "$3\]"
}

# graphite-web + carbon (reuses a previous run's whisper files when they hold the whole day)
last_metric=$(tail -1 "$fleet" | awk '{print $1}'); last_ts=$(tail -1 "$fleet" | awk '{print $3}')
bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null 2>&1 || true
if [ ! -f "$gdir/loaded-$start" ]; then
  rm -rf "$gdir"
  bash "$shared/tools/graphite-reference.sh" start "$gdir" 22203 28880 "5m:1y" >/dev/null
  echo "loading the fleet into carbon (several minutes) ..." >&2
  send_file "$fleet" 22203
  until last_point_visible http://127.0.0.1:28880 "$last_metric" "$last_ts"; do sleep 5; done
  sleep 30 # carbon writes the last series last only with luck; give the cache time to drain
  touch "$gdir/loaded-$start"
else
  bash "$shared/tools/graphite-reference.sh" start "$gdir" 22203 28880 "5m:1y" >/dev/null
fi

mine=$(build_mine)
pkill -f "mine serve --data $work/mine-query" 2>/dev/null || true
rm -rf "$work/mine-query"
"$mine" serve --data "$work/mine-query" --http 127.0.0.1:28090 --plaintext 127.0.0.1:22303 --pickle off --collectd off --schemas "$schemas" >"$work/mine-query.log" 2>&1 &
mine_pid=$!
wait_http http://127.0.0.1:28090/health
t0=$(date +%s%N)
send_file "$fleet" 22303
wait_counter http://127.0.0.1:28090/_internal/metrics mine_points_ingested_total "$(wc -l < "$fleet")" "$t0" >/dev/null
curl -sf -X POST -H "Authorization: Bearer $(cat "$work/mine-query/admin-token")" http://127.0.0.1:28090/_internal/compact >/dev/null

median_ms() { # url
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}'
}

day="format=json&from=$start&until=$(( start + 86400 ))"
fn() { # label = target; the path escapes what curl would otherwise read as URL syntax
  local t=$1
  echo "\`$t\` (1 day)|/render?target=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$t")&$day"
}
queries=(
  "find servers.*.cpu-*.*|/metrics/find?query=servers.*.cpu-*.*"
  "render servers.web-*.nginx.response (1 day, json)|/render?target=servers.web-*.nginx.response&$day"
  "render servers.*.load.load.shortterm (1 day, json)|/render?target=servers.*.load.load.shortterm&$day"
  "$(fn 'sumSeries(servers.*.interface-eth0.if_octets.rx)')"
  "$(fn 'highestAverage(servers.*.load.load.shortterm,10)')"
  "$(fn 'groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")')"
  "$(fn 'movingAverage(servers.web-*.load.load.shortterm,12)')"
  "$(fn 'summarize(servers.web-*.nginx.nginx_requests,"1h","sum")')"
  "$(fn 'maxSeries(servers.*.disk-sda.disk_ops.write)')"
  "$(fn 'aliasByNode(nonNegativeDerivative(servers.db-*.interface-eth0.if_octets.tx),1)')"
  "$(fn 'averageSeries(servers.app-*.memory.memory-used)')"
  "$(fn 'percentileOfSeries(servers.*.load.load.midterm,95)')"
  "$(fn 'sortByMaxima(currentAbove(servers.*.load.load.shortterm,2))')"
)
echo
echo "fleet: $(wc -l < "$fleet") points from $start; median of $n requests; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| query | graphite-web ms | Mine ms | speed-up |"
echo "|---|---|---|---|"
for q in "${queries[@]}"; do
  label=${q%%|*}; path=${q#*|}
  # Same answer first: both must succeed and the bodies must match byte for byte, or the timing means nothing.
  curl -sf -o "$work/graphite.out" "http://127.0.0.1:28880$path" || { echo "graphite-web failed: $label" >&2; exit 1; }
  curl -sf -o "$work/mine.out" "http://127.0.0.1:28090$path" || { echo "Mine failed: $label" >&2; exit 1; }
  if ! cmp -s "$work/graphite.out" "$work/mine.out" && { [[ $path == /metrics* ]] || ! python3 "$(dirname "$0")/same_series.py" "$work/graphite.out" "$work/mine.out"; }; then
    echo "responses differ for $label ($work/graphite.out vs $work/mine.out)" >&2; exit 1
  fi
  g=$(median_ms "http://127.0.0.1:28880$path"); m=$(median_ms "http://127.0.0.1:28090$path")
  echo "| $label | $g | $m | $(echo "scale=1; $g / $m" | bc)x |"
done

if [ -z "${KEEP:-}" ]; then
  kill $mine_pid; bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null
fi
