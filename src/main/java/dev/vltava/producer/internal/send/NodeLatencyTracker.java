package dev.vltava.producer.internal.send;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * partitioner.availability.timeout.ms (KIP-794): per broker, the last time it had batches ready to go and the last
 * time the sender could hand it a request. A broker whose batches have waited longer than the timeout without a
 * chance to go (its connection is down, or full with max.in.flight requests it does not answer) is reported
 * unavailable, so the sticky partitioner stops feeding its partitions until it takes requests again.
 * Disabled (zero cost) when the timeout is 0. Sender thread only.
 */
final class NodeLatencyTracker {
    private final long timeoutNs;
    private final Consumer<int[]> publish;
    /** nodeId -> {last time it had ready batches, last time it could take a request then}. */
    private final Map<Integer, long[]> stats = new HashMap<>();
    private int[] published = new int[0];

    NodeLatencyTracker(long timeoutNs, Consumer<int[]> publish) {
        this.timeoutNs = timeoutNs;
        this.publish = publish;
    }

    boolean enabled() {
        return timeoutNs > 0;
    }

    /** A node with batches ready to send; {@code canTakeRequest}: its connection could take one now. */
    void onReady(int nodeId, boolean canTakeRequest, long nowNs) {
        long[] s = stats.computeIfAbsent(nodeId, id -> new long[] {nowNs, nowNs});
        s[0] = nowNs;
        if (canTakeRequest) {
            s[1] = nowNs;
        }
    }

    /**
     * After a pass over the ready nodes. A node with nothing ready counts as available again when its connection
     * could take a request (it is evidently not backed up; its partitions may just have been avoided), or when it
     * has had nothing waiting for a whole timeout: it is given another chance, as nothing else would ever show that
     * it recovered (nobody connects to a broker no batch waits for). Then the set of nodes over the timeout is
     * published if it changed.
     */
    void endPass(Set<Integer> readyNodes, IntPredicate canTakeRequest, long nowNs) {
        int[] slow = new int[stats.size()];
        int n = 0;
        for (Map.Entry<Integer, long[]> e : stats.entrySet()) {
            int node = e.getKey();
            long[] s = e.getValue();
            if (!readyNodes.contains(node) && (canTakeRequest.test(node) || nowNs - s[0] > timeoutNs)) {
                s[0] = nowNs;
                s[1] = nowNs;
            }
            if (s[0] - s[1] > timeoutNs) {
                slow[n++] = node;
            }
        }
        int[] now = Arrays.copyOf(slow, n);
        Arrays.sort(now);
        if (!Arrays.equals(now, published)) {
            published = now;
            publish.accept(now);
        }
    }
}
