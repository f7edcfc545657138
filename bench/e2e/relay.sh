#!/usr/bin/env bash
# Relay benchmark: the fleet day (35.9 M points, 2 GB of plaintext) over one TCP connection into a relay that
# forwards to a `mine serve`, measured until serve counts every point as ingested (in its WAL):
#   - mine relay, with mutual TLS and the disk buffer (as in production), into serve's --forward-listen;
#   - carbon-c-relay (no disk, no TLS) into the same kind of serve's plaintext port, in the same run.
# Each relay gets a fresh serve on a fresh folder (same binary, same flags). Prints seconds, points/s, the
# relay's peak RSS, and the buffer's bytes per point.
#   bench/e2e/relay.sh            (FLEET=file reuses a generated fleet; WORK=dir for data)
set -euo pipefail
source "$(dirname "$0")/common.sh"
fleet=$(fleet_file)
points=$(wc -l < "$fleet")
mine=$(build_mine)
results=()
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

start_serve() {
  rm -rf "$work/relay-serve"
  "$mine" serve --data "$work/relay-serve" --http 127.0.0.1:28080 --plaintext 127.0.0.1:22103 --pickle off --collectd off \
    --forward-listen 127.0.0.1:22190 --tls-cert "$work/pki/serve/serve.crt" --tls-key "$work/pki/serve/serve.key" --tls-ca "$work/pki/ca/ca.crt" \
    >"$work/relay-serve.log" 2>&1 &
  serve_pid=$!
  pids+=("$serve_pid")
  wait_http http://127.0.0.1:28080/health
}

stop_serve() { kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; }

make_pki() {
  rm -rf "$work/pki"
  "$mine" cert ca --out "$work/pki/ca" >/dev/null
  "$mine" cert node --ca "$work/pki/ca" --name serve --ip 127.0.0.1 --out "$work/pki/serve" >/dev/null
  "$mine" cert node --ca "$work/pki/ca" --name relay --out "$work/pki/relay" >/dev/null
}

run_mine_relay() {
  start_serve
  rm -rf "$work/relay-buffer"
  "$mine" relay --buffer "$work/relay-buffer" --http 127.0.0.1:28081 --plaintext 127.0.0.1:22303 --pickle off --collectd off \
    --forward-to 127.0.0.1:22190 --tls-cert "$work/pki/relay/relay.crt" --tls-key "$work/pki/relay/relay.key" --tls-ca "$work/pki/ca/ca.crt" \
    >"$work/relay.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_http http://127.0.0.1:28081/health
  local t0=$(date +%s%N)
  send_file "$fleet" 22303
  local secs
  secs=$(wait_counter http://127.0.0.1:28080/_internal/metrics 'mine_points_ingested_total' "$points" "$t0")
  local rss; rss=$(peak_rss_mb $pid)
  local chunks; chunks=$(curl -sf http://127.0.0.1:28080/_internal/metrics | awk '/^mine_forward_chunks_stored_total/ {print $NF}')
  kill $pid; wait $pid 2>/dev/null || true
  stop_serve
  results+=("mine-relay(TLS+disk) $secs $(echo "$points / $secs" | bc) $rss chunks=$chunks")
}

run_c_relay() {
  start_serve
  printf 'cluster mine forward 127.0.0.1:22103;\nmatch * send to mine stop;\n' > "$work/c-relay.conf"
  # A queue of the whole fleet per server: carbon-c-relay drops what overflows its in-memory queue (25,000 by default).
  carbon-c-relay -f "$work/c-relay.conf" -p 22403 -q "$points" -l "$work/c-relay.log" &
  local pid=$!
  pids+=("$pid")
  sleep 1
  local t0=$(date +%s%N)
  send_file "$fleet" 22403
  local secs
  secs=$(wait_counter http://127.0.0.1:28080/_internal/metrics 'mine_points_ingested_total' "$points" "$t0")
  local rss; rss=$(peak_rss_mb $pid)
  kill $pid; wait $pid 2>/dev/null || true
  stop_serve
  results+=("carbon-c-relay $secs $(echo "$points / $secs" | bc) $rss -")
}

make_pki
run_mine_relay
run_c_relay
echo
echo "fleet: $points points; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| relay | seconds | points/s | relay peak RSS MB | notes |"
echo "|---|---|---|---|---|"
for r in "${results[@]}"; do
  set -- $r
  echo "| $1 | $2 | $3 | $4 | $5 |"
done
