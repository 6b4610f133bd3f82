/**
 * <b>Internal: not API.</b> Applications must not use this package: it has no compatibility promise and may
 * change in any release. The API is {@code dev.vltava.producer}; the drop-in for the official client is
 * {@code dev.vltava.producer.compat}.
 *
 * <p>Kafka wire protocol: primitives, request/response headers, API keys and version negotiation, one codec per API, and the broker error-code table. Knows nothing of batching, retries or threads.
 *
 * <p>Contracts: request bodies ({@link dev.vltava.producer.internal.protocol.RequestBody}) are immutable and framed by
 * {@link dev.vltava.producer.internal.protocol.RequestFramer}, which never copies produce record batches; every
 * response {@code parse} throws only {@link dev.vltava.producer.internal.protocol.ProtocolException} on bad bytes and
 * checks every length against the remaining bytes before allocating. Each encoding is pinned by a test to the
 * official Kafka client's reading of the same bytes.
 */
package dev.vltava.producer.internal.protocol;
