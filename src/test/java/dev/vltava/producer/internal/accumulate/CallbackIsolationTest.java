package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.completion.Completions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Callback;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User code that throws anything (an AssertionError from a test's assert inside a callback, an Error, a checked
 * exception thrown from Kotlin) must not keep the rest of its batch from completing, nor keep flush() waiting.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallbackIsolationTest {
    private static final TopicPartition TP = new TopicPartition("t", 3);

    @Test
    void callbacksThatThrowErrorsLeaveTheOtherRecordsOfTheBatchCompleted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Callback throwsAssertion = (md, e) -> {
            calls.incrementAndGet();
            throw new AssertionError("a test's assert failed inside the callback");
        };
        Callback throwsError = (md, e) -> {
            calls.incrementAndGet();
            throw new StackOverflowError("an Error");
        };
        Callback throwsChecked = (md, e) -> {
            calls.incrementAndGet();
            sneakyThrow(new java.io.IOException("a checked exception, as Kotlin code can throw"));
        };
        Callback fine = (md, e) -> calls.incrementAndGet();
        List<RecordFuture> futures = new ArrayList<>();
        ProducerBatch batch = batchOf(futures, throwsAssertion, throwsError, throwsChecked, fine);

        assertTrue(batch.complete(100L, -1L, Completions.callerRuns(), AckListener.NONE));

        assertEquals(4, calls.get(), "every callback ran");
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(100L + i, futures.get(i).get().offset(), "record " + i + " completed with its offset");
        }
        assertTrue(batch.awaitDone(0, TimeUnit.MILLISECONDS), "flush()'s latch is open");
    }

    @Test
    void anInterceptorThatThrowsAnErrorLeavesTheFailedBatchCompleted() throws Exception {
        List<RecordFuture> futures = new ArrayList<>();
        ProducerBatch batch = batchOf(futures, null, null, null);
        AckListener throwingInterceptor = (md, e) -> {
            throw new AssertionError("interceptor assert");
        };
        IllegalStateException cause = new IllegalStateException("broker said no");

        assertTrue(batch.fail(cause, Completions.callerRuns(), throwingInterceptor));

        for (RecordFuture f : futures) {
            assertTrue(f.isCompletedExceptionally());
            assertEquals(cause, f.handle((md, e) -> e).get());
        }
        assertTrue(batch.awaitDone(0, TimeUnit.MILLISECONDS), "flush()'s latch is open");
    }

    @Test
    void theCompletionThreadSurvivesAThrowingCallbackAndCompletesLaterBatches() throws Exception {
        try (Completions completions = new Completions("isolation-test")) {
            List<RecordFuture> first = new ArrayList<>();
            ProducerBatch b1 = batchOf(first, (md, e) -> {
                throw new AssertionError("boom");
            }, null);
            List<RecordFuture> second = new ArrayList<>();
            ProducerBatch b2 = batchOf(second, (Callback) null);

            b1.complete(0L, -1L, completions, AckListener.NONE);
            b2.complete(2L, -1L, completions, AckListener.NONE);

            assertTrue(b1.awaitDone(20, TimeUnit.SECONDS));
            assertTrue(b2.awaitDone(20, TimeUnit.SECONDS));
            assertEquals(1L, first.get(1).get().offset());
            assertEquals(2L, second.get(0).get().offset());
        }
    }

    private static ProducerBatch batchOf(List<RecordFuture> futures, Callback... callbacks) {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(4096), 1_000L, false, 0L);
        for (Callback c : callbacks) {
            byte[] value = ("v" + futures.size()).getBytes(StandardCharsets.UTF_8);
            RecordFuture f = new RecordFuture(TP.topic(), c, -1, value.length, 1_000L);
            assertTrue(batch.tryAppend(1_000L, null, value, new RecordHeader[0], f));
            futures.add(f);
        }
        return batch;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
