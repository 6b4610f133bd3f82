#!/bin/bash
# usage: ab.sh OUT rounds jarA jarB -- perftool args
out=$1; rounds=$2; a=$3; b=$4; shift 5
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for r in $(seq 1 $rounds); do
  for j in $a $b; do
    line=$(timeout 300 $J25 -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp $j dev.vltava.bench.PerfTool "$@" 2>&1 | grep RESULT_JSON)
    echo "$(basename $j) $(echo "$line" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print("%.3f M/s cpu %.3f idle %.2f p99 %.1f gc %d" % (d["recordsPerSecond"]/1e6, d["cpuSecondsPerMillion"], d["machineIdleShare"], d["latencyP99Ms"], d["gcCount"]))')" | tee -a $out
  done
done
