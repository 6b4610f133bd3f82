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

    void add(ProducerBatch b) {
        byPartition.computeIfAbsent(b.topicPartition, k -> new ArrayDeque<>()).addLast(b);
        count++;
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
