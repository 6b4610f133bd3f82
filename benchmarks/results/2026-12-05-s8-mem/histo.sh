#!/bin/bash
name=$1; prof=$2
RECORDS=3000000 ./run.sh $name 64m $prof &
sleep 2
pid=$(pgrep -f "label $name" | head -1)
for t in $(seq 1 12); do
  sleep 3
  jmap -histo:live $pid > res/$name.histo-live.$t.txt 2>&1 || break
done
wait
