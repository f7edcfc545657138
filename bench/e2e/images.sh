#!/usr/bin/env bash
# PNG and SVG render time, Mine vs graphite-web 1.1.8 (Debian, under gunicorn), same data, same machine, same run.
# Data: 20 random-walk series of 1,000 one-minute points (the issue-5 case) and a few smaller sets, sent to both
# through their plaintext listeners. Prints the median of N requests per case and the ratio.
#   bench/e2e/images.sh [N]        (default 9; needs graphite-web graphite-carbon python3-whisper gunicorn)
set -euo pipefail
source "$(dirname "$0")/common.sh"
n=${1:-9}
dir=$work/images
rm -rf "$dir" && mkdir -p "$dir"
cat > "$dir/schemas.conf" <<'S'
[default]
pattern = .*
retentions = 60s:3d
S

"$shared/tools/graphite-reference.sh" stop "$dir/graphite" >/dev/null 2>&1 || true
"$shared/tools/graphite-reference.sh" start "$dir/graphite" 22410 28410 "60s:3d" >"$dir/graphite.out" 2>&1 &
(cd "$root" && dotnet build -c Release src/Mine -v q -nologo >/dev/null)
mine=$root/src/Mine/bin/Release/net10.0/mine
pkill -f "mine serve --data $dir/mine" 2>/dev/null || true
"$mine" serve --data "$dir/mine" --http 127.0.0.1:28411 --plaintext 127.0.0.1:22411 --pickle off --collectd off --schemas "$dir/schemas.conf" >"$dir/mine.log" 2>&1 &
mine_pid=$!
trap 'kill $mine_pid 2>/dev/null; "$shared/tools/graphite-reference.sh" stop "$dir/graphite" >/dev/null 2>&1 || true' EXIT
wait_http "http://127.0.0.1:28411/health"
wait_http "http://127.0.0.1:28410/render?target=x&format=json"

end=$(( $(date +%s) / 60 * 60 ))
python3 - "$end" > "$dir/data.txt" <<'P'
import math, random, sys
end = int(sys.argv[1]); rng = random.Random(42)
for s in range(20):
    v = 50.0
    for i in range(1000):
        v = min(100.0, max(0.0, v + (rng.random() - 0.5) * 10))
        print("bench.w20.s%02d.value %.4f %d" % (s, v, end - (1000 - i) * 60))
for s in range(5):
    for i in range(1000):
        print("bench.stack.s%d.value %.4f %d" % (s, 10 + 5 * math.sin(i / (30.0 + s)) + s, end - (1000 - i) * 60))
P
send_file "$dir/data.txt" 22410
send_file "$dir/data.txt" 22411
last=$(( end - 60 ))
for port in 28410 28411; do
  for _ in $(seq 1 600); do
    got=$(curl -s "http://127.0.0.1:$port/render?target=bench.stack.s4.value&format=json&from=$((last - 60))&until=$((end))" | grep -cE "\[[0-9.]+, $last\]" || true)
    [ "$got" -gt 0 ] && break; sleep 0.5
  done
done

range="from=-1000min&until=now"
for port in 28410 28411; do
  series=$(curl -s "http://127.0.0.1:$port/render?target=bench.w20.*.value&format=json&$range" | python3 -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin) if sum(v is not None for v, t in s["datapoints"]) > 900))')
  [ "$series" = 20 ] || { echo "port $port has $series of the 20 series with data; see $dir" >&2; exit 1; }
done
cases=(
  "20 series x 1,000 points, 800x400|target=bench.w20.*.value&width=800&height=400&hideLegend=false&$range"
  "the same, stacked areas|target=bench.w20.*.value&width=800&height=400&areaMode=stacked&$range"
  "1 series, default 330x250|target=bench.w20.s00.value&$range"
  "5 series, title, legend, 1200x600|target=bench.stack.*.value&width=1200&height=600&title=five&vtitle=v&$range"
  "pie of 20 series|graphType=pie&target=bench.w20.*.value&width=600&height=400&$range"
)

median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}'; }
time_it() { # port query -> median ms
  for _ in $(seq 1 3); do curl -s -o /dev/null "http://127.0.0.1:$1/render?$2"; done
  for _ in $(seq 1 "$n"); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1/render?$2"; done | median
}

# Both must answer with a picture (checked once per case), then the timing; sizes show the answers are alike.
check() { # port query -> bytes, or fail
  local out; out=$(curl -s -o "$dir/check" -w '%{http_code} %{content_type} %{size_download}' "http://127.0.0.1:$1/render?$2")
  case "$out" in 200\ image/*) echo "${out##* }" ;; *) echo "port $1 answered $out for $2: $(head -c 300 "$dir/check")" >&2; exit 1 ;; esac
}

echo "| case | format | graphite-web ms | Mine ms | ratio | bytes (graphite-web / Mine) |"
echo "|---|---|---:|---:|---:|---|"
for c in "${cases[@]}"; do
  name=${c%%|*}; q=${c#*|}
  for fmt in png svg; do
    qf="$q&format=$fmt"
    gb=$(check 28410 "$qf"); mb=$(check 28411 "$qf")
    g=$(time_it 28410 "$qf"); m=$(time_it 28411 "$qf")
    echo "| $name | $fmt | $g | $m | $(echo "scale=1; $g / $m" | bc)x | $gb / $mb |"
  done
done
