package dev.vltava.producer.internal.network;

/**
 * A node connection's life: DISCONNECTED → CONNECTING → HANDSHAKING (ApiVersions in flight) → READY, and back to
 * DISCONNECTED on any failure (with reconnect backoff).
 */
enum ConnectionState {
    DISCONNECTED, CONNECTING, HANDSHAKING, READY
}
