package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The accumulator's ready index (issue 16): with 10,000 partitions over 100 topics, the sender's ready check and
 * drain look only at the partitions that are sendable now, not at every partition with a lingering batch, and the
 * index never loses a partition that holds a batch (linger, fill, retry, flush, expiry, drain order).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadyIndexTest {
    private static final int TOPICS = 100;
    private static final int PARTITIONS_PER_TOPIC = 100;
    private static final int NODE_1 = 1;
    private static final int NODE_2 = 2;
    /** Leaders alternate between the two nodes: partition p of every topic is led by node 1 + p % 2. */
    private static final ClusterSnapshot CLUSTER = cluster();
    private static final int BATCH = 200;
    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;

    @Test
    void tenThousandLingeringPartitionsCostTheReadyCheckNothingUntilTheyAreDue() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(100L << 20, BATCH));
        long t0 = 1_000_000_000L;
        for (int t = 0; t < TOPICS; t++) {
            for (int p = 0; p < PARTITIONS_PER_TOPIC; p++) {
                append(acc, tp(t, p), t0);
            }
        }
        RecordAccumulator.ReadyCheck early = acc.ready(CLUSTER, ANY, t0 + 1);
        assertTrue(early.readyNodes.isEmpty());
        assertEquals(LINGER - ReadyIndex.LINGER_ROUNDING_NS - 1, early.nextCheckDelayNs);
        assertEquals(0, acc.queuesVisitedByLastReady, "no partition is sendable: none is looked at");
        assertTrue(acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, t0 + 2).isEmpty());
        assertEquals(0, acc.queuesVisitedByLastDrain);

        // One partition fills its batch: that one, and only that one, is looked at.
        TopicPartition busy = tp(42, 7); // led by node 2
        for (int i = 0; i < 8; i++) {
            append(acc, busy, t0 + 3);
        }
        assertEquals(Set.of(NODE_2), acc.ready(CLUSTER, ANY, t0 + 4).readyNodes);
        assertEquals(1, acc.queuesVisitedByLastReady);
        List<ProducerBatch> drained = acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, t0 + 4);
        assertEquals(1, drained.size());
        assertEquals(busy, drained.get(0).topicPartition);
        acc.requestEnded(drained.get(0), true);

        // Linger passes (less half a millisecond, ReadyIndex.LINGER_ROUNDING_NS): every partition is due, and each
        // node drains its half.
        long dueNs = LINGER - ReadyIndex.LINGER_ROUNDING_NS;
        RecordAccumulator.ReadyCheck due = acc.ready(CLUSTER, ANY, t0 + dueNs);
        assertEquals(Set.of(NODE_1, NODE_2), due.readyNodes);
        List<ProducerBatch> node1 = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, t0 + dueNs);
        List<ProducerBatch> node2 = acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, t0 + dueNs);
        assertEquals(TOPICS * PARTITIONS_PER_TOPIC / 2, node1.size());
        assertEquals(TOPICS * PARTITIONS_PER_TOPIC / 2 - 1, node2.size(),
                "all but busy, whose second batch (opened at t0 + 3) is not due yet");

        // Drained: the next check looks at nothing again; busy's second batch waits in the heap.
        acc.ready(CLUSTER, ANY, t0 + dueNs + 1);
        acc.ready(CLUSTER, ANY, t0 + dueNs + 2);
        assertEquals(0, acc.queuesVisitedByLastReady);
        assertEquals(0, acc.readyIndex().readyCount());
        assertEquals(1, acc.readyIndex().lingeringCount());
        assertEquals(Set.of(NODE_2), acc.ready(CLUSTER, ANY, t0 + 3 + dueNs).readyNodes);
    }

    @Test
    void aPartitionWhoseSendableBatchLeftLingersWithItsNextBatch() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(100L << 20, BATCH));
        TopicPartition p = tp(0, 0);
        for (int i = 0; i < 9; i++) {
            append(acc, p, 0L); // 8 fill the first batch, the 9th opens a second
        }
        assertEquals(Set.of(NODE_1), acc.ready(CLUSTER, ANY, 10L).readyNodes);
        List<ProducerBatch> sent = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 10L);
        assertEquals(1, sent.size());
        acc.requestEnded(sent.get(0), true); // (while in flight, the partition's next batch would fill behind it)
        RecordAccumulator.ReadyCheck next = acc.ready(CLUSTER, ANY, 20L);
        assertTrue(next.readyNodes.isEmpty(), "the second batch lingers");
        assertEquals(LINGER - ReadyIndex.LINGER_ROUNDING_NS - 20, next.nextCheckDelayNs);
        assertEquals(Set.of(NODE_1), acc.ready(CLUSTER, ANY, LINGER).readyNodes);
    }

    @Test
    void aRetryIsSendableAfterItsBackoffAndAheadOfNewerBatches() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(100L << 20, BATCH));
        TopicPartition p = tp(3, 1); // node 2
        append(acc, p, 0L);
        ProducerBatch sent = acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, LINGER).get(0);
        sent.prepareForSend(null, -1L, (short) -1, -1); // an attempt: it is a retry from now on
        acc.requestEnded(sent, false);
        acc.reenqueue(sent, LINGER + 1_000);
        RecordAccumulator.ReadyCheck backingOff = acc.ready(CLUSTER, ANY, LINGER + 10);
        assertTrue(backingOff.readyNodes.isEmpty());
        assertEquals(990, backingOff.nextCheckDelayNs);
        assertEquals(Set.of(NODE_2), acc.ready(CLUSTER, ANY, LINGER + 1_000).readyNodes);
        assertEquals(List.of(sent), acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, LINGER + 1_000));
    }

    @Test
    void aRetryBackingOffWhenAFlushStartsIsStillSentOnceItsBackoffPasses() throws InterruptedException {
        // Found by the simulation (seed 14): the flush took the retry's heap entry, and the retry (still backing
        // off, so not sendable even during a flush) was left lingering without one: never sent, expired instead.
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(100L << 20, BATCH));
        TopicPartition p = tp(7, 0);
        append(acc, p, 0L);
        ProducerBatch sent = acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, LINGER).get(0);
        sent.prepareForSend(null, -1L, (short) -1, -1);
        acc.requestEnded(sent, false);
        acc.reenqueue(sent, LINGER + 1_000);
        assertTrue(acc.ready(CLUSTER, ANY, LINGER + 1).readyNodes.isEmpty());
        acc.beginFlush();
        assertTrue(acc.ready(CLUSTER, ANY, LINGER + 2).readyNodes.isEmpty(), "a flush does not cut a backoff short");
        assertEquals(Set.of(NODE_1), acc.ready(CLUSTER, ANY, LINGER + 1_000).readyNodes);
        assertEquals(List.of(sent), acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, LINGER + 1_000));
    }

    @Test
    void aFlushMakesEveryLingeringPartitionSendableAndItsEndLetsThemLingerAgain() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1),
                new BufferPool(100L << 20, BATCH));
        for (int p = 0; p < 10; p++) {
            append(acc, tp(1, p), 0L);
        }
        assertTrue(acc.ready(CLUSTER, ANY, 1L).readyNodes.isEmpty());
        acc.beginFlush();
        assertEquals(Set.of(NODE_1, NODE_2), acc.ready(CLUSTER, ANY, 2L).readyNodes);
        assertEquals(10, acc.queuesVisitedByLastReady);
        acc.endFlush();
        assertTrue(acc.ready(CLUSTER, ANY, 3L).readyNodes.isEmpty());
        acc.ready(CLUSTER, ANY, 4L);
        assertEquals(0, acc.queuesVisitedByLastReady, "back in the heap");
        acc.beginFlush();
        assertEquals(5, acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, 5L).size());
        assertEquals(5, acc.drain(CLUSTER, NODE_2, Integer.MAX_VALUE, ANY, 5L).size());
    }

    @Test
    void expiryFindsOldBatchesWhereverTheIndexKeepsThemAndScansOnlyWhenOneMayBeDue() throws InterruptedException {
        long timeout = TimeUnit.SECONDS.toNanos(120);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(2),
                new BufferPool(100L << 20, BATCH));
        append(acc, tp(5, 0), 0L); // lingering (linger far beyond the delivery timeout)
        for (int i = 0; i < 8; i++) {
            append(acc, tp(5, 1), 10L); // full: ready
        }
        acc.ready(CLUSTER, ANY, 20L);
        assertTrue(acc.expired(timeout, timeout - 1).isEmpty());
        append(acc, tp(5, 2), timeout); // created later: not expired with the others
        List<ProducerBatch> expired = acc.expired(timeout, timeout + 10);
        Set<TopicPartition> where = new HashSet<>();
        for (ProducerBatch b : expired) {
            where.add(b.topicPartition);
        }
        assertEquals(Set.of(tp(5, 0), tp(5, 1)), where);
        assertTrue(acc.expired(timeout, timeout + 20).isEmpty());
        assertEquals(1, acc.expired(timeout, 2 * timeout).size(), "the later batch, in its turn");
    }

    @Test
    void drainTakesTurnsAmongSendablePartitionsWhenARequestCannotHoldThemAll() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, new BufferPool(100L << 20, BATCH));
        TopicPartition a = tp(9, 0);
        TopicPartition b = tp(9, 2);
        Map<TopicPartition, Integer> drained = new HashMap<>();
        for (int round = 0; round < 6; round++) {
            append(acc, a, 0L);
            append(acc, b, 0L);
            acc.ready(CLUSTER, ANY, 0L);
            // A request with room for one batch (the first is always taken): a and b take turns.
            List<ProducerBatch> one = acc.drain(CLUSTER, NODE_1, 1, ANY, 0L);
            assertEquals(1, one.size());
            drained.merge(one.get(0).topicPartition, 1, Integer::sum);
            acc.requestEnded(one.get(0), true);
        }
        assertEquals(3, drained.get(a));
        assertEquals(3, drained.get(b));
    }

    @Test
    void theLingerHeapStaysBoundedWithAnEndlessLinger() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, Long.MAX_VALUE, new BufferPool(100L << 20, BATCH));
        TopicPartition p = tp(0, 0);
        for (int cycle = 0; cycle < 5_000; cycle++) {
            for (int i = 0; i < 9; i++) {
                append(acc, p, cycle); // a full batch (sendable) and a lingering one behind it
            }
            acc.ready(CLUSTER, ANY, cycle);
            for (ProducerBatch b : acc.drain(CLUSTER, NODE_1, Integer.MAX_VALUE, ANY, cycle)) {
                acc.requestEnded(b, true);
            }
            acc.ready(CLUSTER, ANY, cycle); // the lingering one goes (back) to the heap
            acc.drainAll();
        }
        assertTrue(acc.readyIndex().heapSize() <= 1_024, "stale entries are dropped: " + acc.readyIndex().heapSize());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static TopicPartition tp(int topic, int partition) {
        return new TopicPartition("topic-" + topic, partition);
    }

    private static void append(RecordAccumulator acc, TopicPartition tp, long nowNs) throws InterruptedException {
        byte[] value = "value-0000".getBytes(StandardCharsets.UTF_8);
        acc.append(tp, TS, null, value, NO_HEADERS, new RecordFuture(tp.topic(), null, -1, value.length, TS), 0,
                nowNs);
    }

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE_1, new BrokerAddress(NODE_1, "b1", 9092, null),
                NODE_2, new BrokerAddress(NODE_2, "b2", 9092, null));
        Map<String, TopicState> topics = new HashMap<>();
        for (int t = 0; t < TOPICS; t++) {
            PartitionState[] partitions = new PartitionState[PARTITIONS_PER_TOPIC];
            for (int p = 0; p < PARTITIONS_PER_TOPIC; p++) {
                int leader = 1 + p % 2;
                partitions[p] = new PartitionState(p, leader, 0, new int[] {leader}, new int[] {leader}, (short) 0);
            }
            String name = "topic-" + t;
            topics.put(name, new TopicState(name, UUID.randomUUID(), (short) 0, partitions));
        }
        return new ClusterSnapshot("c", nodes, topics);
    }
}
