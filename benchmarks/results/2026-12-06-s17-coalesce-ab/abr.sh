#!/bin/bash
# usage: abr.sh OUT rounds JAVA "label|jar|jvmopts|perftool args of this variant" ... -- perftool args
# As s14's abx.sh, and also prints the broker's CPU per million records (with --broker-pid), p99.9, records per
# request and the mean request latency.
out=$1; rounds=$2; java=$3; shift 3
variants=()
while [ "$1" != "--" ]; do variants+=("$1"); shift; done; shift
for r in $(seq 1 $rounds); do
  for v in "${variants[@]}"; do
    IFS='|' read -r label jar opts extra <<< "$v"
    line=$(timeout 400 $java -Xms1g -Xmx1g -XX:+AlwaysPreTouch $opts -cp $jar dev.vltava.bench.PerfTool $extra "$@" 2>&1 | grep RESULT_JSON)
    echo "$label $(echo "$line" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); m=d["records"]/1e6; print("%.3f M/s cpu %.3f broker %.3f idle %.2f p50 %.1f p99 %.1f p99.9 %.1f rec/req %.0f reqlat %.2f gc %d | net %.3f cb %.3f other %.3f" % (d["recordsPerSecond"]/1e6, d["cpuSecondsPerMillion"], d.get("brokerCpuSecondsPerMillion") or -1, d["machineIdleShare"], d["latencyP50Ms"], d["latencyP99Ms"], d["latencyP999Ms"], d.get("recordsPerRequestAvg") or 0, d.get("requestLatencyAvgMs") or 0, d["gcCount"], d["networkThreadCpuSeconds"]/m, d["callbackThreadsCpuSeconds"]/m, d["otherThreadsCpuSeconds"]/m))')" | tee -a $out
  done
done
