#!/bin/bash
cd /work/wt-tls
TAG=$1; CLIENT=$2
OUT=/tmp/tls/prof/$TAG
java -Xmx1g -Xms1g -Djavax.net.debug=ssl:record -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PerfTool --client $CLIENT --tls --records 300000 \
  --record-size 100 --warmup-records 100000 --partitions 6 --json $OUT.json \
  --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 > $OUT.out 2>&1
