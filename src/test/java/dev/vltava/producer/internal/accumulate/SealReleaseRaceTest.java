package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An application thread that closed a batch seals (compresses) it outside the queue lock; meanwhile the sender may
 * expire, abort or fail the batch and give its buffer back to the pool, where the next batch reuses it. Stress:
 * the early seal and the release start together after random delays, many times; once the buffer is released
 * and taken by its next owner, no late seal may write into it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SealReleaseRaceTest {
    private static final int ITERATIONS = 3_000;
    private static final byte NEXT_OWNER = 0x5A;
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void aLateEarlySealNeverWritesIntoABufferThatWentBackToThePool() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        BatchCompressor[] appCompressor = {Codecs.compressor(CompressionType.LZ4, 9)};
        byte[] value = "a compressible value, a compressible value, a compressible value".getBytes(
                StandardCharsets.UTF_8);
        Random random = new Random(42);
        try {
            for (int i = 0; i < ITERATIONS; i++) {
                ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(8192), 1_000L, false, 0L);
                while (batch.tryAppend(1_000L, null, value, new RecordHeader[0],
                        new RecordFuture(TP.topic(), null, -1, value.length, 1_000L))) {
                    // fill it
                }
                batch.closeForAppends();
                int appDelay = random.nextInt(3_000);
                int senderDelay = random.nextInt(3_000);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> app = threads.submit(() -> {
                    start.await();
                    spin(appDelay);
                    batch.trySealEarly(appCompressor[0]);
                    return null;
                });
                Future<ByteBuffer> sender = threads.submit(() -> {
                    start.await();
                    spin(senderDelay);
                    ByteBuffer released = batch.releasableBuffer(); // after expiry / abort / a failed request
                    for (int p = 0; p < released.capacity(); p++) {
                        released.put(p, NEXT_OWNER); // the pool's next batch writes its own records here
                    }
                    return released;
                });
                app.get(10, TimeUnit.SECONDS);
                ByteBuffer reused = sender.get(10, TimeUnit.SECONDS);
                for (int p = 0; p < reused.capacity(); p++) {
                    if (reused.get(p) != NEXT_OWNER) {
                        throw new AssertionError("iteration " + i + ": byte " + p + " of the reused buffer was "
                                + "overwritten by a seal that started after the buffer went back to the pool");
                    }
                }
                if (batch.isBeingSealed()) {
                    throw new AssertionError("the gate was left half open");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void spin(int n) {
        for (int k = 0; k < n; k++) {
            Thread.onSpinWait();
        }
    }
}
