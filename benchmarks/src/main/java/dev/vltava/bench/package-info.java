/**
 * Benchmarks: JMH microbenchmarks (one class per subsystem), the end-to-end perf tool that runs Vltava and the
 * official client side by side, and the quickstart.
 */
package dev.vltava.bench;
