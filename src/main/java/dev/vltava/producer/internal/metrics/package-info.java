/**
 * The producer's metrics under the official names and meanings (record-send-rate, batch-size-avg, ...): lock-free
 * counters written by the engine, read as a name → value map.
 */
package dev.vltava.producer.internal.metrics;
