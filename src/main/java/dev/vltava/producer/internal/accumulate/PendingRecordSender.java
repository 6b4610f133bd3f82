package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.Headers;

/**
 * The engine's {@code send()} for a caller that brings its own {@link PendingRecord}: the drop-in facade, whose
 * future must hold the official metadata. Without it a record sent through the facade cost two futures and two
 * metadata objects. The producer's own interceptors do not run (the facade runs the official ones itself).
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface PendingRecordSender<K, V> {

    /**
     * Serializes, partitions and appends a record, or parks it until its topic is known; its outcome goes to
     * {@code pending} exactly once. Throws as {@code Producer.send} throws (closed producer, serializer failure,
     * interrupted while waiting for buffer memory); then {@code pending} is not completed. The record's fields come
     * one by one, already checked (the facade's caller built an official record, which checks them as Vltava's
     * does), so that no Vltava {@code ProducerRecord} is built per record.
     *
     * @param partition null to let the partitioner choose
     * @param timestamp null for the time of the call
     * @param headers   the record's headers; null only when it has none and neither serializer reads headers
     */
    void sendPending(String topic, Integer partition, Long timestamp, K key, V value, Headers headers,
            PendingRecord<?> pending);
}
