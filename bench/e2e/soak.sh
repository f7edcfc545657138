#!/usr/bin/env bash
# Soak benchmark: an hour of the fleet sent live to a real `mine serve` (Release build) with dashboards, finds,
# storms (idle connections, unfinished pickle frames, concurrent heavy renders, garbage on every listener), two
# graceful restarts and a kill -9; RSS, latency and counters sampled over time (bench/e2e/soak.py says how).
#   bench/e2e/soak.sh [MINUTES] [HOSTS]      (WORK=dir for data and the CSV files)
set -euo pipefail
source "$(dirname "$0")/common.sh"
mine=$(build_mine)
python3 "$(dirname "$0")/soak.py" --mine "$mine" --minutes "${1:-60}" --hosts "${2:-1300}" --work "$work/soak"
