package dev.vltava.producer.internal.idempotence;

import dev.vltava.producer.internal.metadata.TopicPartition;

/**
 * What the idempotence rules read of a batch: where it goes, how many sequence numbers it takes, what it was last
 * stamped with, and whether an earlier attempt may be in the log. Implemented by the accumulator's batch, so that
 * these rules stay below the accumulator and the sender (no package cycle) and read a batch without copying it.
 */
public interface SequencedBatch {
    TopicPartition topicPartition();

    int recordCount();

    /** The producer id it was last stamped with, or -1 when never stamped. */
    long producerId();

    short producerEpoch();

    /** The base sequence it was last stamped with, or -1 when never stamped. */
    int baseSequence();

    /** An earlier attempt got no answer (or an answer that says it may have been appended): it may be in the log. */
    boolean outcomeUnknown();

    /** The error of its last attempt, or null. */
    Exception lastError();
}
