package dev.vltava.producer.internal.partition;

import java.util.Arrays;

/**
 * The brokers the sticky partitioner avoids for now (partitioner.availability.timeout.ms, KIP-794): those that had
 * batches to take but could not take them for longer than that timeout. Written by the sender thread, read on every
 * sticky choice by sending threads through one volatile read of an immutable {@link State}.
 */
public final class UnavailableNodes {
    /** An immutable set of node ids (sorted) with a version that changes whenever the set does. */
    public record State(int version, int[] sortedNodeIds) {
        public boolean contains(int nodeId) {
            return sortedNodeIds.length > 0 && Arrays.binarySearch(sortedNodeIds, nodeId) >= 0;
        }

        public boolean isEmpty() {
            return sortedNodeIds.length == 0;
        }
    }

    private volatile State state = new State(0, new int[0]);

    public State state() {
        return state;
    }

    /** Sender thread: publishes the nodes to avoid (sorted ascending); no-op if unchanged. */
    public void set(int[] sortedNodeIds) {
        State s = state;
        if (!Arrays.equals(s.sortedNodeIds, sortedNodeIds)) {
            state = new State(s.version + 1, sortedNodeIds.clone());
        }
    }
}
