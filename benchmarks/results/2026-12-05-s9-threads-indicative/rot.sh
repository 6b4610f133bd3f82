#!/bin/bash
# Rotating PerfTool runs against the sink (client only): builds in rotating order per round, plus one single-thread
# run per round (with the build whose turn it is first; one thread never diverts, so all builds run the same code).
# usage: thr2-rot.sh JAVA "THREADARGS" TAG ROUNDS BUILD...
R=/work/wt-thr2/benchmarks/results/2026-12-05-s9-threads-indicative/sink-rot
mkdir -p $R
JAVA=$1; TARGS=$2; TAG=$3; ROUNDS=$4; shift 4; BUILDS=("$@")
P="acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536"
n=${#BUILDS[@]}
for r in $(seq 1 $ROUNDS); do
  for k in $(seq 0 $((n-1))); do
    b=${BUILDS[$(( (k + r - 1) % n ))]}
    name=$TAG-r$r-$b-many
    cd /tmp && timeout 600 $JAVA -cp /tmp/thr2-jars/$b/benchmarks.jar dev.vltava.bench.PerfTool --client facade --sink --records 1000000 $TARGS --producer-props $P --json $R/$name.json > $R/$name.out 2>&1
    echo "$name $(grep -o '"recordsPerSecond":[0-9.]*' $R/$name.json) $(grep -o '"cpuSecondsPerMillion":[0-9.]*' $R/$name.json) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
  b=${BUILDS[$(( (r - 1) % n ))]}
  name=$TAG-r$r-$b-t1
  cd /tmp && timeout 600 $JAVA -cp /tmp/thr2-jars/$b/benchmarks.jar dev.vltava.bench.PerfTool --client facade --sink --records 1000000 --producer-props $P --json $R/$name.json > $R/$name.out 2>&1
  echo "$name $(grep -o '"recordsPerSecond":[0-9.]*' $R/$name.json) $(grep -o '"cpuSecondsPerMillion":[0-9.]*' $R/$name.json) load=$(cut -d' ' -f1 /proc/loadavg)"
done
