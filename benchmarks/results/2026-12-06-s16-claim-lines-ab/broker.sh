#!/bin/bash
# A standalone broker for A/Bs (one broker for all runs): EmbeddedBroker's configuration, in a memory cgroup like
# SideBySide's when the machine lets us make one. Run from the project root after building benchmarks/target/benchmarks.jar
# (or set BENCH_JAR); data and pid under BROKER_DIR (default /tmp/ab-broker). Stop: kill $(cat $BROKER_DIR/pid)
set -e
root=${BROKER_DIR:-/tmp/ab-broker}; rm -rf $root; mkdir -p $root
cat > $root/server.properties <<P
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:19093
listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093
advertised.listeners=PLAINTEXT://127.0.0.1:19092
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL
log.dirs=$root/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
message.max.bytes=2097152
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.bytes=300000000
log.segment.bytes=100000000
log.retention.check.interval.ms=10000
P
CP=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
java -Xmx256m -cp $CP kafka.tools.StorageTool format --cluster-id $(python3 -c 'import uuid,base64;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))') --config $root/server.properties --ignore-formatted > $root/format.log 2>&1
ulimit -n 65536 2>/dev/null || true # many-partition topics: a log's files per partition (session 16: "Too many open files")
nohup java -Xmx1g -Xms1g -XX:+UseG1GC -Djava.awt.headless=true -cp $CP kafka.Kafka $root/server.properties > $root/broker.log 2>&1 &
pid=$!
(mkdir -p /sys/fs/cgroup/ab-broker && echo 6800000000 > /sys/fs/cgroup/ab-broker/memory.max \
  && echo $pid > /sys/fs/cgroup/ab-broker/cgroup.procs) || echo "no memory cgroup: the broker runs unconfined"
echo $pid > $root/pid
echo started $pid
