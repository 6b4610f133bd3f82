package dev.vltava.producer;

import java.util.Map;

/**
 * Turns a key or value into bytes. Must be thread-safe: it is called from every thread that sends. Returning
 * {@code null} writes a null key or value.
 *
 * @param <T> type of the data
 */
@FunctionalInterface
public interface Serializer<T> {

    byte[] serialize(String topic, T data);

    /** Variant that may also add headers to the record; defaults to {@link #serialize(String, Object)}. */
    default byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    /**
     * Called once with the producer configuration when the serializer was created from a class name
     * ({@code key.serializer} / {@code value.serializer}). Instances passed in by the caller are not configured.
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** Called when the producer closes. */
    default void close() {
    }
}
