/**
 * Record batch v2 (magic 2): the byte layout, the batch writer that appends records into a caller-provided buffer, sealing and CRC-32C.
 */
package dev.vltava.producer.internal.record;
