package dev.vltava.producer.opentelemetry;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** An OpenTelemetry SDK whose spans are kept in memory as they end, for the tracing tests. Close it after the test. */
public final class InMemoryTracing implements AutoCloseable {
    public final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    public final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    public final OpenTelemetrySdk otel;

    private InMemoryTracing(boolean w3cPropagator) {
        var builder = OpenTelemetrySdk.builder().setTracerProvider(provider);
        if (w3cPropagator) {
            builder.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        }
        otel = builder.build();
    }

    /** With the W3C trace-context propagator configured. */
    public static InMemoryTracing withW3cPropagator() {
        return new InMemoryTracing(true);
    }

    /** With no propagator configured (a bare SDK). */
    public static InMemoryTracing withoutPropagators() {
        return new InMemoryTracing(false);
    }

    public List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    /** The {@code traceparent} value that carries this span's context. */
    public static String traceparentOf(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    @Override
    public void close() {
        provider.close();
    }
}
