package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.Codecs;
import dev.vltava.producer.internal.compress.CompressionType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * Batches drained for a request that cannot be built or handed to the network (a codec exception, an
 * OutOfMemoryError while sealing, a transport bug) are failed with the cause; the partitions and the producer id
 * are not left waiting for a request that does not exist, so later records still go out.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class SenderOrphanedBatchesTest {

    @Test
    void aCodecFailureWhileSealingFailsTheDrainedBatchesAndTheProducerGoesOn() {
        FailingCompressor codec = new FailingCompressor();
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 2, 16_384, 0,
                Long.MAX_VALUE, codec).warmUp();
        List<String> done = new ArrayList<>();
        RecordFuture a = append(h, 0, "a", done);
        RecordFuture b = append(h, 1, "b", done);
        OutOfMemoryError oom = new OutOfMemoryError("simulated: no memory for the compression scratch buffer");
        codec.failNext = oom;

        stepUntilDone(h, a); // connects to node 0, drains both batches into one request; sealing the first throws

        assertFailedWith(a, oom);
        assertFailedWith(b, oom);
        assertEquals(2, done.size());
        assertTrue(h.held.isEmpty(), "no request went out");

        // The partitions are free again and the producer id is renewed (the failed batches may have used up
        // sequence numbers), so the next record is sent and acknowledged.
        RecordFuture c = append(h, 0, "c", done);
        stepUntilHeld(h);
        assertEquals(0, h.held.get(0).baseSequence(0), "a fresh producer id/epoch starts at sequence 0");
        h.answerOldest(Errors.NONE);
        h.step();
        assertEquals(0L, SenderHarness.offsetOf(c));
    }

    @Test
    void aTransportThatThrowsOnSendFailsTheRequestsBatchesAndTheProducerGoesOn() {
        SenderHarness h = new SenderHarness(SenderHarness.config(false, 5, 30_000, 120_000), 1, 16_384, 0)
                .warmUp();
        List<String> done = new ArrayList<>();
        RecordFuture a = append(h, 0, "a", done);
        IllegalStateException bug = new IllegalStateException("simulated transport bug");
        h.transport.failNextSend(ApiKeys.PRODUCE.id, bug);

        stepUntilDone(h, a);

        assertFailedWith(a, bug);
        RecordFuture b = append(h, 0, "b", done);
        stepUntilHeld(h);
        h.answerOldest(Errors.NONE);
        h.step();
        assertEquals(0L, SenderHarness.offsetOf(b));
    }

    private static RecordFuture append(SenderHarness h, int partition, String value, List<String> done) {
        try {
            return h.append(partition, value, done);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void stepUntilDone(SenderHarness h, RecordFuture f) {
        for (int i = 0; i < 100 && !f.isDone(); i++) {
            h.step();
            h.advanceMs(10);
        }
    }

    private static void stepUntilHeld(SenderHarness h) {
        for (int i = 0; i < 100 && h.held.isEmpty(); i++) {
            h.step();
            h.advanceMs(10);
        }
        assertEquals(1, h.held.size(), "the next record was sent");
    }

    private static void assertFailedWith(RecordFuture f, Throwable cause) {
        assertTrue(f.isCompletedExceptionally(), "failed, not left pending");
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, f::join);
        VltavaException v = assertInstanceOf(VltavaException.class, e.getCause());
        assertEquals(VltavaException.Kind.FATAL, v.kind());
        assertSame(cause, v.getCause());
        assertTrue(v.getMessage().contains(cause.getMessage()), v.getMessage());
    }

    /** An lz4 compressor whose next call throws what the test sets. */
    private static final class FailingCompressor implements BatchCompressor {
        private final BatchCompressor lz4 = Codecs.compressor(CompressionType.LZ4, 9);
        Throwable failNext;

        @Override
        public CompressionType type() {
            return CompressionType.LZ4;
        }

        @Override
        public int compress(ByteBuffer src, ByteBuffer dst) {
            Throwable t = failNext;
            if (t != null) {
                failNext = null;
                if (t instanceof Error err) {
                    throw err;
                }
                throw (RuntimeException) t;
            }
            return lz4.compress(src, dst);
        }

        @Override
        public ByteBuffer scratchBuffer(int minCapacityInBytes, boolean direct) {
            return lz4.scratchBuffer(minCapacityInBytes, direct);
        }
    }
}
