#!/usr/bin/env bash
# Ingest benchmark (issue 2): the 1,300-server fleet day (35.9 M points, 2 GB of plaintext) over one TCP
# connection into Mine, VictoriaMetrics and, with --carbon, carbon-cache; each measured until every point is
# counted by the system itself, then peak RSS and disk after compaction.
#   bench/e2e/ingest.sh [--carbon|--carbon-only]   (FLEET=file reuses a generated fleet; WORK=dir for data)
set -euo pipefail
source "$(dirname "$0")/common.sh"
fleet=$(fleet_file)
points=$(wc -l < "$fleet")
results=()

run_vm() {
  rm -rf "$work/vm"
  victoria-metrics -storageDataPath "$work/vm" -retentionPeriod 2y -graphiteListenAddr 127.0.0.1:22003 \
    -httpListenAddr 127.0.0.1:28428 -loggerLevel ERROR >"$work/vm.log" 2>&1 &
  local pid=$!
  wait_http http://127.0.0.1:28428/health
  local t0=$(date +%s%N)
  send_file "$fleet" 22003
  local secs
  secs=$(wait_counter http://127.0.0.1:28428/metrics 'vm_rows_inserted_total{type="graphite"}' "$points" "$t0")
  local rss; rss=$(peak_rss_mb $pid)
  curl -sf http://127.0.0.1:28428/internal/force_flush >/dev/null
  curl -sf http://127.0.0.1:28428/internal/force_merge >/dev/null || true
  sleep 5
  while [ "$(curl -sf http://127.0.0.1:28428/metrics | awk '/^vm_active_merges/ {s+=$NF} END {print s+0}')" != "0" ]; do sleep 1; done
  local disk; disk=$(du -sb "$work/vm" | cut -f1)
  kill $pid; wait $pid 2>/dev/null || true
  results+=("VictoriaMetrics $secs $rss $disk")
}

run_mine() {
  local mine; mine=$(build_mine)
  rm -rf "$work/mine"
  "$mine" serve --data "$work/mine" --http 127.0.0.1:28080 --plaintext 127.0.0.1:22103 --pickle off --collectd off >"$work/mine.log" 2>&1 &
  local pid=$!
  wait_http http://127.0.0.1:28080/health
  local t0=$(date +%s%N)
  send_file "$fleet" 22103
  local secs
  secs=$(wait_counter http://127.0.0.1:28080/_internal/metrics 'mine_points_ingested_total' "$points" "$t0")
  local rss; rss=$(peak_rss_mb $pid)
  curl -sf -X POST -H "Authorization: Bearer $(cat "$work/mine/admin-token")" http://127.0.0.1:28080/_internal/compact >/dev/null
  local disk; disk=$(du -sb "$work/mine" | cut -f1)
  kill $pid; wait $pid 2>/dev/null || true
  results+=("Mine $secs $rss $disk")
}

run_carbon() {
  local dir="$work/carbon"
  bash "$shared/tools/graphite-reference.sh" stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
  bash "$shared/tools/graphite-reference.sh" start "$dir" 22203 28880 "5m:1y" >/dev/null
  local pid; pid=$(cat "$dir/run/carbon.pid")
  local t0=$(date +%s%N)
  send_file "$fleet" 22203
  local received; received=$(echo "scale=1; ($(date +%s%N) - $t0) / 1000000000" | bc)
  # Done when carbon's own metric carbon.agents.<host>-a.cache.size (reported every 60 s, last value kept) says
  # its cache is empty after everything was received: every point is then in whisper. Precision +-60 s.
  local size=1
  while [ "$size" != "0" ]; do
    sleep 10
    size=$(find "$dir/whisper/carbon/agents" -name size.wsp -path '*cache*' -exec whisper-fetch --from="$(( $(date +%s) - 600 ))" {} \; 2>/dev/null \
      | awk '$2 != "None" {v = $2} END {printf "%d", v + 0}')
  done
  local secs; secs=$(echo "scale=1; ($(date +%s%N) - $t0) / 1000000000" | bc)
  local rss; rss=$(peak_rss_mb "$pid")
  local disk; disk=$(du -sb "$dir/whisper" | cut -f1)
  bash "$shared/tools/graphite-reference.sh" stop "$dir" >/dev/null
  results+=("carbon-cache $secs $rss $disk (received in ${received}s)")
}

case "${1:-}" in
  --carbon-only) run_carbon ;;
  --carbon) run_mine; run_vm; run_carbon ;;
  *) run_mine; run_vm ;;
esac

echo
echo "fleet: $points points; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| system | seconds | points/s | peak RSS MB | disk bytes | bytes/point |"
echo "|---|---|---|---|---|---|"
for r in "${results[@]}"; do
  set -- $r
  echo "| $1 | $2 | $(echo "$points / $2" | bc) | $3 | $4 | $(echo "scale=2; $4 / $points" | bc) |${5:+ ${*:5}}"
done
