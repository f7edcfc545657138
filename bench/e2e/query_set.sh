#!/usr/bin/env bash
# Medians (ms, curl time_total) of the issue-4 query set against a running Mine on the fleet day, Mine only.
#   PORT=28095 N=7 bash bench/e2e/query_set.sh
S=1795564800; E=$((S+86400)); PORT=${PORT:-28095}; N=${N:-5}
while read -r t; do q=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$t"); r=""; for i in $(seq 1 $N); do r="$r $(curl -s -o /tmp/o.json -w '%{time_total}' "127.0.0.1:$PORT/render?target=$q&format=json&from=$S&until=$E")"; done; echo "$(echo $r | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]*1000}') ms  $t $(head -c 60 /tmp/o.json)"; done <<'Q'
sumSeries(servers.*.interface-eth0.if_octets.rx)
highestAverage(servers.*.load.load.shortterm,10)
groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")
movingAverage(servers.web-*.load.load.shortterm,12)
summarize(servers.web-*.nginx.nginx_requests,"1h","sum")
maxSeries(servers.*.disk-sda.disk_ops.write)
aliasByNode(nonNegativeDerivative(servers.db-*.interface-eth0.if_octets.tx),1)
averageSeries(servers.app-*.memory.memory-used)
percentileOfSeries(servers.*.load.load.midterm,95)
sortByMaxima(currentAbove(servers.*.load.load.shortterm,2))
servers.*.load.load.shortterm
Q
