package dev.vltava.producer.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Header;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.mock.MockBroker;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ProducerTracing over a real core producer and the mock broker: one PRODUCER span per send, named and attributed
 * after the messaging conventions, a child of the caller's span; its context in the record's {@code traceparent}
 * header; ended on acknowledgement with partition and offset, or with error status when the send fails.
 */
class ProducerTracingTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    /** No propagators configured: ProducerTracing falls back to the W3C one. */
    private final OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();

    @AfterEach
    void closeSdk() {
        provider.close();
    }

    static String traceparent(ProducerRecord<?, ?> record) {
        Header h = record.headers().lastHeader("traceparent");
        assertNotNull(h, "the record carries a traceparent header: " + record);
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    static String expectedTraceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    private Producer<byte[], byte[]> producer(MockBroker broker) {
        return ProducerTracing.create(otel).wrap(Producer.<byte[], byte[]>builder()
                .configs(Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", 0, "retries", 0,
                        "enable.idempotence", false))
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build());
    }

    @Test
    void oneProducerSpanPerSendWhoseContextTheRecordCarries() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("traced", 2);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            AtomicInteger callbacks = new AtomicInteger();
            Span parent = provider.get("test").spanBuilder("parent").startSpan();
            try (Producer<byte[], byte[]> p = producer(broker); Scope ignored = parent.makeCurrent()) {
                for (int i = 0; i < 5; i++) {
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("traced", i % 2, null,
                            ("v" + i).getBytes(StandardCharsets.UTF_8));
                    records.add(r);
                    futures.add(p.send(r, (md, e) -> callbacks.incrementAndGet()));
                }
                for (CompletableFuture<RecordMetadata> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                parent.end();
            }
            assertEquals(5, callbacks.get(), "the user's callbacks still run");
            List<SpanData> sends = exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getKind() == SpanKind.PRODUCER).toList();
            assertEquals(5, sends.size(), "one span per send: " + sends);
            for (int i = 0; i < 5; i++) {
                String header = traceparent(records.get(i));
                SpanData span = sends.stream().filter(s -> expectedTraceparent(s).equals(header)).findFirst()
                        .orElseThrow(() -> new AssertionError("no span for header " + header));
                RecordMetadata md = futures.get(i).get();
                assertEquals("send traced", span.getName());
                assertEquals(parent.getSpanContext().getSpanId(), span.getParentSpanId(), "child of the caller's span");
                assertEquals(parent.getSpanContext().getTraceId(), span.getTraceId());
                assertEquals("kafka", span.getAttributes().get(ProducerTracing.SYSTEM));
                assertEquals("send", span.getAttributes().get(ProducerTracing.OPERATION_NAME));
                assertEquals("send", span.getAttributes().get(ProducerTracing.OPERATION_TYPE));
                assertEquals("traced", span.getAttributes().get(ProducerTracing.DESTINATION));
                assertEquals(Integer.toString(md.partition()), span.getAttributes().get(ProducerTracing.PARTITION));
                assertEquals(md.offset(), span.getAttributes().get(ProducerTracing.OFFSET));
                assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
            }
        }
    }

    @Test
    void aFailedSendEndsItsSpanWithErrorStatus() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("denied", 1);
            broker.onProduce().times(1).respondWith(Errors.TOPIC_AUTHORIZATION_FAILED);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("denied", new byte[] {1});
            try (Producer<byte[], byte[]> p = producer(broker)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> p.send(r).get(30, TimeUnit.SECONDS));
                List<SpanData> spans = exporter.getFinishedSpanItems();
                assertEquals(1, spans.size(), spans.toString());
                SpanData span = spans.get(0);
                assertEquals(expectedTraceparent(span), traceparent(r));
                assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
                assertEquals(e.getCause().getClass().getName(), span.getAttributes().get(ProducerTracing.ERROR_TYPE));
                assertNull(span.getAttributes().get(ProducerTracing.OFFSET), "a failed record has no offset");
                assertTrue(span.getEvents().stream().anyMatch(ev -> ev.getName().equals("exception")),
                        "the exception is recorded: " + span.getEvents());
            }
        }
    }

    @Test
    void aSendThatThrowsEndsItsSpanOnceWithErrorStatus() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            Producer<byte[], byte[]> p = producer(broker);
            p.close();
            assertThrows(IllegalStateException.class,
                    () -> p.send(new ProducerRecord<>("closed", new byte[] {1})));
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(1, spans.size(), spans.toString());
            assertEquals(StatusCode.ERROR, spans.get(0).getStatus().getStatusCode());
        }
    }

    @Test
    void aRecordSentAgainGetsANewSpanAndOnlyItsTraceparent() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<byte[], byte[]> p = producer(broker)) {
            broker.createTopic("again", 1);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("again", null, null, null, new byte[] {1},
                    List.of(Header.utf8("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
            p.send(r).get(30, TimeUnit.SECONDS);
            assertEquals(1, r.headers().headers("traceparent").size(), "the forwarded traceparent is replaced");
            assertEquals(expectedTraceparent(exporter.getFinishedSpanItems().get(0)), traceparent(r));
            // r's headers are read-only now: the second send goes out as a copy with its own span's context
            p.send(r).get(30, TimeUnit.SECONDS);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(2, spans.size(), spans.toString());
            assertTrue(spans.get(0).getSpanId() != null && !spans.get(0).getSpanId().equals(spans.get(1).getSpanId()));
        }
    }
}
