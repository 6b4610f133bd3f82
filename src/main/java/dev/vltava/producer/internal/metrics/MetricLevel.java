package dev.vltava.producer.internal.metrics;

/** A metric's recording level (metrics.recording.level): recorded when at most the configured level. */
public enum MetricLevel {
    INFO, DEBUG, TRACE;

    /** Whether a metric of {@code metricLevel} is recorded when this level is configured. */
    boolean records(MetricLevel metricLevel) {
        return metricLevel.ordinal() <= ordinal();
    }
}
