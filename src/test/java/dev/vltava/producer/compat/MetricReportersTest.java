package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.mock.MockBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsContext;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** metric.reporters: official MetricsReporter classes created, configured, initialised, told of new metrics, closed. */
class MetricReportersTest {
    /** Every call any RecordingReporter received, in order: "configure client.id=...", "init N", ... */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static final List<KafkaMetric> CHANGED = new CopyOnWriteArrayList<>();

    public static final class RecordingReporter implements MetricsReporter {
        @Override
        public void configure(Map<String, ?> configs) {
            CALLS.add("configure client.id=" + configs.get("client.id"));
        }

        @Override
        public void contextChange(MetricsContext context) {
            CALLS.add("context " + context.contextLabels().get("_namespace") + " team="
                    + context.contextLabels().get("team"));
        }

        @Override
        public void init(List<KafkaMetric> metrics) {
            boolean hasSendTotal = metrics.stream().anyMatch(m -> m.metricName().name().equals("record-send-total")
                    && m.metricName().group().equals("producer-metrics"));
            CALLS.add("init sendTotal=" + hasSendTotal);
        }

        @Override
        public void metricChange(KafkaMetric metric) {
            CHANGED.add(metric);
        }

        @Override
        public void metricRemoval(KafkaMetric metric) {
            CALLS.add("removal");
        }

        @Override
        public void close() {
            CALLS.add("close");
        }
    }

    /** Throws from everything: must harm neither the producer nor the other reporter. */
    public static final class ThrowingReporter implements MetricsReporter {
        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void init(List<KafkaMetric> metrics) {
            throw new IllegalStateException("init");
        }

        @Override
        public void metricChange(KafkaMetric metric) {
            throw new IllegalStateException("change");
        }

        @Override
        public void metricRemoval(KafkaMetric metric) {
            throw new IllegalStateException("removal");
        }

        @Override
        public void close() {
            throw new IllegalStateException("close");
        }
    }

    @Test
    void reportersAreConfiguredInitialisedToldOfNewMetricsAndClosed() throws Exception {
        CALLS.clear();
        CHANGED.clear();
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("t", 1);
            Map<String, Object> configs = Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "client.id", "reporters-test", "key.serializer", StringSerializer.class,
                    "value.serializer", StringSerializer.class, "metrics.context.team", "blue",
                    "metric.reporters", ThrowingReporter.class.getName() + "," + RecordingReporter.class.getName()
                            + ",org.apache.kafka.common.metrics.JmxReporter");
            try (VltavaKafkaProducer<String, String> p = new VltavaKafkaProducer<>(configs)) {
                assertEquals(List.of("configure client.id=reporters-test", "context kafka.producer team=blue",
                        "init sendTotal=true"), CALLS);
                p.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
                p.flush();
                KafkaMetric topicSendTotal = CHANGED.stream()
                        .filter(m -> m.metricName().group().equals("producer-topic-metrics")
                                && m.metricName().name().equals("record-send-total")
                                && "t".equals(m.metricName().tags().get("topic")))
                        .findFirst().orElseThrow(() -> new AssertionError("no metricChange for topic t: " + CHANGED));
                assertEquals(1.0, topicSendTotal.metricValue());
                assertTrue(CHANGED.stream().anyMatch(m -> m.metricName().group().equals("producer-node-metrics")),
                        "a broker's metrics are reported when they appear");
            }
            assertEquals("close", CALLS.get(CALLS.size() - 1));
            assertTrue(CALLS.contains("removal"), "the producer's metrics are removed on close");
        }
    }
}
