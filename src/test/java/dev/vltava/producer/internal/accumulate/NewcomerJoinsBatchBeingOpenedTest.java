package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, session 14: a thread that arrives while the partition's last batch is closed and another thread is
 * opening the next one (waiting for memory) waits to join that batch; it does not take a buffer of its own. Before
 * the fix the newcomer counted the closed batch as one it had closed itself, and a thread that closed a batch may not
 * wait to join (it seals that batch first): it went for memory too, waited in the pool's line, and on coming back
 * found room in the batch the first thread had opened and gave its buffer back. With 10,000 virtual threads sending
 * that was 485,000 wasted waits for memory in 27 million records, nearly every wait there was
 * ({@code benchmarks/results/2026-12-06-s14-vt-wait-counts/}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NewcomerJoinsBatchBeingOpenedTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCH = 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long MAX_BLOCK_MS = TimeUnit.MINUTES.toMillis(10);

    @Test
    void aThreadArrivingWhileTheNextBatchIsBeingOpenedJoinsItInsteadOfWaitingForMemory() throws Exception {
        BufferPool pool = new BufferPool(1 << 20, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        pool.reserve(pool.availableMemoryBytes() - BATCH, 0); // memory for one batch only
        byte[] value = new byte[100];
        AppendResult r;
        do { // fills the first batch (it took the one buffer there was)
            r = acc.append(q, TS, null, value, NO_HEADERS, future(value), 0, false, 0);
        } while (r == AppendResult.APPENDED || r == AppendResult.NEW_BATCH);
        assertTrue(r == AppendResult.APPENDED_BATCH_FULL || r == null, "full, or no memory for the next: " + r);
        q.lock.lock();
        try {
            assertEquals(1, q.size());
        } finally {
            q.lock.unlock();
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        // The opener: its record does not fit, it closes the first batch and waits for memory for the next one.
        threads.add(appender(acc, q, new byte[BATCH / 2], failures));
        awaitState(q, pool, 1, 0);
        // The newcomer: the last batch is closed (by the opener) and a thread is opening the next one.
        threads.add(appender(acc, q, value, failures));
        awaitState(q, pool, 1, 1); // before the fix: 2 waiting for memory, none joining
        pool.release(BATCH + pool.chargedBytes()); // a batch's worth comes back (and the closed batch's charge)
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "failed: " + failures);
        q.lock.lock();
        try {
            List<ProducerBatch> batches = new ArrayList<>(q.batches());
            assertEquals(2, batches.size());
            assertEquals(2, batches.get(1).recordCount(), "the opener's record and the newcomer's, in the new batch");
        } finally {
            q.lock.unlock();
        }
        assertEquals(0, pool.queuedWaiters());
    }

    /** Polls until {@code inPool} threads wait for memory and {@code joining} wait for the batch being opened. */
    private static void awaitState(PartitionQueue q, BufferPool pool, int inPool, int joining)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int waitingToJoin = MonitorStates.waitingToJoin(q);
            int waitingForMemory = pool.queuedWaiters();
            if (waitingForMemory == inPool && waitingToJoin == joining) {
                return;
            }
            assertTrue(waitingForMemory <= inPool && System.nanoTime() < deadline, "waiting for memory "
                    + waitingForMemory + " (expected " + inPool + "), to join " + waitingToJoin + " (expected "
                    + joining + ")");
            Thread.sleep(1);
        }
    }

    private static Thread appender(RecordAccumulator acc, PartitionQueue q, byte[] value,
            ConcurrentLinkedQueue<Throwable> failures) {
        Thread t = new Thread(() -> {
            try {
                acc.append(q, TS, null, value, NO_HEADERS, future(value), MAX_BLOCK_MS, false, 0);
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "appender");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static RecordFuture future(byte[] value) {
        return new RecordFuture(TP.topic(), null, -1, value.length, TS);
    }
}
