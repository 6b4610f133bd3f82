package dev.vltava.producer;

import java.util.List;

/**
 * A partition of a topic as the producer's metadata last saw it.
 *
 * @param topic           the topic
 * @param partition       the partition number
 * @param leader          the current leader, or {@code null} if the partition has none right now
 * @param replicas        all replicas, in the broker's order
 * @param inSyncReplicas  the in-sync replicas
 */
public record PartitionInfo(String topic, int partition, Node leader, List<Node> replicas,
                            List<Node> inSyncReplicas) {

    /**
     * Creates the description; {@code null} replica lists become empty ones, and the lists are copied.
     *
     * @param topic the topic
     * @param partition the partition number
     * @param leader the current leader, or {@code null}
     * @param replicas all replicas, or {@code null}
     * @param inSyncReplicas the in-sync replicas, or {@code null}
     */
    public PartitionInfo {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        inSyncReplicas = inSyncReplicas == null ? List.of() : List.copyOf(inSyncReplicas);
    }

    /** {@return true if the partition has a leader the producer can send to} */
    public boolean hasLeader() {
        return leader != null;
    }
}
