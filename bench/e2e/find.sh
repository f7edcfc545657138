#!/usr/bin/env bash
# find benchmark: /metrics/find?query=servers.*.cpu-*.* (41,600 matches folded by treejson into 8 entries) on Mine
# and on VictoriaMetrics (Debian `victoria-metrics`, its Graphite find API), each loaded with the same fleet one after
# the other; median and p90 of N curl requests each, after a warm-up. find depends on the names only, so by default
# the fleet is one hour of the fleet day's 124,800 series (gen_fleet.py 1300 1 300); FLEET=file uses another.
#   bench/e2e/find.sh [N]        (WORK=dir for data)
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-30}
fleet=${FLEET:-$work/fleet-hour.txt}
if [ ! -s "$fleet" ]; then
  python3 "$shared/bench/gen_fleet.py" 1300 1 300 "$(( $(date +%s) / 3600 * 3600 - 3600 ))" > "$fleet"
fi
points=$(wc -l < "$fleet")
series=$(awk '{print $1}' "$fleet" | sort -u | wc -l)
query='/metrics/find?query=servers.*.cpu-*.*'

timings() { # url: prints "median p90" in ms over n requests, after 3 unmeasured ones
  for _ in 1 2 3; do curl -sf -o /dev/null "$1"; done
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n |
    awk '{a[NR]=$1} END {printf "%.1f %.1f", a[int((NR+1)/2)]*1000, a[int(NR*0.9+0.5)]*1000}'
}

rm -rf "$work/vm-find"
victoria-metrics -storageDataPath "$work/vm-find" -retentionPeriod 2y -graphiteListenAddr 127.0.0.1:22013 \
  -httpListenAddr 127.0.0.1:28438 -loggerLevel ERROR >"$work/vm-find.log" 2>&1 &
vm=$!
wait_http http://127.0.0.1:28438/health
send_file "$fleet" 22013
wait_counter http://127.0.0.1:28438/metrics 'vm_rows_inserted_total{type="graphite"}' "$points" "$(date +%s%N)" >/dev/null
curl -sf http://127.0.0.1:28438/internal/force_flush >/dev/null
sleep 3
vm_entries=$(curl -sf "http://127.0.0.1:28438$query" | grep -o '"text"' | wc -l)
read -r vm_median vm_p90 < <(timings "http://127.0.0.1:28438$query")
kill $vm; wait $vm 2>/dev/null || true

mine=$(build_mine)
rm -rf "$work/mine-find"
"$mine" serve --data "$work/mine-find" --http 127.0.0.1:28098 --plaintext 127.0.0.1:22313 --pickle off --collectd off >"$work/mine-find.log" 2>&1 &
mine_pid=$!
wait_http http://127.0.0.1:28098/health
send_file "$fleet" 22313
wait_counter http://127.0.0.1:28098/_internal/metrics mine_points_ingested_total "$points" "$(date +%s%N)" >/dev/null
mine_entries=$(curl -sf "http://127.0.0.1:28098$query" | grep -o '"text"' | wc -l)
read -r mine_median mine_p90 < <(timings "http://127.0.0.1:28098$query")
kill $mine_pid; wait $mine_pid 2>/dev/null || true

echo "find servers.*.cpu-*.* over $series series, $n requests each, $(nproc) cores, $(date -u +%F)"
printf '| system | entries | median ms | p90 ms |\n|---|---:|---:|---:|\n'
printf '| VictoriaMetrics %s | %s | %s | %s |\n' "$(victoria-metrics -version 2>/dev/null | head -1 | grep -o 'v[0-9.]*' | head -1)" "$vm_entries" "$vm_median" "$vm_p90"
printf '| Mine | %s | %s | %s |\n' "$mine_entries" "$mine_median" "$mine_p90"
awk -v m="$mine_median" -v v="$vm_median" 'BEGIN {printf "Mine / VictoriaMetrics (median): %.2f\n", m / v}'
