#!/bin/bash
cd /work/main
for i in 1 2 3; do
  for v in s8 after; do
    java -Xmx512m -cp /tmp/bench-$v.jar dev.vltava.bench.PerfTool --client facade --sink --payload random --records 20000000 --warmup-seconds 8 --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 --json /tmp/cpuab/$v-$i.json > /tmp/cpuab/$v-$i.out 2>&1
  done
done
echo done > /tmp/cpuab/DONE
