package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;

/**
 * Places a record that waited for metadata: chooses its partition (explicit, the user's partitioner, key hash,
 * sticky) and appends it without blocking. Implemented by the producer, which owns the partitioner.
 */
public interface RecordRouter {
    /**
     * The partition chosen, as a token for {@link #appendNow} (non-negative; it may carry a flag bit, so do not use
     * it as an index), or -2 when the record's explicit partition does not exist (yet). May throw for bad input
     * (a {@link dev.vltava.producer.PartitionerException} when the user's partitioner throws): the record then fails.
     */
    int choosePartition(String topic, WaitingRecords.Waiting record, ClusterSnapshot cluster);

    /** Appends without blocking; false when buffer memory is not available right now. */
    boolean appendNow(String topic, int partition, WaitingRecords.Waiting record, ClusterSnapshot cluster, long nowNs);

    /**
     * partitioner.availability.timeout.ms in nanoseconds, or 0 when the partitioner does not avoid slow brokers
     * (then {@link #onUnavailableNodes} is never called).
     */
    default long nodeAvailabilityTimeoutNs() {
        return 0;
    }

    /** The brokers whose partitions the sticky partitioner should avoid for now (sorted ids; empty: none). */
    default void onUnavailableNodes(int[] sortedNodeIds) {
    }
}
