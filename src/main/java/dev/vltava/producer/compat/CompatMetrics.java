package dev.vltava.producer.compat;

import dev.vltava.producer.Producer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.utils.Time;

/**
 * Vltava's metrics as official {@link KafkaMetric}s (what KafkaProducer's metrics() and metric reporters hand out): the
 * same names, groups, tags and descriptions (which are already the official client's). Each
 * {@link Metric#metricValue()} reads the live value: a Double through a {@link Measurable} for measured metrics, a
 * String through a {@link Gauge} for app-info's texts. One adapter per metric, made when the metric is first seen;
 * metrics added later (a new topic or broker) show in the next call.
 */
final class CompatMetrics {
    private static final MetricConfig CONFIG = new MetricConfig();

    private final Producer<?, ?> producer;
    private final Map<dev.vltava.producer.MetricName, KafkaMetric> adapters = new ConcurrentHashMap<>();

    CompatMetrics(Producer<?, ?> producer) {
        this.producer = producer;
    }

    /** The metrics now, read-only. */
    Map<MetricName, Metric> all() {
        Map<MetricName, Metric> out = new LinkedHashMap<>();
        for (dev.vltava.producer.Metric m : producer.metrics().values()) {
            KafkaMetric adapter = adapter(m);
            out.put(adapter.metricName(), adapter);
        }
        return Collections.unmodifiableMap(out);
    }

    KafkaMetric adapter(dev.vltava.producer.Metric m) {
        return adapters.computeIfAbsent(m.metricName(), n -> {
            MetricName name = kafkaName(n);
            Object lock = new Object();
            return m.value() instanceof String
                    ? new KafkaMetric(lock, name, (Gauge<Object>) (config, now) -> m.value(), CONFIG, Time.SYSTEM)
                    : new KafkaMetric(lock, name, (Measurable) (config, now) -> m.numericValue(), CONFIG, Time.SYSTEM);
        });
    }

    static MetricName kafkaName(dev.vltava.producer.MetricName n) {
        return new MetricName(n.name(), n.group(), n.description(), n.tags());
    }
}
