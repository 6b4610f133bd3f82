package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.ProducerRecord;

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
     * Serializes, partitions and appends the record, or parks it until its topic is known; its outcome goes to
     * {@code pending} exactly once. Throws as {@code Producer.send} throws (closed producer, serializer failure,
     * interrupted while waiting for buffer memory); then {@code pending} is not completed.
     */
    void sendPending(ProducerRecord<K, V> record, PendingRecord<?> pending);
}
