package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.BufferPoolClosedException;
import dev.vltava.producer.internal.memory.UntimedWaits;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16: threads waiting for the batch another thread is opening (memory short) are woken one after another, each
 * passing the signal on, not all at once. With thousands of virtual threads sending, waking them all made each record
 * pay for a dozen wake-ups of threads that found the new batch full again and went back to wait. Max.block.ms is far
 * beyond the class timeout: a wake-up lost along the chain fails the test instead of passing late.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JoinersWakeOneAfterAnotherTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCH = 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long MAX_BLOCK_MS = TimeUnit.MINUTES.toMillis(10);
    private static final int THREADS = 200;

    /**
     * Also with untimed waits (as virtual threads wait, see {@code UntimedWaits}): the signals that pass from thread
     * to thread are the same, and nothing here needs a timer.
     */
    @ParameterizedTest(name = "untimed waits: {0}")
    @ValueSource(booleans = {false, true})
    void waitingThreadsAreWokenAboutOncePerRecordWhileMemoryComesBackABatchAtATime(boolean untimed) throws Exception {
        UntimedWaits waits = UntimedWaits.never();
        waits.waitUntimed(t -> untimed);
        BufferPool pool = new BufferPool(1 << 20, BATCH, true, waits);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        pool.reserve(pool.availableMemoryBytes(), 0); // no memory: the first append waits for it, the others join
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            threads.add(appender(acc, q, failures));
            awaitAllWaiting(threads, q, pool); // one at a time: the first is the one waiting for memory
        }
        // Memory comes back one batch at a time (and what the closed batches' heap charges overdrew), each time once
        // the last step's records are in and everybody waits again: for memory (the thread that found the batch full
        // and opens the next) or for the batch it opens (all others).
        int steps = 0;
        long chargesCovered = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            int before = appendedRecords(q);
            long charged = pool.chargedBytes();
            pool.release(BATCH + charged - chargesCovered);
            chargesCovered = charged;
            steps++;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (appendedRecords(q) == before) {
                assertTrue(System.nanoTime() < deadline, "no record was appended after memory came back");
                Thread.sleep(1); // (not a busy loop: taking the partition's lock nonstop would keep the appenders out)
            }
            awaitAllWaiting(threads, q, pool);
        }
        assertTrue(failures.isEmpty(), () -> "failed: " + failures);
        assertEquals(THREADS, appendedRecords(q), "every record is in a batch");
        assertTrue(steps > 2, "memory came back in several steps (" + steps + "), with threads waiting each time");
        long wakeups = wakeups(q);
        // One after another, a thread is woken to append (once), or to open the next batch and so find itself
        // waiting for memory, or to find another thread opening (once per step at most). Woken all at once (before
        // the fix), the threads did not even get this far: at the second step 136 of the 200 waited for memory of
        // their own, each to open a batch (the awaitAllWaiting assertion fails).
        assertTrue(wakeups <= THREADS + 2L * steps, "wake-ups " + wakeups + " for " + THREADS + " records in "
                + steps + " steps");
    }

    @ParameterizedTest(name = "untimed waits: {0}")
    @ValueSource(booleans = {false, true})
    void threadsWaitingToJoinAllFailPromptlyWhenTheProducerCloses(boolean untimed) throws Exception {
        UntimedWaits waits = UntimedWaits.never();
        waits.waitUntimed(t -> untimed);
        BufferPool pool = new BufferPool(1 << 20, BATCH, true, waits);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        pool.reserve(pool.availableMemoryBytes(), 0);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(appender(acc, q, failures));
            awaitAllWaiting(threads, q, pool);
        }
        acc.closeForAppends();
        pool.close(); // as the producer's close does: the opener fails, and each failing joiner wakes the next
        for (Thread t : threads) {
            t.join(); // (a lost wake-up would leave one waiting for max.block.ms: the class timeout fails it)
        }
        assertEquals(50, failures.size(), () -> "every append failed: " + failures);
        assertEquals(1, failures.stream().filter(e -> e instanceof BufferPoolClosedException).count(),
                "the opener, waiting for memory");
        assertTrue(failures.stream().filter(e -> !(e instanceof BufferPoolClosedException))
                .allMatch(e -> e instanceof IllegalStateException && e.getMessage().contains("closed")),
                () -> "the others as sent after close: " + failures);
        assertEquals(0, appendedRecords(q));
    }

    /**
     * Polls until every live thread waits, in the pool for memory (one at most) or for the batch being opened, with no
     * wake-up under way (a signalled thread has left the condition's queue but not yet counted itself out of
     * {@code joiners}).
     */
    private static void awaitAllWaiting(List<Thread> threads, PartitionQueue q, BufferPool pool)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long alive = threads.stream().filter(Thread::isAlive).count();
            int inCondition;
            int joiners;
            q.lock.lock();
            try {
                inCondition = q.lock.getWaitQueueLength(q.batchOpened);
                joiners = q.joiners;
            } finally {
                q.lock.unlock();
            }
            int inPool = pool.queuedWaiters();
            if (alive == 0 || inCondition == joiners && inCondition + inPool == alive && inPool <= 1) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "threads still running: waiting for memory " + inPool
                    + ", for the batch " + inCondition + " (joiners " + joiners + "), alive " + alive);
            Thread.sleep(1);
        }
    }

    private static Thread appender(RecordAccumulator acc, PartitionQueue q, ConcurrentLinkedQueue<Throwable> failures) {
        Thread t = new Thread(() -> {
            try {
                byte[] value = "value-00".getBytes(StandardCharsets.UTF_8);
                acc.append(q, TS, null, value, NO_HEADERS, new RecordFuture(TP.topic(), null, -1, value.length, TS),
                        MAX_BLOCK_MS, false, 0);
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "appender");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int appendedRecords(PartitionQueue q) {
        q.lock.lock();
        try {
            int n = 0;
            for (ProducerBatch b : q.batches()) {
                n += b.recordCount();
            }
            return n;
        } finally {
            q.lock.unlock();
        }
    }

    private static long wakeups(PartitionQueue q) {
        q.lock.lock();
        try {
            assertFalse(q.joiners > 0);
            return q.joinWakeups;
        } finally {
            q.lock.unlock();
        }
    }
}
