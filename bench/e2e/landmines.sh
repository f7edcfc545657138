#!/usr/bin/env bash
# Landmine detection's CPU per refresh on the 1,300-server fleet day: the fleet day (gen_fleet.py, ending now so that
# every host is fresh) is sent into a real Mine (embedded store); Mine is restarted so that its first detection sees
# the whole stored fleet (it reads 24 h of every metric's history), then every detection's CPU is read from Mine's
# own /_internal/metrics (mine_landmines_compute_cpu_seconds, mine_landmines_trends_cpu_seconds).
#   bench/e2e/landmines.sh [SECONDS]   (default 150 per build; WORK=dir for data; REFRESH=s between detections,
#   default 10, trends every tenth; MINE="bin1 bin2" measures those builds one after the other on the same fleet day,
#   e.g. a build of main against this one, instead of building this tree)
set -euo pipefail
source "$(dirname "$0")/common.sh"
duration=${1:-150}
refresh=${REFRESH:-10}
port=28090
plain=22190

# The fleet day must end now (a host is stale after three of its 5-minute intervals), so it is generated each run.
fleet="$work/fleet-now.txt"
end=$(( $(date +%s) / 300 * 300 ))
echo "generating $fleet (ending $end) ..." >&2
python3 "$shared/bench/gen_fleet.py" 1300 24 300 $(( end - 86400 + 300 )) > "$fleet"
points=$(wc -l < "$fleet")

if [ -z "${MINE:-}" ]; then
  (cd "$root" && dotnet build src/Mine -c Release -p:MineBuildUi=false -v q -nologo >/dev/null)
  MINE="$root/src/Mine/bin/Release/net10.0/mine"
fi
data="$work/mine-landmines"
serve() {
  MINE__FLEET__LANDMINEREFRESHSECONDS=$refresh "$mine" serve --data "$data" --http 127.0.0.1:$port \
    --plaintext 127.0.0.1:$plain --pickle off --collectd off >>"$work/mine-landmines.log" 2>&1 &
  pid=$!
  wait_http http://127.0.0.1:$port/health
}
metric() { curl -sf http://127.0.0.1:$port/_internal/metrics | awk -v p="$1" '$1 == p {print $NF}'; }

measure() {
  mine=$1
  rm -rf "$data"
  serve
  t0=$(date +%s%N)
  send_file "$fleet" $plain
  wait_counter http://127.0.0.1:$port/_internal/metrics mine_points_ingested_total "$points" "$t0" >/dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true

  serve
  echo "measuring for $duration s" >&2
  rows=()
  seen=0
  stop=$(( $(date +%s) + duration ))
  # Polled from the start (nothing asks for the detection but its own loop), so that the first one is seen.
  while [ "$(date +%s)" -lt "$stop" ]; do
    n=$(metric mine_landmines_computations_total); n=${n:-0}
    if [ "$n" != "$seen" ]; then
      seen=$n
      rows+=("$n $(metric mine_landmines_compute_cpu_seconds) $(metric mine_landmines_trends_cpu_seconds) $(metric mine_landmines_compute_seconds)")
    fi
    sleep 0.2
  done
  answer=$(curl -sf http://127.0.0.1:$port/api/fleet/landmines)
  hosts=$(curl -sf http://127.0.0.1:$port/api/fleet/hosts | grep -o '"name"' | wc -l)
  # Which hosts are listed, and why (level metric or trend subject), to compare builds: same data, same answers.
  python3 -c 'import json, sys
a = json.load(sys.stdin)
listed = {" ".join([l["host"], l["kind"], str(l.get("metric"))]) for l in a["landmines"]}
listed |= {" ".join([t["host"], "trend", t["metric"], t["subject"]]) for t in a["trends"]}
print("\n".join(sorted(listed)))' \
    <<<"$answer" > "$work/landmines-listed-$2.txt"
  kill "$pid"; wait "$pid" 2>/dev/null || true

  echo
  echo "$mine (listed: $work/landmines-listed-$2.txt)"
  echo "fleet: $hosts hosts, $points points; $(nproc) cores; refresh ${refresh} s; $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "last answer: $(grep -o '"kind":"level"' <<<"$answer" | wc -l) level, $(grep -o '"kind":"stale"' <<<"$answer" | wc -l) stale, $(grep -o '"kind":"trend"' <<<"$answer" | wc -l) trend landmines"
  echo "| computation | kind | CPU s | of which trends | wall s |"
  echo "|---|---|---|---|---|"
  for r in "${rows[@]}"; do
    set -- $r
    if [ "$1" = 1 ]; then kind=first; elif awk -v t="$3" 'BEGIN{exit !(t > 0)}'; then kind="with trends"; else kind=steady; fi
    printf '| %s | %s | %.3f | %.3f | %.3f |\n' "$1" "$kind" "$2" "$3" "$4"
  done
}

run=0
for m in $MINE; do run=$((run + 1)); measure "$m" "$run"; done
