#!/bin/bash
# usage: e1.sh TAG CLIENT : SideBySide-like run (5M records, warm-up 500k/5s), JFR from the start, compile log
cd /work/wt-tls
TAG=$1; CLIENT=$2; shift 2
OUT=/tmp/tls/prof/$TAG
java -Xmx1g -Xms1g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:+PrintCompilation \
  "-XX:StartFlightRecording=filename=$OUT.jfr,settings=profile,jdk.ExecutionSample#period=5ms" \
  -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PerfTool --client $CLIENT --tls --records ${RECORDS:-5000000} \
  --record-size 100 --warmup-records 500000 --warmup-seconds 5 --partitions 6 --json $OUT.json \
  --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 "$@" > $OUT.out 2>&1
