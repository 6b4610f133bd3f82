#!/bin/bash
# usage: heap.sh rounds records jar...   (facade, defaults, -Xmx64m, 6 partitions, 100 B random)
P=$1; R=$2; shift 2; jars=("$@")
for i in $(seq 1 $P); do
  n=${#jars[@]}
  for k in $(seq 0 $((n-1))); do
    jar=${jars[$(( (k+i) % n ))]}
    out=$(java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -cp $jar dev.vltava.bench.PerfTool --client facade --partitions 6 --records $R --warmup-records 400000 --warmup-seconds 10 --record-size 100 --payload random 2>&1 | grep RESULT_JSON)
    echo "heap512-defaults $(basename $jar) $(echo "$out" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print(int(d["recordsPerSecond"]), round(d["cpuSecondsPerMillion"],3), d["gcCount"], d["gcTimeMs"], round(d["gcThreadsCpuSeconds"],3), round(d["latencyP99Ms"],1), round(d.get("machineIdleShare",float("nan")),3))')"
  done
done
