package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.memory.BufferPoolTimeoutException;
import dev.vltava.producer.internal.memory.UntimedWaits;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread that waits without a timer (a virtual thread, see {@code UntimedWaits}) for the batch another thread is
 * opening still fails at its max.block.ms: the sender's sweep ({@link RecordAccumulator#wakeOverdueWaiters}) wakes it
 * once its deadline passed, it then tries for memory of its own with what is left of its time, and the next sweep
 * fails that. The opener, whose deadline is far, keeps waiting and appends once memory comes back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UntimedJoinerDeadlineTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCH = 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final long JOINER_MAX_BLOCK_MS = 100;

    @Test
    void theSweepFailsAJoinerAtItsDeadlineAndLeavesTheOpenerWaiting() throws Exception {
        UntimedWaits waits = UntimedWaits.never();
        waits.waitUntimed(t -> true);
        BufferPool pool = new BufferPool(1 << 20, BATCH, true, waits);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        pool.reserve(pool.availableMemoryBytes(), 0); // no memory: the first append waits for it
        CompletableFuture<AppendResult> opener = append(acc, q, TimeUnit.MINUTES.toMillis(10));
        awaitState(q, pool, 1, 0);
        long joinerStart = System.nanoTime();
        CompletableFuture<AppendResult> joiner = append(acc, q, JOINER_MAX_BLOCK_MS);
        awaitState(q, pool, 1, 1);

        Thread.sleep(3 * JOINER_MAX_BLOCK_MS);
        assertFalse(joiner.isDone(), "untimed: no timer ends the wait, only the sweep");

        // The sender's turns: each sweeps when a deadline is due.
        long slept = 0;
        while (!joiner.isDone()) {
            acc.wakeOverdueWaiters();
            Thread.sleep(1);
            assertTrue(++slept < 10_000, "the joiner never failed");
        }
        ExecutionException failed = assertThrows(ExecutionException.class, joiner::get);
        assertInstanceOf(BufferPoolTimeoutException.class, failed.getCause(), "as after a timed wait");
        assertTrue(System.nanoTime() - joinerStart >= TimeUnit.MILLISECONDS.toNanos(JOINER_MAX_BLOCK_MS));
        assertFalse(opener.isDone(), "the opener's deadline is far: the sweeps left it waiting");
        assertTrue(acc.wakeOverdueWaiters() > TimeUnit.MINUTES.toNanos(9), "its deadline is what is left");

        pool.release(pool.totalMemoryBytes()); // memory comes back: the opener appends
        assertEquals(AppendResult.NEW_BATCH, opener.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<AppendResult> append(RecordAccumulator acc, PartitionQueue q, long maxBlockMs) {
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                byte[] value = "value-00".getBytes(StandardCharsets.UTF_8);
                result.complete(acc.append(q, TS, null, value, new RecordHeader[0],
                        new RecordFuture(TP.topic(), null, -1, value.length, TS), maxBlockMs, false, 0));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "appender");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Polls until {@code inPool} threads wait for memory and {@code joiners} for the batch being opened. */
    private static void awaitState(PartitionQueue q, BufferPool pool, int inPool, int joiners)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            int inCondition;
            q.lock.lock();
            try {
                inCondition = q.lock.getWaitQueueLength(q.batchOpened);
            } finally {
                q.lock.unlock();
            }
            if (inCondition == joiners && pool.queuedWaiters() == inPool) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "waiting for memory " + pool.queuedWaiters() + ", joiners "
                    + inCondition);
            Thread.sleep(1);
        }
    }
}
