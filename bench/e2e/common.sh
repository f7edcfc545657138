# Shared helpers for the end-to-end benchmarks (sourced). Everything binds to 127.0.0.1.
root=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
shared=${SHARED:-$root/../shared}
work=${WORK:-/tmp/mine-bench}
mkdir -p "$work"

# The fleet day: 1,300 servers x 96 series x 288 points, ending at the last UTC midnight (so it is recent).
fleet_file() {
  local f=${FLEET:-$work/fleet.txt}
  if [ ! -s "$f" ]; then
    local start=$(( $(date +%s) / 86400 * 86400 - 86400 ))
    echo "generating $f (start=$start) ..." >&2
    python3 "$shared/bench/gen_fleet.py" 1300 24 300 "$start" > "$f"
  fi
  echo "$f"
}

# First timestamp in the fleet file.
fleet_start() { head -1 "$1" | awk '{print $3}'; }

# A URL query value, percent-encoded (render targets hold quotes, commas and parentheses).
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

wait_http() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; return 1; }

# Peak resident set size of a process in MB (the kernel's high-water mark).
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

send_file() { cat "$1" > "/dev/tcp/127.0.0.1/$2"; }

# Poll a Prometheus-text counter until it reaches a value; prints the seconds it took since $3 (epoch ns).
wait_counter() {
  local url=$1 pattern=$2 target=$3 t0=$4 limit=${5:-1800}
  local deadline=$(( $(date +%s) + limit ))
  while true; do
    local v
    v=$(curl -sf "$url" | awk -v p="$pattern" 'index($0, p) == 1 {print $NF}' | head -1)
    v=${v:-0}
    if awk -v v="$v" -v t="$target" 'BEGIN{exit !(v+0 >= t+0)}'; then break; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "timeout: $pattern = $v < $target" >&2; return 1; fi
    sleep 0.05
  done
  echo "scale=3; ($(date +%s%N) - $t0) / 1000000000" | bc
}

build_mine() {
  (cd "$root" && dotnet build src/Mine -c Release -v q -nologo >/dev/null)
  echo "$root/src/Mine/bin/Release/net10.0/mine"
}
