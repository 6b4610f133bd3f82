/**
 * OpenTelemetry tracing for Vltava: a PRODUCER span per send and the W3C trace context ({@code traceparent},
 * {@code tracestate}) on each record's headers, so that consumers continue the trace. The OpenTelemetry Java agent
 * instruments only the official {@code KafkaProducer} class and does not see Vltava; use
 * {@link dev.vltava.producer.opentelemetry.ProducerTracing#wrap} for the core API, or
 * {@code dev.vltava.producer.compat.TracingInterceptor} in {@code interceptor.classes} for the facade.
 *
 * <p>Optional: the library does not need opentelemetry-api at runtime; only code that uses this package does
 * (bring your own opentelemetry-api, and an SDK or the agent to export the spans). Nothing here runs, and nothing is
 * allocated, for a producer that is not traced.
 */
package dev.vltava.producer.opentelemetry;
