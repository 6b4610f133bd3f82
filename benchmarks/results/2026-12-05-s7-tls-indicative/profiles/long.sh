#!/bin/bash
# usage: long.sh CLIENT PREFIX: one long run over TLS and one over plaintext (20 M records after a 30 s warm-up)
cd /work/wt-tls
CLIENT=${1:-vltava}; PREFIX=${2:-long}
for mode in tls plain; do
  flag=""; [ $mode = tls ] && flag="--tls"
  java -Xmx1g -Xms1g -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PerfTool --client $CLIENT $flag --records 20000000 \
   --record-size 100 --warmup-records 2000000 --warmup-seconds 30 --partitions 6 --json /tmp/tls/pairs/$PREFIX-$mode.json \
   --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 > /tmp/tls/pairs/$PREFIX-$mode.out 2>&1
done
echo DONE
