#!/usr/bin/env bash
# ClickHouse storage benchmark: the fleet day into Mine storing in ClickHouse (serve --clickhouse), against the same
# rows inserted by curl alone as RowBinary into the same table (the ceiling: ClickHouse's own insert rate here) and
# against Mine's embedded engine (ingest.sh's measure); then query.sh's render set against Mine-on-ClickHouse and
# against graphite-web on the same data, with ClickHouse's own time per request from system.query_log, and the same
# statements replayed by curl alone (the floor for any reader of these tables).
# A private ClickHouse 18.16 runs on loopback with its config, data and logs in $WORK/clickhouse; everything this
# script starts is stopped when it ends (KEEP=1 leaves ClickHouse, Mine-on-ClickHouse and graphite-web running).
#   bench/e2e/clickhouse.sh [N]     N timed requests per render query (default 7)
#   FLEET=file reuses a generated fleet; WORK=dir (default /tmp/mine-bench); SLICE=LINES uses only the fleet's first
#   LINES points (the renders then compare partial data); NO_RENDER=1 measures ingest only; CH_HTTP, CH_TCP,
#   CH_INTER: ClickHouse's ports.
set -euo pipefail
source "$(dirname "$0")/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-7}
fleet=$(fleet_file)
if [ -n "${SLICE:-}" ]; then
  sliced="$work/fleet-slice-$SLICE.txt"
  [ -s "$sliced" ] || head -n "$SLICE" "$fleet" > "$sliced"
  fleet=$sliced
fi
points=$(wc -l < "$fleet")
start=$(fleet_start "$fleet")
schemas="$work/schemas-5m1y.conf"
printf '[all]\npattern = .*\nretentions = 5m:1y\n' > "$schemas"

ch_dir="$work/clickhouse"
ch_http=${CH_HTTP:-28123}; ch_tcp=${CH_TCP:-29123}; ch_inter=${CH_INTER:-29124}
ch_url="http://127.0.0.1:$ch_http/"
mine_http=28181; mine_line=22181     # Mine on ClickHouse
emb_http=28182; emb_line=22182       # Mine, embedded engine
gdir="$work/graphite"; g_line=22203; g_http=28880

pids=()
cleanup() {
  if [ -z "${KEEP:-}" ]; then
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do timeout 30 tail --pid="$p" -f /dev/null 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
    bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap "exit 143" TERM INT

now_ns() { date +%s%N; }
secs_since() { echo "scale=3; ($(now_ns) - $1) / 1000000000" | bc; }
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / t}' "/proc/$1/stat"; }
port_free() { ! (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Sends a file over one TCP connection, bounded in time.
send_bounded() { timeout "${2:-1800}" bash -c 'cat "$0" > "/dev/tcp/127.0.0.1/$1"' "$1" "$3"; }

# One statement to ClickHouse over HTTP (bounded); prints the answer.
chq() { curl -sfS --max-time "${2:-600}" --data-binary "$1" "$ch_url"; }

# Polls a ClickHouse query until its number reaches a target; deadline in seconds.
wait_ch_count() { # sql target deadline
  local limit=$(( $(date +%s) + $3 )) v
  while true; do
    v=$(chq "$1" 10 2>/dev/null || echo 0)
    [ "${v:-0}" -ge "$2" ] && return 0
    if [ "$(date +%s)" -gt "$limit" ]; then echo "timeout: '$1' = $v < $2" >&2; return 1; fi
    sleep 0.1
  done
}

for p in "$ch_http" "$ch_tcp" "$ch_inter" "$mine_http" "$mine_line" "$emb_http" "$emb_line" "$g_line" "$g_http"; do
  port_free "$p" || { echo "port $p is in use (set CH_HTTP/CH_TCP/CH_INTER or stop what holds it)" >&2; exit 1; }
done

mine=$(build_mine)

# --- graphite-web + carbon on the same data (loaded once per fleet file; kept in $WORK/graphite) ---
load_graphite() {
  last_point_visible() { curl -sf --max-time 30 "http://127.0.0.1:$g_http/render?target=$1&format=json&from=$(( $2 - 600 ))&until=$(( $2 + 300 ))" | grep -q "$2\]"; }
  bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null 2>&1 || true
  if [ ! -f "$gdir/loaded-$start-$points" ]; then
    rm -rf "$gdir"
    bash "$shared/tools/graphite-reference.sh" start "$gdir" "$g_line" "$g_http" "5m:1y" >/dev/null
    echo "loading the fleet into carbon (about 10 minutes) ..." >&2
    send_bounded "$fleet" 1800 "$g_line"
    last_metric=$(tail -1 "$fleet" | awk '{print $1}'); last_ts=$(tail -1 "$fleet" | awk '{print $3}')
    deadline=$(( $(date +%s) + 1800 ))
    until last_point_visible "$last_metric" "$last_ts"; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "carbon did not write the last point within 30 minutes" >&2; exit 1; }
      sleep 5
    done
    sleep 30 # carbon writes the last series last only with luck; give the cache time to drain
    touch "$gdir/loaded-$start-$points"
  fi
  bash "$shared/tools/graphite-reference.sh" stop "$gdir" >/dev/null # idle during the ingest measures
}
[ -n "${NO_RENDER:-}" ] || load_graphite

# --- the curl anchor's rows (made once per fleet file) ---
rowbinary="$fleet.rowbinary"
if [ ! -s "$rowbinary" ] || [ "$rowbinary" -ot "$fleet" ]; then
  echo "writing $rowbinary ..." >&2
  timeout 1800 python3 "$here/fleet_rowbinary.py" "$fleet" "$rowbinary.tmp" && mv "$rowbinary.tmp" "$rowbinary"
fi

# --- a private ClickHouse 18.16 with Mine's rollup ---
rm -rf "$ch_dir"; mkdir -p "$ch_dir/config.d" "$ch_dir/logs"
cp /etc/clickhouse-server/config.xml /etc/clickhouse-server/users.xml "$ch_dir/"
{
  echo "<yandex>"
  echo "  <logger><level>warning</level><log>$ch_dir/logs/clickhouse-server.log</log><errorlog>$ch_dir/logs/clickhouse-server.err.log</errorlog></logger>"
  echo "  <http_port>$ch_http</http_port><tcp_port>$ch_tcp</tcp_port><interserver_http_port>$ch_inter</interserver_http_port>"
  echo "  <interserver_http_host>127.0.0.1</interserver_http_host><listen_host replace=\"replace\">127.0.0.1</listen_host>"
  echo "  <path>$ch_dir/data/</path><tmp_path>$ch_dir/tmp/</tmp_path><user_files_path>$ch_dir/user_files/</user_files_path>"
  echo "  <format_schema_path>$ch_dir/format_schemas/</format_schema_path><users_config>$ch_dir/users.xml</users_config>"
  echo "  <timezone>UTC</timezone><remote_servers replace=\"replace\"></remote_servers>"
  "$mine" clickhouse-schema --part rollup --schemas "$schemas"
  echo "</yandex>"
} > "$ch_dir/config.d/bench.xml"
/usr/sbin/clickhouse-server --config-file="$ch_dir/config.xml" > "$ch_dir/logs/console.log" 2>&1 &
ch_pid=$!; pids+=("$ch_pid")
wait_http "${ch_url}ping" || { tail -20 "$ch_dir/logs/console.log" "$ch_dir/logs/clickhouse-server.err.log" >&2; exit 1; }

create_tables() {
  chq "DROP DATABASE IF EXISTS graphite" >/dev/null
  timeout 120 "$mine" clickhouse-schema --part ddl --database graphite --schemas "$schemas" \
    | timeout 120 clickhouse-client --host 127.0.0.1 --port "$ch_tcp" --multiquery
}
count_sql="SELECT count() FROM graphite.graphite"
bytes_after_optimize() {
  chq "OPTIMIZE TABLE graphite.graphite FINAL" 1800 >/dev/null
  chq "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = 'graphite' AND table = 'graphite'"
}

results=()

# --- 1. curl alone: RowBinary into the same table ---
create_tables
ch_cpu0=$(cpu_s "$ch_pid"); t0=$(now_ns)
curl -sfS --max-time 1800 -X POST -T "$rowbinary" "${ch_url}?query=INSERT%20INTO%20graphite.graphite%20FORMAT%20RowBinary"
wait_ch_count "$count_sql" "$points" 60
secs=$(secs_since "$t0"); ch_cpu=$(echo "$(cpu_s "$ch_pid") - $ch_cpu0" | bc)
bytes=$(bytes_after_optimize)
results+=("curl-RowBinary $secs - - $ch_cpu $bytes")
curl_secs=$secs

# --- 2. Mine storing into ClickHouse: first byte until ClickHouse counts every row ---
create_tables
rm -rf "$work/mine-ch"
"$mine" serve --data "$work/mine-ch" --http "127.0.0.1:$mine_http" --plaintext "127.0.0.1:$mine_line" --pickle off --collectd off \
  --schemas "$schemas" --clickhouse "${ch_url}?database=graphite&log_queries=1" >"$work/mine-ch.log" 2>&1 &
mine_pid=$!; pids+=("$mine_pid")
wait_http "http://127.0.0.1:$mine_http/health"
ch_cpu0=$(cpu_s "$ch_pid"); mine_cpu0=$(cpu_s "$mine_pid"); t0=$(now_ns)
send_bounded "$fleet" 1800 "$mine_line"
sent=$(secs_since "$t0")
wait_ch_count "$count_sql" "$points" 1800
secs=$(secs_since "$t0")
ch_cpu=$(echo "$(cpu_s "$ch_pid") - $ch_cpu0" | bc); mine_cpu=$(echo "$(cpu_s "$mine_pid") - $mine_cpu0" | bc)
mine_rss=$(peak_rss_mb "$mine_pid")
metric() { curl -sf --max-time 10 "http://127.0.0.1:$mine_http/_internal/metrics" | awk -v m="mine_storage_clickhouse_$1" '$1 == m {print $2}'; }
inserts="$(metric inserts_total) inserts, $(metric insert_seconds_total | xargs printf '%.1f') s in them"
admin="Authorization: Bearer $(cat "$work/mine-ch/admin-token")"
curl -sfS --max-time 120 -X POST -H "$admin" "http://127.0.0.1:$mine_http/_internal/flush" >/dev/null # the index rows too
bytes=$(bytes_after_optimize)
results+=("Mine-on-ClickHouse $secs $mine_rss $mine_cpu $ch_cpu $bytes all received in ${sent} s; $inserts")
mine_ch_secs=$secs

# --- 3. Mine's embedded engine, as ingest.sh measures it (default retention 1m:14d,5m:1y) ---
rm -rf "$work/mine-emb"
"$mine" serve --data "$work/mine-emb" --http "127.0.0.1:$emb_http" --plaintext "127.0.0.1:$emb_line" --pickle off --collectd off >"$work/mine-emb.log" 2>&1 &
emb_pid=$!; pids+=("$emb_pid")
wait_http "http://127.0.0.1:$emb_http/health"
emb_cpu0=$(cpu_s "$emb_pid"); t0=$(now_ns)
send_bounded "$fleet" 1800 "$emb_line"
secs=$(wait_counter "http://127.0.0.1:$emb_http/_internal/metrics" 'mine_points_ingested_total' "$points" "$t0" 1800)
emb_cpu=$(echo "$(cpu_s "$emb_pid") - $emb_cpu0" | bc); emb_rss=$(peak_rss_mb "$emb_pid")
curl -sfS --max-time 600 -X POST -H "Authorization: Bearer $(cat "$work/mine-emb/admin-token")" "http://127.0.0.1:$emb_http/_internal/compact" >/dev/null
bytes=$(du -sb "$work/mine-emb" | cut -f1)
kill "$emb_pid"; timeout 30 tail --pid="$emb_pid" -f /dev/null || true
results+=("Mine-embedded $secs $emb_rss $emb_cpu - $bytes")
emb_secs=$secs

echo
echo "fleet: $points points from $start; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| system | seconds | points/s | vs curl | peak RSS MB | Mine CPU s | ClickHouse CPU s | bytes/point | note |"
echo "|---|---|---|---|---|---|---|---|---|"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
for r in "${results[@]}"; do
  set -- $r
  echo "| $1 | $2 | $(awk -v p="$points" -v s="$2" 'BEGIN {printf "%.0f", p / s}') | $(ratio "$curl_secs" "$2") | $3 | $4 | $5 | $(ratio "$6" "$points") | ${*:7} |"
done
echo "Mine-on-ClickHouse / curl: $(ratio "$curl_secs" "$mine_ch_secs") (goal >= 0.8); Mine-on-ClickHouse / embedded: $(ratio "$emb_secs" "$mine_ch_secs")"
echo "(bytes/point: ClickHouse's system.parts bytes_on_disk after OPTIMIZE FINAL; embedded: du -sb after /_internal/compact)"

[ -z "${NO_RENDER:-}" ] || exit 0

# --- 4. renders: query.sh's set against graphite-web and Mine-on-ClickHouse ---
bash "$shared/tools/graphite-reference.sh" start "$gdir" "$g_line" "$g_http" "5m:1y" >/dev/null
day="format=json&from=$start&until=$(( start + 86400 ))"
fn() { echo "\`$1\` (1 day)|/render?target=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")&$day"; }
queries=(
  "find servers.*.cpu-*.*|/metrics/find?query=servers.*.cpu-*.*"
  "\`servers.web-*.nginx.response\` (1 day)|/render?target=servers.web-*.nginx.response&$day"
  "\`servers.*.load.load.shortterm\` (1 day)|/render?target=servers.*.load.load.shortterm&$day"
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
# The points statements of one Mine request, replayed by curl (up to 4 at once): median ms of $n rounds.
statements_ms() {
  ls "$work"/statement-*.sql >/dev/null 2>&1 || { echo "-"; return; }
  for _ in $(seq 1 "$n"); do
    local s; s=$(now_ns)
    ls "$work"/statement-*.sql | xargs -P4 -I{} curl -sf --max-time 120 -o /dev/null --data-binary @{} "$ch_url"
    echo "scale=1; ($(now_ns) - $s) / 1000000" | bc
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]}'
}
median_ms() { for _ in $(seq 1 "$n"); do curl -s --max-time 120 -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}'; }
echo
echo "renders: median of $n requests (curl time_total) after one checked request; ClickHouse columns: its points statements"
echo "per Mine request from system.query_log (mean; ms summed over statements, which run up to 4 at once)"
echo "ClickHouse alone: the same statements sent by curl, up to 4 at once as Mine sends them (median of $n): the time no"
echo "reader of these tables can go under; bound: graphite-web's time over it, the most any such reader could gain"
echo "| query | graphite-web ms | Mine-on-ClickHouse ms | speed-up | statements | ClickHouse ms | rows read | ClickHouse alone ms | bound |"
echo "|---|---|---|---|---|---|---|---|---|"
for q in "${queries[@]}"; do
  label=${q%%|*}; path=${q#*|}
  # Same answer first (as query.sh checks). graphite-web's gunicorn workers time out after 30 s: on a loaded machine
  # its widest render can fail, which is reported, not fatal.
  g_ok=1; curl -sf --max-time 300 -o "$work/graphite.out" "http://127.0.0.1:$g_http$path" || g_ok=
  curl -sf --max-time 300 -o "$work/mine-ch.out" "http://127.0.0.1:$mine_http$path" || { echo "Mine failed: $label" >&2; exit 1; }
  if [ -n "$g_ok" ] && ! cmp -s "$work/graphite.out" "$work/mine-ch.out" && { [[ $path == /metrics* ]] || ! python3 "$here/same_series.py" "$work/graphite.out" "$work/mine-ch.out"; }; then
    if [ -z "${SLICE:-}" ]; then echo "responses differ for $label ($work/graphite.out vs $work/mine-ch.out)" >&2; exit 1; fi
  fi
  if [ -n "$g_ok" ]; then g=$(median_ms "http://127.0.0.1:$g_http$path"); else g="failed"; fi
  sleep 1; from_s=$(date +%s)
  m=$(median_ms "http://127.0.0.1:$mine_http$path")
  until_s=$(date +%s); sleep 1
  chq "SYSTEM FLUSH LOGS" >/dev/null
  stats=$(chq "SELECT count(), sum(query_duration_ms), sum(read_rows) FROM system.query_log WHERE type = 2 AND event_time >= $from_s AND event_time <= $until_s AND query LIKE 'SELECT Path, Time, Value, Timestamp%'")
  set -- $stats
  rm -f "$work"/statement-*.sql
  chq "SELECT DISTINCT query FROM system.query_log WHERE type = 2 AND event_time >= $from_s AND event_time <= $until_s AND query LIKE 'SELECT Path, Time, Value, Timestamp%' FORMAT TabSeparatedRaw" \
    | awk -v dir="$work" '{ print > (dir "/statement-" NR ".sql") }'
  alone=$(statements_ms)
  echo "| $label | $g | $m | $(awk -v g="$g" -v m="$m" 'BEGIN {if (g + 0 > 0) printf "%.1fx", g / m; else printf "-"}') | $(ratio "$1" "$n") | $(ratio "$2" "$n") | $(( $3 / n )) | $alone | $(awk -v g="$g" -v a="$alone" 'BEGIN {if (g + 0 > 0 && a + 0 > 0) printf "%.1fx", g / a; else printf "-"}') |"
done
