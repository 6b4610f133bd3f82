/**
 * The buffer pool bounded by buffer.memory. Ownership rule: every buffer has exactly one owner and is returned by its last holder, never while a request may still read it.
 */
package dev.vltava.producer.internal.memory;
