#!/bin/bash
# run1.sh label jar "opts" -- perf args ; prints summary + EXP lines
label=$1; jar=$2; opts=$3; shift 4
out=$(timeout 400 ${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java} -Xms1g -Xmx1g -XX:+AlwaysPreTouch $opts -cp $jar:/tmp/s15/async-profiler-4.2-linux-x64.jar dev.vltava.bench.PerfTool "$@" 2>&1)
line=$(echo "$out" | grep RESULT_JSON)
echo "$label $(echo "$line" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); m=d["records"]/1e6; print("%.3f M/s cpu %.3f idle %.2f p99 %.1f gc %d | net %.3f cb %.3f other %.3f qt %.1f" % (d["recordsPerSecond"]/1e6, d["cpuSecondsPerMillion"], d["machineIdleShare"], d["latencyP99Ms"], d["gcCount"], d["networkThreadCpuSeconds"]/m, d["callbackThreadsCpuSeconds"]/m, d["otherThreadsCpuSeconds"]/m, d["recordQueueTimeAvgMs"]))') $(echo "$out" | grep '^EXP' | tail -1)"
