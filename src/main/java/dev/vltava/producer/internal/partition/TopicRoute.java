package dev.vltava.producer.internal.partition;

import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.internal.accumulate.PartitionQueue;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.Arrays;
import java.util.List;

/**
 * What the send path needs about one topic under one metadata snapshot, looked up once per record instead of the
 * several map look-ups it replaces: partition count, partitions with a leader, interned partition keys, and (for a
 * user partitioner) the PartitionInfo list. Immutable except for the lazily built info list and the last-use stamp,
 * whose races are harmless (both sides compute the same value).
 */
public final class TopicRoute implements StickyPartitionTracker.QueueSizes {
    final String topic;
    final ClusterSnapshot cluster;
    /** The topic's partition count in this snapshot (0 or less: not known). */
    public final int partitionCount;
    /** Partitions with a leader, or null when all have one (the sticky partitioner then need not check). */
    final int[] availableOrNull;
    final TopicPartition[] partitions;
    /** The accumulator's queue per partition, filled on first use (queues live as long as the producer). */
    final PartitionQueue[] queues;
    /** The topic's sticky-partition state, carried over from route to route. */
    final StickyPartitionTracker.Handle sticky;
    private volatile List<PartitionInfo> infos;
    private volatile Avoiding avoiding;

    /** What {@link #availableAvoiding} computed for one version of the unavailable set. */
    private record Avoiding(int version, int[] partitionsOrNull) {
    }

    TopicRoute(String topic, ClusterSnapshot cluster, TopicPartitionCache cache,
            StickyPartitionTracker.Handle sticky) {
        this.sticky = sticky;
        this.topic = topic;
        this.cluster = cluster;
        this.partitionCount = cluster.partitionCount(topic);
        int[] available = cluster.availablePartitions(topic);
        this.availableOrNull = available.length == partitionCount ? null : available;
        this.partitions = new TopicPartition[Math.max(0, partitionCount)];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = cache.get(topic, i);
        }
        this.queues = new PartitionQueue[partitions.length];
    }

    /**
     * The partitions the sticky partitioner may use while {@code unavailable} brokers are avoided
     * (partitioner.availability.timeout.ms): those with a leader that is not one of them. When that would leave none,
     * {@link #availableOrNull} (avoiding every partition helps nobody). Cached per version of the unavailable set, so
     * a send costs one volatile read and a compare.
     */
    int[] availableAvoiding(UnavailableNodes.State unavailable) {
        if (unavailable.isEmpty()) {
            return availableOrNull;
        }
        Avoiding cached = avoiding;
        if (cached != null && cached.version == unavailable.version()) {
            return cached.partitionsOrNull;
        }
        int[] out = new int[partitionCount];
        int n = 0;
        for (int p = 0; p < partitionCount; p++) {
            int leader = cluster.leaderFor(partitions[p]);
            if (leader >= 0 && isAvailable(p) && !unavailable.contains(leader)) {
                out[n++] = p;
            }
        }
        int[] result = n == 0 ? availableOrNull : n == partitionCount ? null : Arrays.copyOf(out, n);
        avoiding = new Avoiding(unavailable.version(), result);
        return result;
    }

    private boolean isAvailable(int partition) {
        if (availableOrNull == null) {
            return true;
        }
        for (int p : availableOrNull) {
            if (p == partition) {
                return true;
            }
        }
        return false;
    }

    /** Batches queued for a partition, for adaptive sticky switching (0 for a partition not used yet). */
    @Override
    public int queuedBatches(int partition) {
        PartitionQueue q = partition < queues.length ? queues[partition] : null;
        return q == null ? 0 : q.queuedBatches();
    }

    PartitionQueue queue(int partition, RecordAccumulator accumulator) {
        PartitionQueue q = queues[partition];
        if (q == null) {
            q = accumulator.queue(partitions[partition]);
            queues[partition] = q;
        }
        return q;
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
