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

    /**
     * Serializes one key or value.
     *
     * @param topic the record's topic
     * @param data the key or value, possibly {@code null}
     * @return the bytes, or {@code null} for a null key or value
     */
    byte[] serialize(String topic, T data);

    /**
     * Variant that may also add headers to the record; defaults to {@link #serialize(String, Object)}.
     *
     * @param topic the record's topic
     * @param headers the record's headers, writable during this call
     * @param data the key or value, possibly {@code null}
     * @return the bytes, or {@code null} for a null key or value
     */
    default byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    /**
     * Called once with the producer configuration when the serializer was created from a class name
     * ({@code key.serializer} / {@code value.serializer}). Instances passed in by the caller are not configured.
     *
     * @param configs the producer's configuration
     * @param isKey true for the key serializer, false for the value serializer
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** Called when the producer closes. */
    default void close() {
    }
}
