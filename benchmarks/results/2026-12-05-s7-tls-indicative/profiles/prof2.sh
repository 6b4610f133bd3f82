#!/bin/bash
# usage: prof.sh TAG CLIENT [extra perf args]
cd /work/wt-tls
TAG=$1; CLIENT=$2; shift 2
OUT=/tmp/tls/prof/$TAG
java -Xmx1g -Xms1g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  "-XX:StartFlightRecording=delay=${DELAY:-60s},filename=$OUT.jfr,settings=profile,jdk.ExecutionSample#period=2ms" \
  -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PerfTool --client $CLIENT $TLSFLAG --records ${RECORDS:-20000000} \
  --record-size 100 --warmup-records 2000000 --warmup-seconds 30 --partitions 6 --json $OUT.json \
  --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 "$@" > $OUT.out 2>&1
java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.JfrShares $OUT.jfr --top 60 > $OUT.shares.txt 2>&1
