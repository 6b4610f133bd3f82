package dev.vltava.producer.compat;

import dev.vltava.producer.Producer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Vltava's metrics as official {@link Metric}s: group {@code producer-metrics}, the same names (which are already
 * the official client's names), tag {@code client-id}. Each {@link Metric#metricValue()} reads the live value.
 */
final class CompatMetrics {
    static final String GROUP = "producer-metrics";

    private CompatMetrics() {
    }

    /** One metric per name Vltava reports now; the set of names does not change over a producer's life. */
    static Map<MetricName, Metric> of(Producer<?, ?> producer, String clientId) {
        Map<String, String> tags = Map.of("client-id", clientId);
        Map<MetricName, Metric> out = new LinkedHashMap<>();
        for (String name : producer.metrics().keySet()) {
            MetricName metricName = new MetricName(name, GROUP, "Vltava producer metric " + name, tags);
            out.put(metricName, new LiveMetric(metricName, producer));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Reads its value from the producer at each call, as Kafka's metrics do. */
    static final class LiveMetric implements Metric {
        private final MetricName name;
        private final Producer<?, ?> producer;

        LiveMetric(MetricName name, Producer<?, ?> producer) {
            this.name = name;
            this.producer = producer;
        }

        @Override
        public MetricName metricName() {
            return name;
        }

        /** A {@link Double}, like Kafka's measurable metrics; NaN where there is no sample yet. */
        @Override
        public Object metricValue() {
            Double value = producer.metrics().get(name.name());
            return value == null ? Double.NaN : value;
        }

        @Override
        public String toString() {
            return name.name() + "=" + metricValue();
        }
    }
}
