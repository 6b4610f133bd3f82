package dev.vltava.producer;

/**
 * Events of a producer's life, for logging, tracing and alerting beyond what metrics show: connections, metadata,
 * batches, buffer exhaustion, producer id resets. Set with {@link ProducerBuilder#listener}; every method does
 * nothing by default, so implement only what you need.
 *
 * <p>Rules:
 * <ul>
 *   <li>Called on the producer's network thread ({@code vltava-producer-network-thread | <client.id>}), except
 *       {@link #onBufferExhausted}, called on the application thread whose {@code send()} failed. The network thread
 *       does all I/O: a slow listener delays every record of the producer. Return quickly; hand work to your own
 *       executor.</li>
 *   <li>Never throw. Whatever a listener method throws (any {@code Throwable} but a {@code VirtualMachineError}
 *       such as {@code OutOfMemoryError}) is caught, logged at WARN once per kind of event (later ones at DEBUG),
 *       and otherwise ignored: records still complete, exactly once.</li>
 *   <li>Never call back into the producer (send, flush, close, partitionsFor, metrics) from a listener method: the
 *       network thread would wait for itself.</li>
 * </ul>
 */
public interface ProducerListener {

    /** A connection to a broker is ready (connected, versions known, authenticated). */
    default void onConnectionUp(int nodeId, String host, int port) {
    }

    /** A ready connection to a broker ended (the broker closed it, a timeout, an idle close, a failure). */
    default void onConnectionDown(int nodeId, String host, int port, String reason) {
    }

    /** Metadata was refreshed: how many brokers and topics the producer now knows. */
    default void onMetadataChanged(int brokers, int topics) {
    }

    /** A batch went into a produce request; {@code attempt} is 1 the first time, more on retries. */
    default void onBatchSent(String topic, int partition, int records, int bytes, int attempt) {
    }

    /** The broker acknowledged a batch (acks=0: it was written to the socket; the offset is then -1). */
    default void onBatchAcknowledged(String topic, int partition, int records, long baseOffset) {
    }

    /** A batch failed with a retriable error and will go again. */
    default void onBatchRetried(String topic, int partition, int records, String error) {
    }

    /** A batch was older than delivery.timeout.ms: its records failed with a TimeoutException. */
    default void onBatchExpired(String topic, int partition, int records) {
    }

    /** A broker found a batch too large: its records go again in smaller batches. */
    default void onBatchSplit(String topic, int partition, int records) {
    }

    /** A send failed because buffer.memory stayed full for max.block.ms (on the sending thread). */
    default void onBufferExhausted(String topic) {
    }

    /** The idempotent producer got a new producer id or epoch, replacing one it had (after a sequence problem). */
    default void onProducerIdReset(long producerId, short epoch) {
    }
}
