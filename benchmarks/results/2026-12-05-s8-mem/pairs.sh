#!/bin/bash
cd /tmp/mem
for round in 1; do
for prof in b defaults; do
for heap in 64m 512m; do
  JAR=/tmp/mem/base/benchmarks/target/benchmarks.jar ./run.sh before-$prof-$heap-$round $heap $prof
  ./run.sh after-$prof-$heap-$round $heap $prof
done; done; done
