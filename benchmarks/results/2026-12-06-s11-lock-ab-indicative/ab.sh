#!/bin/bash
# usage: ab.sh label java threads virtual(0/1) jarA jarB pairs records
label=$1; J=$2; T=$3; V=$4; A=$5; B=$6; P=$7; R=$8
vflag=""; [ "$V" = 1 ] && vflag="--virtual-threads"
for i in $(seq 1 $P); do
  for jar in $( [ $((i%2)) = 1 ] && echo "$A $B" || echo "$B $A"); do
    out=$($J -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp $jar dev.vltava.bench.PerfTool --client facade --partitions 6 --records $R --warmup-records 400000 --warmup-seconds 10 --record-size 100 --payload random --threads $T $vflag --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 2>&1 | grep RESULT_JSON)
    echo "$label $(basename $jar) $(echo "$out" | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print(int(d["recordsPerSecond"]), d["cpuSecondsPerMillion"], d["brokerCpuSecondsPerMillion"])')"
  done
done
