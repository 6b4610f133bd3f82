/**
 * Idempotent producer state: producer id and epoch, per-partition sequence numbers and epoch-bump rules. Touched only by the sender thread.
 */
package dev.vltava.producer.internal.idempotence;
