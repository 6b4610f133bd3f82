#!/bin/bash
# usage: run.sh NAME HEAP PROFILE(b|defaults) [extra jvm args...]
name=$1; heap=$2; prof=$3; shift 3
cd /work/wt-mem
CP=$(cat benchmarks/target/runtime-classpath.txt):benchmarks/target/classes
props=()
if [ "$prof" = b ]; then props=(--producer-props acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536); fi
java -Xms$heap -Xmx$heap -Xlog:gc*:file=/tmp/mem/res/$name.gc.log:uptime,level,tags "$@" -cp ${JAR:-benchmarks/target/benchmarks.jar} dev.vltava.bench.PerfTool \
  --client facade --records ${RECORDS:-1000000} --warmup-records 200000 --warmup-seconds 3 --json /tmp/mem/res/$name.json --label "$name" "${props[@]}" > /tmp/mem/res/$name.out 2>&1
echo "exit $?" >> /tmp/mem/res/$name.out
