/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The buffer pool bounded by buffer.memory. Ownership rule: every buffer has exactly one owner and is returned by its last holder, never while a request may still read it.
 *
 * <p>{@link dev.vltava.producer.internal.memory.UntimedWaits}: virtual threads blocked in send() (for memory, or for
 * another thread's batch) wait without a timer; the sender thread keeps their deadlines and wakes them at max.block.ms.
 */
package dev.vltava.producer.internal.memory;
