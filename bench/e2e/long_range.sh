#!/usr/bin/env bash
# Fleet-wide year-long renders: a real `mine serve` holds the fleet day (default retentions: 1m:14d,5m:1y). Ten
# year-long renders that cannot fit MaxPointsPerRequest without maxDataPoints (refused), then ten with Grafana's
# maxDataPoints (answered, consolidated while read), repeated ROUNDS times; resident memory before, after each
# burst, and once the server has been idle for IDLE seconds (anonymous memory apart from mapped part files).
#   bench/e2e/long_range.sh [ROUNDS] [IDLE]
#   (FLEET=file reuses a generated fleet; WORK=dir for data, reused when it already holds the fleet day; MINE=binary)
set -euo pipefail
source "$(dirname "$0")/common.sh"
rounds=${1:-3}; idle=${2:-75}
fleet=$(fleet_file)
start=$(fleet_start "$fleet")
mine=${MINE:-$(build_mine)}
data="$work/mine-long-range"
http=127.0.0.1:28097; plain=22307
serve() {
  "$mine" serve --data "$data" --http "$http" --plaintext "127.0.0.1:$plain" --pickle off --collectd off >>"$work/mine-long-range.log" 2>&1 &
  pid=$!
  wait_http "http://$http/health"
}
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true' EXIT

if [ ! -f "$data/loaded-$start" ]; then
  rm -rf "$data"
  serve
  t0=$(date +%s%N)
  send_file "$fleet" "$plain"
  wait_counter "http://$http/_internal/metrics" mine_points_ingested_total "$(wc -l < "$fleet")" "$t0" >/dev/null
  curl -sf -X POST -H "Authorization: Bearer $(cat "$data/admin-token")" "http://$http/_internal/flush" >/dev/null
  kill "$pid"; wait "$pid" || true
  touch "$data/loaded-$start"
fi

serve
sleep 10 # the start settles
memory() { # label
  awk -v l="$1" '/^(VmRSS|RssAnon|RssFile):/ {v[$1]=$2} END {printf "%-32s RSS %5.0f MB (anonymous %4.0f MB, mapped files %4.0f MB)\n", l, v["VmRSS:"]/1024, v["RssAnon:"]/1024, v["RssFile:"]/1024}' "/proc/$pid/status"
}
refused=(
  "/render?format=json&from=-1y&target=$(enc 'sumSeries(servers.*.*.*)')"
  "/render?format=json&from=-1y&target=$(enc 'groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")')"
)
answered=(
  "/render?format=json&from=-1y&maxDataPoints=1000&target=$(enc 'groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")')"
  "/render?format=json&from=-1y&maxDataPoints=1000&target=$(enc 'sumSeries(servers.*.cpu-*.cpu-user)')"
)
burst() { # kind, urls...
  local kind=$1; shift
  local times=() codes=()
  for i in $(seq 0 9); do
    local url=${*:$(( i % $# + 1 )):1}
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "http://$http$url")
    codes+=("$code"); times+=("$t")
  done
  printf '%s: statuses %s; seconds median %s, max %s\n' "$kind" "$(printf '%s\n' "${codes[@]}" | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$(printf '%s\n' "${times[@]}" | sort -n | tail -1)"
}

echo "fleet-wide year-long renders on the fleet day; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
memory "started"
curl -s -o /dev/null "http://$http${answered[1]}"
memory "after one answered render"
for r in $(seq 1 "$rounds"); do
  burst "round $r, ten refused" "${refused[@]}"
  memory "  after them"
  burst "round $r, ten answered" "${answered[@]}"
  memory "  after them"
done
sleep "$idle"
memory "idle ${idle} s later"
awk '/^VmHWM:/ {printf "peak RSS %.0f MB\n", $2/1024}' "/proc/$pid/status"
