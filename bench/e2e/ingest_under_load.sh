#!/usr/bin/env bash
# Ingest under query load: does a burst of heavy renders starve ingest? A real `mine serve` holds the fleet day;
# a plaintext sender streams the fleet file at full speed over one TCP connection, and points/s is read from Mine's
# own mine_points_ingested_total over a fixed window. Phases alternate without and with N concurrent heavy renders
# (N clients in one light process, each sleeping Retry-After on a 503), because the machine is shared and its speed moves within
# minutes; the answer is the ratio of the medians (goal: at least 0.8).
#   bench/e2e/ingest_under_load.sh [N_RENDERS] [ROUNDS] [WINDOW_SECONDS]
#   (FLEET=file reuses a generated fleet; WORK=dir for data; MINE=binary tests another build; MINE_ARGS=extra options)
set -euo pipefail
source "$(dirname "$0")/common.sh"
clients=${1:-50}; rounds=${2:-3}; window=${3:-20}
fleet=$(fleet_file)
start=$(fleet_start "$fleet")
mine=${MINE:-$(build_mine)}
data="$work/mine-under-load"
http=127.0.0.1:28095; plain=22305
rm -rf "$data"
# shellcheck disable=SC2086
"$mine" serve --data "$data" --http "$http" --plaintext "127.0.0.1:$plain" --pickle off --collectd off ${MINE_ARGS:-} >"$work/mine-under-load.log" 2>&1 &
pid=$!
stop="$work/under-load.stop"
cleanup() { touch "$stop"; kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http "http://$http/health"

# The fleet day first, so the renders have data to chew on.
t0=$(date +%s%N)
send_file "$fleet" "$plain"
points=$(wc -l < "$fleet")
wait_counter "http://$http/_internal/metrics" mine_points_ingested_total "$points" "$t0" >/dev/null
curl -sf -X POST -H "Authorization: Bearer $(cat "$data/admin-token")" "http://$http/_internal/flush" >/dev/null

counter() { curl -sf "http://$http/_internal/metrics" | awk '/^mine_points_ingested_total / {print $2}'; }
gc_pause() { curl -sf "http://$http/_internal/metrics" | awk '/^mine_gc_pause_seconds_total / {print $2}'; }
day="from=$start&until=$(( start + 86400 ))"
renders=(
  "/render?format=json&$day&target=$(enc 'servers.*.cpu-*.cpu-user|groupByNode(1,"sumSeries")')"
  "/render?format=png&width=1600&height=900&$day&target=$(enc 'movingMedian(servers.web-*.load.load.shortterm,"2h")')"
  "/render?format=json&$day&target=$(enc 'percentileOfSeries(servers.*.interface-eth0.if_octets.rx,95)')"
  "/render?format=svg&width=1200&$day&target=$(enc 'highestAverage(servers.*.memory.memory-used,20)')"
)

# The dashboards: N clients in one light process (bench/e2e/render_clients.py), each rendering back to back and
# sleeping Retry-After on a 503.

# One phase: stream the fleet repeatedly for warm-up + window seconds; points/s over the window.
phase() {
  local load=$1 log="$work/under-load-renders.$1.$2"
  rm -f "$stop" "$log"; touch "$log"
  local cpids=()
  if [ "$load" = load ]; then
    python3 "$(dirname "$0")/render_clients.py" "$http" "$clients" "$stop" "$log" "${renders[@]}" & cpids+=($!)
    sleep 3 # the queue fills
  fi
  ( while [ ! -f "$stop" ]; do cat "$fleet"; done ) > "/dev/tcp/127.0.0.1/$plain" 2>/dev/null &
  local sender=$!
  sleep 3 # warm-up: the connection is streaming
  local c0 t0 c1 t1 g0 g1
  c0=$(counter); g0=$(gc_pause); t0=$(date +%s%N)
  sleep "$window"
  c1=$(counter); g1=$(gc_pause); t1=$(date +%s%N)
  touch "$stop"
  kill "$sender" 2>/dev/null || true
  for p in "${cpids[@]}"; do wait "$p" 2>/dev/null || true; done
  wait "$sender" 2>/dev/null || true
  sleep 2 # the pipeline drains before the next phase
  echo "$load $(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.0f", (b - a) / ((t1 - t0) / 1e9)}') $(awk -v a="$g0" -v b="$g1" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.3f", (b - a) / ((t1 - t0) / 1e9)}')"
}

results=()
for r in $(seq 1 "$rounds"); do
  results+=("$(phase quiet "$r")")
  results+=("$(phase load "$r")")
done

echo
echo "ingest under query load: $clients concurrent heavy renders, ${window}s windows, $rounds rounds; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
runs = [line.split() for line in sys.stdin if line.strip()]
for kind, value, paused in runs:
    print(f"  {kind}: {int(value):,} points/s, GC pauses {float(paused) * 100:.1f} % of the time")
quiet = statistics.median(int(v) for k, v, _ in runs if k == "quiet")
load = statistics.median(int(v) for k, v, _ in runs if k == "load")
print(f"median without renders {quiet:,.0f} points/s, with {load:,.0f} points/s: ratio {load / quiet:.2f}")'
cat "$work"/under-load-renders.load.* | python3 -c '
import sys, statistics, collections
rows = [line.split() for line in sys.stdin if line.strip()]
for code, count in sorted(collections.Counter(r[0] for r in rows).items()):
    print(f"  renders answered {code}: {count}")
ok = [float(r[1]) for r in rows if r[0] == "200"]
if ok:
    print(f"  render time (200s): median {statistics.median(ok):.2f} s")'
rss_now() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }
echo "  mine peak RSS $(peak_rss_mb "$pid") MB, after the last phase $(rss_now) MB, $(sleep 25; rss_now) MB 25 s later"
