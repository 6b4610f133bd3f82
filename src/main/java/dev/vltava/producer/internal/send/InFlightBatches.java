package dev.vltava.producer.internal.send;

import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.idempotence.Idempotence;
import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The batches currently inside requests, per partition in send order. Sender thread only. */
final class InFlightBatches {
    private final Map<TopicPartition, ArrayDeque<ProducerBatch>> byPartition = new HashMap<>();
    private int count;
    /**
     * At most the creation time of every in-flight batch not done yet (Long.MAX_VALUE: none): lowered by each add,
     * made exact by each scan, so the per-loop expiry check scans only when a batch may really have expired.
     */
    private long oldestBoundNs = Long.MAX_VALUE;

    void add(ProducerBatch b) {
        byPartition.computeIfAbsent(b.topicPartition, k -> new ArrayDeque<>()).addLast(b);
        count++;
        oldestBoundNs = Math.min(oldestBoundNs, b.createdNs());
    }

    /** False if the batch was not in flight (already ended). */
    boolean remove(ProducerBatch b) {
        ArrayDeque<ProducerBatch> q = byPartition.get(b.topicPartition);
        if (q != null && q.remove(b)) {
            count--;
            if (q.isEmpty()) {
                byPartition.remove(b.topicPartition);
            }
            return true;
        }
        return false;
    }

    int size() {
        return count;
    }

    /** Whether a batch of the same producer id/epoch with a lower sequence is in flight on the partition. */
    boolean hasEarlierSequence(ProducerBatch b) {
        ArrayDeque<ProducerBatch> q = byPartition.get(b.topicPartition);
        if (q == null) {
            return false;
        }
        for (ProducerBatch other : q) {
            if (other != b && Idempotence.isEarlierOfSameProducer(other, b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an in-flight batch not done yet was created {@code timeoutNs} or more before {@code nowNs}. Each sender
     * loop asks; it walks the in-flight batches only when the lower bound of their creation times says one may have
     * (work per loop independent of how many partitions are in flight).
     */
    boolean anyOlderThan(long timeoutNs, long nowNs) {
        if (count == 0 || oldestBoundNs == Long.MAX_VALUE || nowNs - oldestBoundNs < timeoutNs) {
            return false;
        }
        oldestBoundNs = oldestCreatedNs(); // done batches never become undone: the bound stays valid
        return oldestBoundNs != Long.MAX_VALUE && nowNs - oldestBoundNs >= timeoutNs;
    }

    /** The oldest creation time among in-flight batches (Long.MAX_VALUE when none), without copying. */
    long oldestCreatedNs() {
        long oldest = Long.MAX_VALUE;
        for (ArrayDeque<ProducerBatch> q : byPartition.values()) {
            for (ProducerBatch b : q) {
                if (!b.isDone()) {
                    oldest = Math.min(oldest, b.createdNs());
                }
            }
        }
        return oldest;
    }

    List<ProducerBatch> all() {
        List<ProducerBatch> out = new ArrayList<>(count);
        for (ArrayDeque<ProducerBatch> q : byPartition.values()) {
            out.addAll(q);
        }
        return out;
    }
}
