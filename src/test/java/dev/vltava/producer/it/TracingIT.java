package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.compat.TracingInterceptor;
import dev.vltava.producer.compat.VltavaKafkaProducer;
import dev.vltava.producer.opentelemetry.ProducerTracing;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tracing on the real broker, for the core API ({@link ProducerTracing#wrap}) and the facade
 * ({@link TracingInterceptor} in {@code interceptor.classes}): the official consumer reads each record's
 * {@code traceparent} header and it names exactly the exported span of that send (trace id and span id), one PRODUCER
 * span per send, with the offset the consumer sees; a send the broker refuses (larger than the topic's
 * {@code max.message.bytes}) ends its span with error status.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TracingIT {
    private static final int RECORDS = 20;

    private final TestCluster cluster = TestClusters.single();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();

    @AfterEach
    void closeSdk() {
        provider.close();
    }

    private Map<String, Object> settings() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("linger.ms", 5);
        return p;
    }

    private Producer<byte[], byte[]> core() {
        return ProducerTracing.create(otel).wrap(Producer.<byte[], byte[]>builder().configs(settings())
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build());
    }

    private org.apache.kafka.clients.producer.Producer<byte[], byte[]> facade() {
        Map<String, Object> p = settings();
        p.put("interceptor.classes", TracingInterceptor.class.getName());
        p.put(TracingInterceptor.OPEN_TELEMETRY_CONFIG, otel);
        return new VltavaKafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void coreApiTheConsumerSeesTheTraceparentOfEachSendsSpan() throws Exception {
        String topic = "traced-core-" + System.nanoTime();
        cluster.createTopic(topic, 2);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<byte[], byte[]> p = core()) {
            for (int i = 0; i < RECORDS; i++) {
                futures.add(p.send(new ProducerRecord<>(topic, ("v" + i).getBytes(StandardCharsets.UTF_8))));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertConsumerSeesOneSpanPerSend(topic);
    }

    @Test
    void facadeTheConsumerSeesTheTraceparentOfEachSendsSpan() throws Exception {
        String topic = "traced-facade-" + System.nanoTime();
        cluster.createTopic(topic, 2);
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> futures = new ArrayList<>();
        try (org.apache.kafka.clients.producer.Producer<byte[], byte[]> p = facade()) {
            for (int i = 0; i < RECORDS; i++) {
                futures.add(p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                        ("v" + i).getBytes(StandardCharsets.UTF_8))));
            }
            for (var f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertConsumerSeesOneSpanPerSend(topic);
    }

    @Test
    void aSendTheBrokerRefusesEndsItsSpanWithErrorStatus() throws Exception {
        String topic = "traced-refused-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of("max.message.bytes", "1024"));
        try (Producer<byte[], byte[]> p = core()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> p.send(new ProducerRecord<>(topic, new byte[16 * 1024])).get(30, TimeUnit.SECONDS));
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(1, spans.size(), spans.toString());
            assertEquals(StatusCode.ERROR, spans.get(0).getStatus().getStatusCode(), spans.get(0).toString());
            assertEquals(e.getCause().getClass().getName(), spans.get(0).getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.stringKey("error.type")));
        }
    }

    private void assertConsumerSeesOneSpanPerSend(String topic) {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(RECORDS, spans.size(), "one span per send: " + spans);
        Map<String, SpanData> bySpanId = new TreeMap<>();
        for (SpanData s : spans) {
            assertEquals(SpanKind.PRODUCER, s.getKind());
            assertEquals("send " + topic, s.getName());
            bySpanId.put(s.getSpanId(), s);
        }
        assertEquals(RECORDS, bySpanId.size(), "distinct spans");
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertEquals(RECORDS, read.size());
        for (ConsumerRecord<byte[], byte[]> r : read) {
            Header h = r.headers().lastHeader("traceparent");
            assertNotNull(h, "record at " + r.partition() + "/" + r.offset() + " carries traceparent");
            String[] parts = new String(h.value(), StandardCharsets.UTF_8).split("-");
            assertEquals(4, parts.length, "W3C traceparent: version-traceid-spanid-flags");
            SpanData span = bySpanId.remove(parts[2]);
            assertNotNull(span, "the header names an exported span: " + parts[2]);
            assertEquals(span.getTraceId(), parts[1], "trace id");
            assertEquals(Integer.toString(r.partition()), span.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.destination.partition.id")));
            assertEquals(r.offset(), span.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.longKey("messaging.kafka.offset")));
        }
        assertEquals(Map.of(), bySpanId, "every span belongs to a consumed record");
    }
}
