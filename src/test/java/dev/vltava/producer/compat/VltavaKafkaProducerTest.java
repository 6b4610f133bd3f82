package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The facade without a broker (bootstrap points at a closed port): construction, plugins, errors found before any
 * broker is needed. The same checks run against {@link KafkaProducer} where it also needs no broker; the argument
 * and state checks of every method, side by side with it, are {@link ArgumentParityTest}'s.
 */
class VltavaKafkaProducerTest {
    private static final String NO_BROKER = "localhost:1";

    @BeforeEach
    void reset() {
        RecordingPlugins.reset();
    }

    private static Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", NO_BROKER);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class);
        p.put("max.block.ms", 2_000);
        return p;
    }

    private static Map<String, Object> with(Object... keyValues) {
        Map<String, Object> p = base();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove((String) keyValues[i]);
            } else {
                p.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    private static Throwable constructionFailure(Function<Map<String, Object>, Producer<?, ?>> factory,
            Map<String, Object> configs) {
        try (Producer<?, ?> ignored = factory.apply(configs)) {
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"acks=2", "batch.size=-1", "linger.ms=abc", "enable.idempotence=true;acks=1",
            "key.serializer=com.example.Missing", "value.serializer=", "compression.type=brotli",
            "security.protocol=BOGUS", "partitioner.class=com.example.Missing", "max.in.flight.requests.per.connection=0",
            "retries=-1"})
    void invalidConfigurationFailsWithKafkasConfigException(String settings) {
        Map<String, Object> configs = base();
        for (String kv : settings.split(";")) {
            String[] parts = kv.split("=", 2);
            if (parts[1].isEmpty()) {
                configs.remove(parts[0]);
            } else {
                configs.put(parts[0], parts[1]);
            }
        }
        Throwable theirs = constructionFailure(KafkaProducer::new, configs);
        Throwable ours = constructionFailure(VltavaKafkaProducer::new, configs);
        assertNotNull(theirs, "the official producer rejects " + settings);
        assertNotNull(ours, "Vltava rejects " + settings);
        assertSame(org.apache.kafka.common.config.ConfigException.class, theirs.getClass(), theirs.toString());
        assertSame(theirs.getClass(), ours.getClass(), "same type as KafkaProducer: " + ours);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bootstrap.servers=nohostport", "delivery.timeout.ms=1000",
            "interceptor.classes=com.example.Missing", "metric.reporters=com.example.Missing"})
    void whereKafkaWrapsTheConfigErrorBothAreKafkaExceptions(String setting) {
        String[] kv = setting.split("=", 2);
        Map<String, Object> configs = with(kv[0], kv[1]);
        Throwable theirs = constructionFailure(KafkaProducer::new, configs);
        Throwable ours = constructionFailure(VltavaKafkaProducer::new, configs);
        // Kafka wraps these in KafkaException("Failed to construct kafka producer"); Vltava throws the
        // ConfigException itself. Code catching KafkaException handles both.
        assertInstanceOf(KafkaException.class, theirs);
        assertInstanceOf(KafkaException.class, ours);
    }

    @Test
    void pluginsAreConfiguredWithTheClientIdAndClosedOnceInKafkasOrder() {
        Map<String, Object> configs = with("client.id", "compat-test", "key.serializer",
                RecordingPlugins.TaggingSerializer.class.getName(), "value.serializer",
                RecordingPlugins.TaggingSerializer.class, "partitioner.class",
                RecordingPlugins.LastPartitionPartitioner.class.getName(), "interceptor.classes",
                List.of(RecordingPlugins.LoggingInterceptor.class));
        Producer<String, String> theirs = new KafkaProducer<>(configs);
        theirs.close(); // (a second close would close Kafka's plugins again; Vltava closes them once)
        List<String> kafkaEvents = List.copyOf(RecordingPlugins.EVENTS);
        RecordingPlugins.reset();

        Producer<String, String> ours = new VltavaKafkaProducer<>(configs);
        ours.close();
        ours.close();

        assertEquals(kafkaEvents, RecordingPlugins.EVENTS, "configured and closed alike, in the same order");
        assertEquals(List.of("partitioner.configure client.id=compat-test",
                "serializer.configure isKey=true client.id=compat-test",
                "serializer.configure isKey=false client.id=compat-test",
                "interceptor.configure client.id=compat-test"), RecordingPlugins.EVENTS.subList(0, 4));
        assertEquals(8, RecordingPlugins.EVENTS.size(), "each plugin closed once, even after a second close()");
    }

    @Test
    void serializerInstancesArePassedThroughUnconfigured() {
        Properties props = new Properties();
        props.putAll(with("key.serializer", null, "value.serializer", null));
        try (var p = new VltavaKafkaProducer<>(props, new RecordingPlugins.TaggingSerializer(),
                new StringSerializer())) {
            assertTrue(RecordingPlugins.EVENTS.isEmpty(), "not configured: " + RecordingPlugins.EVENTS);
        }
        assertEquals(List.of("serializer.close isKey=false"), RecordingPlugins.EVENTS, "but closed");
    }

    @Test
    void aSerializerFailureIsThrownFromSendAsTheSerializersOwnException() {
        Map<String, Object> configs = with("value.serializer", RecordingPlugins.FailingSerializer.class,
                "interceptor.classes", RecordingPlugins.LoggingInterceptor.class.getName());
        try (var p = new VltavaKafkaProducer<String, String>(configs)) {
            SerializationException e = assertThrows(SerializationException.class,
                    () -> p.send(new ProducerRecord<>("t", "k", "v")));
            assertEquals("cannot serialize v", e.getMessage());
            assertEquals(List.of("interceptor.configure client.id=" + clientId(p),
                    "interceptor.ack partition=-1 error=SerializationException headers=intercepted"),
                    RecordingPlugins.EVENTS, "interceptors hear of thrown failures, as in Kafka");
        }
    }

    @Test
    void aRecordOfTheWrongTypeIsASerializationException() {
        try (var p = new VltavaKafkaProducer<Object, Object>(with("value.serializer", IntegerSerializer.class))) {
            SerializationException e = assertThrows(SerializationException.class,
                    () -> p.send(new ProducerRecord<>("t", "k", "not an integer")));
            assertInstanceOf(ClassCastException.class, e.getCause());
        }
    }

    @Test
    void anOversizedRecordFailsThroughTheFutureAndCallbackNotFromSend() throws Exception {
        AtomicReference<Exception> callbackError = new AtomicReference<>();
        AtomicReference<RecordMetadata> callbackMetadata = new AtomicReference<>();
        try (var p = new VltavaKafkaProducer<String, String>(with("max.request.size", 1_000))) {
            Future<RecordMetadata> f = p.send(new ProducerRecord<>("t", "k", "x".repeat(5_000)), (md, e) -> {
                callbackMetadata.set(md);
                callbackError.set(e);
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertSame(RecordTooLargeException.class, e.getCause().getClass());
            assertSame(e.getCause(), callbackError.get(), "the callback saw the same exception");
            assertEquals("t", callbackMetadata.get().topic());
            assertEquals(-1, callbackMetadata.get().offset());
            assertInstanceOf(CompletableFuture.class, f);
        }
    }

    @Test
    void metricsAreOfficialProducerMetricsWithLiveValues() {
        try (var theirs = new KafkaProducer<String, String>(base());
                var ours = new VltavaKafkaProducer<String, String>(with("client.id", "metrics-test"))) {
            Map<MetricName, ? extends Metric> metrics = ours.metrics();
            assertFalse(metrics.isEmpty());
            Set<String> officialNames = theirs.metrics().keySet().stream()
                    .map(n -> n.group() + "/" + n.name()).collect(Collectors.toSet());
            for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
                MetricName name = e.getKey();
                assertEquals(Map.of("client-id", "metrics-test"), name.tags());
                assertTrue(officialNames.contains(name.group() + "/" + name.name()), name + " is an official metric");
                if (name.group().equals("app-info") && !name.name().equals("start-time-ms")) {
                    assertInstanceOf(String.class, e.getValue().metricValue());
                } else {
                    assertInstanceOf(Double.class, e.getValue().metricValue());
                }
                assertEquals(name, e.getValue().metricName());
                assertFalse(name.description().isBlank(), name.toString());
            }
            Metric errors = metrics.get(new MetricName("record-error-total", "producer-metrics", "",
                    Map.of("client-id", "metrics-test")));
            assertEquals(0.0, errors.metricValue());
            ours.send(new ProducerRecord<>("t", "k", "x".repeat(2_000_000)));
            assertEquals(1.0, errors.metricValue(), "the value is read live");
        }
    }

    private static String clientId(VltavaKafkaProducer<?, ?> p) {
        return p.metrics().keySet().iterator().next().tags().get("client-id");
    }
}
