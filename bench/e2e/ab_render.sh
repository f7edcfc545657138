#!/usr/bin/env bash
# Same-minute A/B of two Mine builds on one render: the machine here is shared and its speed moves by ±30 % within
# minutes, so two builds are only comparable when their requests alternate. Each build serves its own copy of DATA
# (a compacted data folder, e.g. the one bench/e2e/query.sh leaves in $WORK/mine-query); N requests each, alternating,
# curl to /dev/null; prints the median and mean wall time and the server CPU per request.
#   bench/e2e/ab_render.sh MINE_A MINE_B DATA [N] [TARGET] [FROM] [UNTIL]
#   e.g. git worktree add /tmp/old <commit> && (cd /tmp/old && dotnet build -c Release src/Mine)
#        bench/e2e/ab_render.sh /tmp/old/src/Mine/bin/Release/net10.0/mine src/Mine/bin/Release/net10.0/mine \
#          /tmp/mine-bench/mine-query 60
set -euo pipefail
source "$(dirname "$0")/common.sh"
bin_a=$1; bin_b=$2; data=$3; n=${4:-60}
target=${5:-'groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")'}
from=${6:-1795564800}; until=${7:-$(( from + 86400 ))}
query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$target")
schemas="$work/schemas-5m1y.conf"
printf '[all]\npattern = .*\nretentions = 5m:1y\n' > "$schemas"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
ports=(28191 28192)
bins=("$bin_a" "$bin_b")
for i in 0 1; do
  rm -rf "$work/ab-$i" && cp -r "$data" "$work/ab-$i"
  "${bins[$i]}" serve --data "$work/ab-$i" --http "127.0.0.1:${ports[$i]}" --plaintext "127.0.0.1:$(( ports[i] - 6000 ))" \
    --pickle off --collectd off --schemas "$schemas" >"$work/ab-$i.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:${ports[$i]}/health"
done

url() { echo "http://127.0.0.1:$1/render?target=$query&format=json&from=$from&until=$until"; }
for i in 0 1; do for _ in $(seq 1 10); do curl -s -o /dev/null "$(url "${ports[$i]}")"; done; done # warm up
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A times
cpu0=($(cpu "${pids[0]}") $(cpu "${pids[1]}"))
for _ in $(seq 1 "$n"); do
  for i in 0 1; do times[$i]+="$(curl -s -o /dev/null -w '%{time_total}' "$(url "${ports[$i]}")") "; done
done
cpu1=($(cpu "${pids[0]}") $(cpu "${pids[1]}"))
tick=$(getconf CLK_TCK)
echo "$target, $n alternating requests each, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for i in 0 1; do
  stats=$(echo "${times[$i]}" | tr ' ' '\n' | grep . | sort -n | awk '{x[NR]=$1; s+=$1} END {printf "median %.1f ms, mean %.1f ms", x[int((NR+1)/2)]*1000, s/NR*1000}')
  echo "${bins[$i]}: $stats, server CPU $(( (cpu1[i] - cpu0[i]) * 1000 / tick / n )) ms per request"
done
