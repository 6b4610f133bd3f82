/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The producer's metrics under the official client's names, groups and tags: a {@link
 * dev.vltava.producer.internal.metrics.MetricsRegistry} of keyed metrics whose values come from lock-free,
 * allocation-free {@link dev.vltava.producer.internal.metrics.WindowedStat}s (metrics.num.samples samples of
 * metrics.sample.window.ms), {@link dev.vltava.producer.internal.metrics.ProducerMetrics} (producer, topic, app-info)
 * and {@link dev.vltava.producer.internal.metrics.NetworkMetrics} (connections, requests, per-node), and the JMX
 * exposure ({@link dev.vltava.producer.internal.metrics.JmxExporter}). A leaf: it knows no other package of the
 * engine; the engine hands it gauges as suppliers.
 */
package dev.vltava.producer.internal.metrics;
