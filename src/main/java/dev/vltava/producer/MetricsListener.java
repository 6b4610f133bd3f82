package dev.vltava.producer;

/**
 * Hears of metrics added to and removed from a producer ({@link Producer#addMetricsListener}): a topic's metrics
 * appear with its first batch, a broker's with the first request to it, and all are removed when the producer
 * closes. Called on the thread that adds the metric, often the producer's network thread: return quickly, do not
 * throw (an exception is logged and ignored) and do not call back into the producer from here.
 */
public interface MetricsListener {

    void metricAdded(Metric metric);

    /** The metric is gone (the producer closed). */
    default void metricRemoved(Metric metric) {
    }
}
