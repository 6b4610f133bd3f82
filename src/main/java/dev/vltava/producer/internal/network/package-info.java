/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>The network below the sender, in two layers.
 *
 * <p>{@link dev.vltava.producer.internal.network.Transport} (implemented over NIO by
 * {@link dev.vltava.producer.internal.network.NioTransport}, replaced by tests) moves size-prefixed frames (4-byte
 * big-endian size, then the bytes) to and from nodes, with gathering writes and framed reads, and reports its events to
 * a {@link dev.vltava.producer.internal.network.TransportListener}; it has no Kafka knowledge. With a
 * {@link dev.vltava.producer.internal.network.TlsEngineFactory} it runs each connection over TLS
 * ({@link dev.vltava.producer.internal.network.TlsSession}: non-blocking handshake inside poll, pooled record buffers)
 * and reports handshake failures as {@code SSLHandshakeException}s that say why
 * ({@link dev.vltava.producer.internal.network.TlsFailures}); how engines are configured is not its business.
 *
 * <p>Above it, {@link dev.vltava.producer.internal.network.BrokerClient} speaks Kafka request/response: connection
 * states and the ApiVersions handshake, correlation ids, the requests in flight per connection (awaiting an answer, or
 * for acks=0 awaiting their write), request and connection-setup timeouts, reconnect backoff and the closing of idle
 * connections. Every request ends in exactly one call of its
 * {@link dev.vltava.producer.internal.network.ResponseHandler}, with the response or a failure (a closed connection,
 * a {@link dev.vltava.producer.internal.network.RequestTimeoutException}, an undecodable answer).
 *
 * <p>Uses the protocol codecs and broker addresses from {@code metadata}; knows nothing of batches, retries or the
 * sender loop, which decide what the responses mean.
 */
package dev.vltava.producer.internal.network;
