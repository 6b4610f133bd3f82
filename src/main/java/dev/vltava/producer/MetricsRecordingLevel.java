package dev.vltava.producer;

/**
 * {@code metrics.recording.level}: which metrics are recorded. Each metric has a level; it is recorded when its level
 * is at most the configured one (INFO &lt; DEBUG &lt; TRACE). Metrics that are not recorded still exist and keep their
 * initial value.
 */
public enum MetricsRecordingLevel {
    /** The default: the metrics an operator watches. */
    INFO,
    /** INFO and finer-grained metrics. */
    DEBUG,
    /** Every metric. */
    TRACE;

    /**
     * Whether a metric of level {@code metricLevel} is recorded under this configured level.
     *
     * @param metricLevel the metric's level
     * @return true when it is recorded
     */
    public boolean records(MetricsRecordingLevel metricLevel) {
        return metricLevel.ordinal() <= ordinal();
    }
}
