#!/usr/bin/env bash
# Coverage-guided fuzzing of one Mine.Fuzz target with afl-fuzz for a bounded time (docs/testing.md).
#
#   fuzz/run.sh TARGET SECONDS      build, instrument a private copy of the assemblies, fuzz, report
#   fuzz/run.sh --build-only        only build and instrument (what the CI test does once before the targets)
#
# Environment:
#   MINE_ARTIFACTS        where the work goes (default: ./artifacts); this script uses $MINE_ARTIFACTS/fuzz/
#   MINE_FUZZ_NO_BUILD=1  reuse the instrumented build from a previous run (fails if there is none)
#   MINE_FUZZ_TIMEOUT_MS  afl-fuzz's per-input time limit; slower inputs are hangs (default 10000)
#   MINE_FUZZ_KEEP=1      keep findings from earlier runs and resume from them instead of starting fresh
#
# Exit status: 0 nothing found, 1 crashes or confirmed hangs (each printed as hex with the command reproducing it),
# 2 usage or setup error.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
work="${MINE_ARTIFACTS:-$repo/artifacts}/fuzz"
publish="$work/publish"
instrumented="$work/instrumented"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

usage() {
  echo "usage: fuzz/run.sh TARGET SECONDS | fuzz/run.sh --build-only" >&2
  exit 2
}

# The product assemblies are instrumented in a copy that only afl-fuzz runs: the test projects' own build output
# is never touched. Only Mine's libraries get afl's edge counters, so coverage means coverage of Mine's code.
build() {
  dotnet tool restore >/dev/null
  dotnet publish fuzz/Mine.Fuzz/Mine.Fuzz.csproj -c Release -o "$publish" -p:UseAppHost=false >"$work/build.log" 2>&1 || {
    cat "$work/build.log" >&2
    echo "fuzz/run.sh: building fuzz/Mine.Fuzz failed" >&2
    exit 2
  }
  rm -rf "$instrumented.tmp"
  cp -r "$publish" "$instrumented.tmp"
  for assembly in Mine.Core Mine.Protocols Mine.Storage Mine.Query Mine.Whisper Mine.Relay; do
    dotnet tool run sharpfuzz "$instrumented.tmp/$assembly.dll" >>"$work/build.log" 2>&1 || {
      cat "$work/build.log" >&2
      echo "fuzz/run.sh: instrumenting $assembly.dll failed" >&2
      exit 2
    }
  done
  rm -rf "$instrumented"
  mv "$instrumented.tmp" "$instrumented"
}

mkdir -p "$work"
if [ "${1:-}" = "--build-only" ]; then
  build
  echo "fuzz/run.sh: instrumented build in $instrumented"
  exit 0
fi

[ $# -eq 2 ] || usage
target="$1"
seconds="$2"
[[ "$seconds" =~ ^[0-9]+$ ]] || usage
[ -d "fuzz/corpus/$target" ] || { echo "fuzz/run.sh: no corpus folder fuzz/corpus/$target (unknown target?)" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "fuzz/run.sh: afl-fuzz is missing (apt-get install afl++)" >&2; exit 2; }

if [ "${MINE_FUZZ_NO_BUILD:-}" = "1" ]; then
  [ -f "$instrumented/Mine.Fuzz.dll" ] || { echo "fuzz/run.sh: MINE_FUZZ_NO_BUILD=1 but nothing is built in $instrumented" >&2; exit 2; }
else
  build
fi

findings="$work/findings/$target"
scratch="$work/tmp/$target"
[ "${MINE_FUZZ_KEEP:-}" = "1" ] || rm -rf "$findings"
rm -rf "$scratch"
mkdir -p "$findings" "$scratch"

# The storage targets write a data folder per input: keep it on a RAM disk when there is one.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  tmpdir="$(mktemp -d /dev/shm/mine-fuzz-XXXXXX)"
else
  tmpdir="$scratch"
fi
trap 'rm -rf "$tmpdir"' EXIT

timeout_ms="${MINE_FUZZ_TIMEOUT_MS:-10000}"
input=(-i "fuzz/corpus/$target")
[ "${MINE_FUZZ_KEEP:-}" = "1" ] && [ -d "$findings/default/queue" ] && input=(-i -)

# afl-fuzz's checks for a native instrumented binary do not apply to `dotnet` (SharpFuzz's fork server speaks
# afl's protocol from inside the .NET process); .NET needs seconds to start, hence the longer handshake wait.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=120000 AFL_FAST_CAL=1 AFL_NO_CRASH_README=1 AFL_TMPDIR="$scratch" \
  TMPDIR="$tmpdir"
echo "fuzz/run.sh: fuzzing '$target' for ${seconds}s (timeout ${timeout_ms} ms per input), findings in $findings"
set +e
# -V counts from the end of calibration, which a slow machine can stretch: timeout bounds the whole run (SIGINT
# makes afl-fuzz stop as at -V, writing its stats; it is killed 30 s later if it does not).
timeout --signal=INT --kill-after=30 $(( seconds + 300 )) \
  afl-fuzz "${input[@]}" -o "$findings" -t "$timeout_ms" -m none -V "$seconds" -- \
  dotnet "$instrumented/Mine.Fuzz.dll" "$target" >"$findings.log" 2>&1
status=$?
set -e
stats="$findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  tail -n 40 "$findings.log" >&2
  echo "fuzz/run.sh: afl-fuzz did not start (exit $status); its output is in $findings.log" >&2
  exit 2
fi

stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "fuzz/run.sh: $target: $(stat execs_done) execs in $(( $(stat last_update) - $(stat start_time) ))s" \
  "($(stat execs_per_sec) execs/s), corpus $(stat corpus_count) (found $(stat corpus_found)), map density $(stat bitmap_cvg)," \
  "edges $(stat edges_found), stability $(stat stability), crashes $(stat saved_crashes), hangs $(stat saved_hangs)"

# Crashes are reproduced in process with the uninstrumented build (instrumented code needs afl's coverage map)
# and grouped by exception and place; the smallest input of each group is minimized and printed. A hang counts
# only when it also takes longer than the limit when run alone, since a loaded machine can stall a single run.
plain=(dotnet "$publish/Mine.Fuzz.dll")
found=0
report() { # KIND FILE [SIGNATURE COUNT]
  local kind="$1" file="$2" minimized="$2.min"
  found=$((found + 1))
  if [ "$kind" = crash ] && [ "$found" -le 5 ] && timeout 300 afl-tmin -i "$file" -o "$minimized" -t "$timeout_ms" -m none -- \
      dotnet "$instrumented/Mine.Fuzz.dll" "$target" >/dev/null 2>&1 && [ -s "$minimized" ]; then
    file="$minimized"
  fi
  echo "---- $kind in target '$target'${3:+: $3 ($4 input(s))}"
  echo "input (hex): $(od -An -v -tx1 "$file" | tr -d ' \n' | cut -c1-8192)"
  [ "$kind" = crash ] && { "${plain[@]}" run "$target" "$file" | sed -n '3,30p' || true; }
  echo "reproduce: dotnet run --project fuzz/Mine.Fuzz -- run $target $file"
  echo "keep it as a regression seed: cp '$file' fuzz/corpus/$target/regression-NAME"
}

crashes=("$findings"/default/crashes/id:*)
if [ -f "${crashes[0]}" ]; then
  if groups="$("${plain[@]}" triage "$target" "${crashes[@]}" 2>/dev/null)"; then
    while IFS=$'\t' read -r signature count file; do
      [ -n "$file" ] || continue
      report crash "$file" "$signature" "$count"
    done <<<"$groups"
  else
    # Triage itself died (a stack overflow cannot be caught in .NET): report the first inputs one by one.
    echo "fuzz/run.sh: ${#crashes[@]} crash input(s) kill the process (stack overflow?); the first ones:"
    for file in "${crashes[@]:0:3}"; do report crash "$file"; done
  fi
fi
for file in "$findings"/default/hangs/id:*; do
  [ -f "$file" ] || continue
  if timeout $(( timeout_ms / 1000 + 1 )) "${plain[@]}" run "$target" "$file" >/dev/null 2>&1; then
    echo "fuzz/run.sh: hang $(basename "$file") finished in time when run alone; not counted"
    continue
  fi
  report hang "$file"
done

if [ "$found" -gt 0 ]; then
  echo "fuzz/run.sh: $target: $found finding(s)"
  exit 1
fi
echo "fuzz/run.sh: $target: nothing found"
