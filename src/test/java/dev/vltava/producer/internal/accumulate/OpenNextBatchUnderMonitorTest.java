package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import dev.vltava.producer.testkit.Spin;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: a thread whose record does not fit the open batch opens the next one without leaving the partition's
 * lock when memory is free, so a sticky record arriving right after joins that batch instead of finding the
 * partition without room and taking a buffer of its own (with 10,000 virtual threads half the appends did that, each
 * taking and returning a buffer). The moment right after the opening thread left the lock is caught with the early
 * seal of the batch it closed, which that thread runs outside the lock (before waiting for memory, when it must).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenNextBatchUnderMonitorTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCH = 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final long MAX_BLOCK_MS = TimeUnit.MINUTES.toMillis(1);

    @Test
    void aStickyRecordRightAfterABatchClosedJoinsTheNextBatchTheClosingThreadOpened() throws Exception {
        BufferPool pool = new BufferPool(1 << 20, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        AtomicReference<AppendResult> sticky = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<RecordFuture> futures = new ArrayList<>();
        RecordFuture stickyFuture = future();
        // The early seal of the closed batch, on the closing thread after it left the lock: a sticky record of
        // another thread arrives now.
        acc.sealClosedBatchesOnAppendingThreads(() -> new LeavesUncompressed(() -> {
            if (sticky.get() != null) {
                return;
            }
            Thread other = new Thread(() -> {
                try {
                    sticky.set(acc.append(q, TS, null, value(), NO_HEADERS, stickyFuture, MAX_BLOCK_MS, true, 0));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "sticky-appender");
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }), 1);

        AppendResult closing;
        do {
            RecordFuture f = future();
            futures.add(f);
            closing = acc.append(q, TS, null, value(), NO_HEADERS, f, MAX_BLOCK_MS, false, 0);
        } while (sticky.get() == null && failure.get() == null);
        assertNull(failure.get());

        assertEquals(AppendResult.NEW_BATCH, closing, "the thread whose record did not fit opened the next batch");
        assertEquals(AppendResult.APPENDED, sticky.get(),
                "the sticky record joined that batch instead of opening one with a buffer of its own");
        assertEquals(2, q.queuedBatches());
        ProducerBatch next = q.last();
        assertEquals(2, next.recordCount(), "the closing thread's record, then the sticky one");
        assertEquals(futures.get(futures.size() - 1), next.future(0));
        assertEquals(stickyFuture, next.future(1));
        assertNotNull(q.first());
        assertEquals(futures.size() - 1, q.first().recordCount());
        long inBatches = q.first().capacityBytes() + next.capacityBytes();
        long closedBatchCharge = (long) q.first().recordCount() * RecordAccumulator.QUEUED_RECORD_HEAP_BYTES;
        assertEquals(pool.totalMemoryBytes() - inBatches - closedBatchCharge, pool.availableMemoryBytes(),
                "no other buffer is held: memory is what the two batches hold, and the closed one's heap charge");
    }

    @Test
    void aRecordThatFindsAnotherThreadOpeningTheNextBatchWaitsForThatBatchNotForMemoryOfItsOwn() throws Exception {
        BufferPool pool = new BufferPool(4 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        long reserved = pool.availableMemoryBytes();
        RecordFuture first = future();
        RecordFuture second = future();
        AtomicReference<AppendResult> opener = new AtomicReference<>();
        AtomicReference<AppendResult> joiner = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = openerWaitingForMemory(acc, q, pool, first, opener, failure);
        Thread b = appender(() -> joiner.set(acc.append(q, TS, null, value(), NO_HEADERS, second, MAX_BLOCK_MS, true,
                0)), failure);
        Spin.until(() -> !b.isAlive() || MonitorStates.waitsOn(b, q) || pool.queuedWaiters() >= 2,
                "the second appender waits, for the batch or for memory");
        assertEquals(1, pool.queuedWaiters(), "only the opener waits for memory");
        assertTrue(MonitorStates.waitsOn(b, q), "the second appender waits for the batch being opened");

        pool.release(reserved);
        a.join();
        b.join();
        assertNull(failure.get());
        assertEquals(AppendResult.NEW_BATCH, opener.get());
        assertEquals(AppendResult.APPENDED, joiner.get(), "it joined the batch the opener opened");
        ProducerBatch batch = q.last();
        assertEquals(1, q.queuedBatches());
        assertEquals(first, batch.future(0));
        assertEquals(second, batch.future(1));
        assertEquals(pool.totalMemoryBytes() - batch.capacityBytes(), pool.availableMemoryBytes(),
                "no buffer was taken for the second record");
    }

    @Test
    void aRecordWaitingForAnotherThreadsBatchGivesUpAfterMaxBlockMsAsIfItHadWaitedForMemory() throws Exception {
        BufferPool pool = new BufferPool(4 * BATCH, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1), pool);
        PartitionQueue q = acc.queue(TP);
        long reserved = pool.availableMemoryBytes();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Throwable> joinerFailure = new AtomicReference<>();
        Thread a = openerWaitingForMemory(acc, q, pool, future(), new AtomicReference<>(), failure);
        Thread b = appender(() -> acc.append(q, TS, null, value(), NO_HEADERS, future(), 1, true, 0), joinerFailure);
        b.join(); // max.block.ms = 1: it gives up with the pool's timeout, as a wait for memory would
        assertTrue(joinerFailure.get() instanceof dev.vltava.producer.internal.memory.BufferPoolTimeoutException,
                () -> "failed with " + joinerFailure.get());
        assertEquals(1, pool.queuedWaiters(), "the opener still waits");
        pool.release(reserved);
        a.join();
        assertNull(failure.get());
        assertEquals(1, q.last().recordCount());
        assertEquals(pool.totalMemoryBytes() - q.last().capacityBytes(), pool.availableMemoryBytes());
    }

    /**
     * Takes all free memory (reserved: {@link BufferPool#release} it to let the opener go on), then starts a thread
     * whose append must open the partition's first batch and so waits for memory; returns once it waits.
     */
    private static Thread openerWaitingForMemory(RecordAccumulator acc, PartitionQueue q, BufferPool pool,
            RecordFuture future, AtomicReference<AppendResult> result, AtomicReference<Throwable> failure)
            throws InterruptedException {
        pool.reserve(pool.availableMemoryBytes(), 0);
        Thread opener = appender(() -> result.set(acc.append(q, TS, null, value(), NO_HEADERS, future, MAX_BLOCK_MS,
                false, 0)), failure);
        Spin.until(() -> pool.queuedWaiters() >= 1, "the opener waits for memory");
        return opener;
    }

    private interface Append {
        void run() throws Exception;
    }

    private static Thread appender(Append append, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                append.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "appender");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static RecordFuture future() {
        return new RecordFuture(TP.topic(), null, -1, 8, TS);
    }

    private static byte[] value() {
        return "value-00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A "compressor" that runs a hook and then gives up (the batch stays uncompressed). */
    private static final class LeavesUncompressed implements BatchCompressor {
        private final Runnable onCompress;

        LeavesUncompressed(Runnable onCompress) {
            this.onCompress = onCompress;
        }

        @Override
        public CompressionType type() {
            return CompressionType.LZ4;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            onCompress.run();
            return -1;
        }

        @Override
        public ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct) {
            return direct ? ByteBuffer.allocateDirect(minCapacityInBytes) : ByteBuffer.allocate(minCapacityInBytes);
        }
    }
}
