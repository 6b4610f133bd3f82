#!/bin/bash
# usage: abx.sh OUT rounds JAVA "label|jar|jvmopts" ... -- perftool args   (prints per-thread CPU per M too)
out=$1; rounds=$2; java=$3; shift 3
variants=()
while [ "$1" != "--" ]; do variants+=("$1"); shift; done; shift
for r in $(seq 1 $rounds); do
  for v in "${variants[@]}"; do
    IFS='|' read -r label jar opts <<< "$v"
    line=$(timeout 400 $java -Xms1g -Xmx1g -XX:+AlwaysPreTouch $opts -cp $jar dev.vltava.bench.PerfTool "$@" 2>&1 | grep RESULT_JSON)
    echo "$label $(echo "$line" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); m=d["records"]/1e6; print(("q" if d.get("warmupJitQuiet") else "n") + " %.3f M/s cpu %.3f idle %.2f p99 %.1f gc %d | net %.3f cb %.3f other %.3f jit %.3f" % (d["recordsPerSecond"]/1e6, d["cpuSecondsPerMillion"], d["machineIdleShare"], d["latencyP99Ms"], d["gcCount"], d["networkThreadCpuSeconds"]/m, d["callbackThreadsCpuSeconds"]/m, d["otherThreadsCpuSeconds"]/m, d["jitThreadsCpuSeconds"]/m))')" | tee -a $out
  done
done
