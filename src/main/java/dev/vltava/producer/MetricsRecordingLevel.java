package dev.vltava.producer;

/**
 * {@code metrics.recording.level}: which metrics are recorded. Each metric has a level; it is recorded when its level
 * is at most the configured one (INFO &lt; DEBUG &lt; TRACE). Metrics that are not recorded still exist and keep their
 * initial value.
 */
public enum MetricsRecordingLevel {
    INFO, DEBUG, TRACE;

    /** Whether a metric of level {@code metricLevel} is recorded under this configured level. */
    public boolean records(MetricsRecordingLevel metricLevel) {
        return metricLevel.ordinal() <= ordinal();
    }
}
