package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.AppendResult;
import dev.vltava.producer.internal.accumulate.PartitionQueue;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With compression, the application thread that closes a batch compresses (seals) it; the sender's drain skips a
 * batch while that runs. On the sticky path nothing else wakes the sender afterwards: the record that did not fit
 * moves on to another partition's open batch ({@link AppendResult#APPENDED}, which wakes nobody), so the sealed batch
 * waited for the sender's next poll timeout (up to 500 ms, or linger.ms). The sealing thread now wakes the sender
 * when, and only when, the sender skipped its batch. Deterministic: the seal is held inside the compressor while the
 * sender runs a turn; the wake-ups are counted at the transport.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderEarlySealWakeupTest {
    private static final int BATCH = 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final TopicPartition P0 = new TopicPartition(SenderHarness.TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(SenderHarness.TOPIC, 1);

    /** LZ4; its first compression waits until {@link #release} (after saying so through {@link #entered}). */
    private static final class HeldCompressor implements BatchCompressor {
        final BatchCompressor real = Codecs.compressor(CompressionType.LZ4);
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public CompressionType type() {
            return real.type();
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the seal");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.compress(src, dst);
        }

        @Override
        public ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct) {
            return real.scratchBuffer(minCapacityInBytes, direct);
        }
    }

    @Test
    void theThreadThatSealsABatchTheSenderSkippedWakesTheSender() throws Exception {
        HeldCompressor held = new HeldCompressor();
        SenderHarness h = harness(held);
        fillBatchOfP0AndOpenOneOnP1(h);

        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread sticky = stickyAppendThatClosesP0sBatch(h, error);
        sticky.start();
        assertTrue(held.entered.await(30, TimeUnit.SECONDS), "the appending thread is sealing P0's closed batch");
        int wakeupsBefore = h.transport.wakeupCount();
        h.step(); // P0's batch is ready (closed), but being sealed: drain leaves it
        assertTrue(h.held.isEmpty(), "nothing drained while the seal runs");
        assertEquals(wakeupsBefore, h.transport.wakeupCount());

        held.release.countDown();
        sticky.join();
        assertEquals(null, error.get());
        assertEquals(wakeupsBefore + 1, h.transport.wakeupCount(),
                "the sealing thread woke the sender for the batch it had skipped");
        h.step(); // the turn the wake-up starts: the sealed batch goes out at once
        assertEquals(1, h.held.size());
        assertTrue(h.held.get(0).baseSequence(0) != -2, "the request carries P0's sealed batch");
    }

    @Test
    void aSealTheSenderDidNotSkipWakesNobody() throws Exception {
        HeldCompressor held = new HeldCompressor();
        held.release.countDown();
        SenderHarness h = harness(held);
        fillBatchOfP0AndOpenOneOnP1(h);
        int wakeupsBefore = h.transport.wakeupCount();

        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread sticky = stickyAppendThatClosesP0sBatch(h, error);
        sticky.start();
        sticky.join();
        assertEquals(null, error.get());

        assertEquals(wakeupsBefore, h.transport.wakeupCount(), "no wake-up on the append path unless one is owed");
        h.step();
        assertEquals(1, h.held.size(), "the batch is sent on the sender's next turn");
    }

    /**
     * Early seals with {@code compressor}; linger.ms of an hour (only full or closed batches are ready); the
     * connection to the leader is up (a flushed record went through).
     */
    private static SenderHarness harness(BatchCompressor compressor) throws InterruptedException {
        SenderConfig config = new SenderConfig("test", (short) -1, 1024 * 1024, 30_000, 4_000_000, Integer.MAX_VALUE,
                100, 1_000, 5, false, 1_000, CompressionType.LZ4, CompressionType.LZ4.defaultLevel());
        SenderHarness h = new SenderHarness(config, 2, BATCH, TimeUnit.HOURS.toMillis(1));
        h.accumulator.sealClosedBatchesOnAppendingThreads(() -> compressor, 1);
        h.warmUp();
        List<String> done = new ArrayList<>();
        h.accumulator.beginFlush();
        h.append(1, "warm-up", done); // its batch is not closed by an append: the sender seals it
        for (int i = 0; i < 20 && h.held.isEmpty(); i++) {
            h.step();
        }
        h.accumulator.endFlush();
        assertEquals(1, h.held.size(), "connected to the leader");
        h.answerOldest(Errors.NONE);
        h.step();
        assertEquals(List.of("1:warm-up"), done);
        return h;
    }

    /** Fills P0's batch until it is full (none closed yet), and opens a batch with room on P1. */
    private static void fillBatchOfP0AndOpenOneOnP1(SenderHarness h) throws InterruptedException {
        AppendResult r;
        int n = 0;
        do {
            r = append(h, P0, new byte[10], false);
            assertTrue(r == AppendResult.APPENDED || r == AppendResult.NEW_BATCH || r == AppendResult.APPENDED_BATCH_FULL,
                    r.toString());
            n++;
        } while (r != AppendResult.APPENDED_BATCH_FULL && n < 1_000);
        assertEquals(AppendResult.APPENDED_BATCH_FULL, r);
        assertEquals(AppendResult.NEW_BATCH, append(h, P1, new byte[10], false));
    }

    /**
     * What the router does for a sticky record that does not fit P0's full batch: the append closes that batch,
     * seals it on this thread and says NEEDS_NEW_BATCH; the record then goes to P1's open batch (APPENDED).
     */
    private static Thread stickyAppendThatClosesP0sBatch(SenderHarness h, AtomicReference<Throwable> error) {
        return new Thread(() -> {
            try {
                byte[] doesNotFit = new byte[64];
                assertEquals(AppendResult.NEEDS_NEW_BATCH, append(h, P0, doesNotFit, true));
                assertEquals(AppendResult.APPENDED, append(h, P1, doesNotFit, false));
            } catch (Throwable t) {
                error.set(t);
            }
        }, "sticky-appender");
    }

    private static AppendResult append(SenderHarness h, TopicPartition tp, byte[] value, boolean abortIfNewBatch)
            throws InterruptedException {
        PartitionQueue q = h.accumulator.queue(tp);
        RecordFuture f = new RecordFuture(tp.topic(), null, -1, value.length, TS);
        return h.accumulator.append(q, TS, null, value, NO_HEADERS, f, 0, abortIfNewBatch, h.nowNs);
    }
}
