#!/bin/bash
# usage: abv.sh OUT rounds JAVA "label|jar|jvmopts" "label|jar|jvmopts" ... -- perftool args
out=$1; rounds=$2; java=$3; shift 3
variants=()
while [ "$1" != "--" ]; do variants+=("$1"); shift; done; shift
for r in $(seq 1 $rounds); do
  for v in "${variants[@]}"; do
    IFS='|' read -r label jar opts <<< "$v"
    line=$(timeout 300 $java -Xms1g -Xmx1g -XX:+AlwaysPreTouch $opts -cp $jar dev.vltava.bench.PerfTool "$@" 2>&1 | grep RESULT_JSON)
    echo "$label $(echo "$line" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print("%.3f M/s cpu %.3f idle %.2f p99 %.1f gc %d" % (d["recordsPerSecond"]/1e6, d["cpuSecondsPerMillion"], d["machineIdleShare"], d["latencyP99Ms"], d["gcCount"]))')" | tee -a $out
  done
done
