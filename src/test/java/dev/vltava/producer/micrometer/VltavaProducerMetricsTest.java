package dev.vltava.producer.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.compat.VltavaKafkaProducer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Micrometer: its own KafkaClientMetrics over the facade, and our binder over the core API, give the same meters
 * (names, types and tag keys, less Micrometer's kafka.version tag).
 */
class VltavaProducerMetricsTest {

    @Test
    void micrometersKafkaClientMetricsWorksWithTheFacade() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (VltavaKafkaProducer<String, String> p = new VltavaKafkaProducer<>(Map.of("bootstrap.servers",
                "localhost:1", "client.id", "mm-facade", "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class, "max.request.size", 1000));
                KafkaClientMetrics binder = new KafkaClientMetrics(p)) {
            binder.bindTo(registry);
            Gauge errors = registry.get("kafka.producer.record.error.total").tag("client.id", "mm-facade").gauge();
            assertEquals(0.0, errors.value());
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>("t", "x".repeat(2000)));
            assertEquals(1.0, errors.value(), "live values");
            Gauge latency = registry.get("kafka.producer.request.latency.max").gauge();
            assertTrue(Double.isNaN(latency.value()), "no sample yet: NaN, as the official client");
            assertTrue(registry.getMeters().size() > 50, "the producer-metrics group is bound: "
                    + registry.getMeters().size());
        }
    }

    @Test
    void ourBinderGivesTheMetersMicrometerGivesTheFacade() {
        SimpleMeterRegistry theirs = new SimpleMeterRegistry();
        SimpleMeterRegistry ours = new SimpleMeterRegistry();
        try (VltavaKafkaProducer<String, String> facade = new VltavaKafkaProducer<>(Map.of("bootstrap.servers",
                "localhost:1", "client.id", "mm-a", "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class));
                KafkaClientMetrics kafkaBinder = new KafkaClientMetrics(facade);
                Producer<byte[], byte[]> core = Producer.create(ProducerConfig.from(Map.of("bootstrap.servers",
                        "localhost:1", "client.id", "mm-b")), Serializers.byteArray(), Serializers.byteArray());
                VltavaProducerMetrics binder = new VltavaProducerMetrics(core)) {
            kafkaBinder.bindTo(theirs);
            binder.bindTo(ours);
            assertEquals(describe(theirs), describe(ours));
            Gauge errors = ours.get("kafka.producer.record.error.total").gauge();
            core.send(new ProducerRecord<>("t", null, new byte[2_000_000]));
            assertEquals(1.0, errors.value());
        }
        assertTrue(ours.getMeters().isEmpty(), "close removes the meters");
    }

    @Test
    void metricsThatAppearLaterAreBoundAndExtraTagsApply() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Producer<byte[], byte[]> core = Producer.create(ProducerConfig.from(Map.of("bootstrap.servers",
                "localhost:1", "client.id", "mm-c")), Serializers.byteArray(), Serializers.byteArray());
                VltavaProducerMetrics binder = new VltavaProducerMetrics(core, Set.of(Tag.of("app", "x")))) {
            binder.bindTo(registry);
            Meter sendRate = registry.get("kafka.producer.record.send.rate").tag("app", "x").meter();
            assertInstanceOf(Gauge.class, sendRate);
            assertFalse(binder.meters().isEmpty());
        }
    }

    /** name, type and tag keys of each meter; kafka.version (Micrometer's own addition) left out. */
    private static Set<String> describe(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(m -> m.getId().getName() + " " + m.getId().getType() + " "
                + m.getId().getTags().stream().map(Tag::getKey).filter(k -> !k.equals("kafka.version")).sorted()
                        .collect(Collectors.joining(","))).collect(Collectors.toCollection(TreeSet::new));
    }
}
