package dev.vltava.producer.internal.metadata;

import java.util.UUID;

/**
 * What the cluster said about one topic. A topic with a non-zero {@code errorCode} (unknown, not authorized, invalid)
 * has no partitions; the error is kept so that records waiting for it can fail with the real cause.
 */
public record TopicState(String name, UUID topicId, short errorCode, PartitionState[] partitions) {
    public int partitionCount() {
        return partitions.length;
    }
}
