package dev.vltava.producer;

import java.util.Objects;

/**
 * A partition of a topic, as the key of the offsets given to
 * {@link Producer#sendOffsetsToTransaction(java.util.Map, ConsumerGroupMetadata)}.
 *
 * @param topic     the topic's name, not null or empty
 * @param partition the partition's index, not negative
 */
public record TopicPartition(String topic, int partition) {

    /**
     * Checks the components.
     *
     * @param topic     the topic
     * @param partition the partition's index
     * @throws NullPointerException     if {@code topic} is null
     * @throws IllegalArgumentException if {@code topic} is empty or {@code partition} negative
     */
    public TopicPartition {
        Objects.requireNonNull(topic, "topic must not be null");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
