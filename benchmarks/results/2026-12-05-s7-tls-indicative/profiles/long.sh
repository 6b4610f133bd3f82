#!/bin/bash
cd /work/wt-tls
for mode in tls plain; do
  flag=""; [ $mode = tls ] && flag="--tls"
  java -Xmx1g -Xms1g -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PerfTool --client vltava $flag --records 20000000 \
   --record-size 100 --warmup-records 2000000 --warmup-seconds 30 --partitions 6 --json /tmp/tls/pairs/long-$mode.json \
   --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 > /tmp/tls/pairs/long-$mode.out 2>&1
done
echo DONE
