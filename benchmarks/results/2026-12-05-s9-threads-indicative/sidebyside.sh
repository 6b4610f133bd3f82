#!/bin/bash
# usage: thr2-run.sh JARDIR NAME MATCH
R=/work/wt-thr2/benchmarks/results/2026-12-05-s9-threads-indicative
J=$1; N=$2; M=$3
cd /tmp && java -cp /tmp/thr2-jars/$J/benchmarks.jar dev.vltava.bench.SideBySide --suite drop-in --match "$M" --records 2000000 --pairs 2 --out $R/$N/report.md --work-dir /tmp/thr2-wk-$N --results $R/$N > /tmp/thr2-$N.log 2>&1
echo rc=$? >> /tmp/thr2-$N.log
