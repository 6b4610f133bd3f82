package dev.vltava.producer.internal.partition;

import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.concurrent.ConcurrentHashMap;

/** Interned {@link TopicPartition} keys, so the send path does not allocate one per record. */
final class TopicPartitionCache {
    private final ConcurrentHashMap<String, TopicPartition[]> byTopic = new ConcurrentHashMap<>();

    TopicPartition get(String topic, int partition) {
        TopicPartition[] arr = byTopic.get(topic);
        if (arr == null || partition >= arr.length) {
            arr = grow(topic, partition + 1);
        }
        return arr[partition];
    }

    private TopicPartition[] grow(String topic, int minSize) {
        return byTopic.compute(topic, (t, old) -> {
            if (old != null && old.length >= minSize) {
                return old;
            }
            TopicPartition[] arr = new TopicPartition[Math.max(minSize, old == null ? 0 : old.length)];
            for (int i = 0; i < arr.length; i++) {
                arr[i] = old != null && i < old.length ? old[i] : new TopicPartition(t, i);
            }
            return arr;
        });
    }
}
