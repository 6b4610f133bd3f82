package dev.vltava.producer.internal.metadata;

/** A partition of a topic; the key of everything per-partition in the engine. */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
