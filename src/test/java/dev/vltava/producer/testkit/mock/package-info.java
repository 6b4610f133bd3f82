/**
 * A scriptable Kafka broker on loopback for fault-injection tests: answers ApiVersions, Metadata, InitProducerId and
 * Produce with the official kafka-clients codecs (an independent check of our encoding), stores produced batches
 * with broker-like idempotence checks, and injects errors, delays, disconnects, garbage and stalls on request.
 */
package dev.vltava.producer.testkit.mock;
