package dev.vltava.producer.internal.metrics;

import java.util.function.LongSupplier;

/** A metric in a {@link MetricsRegistry}: its key and its live value. */
public final class RegisteredMetric {
    private final MetricKey key;
    private final MetricValue value;
    private final LongSupplier clock;

    RegisteredMetric(MetricKey key, MetricValue value, LongSupplier clock) {
        this.key = key;
        this.value = value;
        this.clock = clock;
    }

    public MetricKey key() {
        return key;
    }

    /** The current value: a {@link Double} (NaN when there is no sample yet) or a {@link String}. */
    public Object value() {
        return value.value(clock.getAsLong());
    }

    @Override
    public String toString() {
        return key + "=" + value();
    }
}
