/**
 * Record batch v2 (magic 2): the byte layout, the batch writer that appends records into a caller-provided buffer, sealing and CRC-32C,
 * and a small reader used by tests and for self-verification.
 */
package dev.vltava.producer.internal.record;
