package dev.vltava.producer.testkit;

import dev.vltava.producer.Metric;
import dev.vltava.producer.Producer;

/** Reads one metric of a Vltava producer by its name in the {@code producer-metrics} group. */
public final class ProducerMetricValues {
    private ProducerMetricValues() {
    }

    /** The value of {@code producer-metrics/<name>}; fails when there is no such metric. */
    public static double value(Producer<?, ?> producer, String name) {
        return producer.metrics().values().stream()
                .filter(m -> m.metricName().group().equals("producer-metrics") && m.metricName().name().equals(name))
                .findFirst().map(Metric::numericValue)
                .orElseThrow(() -> new AssertionError("no producer-metrics metric " + name));
    }
}
