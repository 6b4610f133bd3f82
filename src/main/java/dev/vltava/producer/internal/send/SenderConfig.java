package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.compress.CompressionType;

/**
 * The settings the sender loop needs, in the units it uses. {@code transactionalId} is null for a producer without
 * transactions ({@code transactionTimeoutMs} then unused).
 */
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
        int compressionLevel,
        String transactionalId,
        int transactionTimeoutMs) {

    /** Without transactions. */
    public SenderConfig(String clientId, short acks, int maxRequestSizeBytes, int requestTimeoutMs,
            long deliveryTimeoutMs, int retries, long retryBackoffMs, long retryBackoffMaxMs,
            int maxInFlightPerConnection, boolean idempotent, long maxBlockMs, CompressionType compression,
            int compressionLevel) {
        this(clientId, acks, maxRequestSizeBytes, requestTimeoutMs, deliveryTimeoutMs, retries, retryBackoffMs,
                retryBackoffMaxMs, maxInFlightPerConnection, idempotent, maxBlockMs, compression, compressionLevel,
                null, 0);
    }

    /** The same settings with transactions under {@code transactionalId}. */
    public SenderConfig withTransactions(String transactionalId, int transactionTimeoutMs) {
        return new SenderConfig(clientId, acks, maxRequestSizeBytes, requestTimeoutMs, deliveryTimeoutMs, retries,
                retryBackoffMs, retryBackoffMaxMs, maxInFlightPerConnection, idempotent, maxBlockMs, compression,
                compressionLevel, transactionalId, transactionTimeoutMs);
    }
}
