/**
 * The network below the sender. {@link dev.vltava.producer.internal.network.Transport} is the seam that tests replace:
 * connect, size-prefixed frames (4-byte big-endian size, then the bytes), gathering writes, framed reads, with no Kafka
 * knowledge ({@link dev.vltava.producer.internal.network.NioTransport} over NIO). Above it,
 * {@link dev.vltava.producer.internal.network.KafkaClient} speaks Kafka request/response: connection states and the
 * ApiVersions handshake, correlation ids, the table of requests in flight per connection (awaiting an answer, or for
 * acks=0 awaiting their write), request and connect timeouts, reconnect backoff and idle connections.
 */
package dev.vltava.producer.internal.network;
