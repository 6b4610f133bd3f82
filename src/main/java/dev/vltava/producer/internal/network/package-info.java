/**
 * NIO connections behind the {@link dev.vltava.producer.internal.network.Transport} seam that tests replace: connect,
 * size-prefixed frames (4-byte big-endian size, then the bytes), gathering writes, framed reads. No Kafka protocol
 * knowledge lives here: request headers, correlation ids and the in-flight table belong to the sender.
 */
package dev.vltava.producer.internal.network;
