/**
 * Micrometer for the core API: {@link dev.vltava.producer.micrometer.VltavaProducerMetrics} binds a
 * {@link dev.vltava.producer.Producer}'s metrics to a {@code MeterRegistry}. Optional: the library does not need
 * micrometer-core at runtime; only code that uses this package does (bring your own micrometer-core).
 */
package dev.vltava.producer.micrometer;
