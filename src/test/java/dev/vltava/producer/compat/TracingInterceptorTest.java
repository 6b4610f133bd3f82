package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vltava.producer.testkit.mock.MockBroker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The facade with {@link TracingInterceptor} in {@code interceptor.classes}: a PRODUCER span per send, its context in
 * the record's {@code traceparent} header, partition/offset on acknowledgement, error status on failure, the client
 * id on the span; the OpenTelemetry instance comes from the configuration.
 */
class TracingInterceptorTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();

    @AfterEach
    void closeSdk() {
        provider.close();
    }

    private Producer<byte[], byte[]> facade(MockBroker broker) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("client.id", "traced-facade");
        p.put("linger.ms", 0);
        p.put("retries", 0);
        p.put("enable.idempotence", false);
        p.put("interceptor.classes", TracingInterceptor.class.getName());
        p.put(TracingInterceptor.OPEN_TELEMETRY_CONFIG, otel);
        return new VltavaKafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String traceparent(ProducerRecord<?, ?> record) {
        Header h = record.headers().lastHeader("traceparent");
        assertNotNull(h, "the record carries a traceparent header");
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String expected(SpanData s) {
        return "00-" + s.getTraceId() + "-" + s.getSpanId() + "-" + s.getSpanContext().getTraceFlags().asHex();
    }

    @Test
    void eachSendIsASpanEndedOnAcknowledgementWithItsContextInTheHeaders() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("facade-traced", 1);
            Span parent = provider.get("test").spanBuilder("parent").startSpan();
            ProducerRecord<byte[], byte[]> a = new ProducerRecord<>("facade-traced", new byte[] {1});
            ProducerRecord<byte[], byte[]> b = new ProducerRecord<>("facade-traced", new byte[] {2});
            RecordMetadata mdA;
            RecordMetadata mdB;
            try (Producer<byte[], byte[]> p = facade(broker); Scope ignored = parent.makeCurrent()) {
                Future<RecordMetadata> fa = p.send(a);
                Future<RecordMetadata> fb = p.send(b);
                mdA = fa.get(30, TimeUnit.SECONDS);
                mdB = fb.get(30, TimeUnit.SECONDS);
            } finally {
                parent.end();
            }
            List<SpanData> sends = exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getKind() == SpanKind.PRODUCER).toList();
            assertEquals(2, sends.size(), sends.toString());
            for (var pair : List.of(Map.entry(a, mdA), Map.entry(b, mdB))) {
                SpanData span = sends.stream().filter(s -> expected(s).equals(traceparent(pair.getKey())))
                        .findFirst().orElseThrow(() -> new AssertionError("no span for " + traceparent(pair.getKey())));
                assertEquals("send facade-traced", span.getName());
                assertEquals(parent.getSpanContext().getSpanId(), span.getParentSpanId());
                assertEquals(pair.getValue().offset(),
                        span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey(
                                "messaging.kafka.offset")));
                assertEquals("traced-facade", span.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("messaging.client.id")));
                assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
            }
        }
    }

    @Test
    void aFailedSendEndsItsSpanWithErrorStatus() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("facade-denied", 1);
            broker.onProduce().times(1).respondWith(Errors.TOPIC_AUTHORIZATION_FAILED);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("facade-denied", new byte[] {1});
            try (Producer<byte[], byte[]> p = facade(broker)) {
                assertThrows(ExecutionException.class, () -> p.send(r).get(30, TimeUnit.SECONDS));
            }
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(1, spans.size(), spans.toString());
            assertEquals(expected(spans.get(0)), traceparent(r));
            assertEquals(StatusCode.ERROR, spans.get(0).getStatus().getStatusCode());
        }
    }
}
