#!/bin/bash
# Alternating PerfTool runs against the sink (client only), before = main 826cee4, after = h-thr2 (contended sticky diverts)
# usage: thr2-sinkpairs.sh JAVA THREADSARGS TAG PAIRS
R=/work/wt-thr2/benchmarks/results/2026-12-05-s9-threads-indicative/sink-pairs
mkdir -p $R
JAVA=$1; TARGS=$2; TAG=$3; PAIRS=${4:-2}
P="acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536"
for i in $(seq 1 $PAIRS); do
  if [ $((i % 2)) -eq 1 ]; then ORDER="before after1"; else ORDER="after1 before"; fi
  for b in $ORDER; do
    for t in 1 "$TARGS"; do
      name=$TAG-$b-pair$i-$( [ "$t" = 1 ] && echo t1 || echo many )
      args=""; [ "$t" != 1 ] && args="$t"
      cd /tmp && timeout 600 $JAVA -cp /tmp/thr2-jars/$b/benchmarks.jar dev.vltava.bench.PerfTool --client facade --sink --records 1000000 $args --producer-props $P --json $R/$name.json > $R/$name.out 2>&1
      echo "$name $(grep -o '"recordsPerSecond":[0-9.]*' $R/$name.json) $(grep -o '"cpuSecondsPerMillion":[0-9.]*' $R/$name.json)"
    done
  done
done
