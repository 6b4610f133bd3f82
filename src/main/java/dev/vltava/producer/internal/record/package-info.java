/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Record batch v2 (magic 2): the byte layout, the batch writer that appends records into a caller-provided buffer, sealing and CRC-32C,
 * and a small reader used by tests and for self-verification.
 */
package dev.vltava.producer.internal.record;
