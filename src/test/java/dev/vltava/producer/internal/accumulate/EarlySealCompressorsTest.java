package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compressors application threads use to seal the batches they close hold a native context and scratch buffers
 * each. Their number must not grow with the number of sending threads (thread pools, virtual threads), and closing
 * the accumulator (what the sender does as the producer closes) must close them. Before, each sending thread kept one
 * of its own, for ever.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EarlySealCompressorsTest {
    private static final int BATCH = 4096;

    /** A real lz4 compressor that records whether it was closed. */
    private static final class Tracked implements BatchCompressor {
        final BatchCompressor real = Codecs.compressor(CompressionType.LZ4);
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger compressions = new AtomicInteger();

        @Override
        public CompressionType type() {
            return real.type();
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            compressions.incrementAndGet();
            return real.compress(src, dst);
        }

        @Override
        public ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct) {
            return real.scratchBuffer(minCapacityInBytes, direct);
        }

        @Override
        public void close() {
            closed.set(true);
            real.close();
        }
    }

    @Test
    void sendingThreadsShareABoundedSetOfCompressorsThatClosingTheAccumulatorCloses() throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        int threads = 2 * processors + 2;
        List<Tracked> created = new ArrayList<>();
        RecordAccumulator acc = new RecordAccumulator(BATCH, TimeUnit.HOURS.toNanos(1),
                new BufferPool(64L * 1024 * 1024, BATCH));
        acc.sealClosedBatchesOnAppendingThreads(() -> {
            Tracked t = new Tracked();
            synchronized (created) {
                created.add(t);
            }
            return t;
        });
        byte[] value = "forty bytes of a value that compresses..".getBytes(StandardCharsets.UTF_8);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            TopicPartition tp = new TopicPartition("t", t);
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 1_000; i++) { // about 10 batches: each thread closes several
                        acc.append(tp, 0L, null, value, new RecordHeader[0],
                                new RecordFuture("t", null, -1, value.length, 0L), 0, 0L);
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "sending-thread-" + t);
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        assertEquals(List.of(), errors);
        synchronized (created) {
            assertTrue(created.stream().anyMatch(t -> t.compressions.get() > 0), "the sending threads still seal");
            assertTrue(created.size() <= processors, threads + " sending threads created " + created.size()
                    + " compressors, more than the " + processors + " processors");
        }

        acc.closeForAppends(); // the sender's last step as the producer closes
        synchronized (created) {
            assertTrue(created.stream().allMatch(t -> t.closed.get()), "every compressor closed with the producer");
        }
    }
}
