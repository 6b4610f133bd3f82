package dev.vltava.producer.internal.metrics;

import java.util.Map;

/**
 * Registers metrics of one group and one set of tags, in the shapes the official client uses: a value,
 * {@code -rate}/{@code -total} pairs (of values or of events) and {@code -avg}/{@code -max} pairs. Shared by the
 * producer's, the network's, each topic's and each broker's metrics.
 */
final class MetricGroup {
    private final MetricsRegistry registry;
    private final String group;
    private final Map<String, String> tags;

    MetricGroup(MetricsRegistry registry, String group, Map<String, String> tags) {
        this.registry = registry;
        this.group = group;
        this.tags = tags;
    }

    void add(String name, String description, MetricValue value) {
        registry.add(new MetricKey(name, group, tags, description), value);
    }

    /** {prefix}-avg and {prefix}-max of the values, divided by {@code divisor} (1e6: nanoseconds to ms). */
    void avgMax(WindowedStat s, String prefix, double divisor, String what) {
        add(prefix + "-avg", "Average " + what + ", over the metrics window.", now -> s.avg(now) / divisor);
        add(prefix + "-max", "Largest " + what + ", over the metrics window.", now -> s.max(now) / divisor);
    }

    /** {prefix}-rate (per second, sum of the values) and {prefix}-total. */
    void meter(WindowedStat s, String prefix, String what) {
        add(prefix + "-rate", "Per second, over the metrics window: " + what + ".", s::rate);
        add(prefix + "-total", "Total " + what + ".", now -> s.total());
    }

    /** {prefix}-rate (per second, number of events) and {prefix}-total (events). */
    void countMeter(WindowedStat s, String prefix, String what) {
        add(prefix + "-rate", "Per second, over the metrics window: " + what + ".", s::countRate);
        add(prefix + "-total", "Total " + what + ".", now -> (double) s.totalCount());
    }
}
