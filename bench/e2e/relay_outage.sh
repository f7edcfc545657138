#!/usr/bin/env bash
# Relay outage benchmark: a relay whose destination is down receives RATE points/s (fleet-style collectd names,
# 10 s timestamps) for SECONDS; its RSS is sampled every 10 s (it must stay flat: the backlog lives on disk), and at
# the end the buffer's bytes on disk per buffered point are printed. Then the destination comes up and the time to
# drain the backlog is measured.
#   bench/e2e/relay_outage.sh [SECONDS=600] [RATE=100000]      (WORK=dir for data)
set -euo pipefail
source "$(dirname "$0")/common.sh"
seconds=${1:-600}
rate=${2:-100000}
mine=$(build_mine)
rm -rf "$work/outage-buffer" "$work/outage-serve"
"$mine" relay --buffer "$work/outage-buffer" --http 127.0.0.1:28091 --plaintext 127.0.0.1:22503 --pickle off --collectd off \
  --forward-to 127.0.0.1:22590 >"$work/outage-relay.log" 2>&1 &
relay=$!
trap 'kill $relay 2>/dev/null || true; [ -n "${serve:-}" ] && kill $serve 2>/dev/null || true' EXIT
wait_http http://127.0.0.1:28091/health

# The sender: RATE points a second, paced per second, over one TCP connection.
python3 - "$seconds" "$rate" 22503 <<'PY' &
import socket, sys, time
seconds, rate, port = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port))
hosts, per = 2000, rate // 10
start = time.time()
for second in range(seconds):
    ts = int(start) + second
    lines = []
    for i in range(rate):
        n = (second * rate + i) % (hosts * 50)
        lines.append(f"collectd.web-{n // 50:04d}.cpu-{n % 8}.cpu-{('user','system','idle','wait','nice')[n % 5]}{n % 50 // 8} {i * 0.37:.2f} {ts}\n")
    s.sendall("".join(lines).encode())
    delay = start + second + 1 - time.time()
    if delay > 0:
        time.sleep(delay)
s.close()
PY
sender=$!
echo "second rss_mb buffered_points buffer_bytes"
t=0
while kill -0 $sender 2>/dev/null; do
  sleep 10; t=$((t + 10))
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$relay/status)
  m=$(curl -sf http://127.0.0.1:28091/_internal/metrics)
  echo "$t $rss $(echo "$m" | awk '/^mine_relay_points_buffered_total/ {print $NF}') $(echo "$m" | awk '/^mine_relay_buffer_bytes/ {print $NF}')"
done
wait $sender || true
sleep 3
m=$(curl -sf http://127.0.0.1:28091/_internal/metrics)
buffered=$(echo "$m" | awk '/^mine_relay_points_buffered_total/ {printf "%d", $NF}')
disk=$(du -sb "$work/outage-buffer" | cut -f1)
echo "peak RSS MB: $(peak_rss_mb $relay); points buffered: $buffered; buffer on disk: $disk bytes; $(echo "scale=2; $disk / $buffered" | bc) bytes per point"

"$mine" serve --data "$work/outage-serve" --http 127.0.0.1:28092 --plaintext off --pickle off --collectd off --forward-listen 127.0.0.1:22590 \
  >"$work/outage-serve.log" 2>&1 &
serve=$!
wait_http http://127.0.0.1:28092/health
t0=$(date +%s%N)
# The relay reconnects on its backoff schedule (up to 30 s after a long outage): the drain rate is measured from
# the first point the centre stores.
wait_for_first=$(wait_counter http://127.0.0.1:28092/_internal/metrics 'mine_points_ingested_total' 1 "$t0" 3600)
t1=$(date +%s%N)
secs=$(wait_counter http://127.0.0.1:28092/_internal/metrics 'mine_points_ingested_total' "$buffered" "$t1" 3600)
echo "reconnected after $wait_for_first s; backlog of $buffered points delivered in $secs s ($(echo "$buffered / $secs" | bc) points/s); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
