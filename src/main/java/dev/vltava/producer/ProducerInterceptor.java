package dev.vltava.producer;

import java.util.Map;

/**
 * Sees (and may replace) each record before it is serialized, and each acknowledgement. Exceptions thrown by an
 * interceptor are logged and ignored, as in Kafka. Must be thread-safe.
 *
 * @param <K> the type of the record keys it sees
 * @param <V> the type of the record values it sees
 */
public interface ProducerInterceptor<K, V> extends AutoCloseable {

    /**
     * Called in {@code send()} before serialization.
     *
     * @param record the record as given to {@code send()} or returned by the previous interceptor
     * @return the record to send (possibly the same one)
     */
    ProducerRecord<K, V> onSend(ProducerRecord<K, V> record);

    /**
     * Called once per record when it is acknowledged or fails, before the user's callback. Same argument rules as
     * {@link Callback#onCompletion}. Runs on the completion thread; keep it short.
     *
     * @param metadata where the record landed (on failure, possibly with offset -1)
     * @param exception the failure, or {@code null} on success
     */
    void onAcknowledgement(RecordMetadata metadata, Exception exception);

    @Override
    default void close() {
    }

    /**
     * Called once with the producer configuration when created from {@code interceptor.classes}.
     *
     * @param configs the producer's configuration
     */
    default void configure(Map<String, ?> configs) {
    }
}
