package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Records that waited for metadata, moved by the real sender into the accumulator. */
class SenderWaitingRecordsTest {
    private static final int PARTITIONS = 2;
    private static final int RESERVED = 100;

    /** Places each record on its explicit partition (the only kind these tests send), as the producer's router does. */
    private static final class ExplicitPartitions implements RecordRouter {
        RecordAccumulator accumulator;

        @Override
        public int choosePartition(String topic, WaitingRecords.Waiting w, ClusterSnapshot cluster) {
            return w.explicitPartition < cluster.partitionCount(topic) ? w.explicitPartition : -2;
        }

        @Override
        public boolean appendNow(String topic, int partition, WaitingRecords.Waiting w, ClusterSnapshot cluster,
                long nowNs) {
            try {
                return accumulator.append(new TopicPartition(topic, partition), w.timestamp, w.keyBytes,
                        w.valueBytes, w.headers, w.future, RecordAccumulator.FROM_EARMARKED_MEMORY, nowNs) != null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static SenderHarness harness() {
        ExplicitPartitions router = new ExplicitPartitions();
        SenderHarness h = new SenderHarness(SenderHarness.config(false, 5, 30_000, 120_000), PARTITIONS, 1024, 0,
                Long.MAX_VALUE, router);
        router.accumulator = h.accumulator;
        return h.warmUp();
    }

    /** Parks a record as send() does when it cannot append yet: memory reserved, deadline max.block.ms away. */
    private static RecordFuture park(SenderHarness h, int partition, String value, List<String> done)
            throws InterruptedException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        RecordFuture f = new RecordFuture(SenderHarness.TOPIC, (md, e) -> done.add(value
                + (e == null ? "@" + md.partition() : ":" + e.getClass().getSimpleName())), -1, v.length, 0L);
        h.pool.reserve(RESERVED, 0);
        long deadlineNs = h.nowNs + TimeUnit.MILLISECONDS.toNanos(h.config.maxBlockMs());
        assertTrue(h.waiting.add(SenderHarness.TOPIC, new WaitingRecords.Waiting(null, value, null, v,
                new RecordHeader[0], 0L, partition, f, deadlineNs, RESERVED), true));
        return f;
    }

    @Test
    void aRecordForAPartitionTheTopicLacksWaitsAloneAndFailsAtMaxBlockNamingThePartitionCount() throws Exception {
        SenderHarness h = harness();
        List<String> done = new ArrayList<>();
        RecordFuture beyond = park(h, 5, "to-5", done);
        List<RecordFuture> later = List.of(park(h, 0, "a", done), park(h, 1, "b", done), park(h, 0, "c", done));

        h.steps(3);
        assertFalse(h.held.isEmpty(), "the records behind it were moved and sent, not held back for max.block.ms");
        while (!h.held.isEmpty()) {
            h.answerOldest(Errors.NONE);
            h.steps(2);
        }
        assertTrue(later.stream().allMatch(RecordFuture::isDone));
        assertEquals(List.of("a@0", "c@0"), done.stream().filter(s -> s.endsWith("@0")).toList(),
                "partition 0 keeps its send order");
        assertTrue(done.contains("b@1"));
        assertFalse(beyond.isDone(), "the record for partition 5 waits for it (metadata may still grow)");
        assertTrue(h.waiting.isWaiting(SenderHarness.TOPIC));

        h.advanceMs(h.config.maxBlockMs());
        h.steps(2);
        CompletionException e = assertThrows(CompletionException.class, beyond::join);
        TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(timeout.getMessage().contains("Partition 5 of topic t (which has 2 partitions)"),
                timeout.getMessage());
        assertEquals("to-5:TimeoutException", done.get(done.size() - 1));
        assertFalse(h.waiting.isWaiting(SenderHarness.TOPIC));
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(),
                "every reservation and batch buffer is back");
    }

    /**
     * Issue 16 (no per-loop work proportional to what waits): records whose topic is known but for which buffer.memory
     * has no room stay queued; each sender pass looks at the head record only, not at all of them, and once memory is
     * back they all go, in send order.
     */
    @Test
    void aPassOverRecordsStuckForMemoryLooksAtTheHeadOnly() throws Exception {
        SenderHarness h = harness();
        List<String> done = new ArrayList<>();
        List<RecordFuture> futures = new ArrayList<>();
        long outsider = h.pool.availableMemoryBytes();
        h.pool.reserve(outsider, 0); // another sender holds all of buffer.memory
        for (int i = 0; i < STUCK; i++) {
            String value = "v" + i;
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            RecordFuture f = new RecordFuture(SenderHarness.TOPIC, (md, e) -> done.add(value
                    + (e == null ? "@" + md.partition() : ":" + e.getClass().getSimpleName())), -1, v.length, 0L);
            futures.add(f);
            assertTrue(h.waiting.add(SenderHarness.TOPIC, new WaitingRecords.Waiting(null, value, null, v,
                    new RecordHeader[0], 0L, i % PARTITIONS, f, Long.MAX_VALUE, 0), true));
        }
        long before = h.waiting.recordVisits();
        h.steps(PASSES);
        long visits = h.waiting.recordVisits() - before;
        assertTrue(futures.stream().noneMatch(RecordFuture::isDone), "no memory, nothing moved: " + done);
        assertTrue(visits > 0 && visits <= PASSES, PASSES + " passes looked at " + visits + " waiting records ("
                + STUCK + " wait)");

        h.pool.release(outsider);
        for (int i = 0; i < 1_000 && done.size() < STUCK; i++) {
            h.step();
            while (!h.held.isEmpty()) {
                h.answerOldest(Errors.NONE);
            }
        }
        assertEquals(STUCK, done.size());
        for (int p = 0; p < PARTITIONS; p++) {
            String suffix = "@" + p;
            List<String> inPartition = done.stream().filter(d -> d.endsWith(suffix)).toList();
            List<String> sent = new ArrayList<>();
            for (int i = p; i < STUCK; i += PARTITIONS) {
                sent.add("v" + i + suffix);
            }
            assertEquals(sent, inPartition, "partition " + p + " keeps its send order");
        }
        assertFalse(h.waiting.isWaiting(SenderHarness.TOPIC));
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(), "every batch buffer is back");
    }

    private static final int STUCK = 2_000;
    private static final int PASSES = 5;
}
