#!/bin/bash
# alternating short runs of the core API, TLS and plaintext, with per-thread CPU in the JSON
cd /work/wt-tls
for i in 1 2 3; do
 for mode in tls plain; do
  flag=""; [ $mode = tls ] && flag="--tls"
  java -Xmx1g -Xms1g -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PerfTool --client vltava $flag --records 5000000 \
   --record-size 100 --warmup-records 500000 --warmup-seconds 5 --partitions 6 --json /tmp/tls/pairs/v-$mode-$i.json \
   --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 > /tmp/tls/pairs/v-$mode-$i.out 2>&1
 done
done
echo DONE
