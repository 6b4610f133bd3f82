/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The producer's metrics under the official names and meanings (record-send-rate, batch-size-avg, ...): lock-free
 * counters written by the engine, read as a name → value map.
 */
package dev.vltava.producer.internal.metrics;
