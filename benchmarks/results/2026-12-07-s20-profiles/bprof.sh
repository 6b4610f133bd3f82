#!/bin/bash
# usage: bprof.sh client outprefix ; profiles the broker 5 s in the measured interval
c=$1; o=$2; BP=$(cat /tmp/ab-broker/pid)
B="acks=all enable.idempotence=true compression.type=lz4 linger.ms=5 batch.size=65536"
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp /tmp/s20/base.jar dev.vltava.bench.PerfTool --client $c --records 20000000 --warmup-seconds 15 --bootstrap-servers 127.0.0.1:19092 --topic bp6 --broker-pid $BP --producer-props $B > $o.log 2>&1 &
p=$!
sleep 21
java -cp /tmp/s20/att Att $BP /tmp/ap/linux-x64/libasyncProfiler.so start,event=cpu,interval=1ms,threads
sleep 5
java -cp /tmp/s20/att Att $BP /tmp/ap/linux-x64/libasyncProfiler.so stop,file=/tmp/s20/$o.collapsed,collapsed
wait $p
grep RESULT_JSON $o.log | python3 -c 'import sys,json; d=json.loads(sys.stdin.read().split(" ",1)[1]); print("%.3f M/s cpu %.3f broker %.3f elapsed %.1f" % (d["recordsPerSecond"]/1e6, d["cpuSecondsPerMillion"], d.get("brokerCpuSecondsPerMillion") or -1, d["elapsedSeconds"]))'
