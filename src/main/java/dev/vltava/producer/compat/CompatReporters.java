package dev.vltava.producer.compat;

import dev.vltava.producer.MetricsListener;
import dev.vltava.producer.Producer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the official {@link MetricsReporter}s of {@code metric.reporters} over Vltava's metrics, as KafkaProducer runs
 * them: each gets {@code contextChange} (namespace {@code kafka.producer}, labels from {@code metrics.context.*}),
 * then {@code init} with the metrics that exist, {@code metricChange} for each metric added later (a new topic or
 * broker), {@code metricRemoval} when the producer removes its metrics, and {@code close} when the producer closes. A
 * reporter that throws is logged and does not stop the others or the producer.
 */
final class CompatReporters implements MetricsListener, AutoCloseable {
    static final String NAMESPACE = "kafka.producer";
    private static final String CONTEXT_PREFIX = "metrics.context.";
    private static final Logger LOG = LoggerFactory.getLogger(CompatReporters.class);

    private final List<MetricsReporter> reporters;
    private final CompatMetrics metrics;
    private final Producer<?, ?> producer;

    private CompatReporters(List<MetricsReporter> reporters, CompatMetrics metrics, Producer<?, ?> producer) {
        this.reporters = List.copyOf(reporters);
        this.metrics = metrics;
        this.producer = producer;
    }

    /** Starts the reporters (already created and configured) on the producer's metrics; null if there are none. */
    static CompatReporters start(List<MetricsReporter> reporters, CompatMetrics metrics, Producer<?, ?> producer,
            Map<String, ?> configs) {
        if (reporters.isEmpty()) {
            return null;
        }
        CompatReporters r = new CompatReporters(reporters, metrics, producer);
        KafkaMetricsContext context = new KafkaMetricsContext(NAMESPACE, contextLabels(configs));
        // Listen first, then read what exists: a metric added in between is reported once by each path at most
        // twice; reporters key metrics by name, so a repeat is harmless, a gap would not be.
        producer.addMetricsListener(r);
        List<KafkaMetric> now = new ArrayList<>();
        for (dev.vltava.producer.Metric m : producer.metrics().values()) {
            now.add(metrics.adapter(m));
        }
        for (MetricsReporter reporter : r.reporters) {
            call(reporter, "contextChange", () -> reporter.contextChange(context));
            call(reporter, "init", () -> reporter.init(new ArrayList<>(now)));
        }
        return r;
    }

    private static Map<String, Object> contextLabels(Map<String, ?> configs) {
        Map<String, Object> labels = new java.util.LinkedHashMap<>();
        configs.forEach((k, v) -> {
            if (k.startsWith(CONTEXT_PREFIX)) {
                labels.put(k.substring(CONTEXT_PREFIX.length()), v);
            }
        });
        return labels;
    }

    @Override
    public void metricAdded(dev.vltava.producer.Metric metric) {
        KafkaMetric m = metrics.adapter(metric);
        for (MetricsReporter reporter : reporters) {
            call(reporter, "metricChange", () -> reporter.metricChange(m));
        }
    }

    @Override
    public void metricRemoved(dev.vltava.producer.Metric metric) {
        KafkaMetric m = metrics.adapter(metric);
        for (MetricsReporter reporter : reporters) {
            call(reporter, "metricRemoval", () -> reporter.metricRemoval(m));
        }
    }

    /** Closes every reporter (after the producer closed). */
    @Override
    public void close() {
        producer.removeMetricsListener(this);
        for (MetricsReporter reporter : reporters) {
            call(reporter, "close", reporter::close);
        }
    }

    private static void call(MetricsReporter reporter, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("metric reporter {} failed in {}; ignored", reporter.getClass().getName(), what, e);
        }
    }
}
