package dev.vltava.producer;

import java.util.List;
import java.util.Map;

/**
 * Chooses the partition for records that have no explicit partition. Must be thread-safe. It runs on the thread
 * calling {@code send()}, or on the producer's sender thread for a record that waited for its topic's metadata.
 * Whatever it throws fails only that record, through its future and callback, as a {@link PartitionerException}.
 */
public interface Partitioner extends AutoCloseable {

    /**
     * Chooses the partition of one record.
     *
     * @param topic      the record's topic
     * @param key        the key object, or null
     * @param keyBytes   serialized key, or null
     * @param value      the value object, or null
     * @param valueBytes serialized value, or null
     * @param partitions all partitions of the topic (also those without a leader), ordered by partition number
     * @return a partition number in {@code [0, partitions.size())}, or -1 to use the built-in logic
     *         (murmur2 of the key, or sticky for null keys)
     */
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                  List<PartitionInfo> partitions);

    @Override
    default void close() {
    }

    /**
     * Called once with the producer configuration when created from {@code partitioner.class}.
     *
     * @param configs the producer's configuration
     */
    default void configure(Map<String, ?> configs) {
    }
}
