/**
 * The record accumulator: per-partition batch queues with their own locks, batch state, and the ready index keyed by leader node.
 */
package dev.vltava.producer.internal.accumulate;
