package dev.vltava.producer.internal.metrics;

/**
 * What the engine tells a producer listener, and where (threads): everything on the sender thread except
 * {@link #bufferExhausted}, which the application thread whose send failed reports. Implementations must return
 * quickly and never throw (the engine wraps the user's listener so that it cannot harm the engine).
 */
public interface EngineEvents {
    EngineEvents NONE = new EngineEvents() {
    };

    default void connectionUp(int nodeId, String host, int port) {
    }

    default void connectionDown(int nodeId, String host, int port, String reason) {
    }

    default void metadataChanged(int brokers, int topics) {
    }

    default void batchSent(String topic, int partition, int records, int bytes, int attempt) {
    }

    default void batchAcknowledged(String topic, int partition, int records, long baseOffset) {
    }

    default void batchRetried(String topic, int partition, int records, String error) {
    }

    default void batchExpired(String topic, int partition, int records) {
    }

    default void batchSplit(String topic, int partition, int records) {
    }

    default void bufferExhausted(String topic) {
    }

    default void producerIdReset(long producerId, short epoch) {
    }
}
