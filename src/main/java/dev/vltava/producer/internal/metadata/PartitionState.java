package dev.vltava.producer.internal.metadata;

/** What the cluster said about one partition: its leader (-1 if none), the leader epoch and the replica sets. */
public record PartitionState(int partition, int leaderId, int leaderEpoch, int[] replicas, int[] inSyncReplicas,
        short errorCode) {
    public boolean hasLeader() {
        return leaderId >= 0;
    }
}
