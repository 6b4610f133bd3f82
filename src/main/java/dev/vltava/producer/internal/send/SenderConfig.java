package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.compress.CompressionType;

/** The settings the sender loop needs, in the units it uses. */
public record SenderConfig(
        String clientId,
        short acks,
        int maxRequestSizeBytes,
        int requestTimeoutMs,
        long deliveryTimeoutMs,
        int retries,
        long retryBackoffMs,
        long retryBackoffMaxMs,
        int maxInFlightPerConnection,
        boolean idempotent,
        long maxBlockMs,
        CompressionType compression,
        int compressionLevel) {
}
