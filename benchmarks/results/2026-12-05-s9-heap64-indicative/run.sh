#!/bin/bash
cd /work/main
for i in 1 2; do
  for v in before after; do
    java -Xms64m -Xmx64m -cp /tmp/bench-$v.jar dev.vltava.bench.PerfTool --client facade --payload random --records 2000000 --warmup-seconds 5 --json /tmp/heap64/$v-$i.json > /tmp/heap64/$v-$i.out 2>&1
  done
done
echo done > /tmp/heap64/DONE
