package dev.vltava.producer.internal.network;

/**
 * A node connection's life: DISCONNECTED → CONNECTING → HANDSHAKING (ApiVersions in flight) → [AUTHENTICATING (SASL
 * handshake and exchange, with SASL only)] → READY, and back to DISCONNECTED on any failure (with reconnect
 * backoff). A READY connection whose SASL session ends (KIP-368) goes through AUTHENTICATING again.
 */
enum ConnectionState {
    DISCONNECTED, CONNECTING, HANDSHAKING, AUTHENTICATING, READY
}
