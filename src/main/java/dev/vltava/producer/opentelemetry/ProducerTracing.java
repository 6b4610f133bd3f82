package dev.vltava.producer.opentelemetry;

import dev.vltava.producer.Producer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Objects;

/**
 * Produce spans after the OpenTelemetry messaging semantic conventions, and the trace context on the records.
 *
 * <p>Each send gets a span of kind {@code PRODUCER} named {@code send <topic>}, a child of the caller's current
 * context, with {@code messaging.system=kafka}, {@code messaging.operation.name=send},
 * {@code messaging.operation.type=send} and {@code messaging.destination.name=<topic>}. The span's context is written
 * into the record's headers by the OpenTelemetry instance's text-map propagator ({@code traceparent} and
 * {@code tracestate} with the W3C propagator; when the instance has no propagator configured, the W3C one is used, so
 * records always carry {@code traceparent}). The span ends when the record is acknowledged, with
 * {@code messaging.destination.partition.id} and {@code messaging.kafka.offset}, or when it fails, with status
 * {@code ERROR}, {@code error.type} (the exception's class name) and the exception as an event.
 *
 * <pre>{@code
 * ProducerTracing tracing = ProducerTracing.create(openTelemetry); // or GlobalOpenTelemetry.get()
 * Producer<String, String> producer = tracing.wrap(Producer.<String, String>builder()...build());
 * }</pre>
 */
public final class ProducerTracing {
    /** The name this library's tracer is registered under. */
    public static final String INSTRUMENTATION_NAME = "dev.vltava.producer";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String clientId;

    private ProducerTracing(Tracer tracer, TextMapPropagator propagator, String clientId) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.clientId = clientId;
    }

    /**
     * Tracing through {@code openTelemetry}'s tracer provider and propagators.
     *
     * @param openTelemetry the OpenTelemetry instance (an SDK, or {@code GlobalOpenTelemetry.get()} under the agent)
     * @return the tracing, to {@link #wrap} producers with
     */
    public static ProducerTracing create(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
        TextMapPropagator propagator = configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance()
                : configured;
        return new ProducerTracing(openTelemetry.getTracer(INSTRUMENTATION_NAME), propagator, null);
    }

    /**
     * The same tracing, with {@code messaging.client.id} on every span.
     *
     * @param clientId the producer's {@code client.id}, or {@code null} for none
     * @return a tracing that adds the client id
     */
    public ProducerTracing withClientId(String clientId) {
        return new ProducerTracing(tracer, propagator, clientId);
    }

    /**
     * A producer that traces each send of {@code producer} and delegates everything else to it. Close the returned
     * producer (it closes {@code producer}).
     *
     * @param producer the producer to trace
     * @param <K> key type
     * @param <V> value type
     * @return the traced producer
     */
    public <K, V> Producer<K, V> wrap(Producer<K, V> producer) {
        return new TracingProducer<>(Objects.requireNonNull(producer, "producer"), this);
    }

    /**
     * Starts the span of one send as a child of the current context and writes its context into {@code carrier}
     * (the record's headers). For integrations that cannot use {@link #wrap}, such as the facade's interceptor; the
     * caller must end the span exactly once with {@link #endSend}.
     *
     * @param topic     the record's topic
     * @param partition the record's partition when the caller chose one, or {@code null}
     * @param carrier   where the trace context goes (the record's headers)
     * @param setter    how to write a header into {@code carrier} (replacing one of the same key)
     * @param <C> carrier type
     * @return the started span
     */
    public <C> Span startSend(String topic, Integer partition, C carrier, TextMapSetter<C> setter) {
        var builder = tracer.spanBuilder("send " + topic).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka").setAttribute(OPERATION_NAME, "send")
                .setAttribute(OPERATION_TYPE, "send").setAttribute(DESTINATION, topic);
        if (partition != null) {
            builder.setAttribute(PARTITION, partition.toString());
        }
        if (clientId != null) {
            builder.setAttribute(CLIENT_ID, clientId);
        }
        Span span = builder.startSpan();
        if (span.getSpanContext().isValid()) {
            propagator.inject(Context.current().with(span), carrier, setter);
        }
        return span;
    }

    /**
     * Ends a span started by {@link #startSend}: with where the record landed, or with the failure.
     *
     * @param span      the span
     * @param partition the record's partition, or a negative number when unknown
     * @param offset    the record's offset, or a negative number when unknown (a failure, or {@code acks=0})
     * @param error     the failure, or {@code null} on success
     */
    public static void endSend(Span span, int partition, long offset, Throwable error) {
        if (span.isRecording()) {
            if (partition >= 0) {
                span.setAttribute(PARTITION, Integer.toString(partition));
            }
            if (offset >= 0) {
                span.setAttribute(OFFSET, offset);
            }
            if (error != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
                span.setAttribute(ERROR_TYPE, error.getClass().getName());
                span.recordException(error);
            }
        }
        span.end();
    }
}
