package dev.vltava.producer.internal.metrics;

/**
 * Told when a metric is added to or removed from a {@link MetricsRegistry} (JMX, metric reporters). Called on the
 * thread that adds the metric (the sender thread for per-topic and per-node metrics), so it must be quick.
 */
public interface MetricsListener {
    void metricAdded(RegisteredMetric metric);

    void metricRemoved(RegisteredMetric metric);
}
