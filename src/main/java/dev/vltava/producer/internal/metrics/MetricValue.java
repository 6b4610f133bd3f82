package dev.vltava.producer.internal.metrics;

/** How a registered metric reads its current value: a {@link Double}, or a {@link String} for app-info's texts. */
@FunctionalInterface
public interface MetricValue {
    Object value(long nowNs);
}
