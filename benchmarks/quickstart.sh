#!/usr/bin/env bash
# Quickstart: builds Vltava, starts a local single-node Kafka broker, runs the official client and Vltava side by
# side on it (a short warm-up, then each as fast as it goes, then both at a fixed rate both sustain), prints one
# table (records/s, CPU per record, latency percentiles), and reads Vltava's records back with the official consumer.
#
#   benchmarks/quickstart.sh                                   # everything local
#   benchmarks/quickstart.sh --records 200000
#   benchmarks/quickstart.sh --bootstrap-servers host:9092     # an existing cluster instead
#
# Run from anywhere; needs Java 17+ and Maven. `compile` also writes target/runtime-classpath.txt (the jars the
# broker JVM is started from, in generate-resources), which exec:java then finds through a system property.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
exec mvn -B -q -f benchmarks/pom.xml compile exec:java -Dexec.args="$*"
