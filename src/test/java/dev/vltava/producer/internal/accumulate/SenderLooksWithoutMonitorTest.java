package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.testkit.Spin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: the sender takes a partition's lock only to drain it. Its ready check, the placing of a signalled
 * partition in the ready index, the drain's look at a partition that is not sendable and the expiry scan's look at a
 * partition whose batches are not expired read what the queue published, so an appending thread that holds the
 * lock (off its carrier or off the CPU) does not hold up the sender.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderLooksWithoutMonitorTest {
    private static final String TOPIC = "t";
    private static final TopicPartition HELD = new TopicPartition(TOPIC, 0);
    private static final TopicPartition OTHER = new TopicPartition(TOPIC, 1);
    private static final int NODE = 1;
    private static final int BATCH = 1024;
    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;
    private static final ClusterSnapshot CLUSTER = cluster();

    @Test
    void readyCheckPlacingAndDrainOfALingeringPartitionDoNotWaitForItsMonitor() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(1 << 20, BATCH));
        long t0 = 1_000_000_000L;
        append(acc, HELD, t0); // a new batch: the partition is signalled, lingering until t0 + LINGER
        PartitionQueue held = acc.queue(HELD);
        try (Holder holder = new Holder(held)) {
            AtomicReference<RecordAccumulator.ReadyCheck> check = new AtomicReference<>();
            assertSenderDoesNotWait(held, () -> check.set(acc.ready(CLUSTER, ANY, t0 + 1)), "placing it (ready)");
            assertTrue(check.get().readyNodes.isEmpty());
            assertEquals(LINGER - ReadyIndex.LINGER_ROUNDING_NS - 1, check.get().nextCheckDelayNs,
                    "it lingers until t0 + linger (less the half millisecond the rounding gives)");
            AtomicReference<List<ProducerBatch>> drained = new AtomicReference<>();
            assertSenderDoesNotWait(held, () -> drained.set(acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, t0 + 2)),
                    "draining before it is due");
            assertTrue(drained.get().isEmpty());
            assertSenderDoesNotWait(held, () -> check.set(acc.ready(CLUSTER, ANY, t0 + LINGER)), "ready when due");
            assertEquals(Set.of(NODE), check.get().readyNodes, "due now: its leader is ready");
        }
        List<ProducerBatch> drained = acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, t0 + LINGER);
        assertEquals(1, drained.size(), "the drain takes the lock to take the batch");
    }

    @Test
    void aBatchFilledWhileTheSenderLookedIsStillSentAndAFullOneIsSeenWithoutTheMonitor() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(1 << 20, BATCH));
        long t0 = 1_000_000_000L;
        append(acc, HELD, t0);
        assertTrue(acc.ready(CLUSTER, ANY, t0 + 1).readyNodes.isEmpty(), "lingering");
        AppendResult r;
        do {
            r = append(acc, HELD, t0 + 2); // fills the batch: the partition is signalled again
        } while (r == AppendResult.APPENDED);
        assertEquals(AppendResult.APPENDED_BATCH_FULL, r);
        PartitionQueue held = acc.queue(HELD);
        try (Holder holder = new Holder(held)) {
            AtomicReference<RecordAccumulator.ReadyCheck> check = new AtomicReference<>();
            assertSenderDoesNotWait(held, () -> check.set(acc.ready(CLUSTER, ANY, t0 + 3)), "a full batch");
            assertEquals(Set.of(NODE), check.get().readyNodes, "full before its linger: sendable");
        }
        assertEquals(1, acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, t0 + 3).size());
    }

    @Test
    void theExpiryScanLooksAtAPartitionWithoutExpiredBatchesWithoutItsMonitor() throws Exception {
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, new BufferPool(1 << 20, BATCH));
        long t0 = 1_000_000_000L;
        long timeout = TimeUnit.SECONDS.toNanos(1);
        append(acc, OTHER, t0); // the oldest batch: once it is gone the scan's gate still remembers it
        append(acc, HELD, t0 + timeout / 2);
        assertEquals(1, acc.drain(CLUSTER, NODE, 1, ANY, t0 + 1).size(), "one batch per request: OTHER's");
        PartitionQueue held = acc.queue(HELD);
        try (Holder holder = new Holder(held)) {
            AtomicReference<List<ProducerBatch>> expired = new AtomicReference<>();
            assertSenderDoesNotWait(held, () -> expired.set(acc.expired(timeout, t0 + timeout)), "the expiry scan");
            assertTrue(expired.get().isEmpty(), "HELD's batch is half the timeout old");
        }
        assertFalse(acc.expired(timeout, t0 + timeout + timeout / 2).isEmpty(), "and expires when due");
    }

    /** Runs {@code senderWork} on its own thread; fails if that thread blocks on {@code q}'s lock. */
    private static void assertSenderDoesNotWait(PartitionQueue q, Runnable senderWork, String what)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                senderWork.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-sender");
        sender.setDaemon(true); // if it blocks, it stays blocked until the holder lets go
        sender.start();
        Spin.until(() -> !sender.isAlive() || MonitorStates.blockedOn(sender, q),
                "the sender either ends or blocks on the partition's lock");
        assertFalse(MonitorStates.blockedOn(sender, q) && sender.isAlive(),
                what + ": the sender waited for the lock of a partition it does not drain");
        sender.join();
        if (failure.get() != null) {
            throw new AssertionError(what + " failed", failure.get());
        }
    }

    /** An appending thread holding a partition's lock (as one preempted inside append would) until closed. */
    private static final class Holder implements AutoCloseable {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        Holder(PartitionQueue q) throws InterruptedException {
            thread = new Thread(() -> {
                q.lock.lock();
                try {
                    holding.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    q.lock.unlock();
                }
            }, "test-appender-holding-the-lock");
            thread.setDaemon(true);
            thread.start();
            holding.await();
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    private static AppendResult append(RecordAccumulator acc, TopicPartition tp, long nowNs)
            throws InterruptedException {
        byte[] value = "value-0000".getBytes(StandardCharsets.UTF_8);
        return acc.append(tp, TS, null, value, NO_HEADERS, new RecordFuture(tp.topic(), null, -1, value.length, TS),
                0, nowNs);
    }

    private static ClusterSnapshot cluster() {
        PartitionState[] partitions = new PartitionState[2];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new PartitionState(p, NODE, 0, new int[] {NODE}, new int[] {NODE}, (short) 0);
        }
        return new ClusterSnapshot("c", Map.of(NODE, new BrokerAddress(NODE, "b1", 9092, null)),
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }
}
