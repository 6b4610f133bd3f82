package dev.vltava.producer.internal;

import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.List;

/**
 * What the send path needs about one topic under one metadata snapshot, looked up once per record instead of the
 * several map look-ups it replaces: partition count, partitions with a leader, interned partition keys, and (for a
 * user partitioner) the PartitionInfo list. Immutable except for the lazily built info list and the last-use stamp,
 * whose races are harmless (both sides compute the same value).
 */
final class TopicRoute {
    final String topic;
    final ClusterSnapshot cluster;
    final int partitionCount;
    /** Partitions with a leader, or null when all have one (the sticky partitioner then need not check). */
    final int[] availableOrNull;
    final TopicPartition[] partitions;
    private volatile List<PartitionInfo> infos;
    volatile long lastTouchNs;

    TopicRoute(String topic, ClusterSnapshot cluster, TopicPartitionCache cache) {
        this.topic = topic;
        this.cluster = cluster;
        this.partitionCount = cluster.partitionCount(topic);
        int[] available = cluster.availablePartitions(topic);
        this.availableOrNull = available.length == partitionCount ? null : available;
        this.partitions = new TopicPartition[Math.max(0, partitionCount)];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = cache.get(topic, i);
        }
    }

    List<PartitionInfo> partitionInfos() {
        List<PartitionInfo> l = infos;
        if (l == null) {
            l = List.copyOf(Router.partitionInfos(topic, cluster));
            infos = l;
        }
        return l;
    }
}
