package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.metadata.TopicPartition;

/**
 * Asked by the sender (its ready check and its drain) before a partition's batches may go out. Transactions use it:
 * a partition must be part of the transaction first, and nothing is drained while no transaction is open. Sender
 * thread only. Without a gate (no transactional.id) nothing is asked.
 */
@FunctionalInterface
public interface PartitionGate {
    /** Whether the partition's batches may be drained now. */
    boolean mayDrain(TopicPartition tp);
}
