#!/bin/bash
# usage: abn.sh label java threads virtual(0/1) rounds records jar...
label=$1; J=$2; T=$3; V=$4; P=$5; R=$6; shift 6; jars=("$@")
vflag=""; [ "$V" = 1 ] && vflag="--virtual-threads"
for i in $(seq 1 $P); do
  n=${#jars[@]}
  for k in $(seq 0 $((n-1))); do
    jar=${jars[$(( (k+i) % n ))]}
    out=$($J -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp $jar dev.vltava.bench.PerfTool --client facade --partitions 6 --records $R --warmup-records 400000 --warmup-seconds 10 --record-size 100 --payload random --threads $T $vflag --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 2>&1 | grep RESULT_JSON)
    echo "$label $(basename $jar) $(echo "$out" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print(int(d["recordsPerSecond"]), round(d["cpuSecondsPerMillion"],3), round(d["brokerCpuSecondsPerMillion"],3), round(d["recordsPerRequestAvg"]), round(d["latencyP99Ms"],1))')"
  done
done
