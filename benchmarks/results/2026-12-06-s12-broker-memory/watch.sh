#!/bin/bash
# logs every 2 s: time, vmstat line, Dirty, Writeback, pgmajfault, damon pageout stats
while true; do
  t=$(date +%T)
  v=$(vmstat 2 2 | tail -1)
  d=$(awk '/^Dirty:/{d=$2}/^Writeback:/{w=$2}/^Cached:/{c=$2}END{print "dirty="d" wb="w" cached="c}' /proc/meminfo)
  m=$(awk '/^pgmajfault /{a=$2}/^pgsteal_kswapd/{b+=$2}/^pgsteal_direct/{c+=$2}/^pgscan_kswapd/{s+=$2}END{print "majflt="a" steal_kswapd="b" steal_direct="c" scan_kswapd="s}' /proc/vmstat)
  echo "$t $v | $d | $m"
done
