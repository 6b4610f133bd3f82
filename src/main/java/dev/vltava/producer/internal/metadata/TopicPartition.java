package dev.vltava.producer.internal.metadata;

/** A partition of a topic; the key of everything per-partition in the engine. */
public record TopicPartition(String topic, int partition) {
    // Written out, with the values a record's generated methods give (same hash, so the same iteration order of the
    // maps keyed by it): those went through method-handle guards on every map lookup, which showed in the sender
    // thread's profile at 1,000 partitions (issue 16, session 16).
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TopicPartition other && partition == other.partition
                && topic.equals(other.topic);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + partition;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
