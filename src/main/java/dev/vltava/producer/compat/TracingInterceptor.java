package dev.vltava.producer.compat;

import dev.vltava.producer.opentelemetry.ProducerTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * OpenTelemetry tracing for the facade ({@link VltavaKafkaProducer}, or any client that calls the headers-aware
 * {@code onAcknowledgement}): put this class in {@code interceptor.classes}. Each send gets the span that
 * {@link ProducerTracing} describes, a child of the sending thread's current context; the span's context goes into
 * the record's {@code traceparent} (and {@code tracestate}) headers; the span ends when the record is acknowledged
 * or fails.
 *
 * <p>The OpenTelemetry instance is the value of the configuration key {@value #OPEN_TELEMETRY_CONFIG} when it is
 * one (an {@code OpenTelemetry} object), otherwise {@code GlobalOpenTelemetry.get()} (what the agent or the SDK's
 * autoconfiguration registers). The acknowledgement finds its span by the record's {@code traceparent} header, so
 * an interceptor later in {@code interceptor.classes} must not remove that header.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TracingInterceptor<K, V> implements ProducerInterceptor<K, V> {
    /** Configuration key whose value, an {@code io.opentelemetry.api.OpenTelemetry} object, is used for tracing. */
    public static final String OPEN_TELEMETRY_CONFIG = "vltava.opentelemetry";

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };

    /** The spans of records sent and not yet acknowledged, by their {@code traceparent} value. */
    private final Map<String, Span> inFlight = new ConcurrentHashMap<>();
    private volatile ProducerTracing tracing;

    /** Created by the producer from {@code interceptor.classes}; {@link #configure} names the OpenTelemetry. */
    public TracingInterceptor() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(OPEN_TELEMETRY_CONFIG);
        OpenTelemetry openTelemetry = configured instanceof OpenTelemetry o ? o : GlobalOpenTelemetry.get();
        Object clientId = configs.get("client.id");
        tracing = ProducerTracing.create(openTelemetry).withClientId(clientId == null ? null : clientId.toString());
    }

    @Override
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerTracing t = tracing;
        if (t == null) {
            t = ProducerTracing.create(GlobalOpenTelemetry.get()); // created directly, never configured
            tracing = t;
        }
        ProducerRecord<K, V> traced = record;
        try {
            record.headers().remove(TRACEPARENT); // fails on read-only headers (a record sent before)
        } catch (IllegalStateException readOnly) {
            traced = new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                    record.value(), record.headers());
        }
        Span span = t.startSend(traced.topic(), traced.partition(), traced.headers(), HEADERS);
        Header traceparent = traced.headers().lastHeader(TRACEPARENT);
        if (traceparent == null) {
            ProducerTracing.endSend(span, -1, -1L, null); // no propagation (an invalid span): nothing to wait for
        } else {
            inFlight.put(new String(traceparent.value(), StandardCharsets.UTF_8), span);
        }
        return traced;
    }

    /** Only the headers-aware variant can find the record's span; the facade always calls that one. */
    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        Header traceparent = headers == null ? null : headers.lastHeader(TRACEPARENT);
        if (traceparent == null) {
            return;
        }
        Span span = inFlight.remove(new String(traceparent.value(), StandardCharsets.UTF_8));
        if (span != null) {
            int partition = metadata == null ? -1 : metadata.partition();
            long offset = metadata != null && exception == null && metadata.hasOffset() ? metadata.offset() : -1L;
            ProducerTracing.endSend(span, partition, offset, exception);
        }
    }

    /** Ends the spans of records never acknowledged (none, when the producer closed normally). */
    @Override
    public void close() {
        for (Span span : inFlight.values()) {
            span.end();
        }
        inFlight.clear();
    }
}
