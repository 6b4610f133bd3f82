package dev.vltava.producer;

/**
 * One of the producer's metrics (see {@link Producer#metrics()}): its {@link MetricName} and its live value. Rates,
 * averages and maxima are over the metrics window ({@code metrics.num.samples} samples of
 * {@code metrics.sample.window.ms}); totals are cumulative. Reading a value takes no lock on the send path.
 */
public interface Metric {

    MetricName metricName();

    /**
     * The current value: a {@link Double} for every measured metric (NaN when the window holds no sample yet, as
     * the official client does), a {@link String} for the texts of {@code app-info} ({@code version},
     * {@code commit-id}).
     */
    Object value();

    /** The current value as a number; NaN for a text metric. */
    default double numericValue() {
        return value() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
