#!/bin/bash
# usage: prof.sh TAG CLIENT PAYLOAD [extra perf args]
set -e
cd /work/wt-perf
TAG=$1; CLIENT=$2; PAYLOAD=$3; shift 3
OUT=/work/perf-prof/$TAG
java -Xmx1g -Xms1g -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
  "-XX:StartFlightRecording=delay=8s,filename=$OUT.jfr,settings=profile,jdk.ExecutionSample#period=1ms" \
  -cp ${JAR:-benchmarks/target/benchmarks.jar} dev.vltava.bench.PerfTool --client $CLIENT --sink --records ${RECORDS:-3000000} \
  --record-size 100 --payload $PAYLOAD --warmup-seconds 5 --partitions 6 \
  --producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536 "$@" > $OUT.out 2>&1
java -cp ${JAR:-benchmarks/target/benchmarks.jar} dev.vltava.bench.JfrShares $OUT.jfr --top 40 > $OUT.shares.txt 2>&1
