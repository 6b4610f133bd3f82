#!/bin/bash
# usage: ab.sh rounds records heap config jar...   heap: 64m|512m; config: b|defaults
# PerfTool, facade, 6 partitions, 100 B random, its own embedded broker (in its memory cgroup since session 12);
# the jars run in rotating order within each round. One line per run:
# case jar records/s producer-CPU-s/M GCs GC-ms GC-threads-CPU-s JIT-CPU-s p99-ms machine-idle-share
P=$1; R=$2; H=$3; C=$4; shift 4; jars=("$@")
if [ "$C" = b ]; then props="acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536"; else props=""; fi
for i in $(seq 1 $P); do
  n=${#jars[@]}
  for k in $(seq 0 $((n-1))); do
    jar=${jars[$(( (k+i) % n ))]}
    out=$(java -Xms$H -Xmx$H -XX:+AlwaysPreTouch -cp $jar dev.vltava.bench.PerfTool --client facade --partitions 6 --records $R --warmup-records 400000 --warmup-seconds 10 --record-size 100 --payload random ${props:+--producer-props $props} 2>&1 | grep RESULT_JSON)
    echo "heap$H-$C $(basename $jar) $(echo "$out" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print(int(d["recordsPerSecond"]), round(d["cpuSecondsPerMillion"],3), d["gcCount"], d["gcTimeMs"], round(d["gcThreadsCpuSeconds"],3), round(d["jitThreadsCpuSeconds"],3), round(d["latencyP99Ms"],1), round(d.get("machineIdleShare",float("nan")),3))')"
  done
done
