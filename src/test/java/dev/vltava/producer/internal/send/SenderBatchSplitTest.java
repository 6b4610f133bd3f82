package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.internal.accumulate.ProducerBatch;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.testkit.Spin;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MESSAGE_TOO_LARGE for a batch of several records: the real sender splits the batch and sends the parts (again and
 * again while still too large), so every record lands once, in order, with correct sequence numbers; a record too
 * large on its own fails alone with a typed error that names its size.
 */
class SenderBatchSplitTest {
    /** The "topic's max.message.bytes": batches larger than this are rejected. */
    private static final int LIMIT = 220;

    private static SenderHarness harness(boolean idempotent) {
        return new SenderHarness(SenderHarness.config(idempotent, 5, 30_000, 120_000), 1, 4096, 0).warmUp();
    }

    private static LoggingBroker broker(SenderHarness h) {
        return new LoggingBroker(h, (request, batch) -> batch.sizeInBytes() > LIMIT ? Errors.MESSAGE_TOO_LARGE
                : Errors.NONE);
    }

    private static String value(int i) {
        return "record-" + i + "-" + "x".repeat(30);
    }

    @ParameterizedTest(name = "idempotent={0}")
    @ValueSource(booleans = {true, false})
    void aTooLargeBatchIsSplitUntilItFitsAndEveryRecordLandsOnceInOrder(boolean idempotent) throws Exception {
        SenderHarness h = harness(idempotent);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            sent.add(value(i));
            futures.add(h.append(0, value(i), callbacks));
        }
        LoggingBroker broker = broker(h);
        broker.run(100);

        assertEquals(sent, broker.log(0), "every record stored once, in send order");
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(i, SenderHarness.offsetOf(futures.get(i)), "record " + i + " reports its offset");
        }
        List<String> expectedCallbacks = new ArrayList<>();
        sent.forEach(v -> expectedCallbacks.add("0:" + v));
        assertEquals(expectedCallbacks, callbacks, "one callback per record, in send order");
        assertTrue(broker.storedBatchSizes.get(0).size() > 1, "stored in several batches");
        broker.storedBatchSizes.get(0).forEach(size -> assertTrue(size <= LIMIT, "stored batch of " + size));
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(), "every buffer back in the pool");
        assertFalse(h.accumulator.hasIncomplete());
    }

    @ParameterizedTest(name = "idempotent={0}")
    @ValueSource(booleans = {true, false})
    void aRecordTooLargeOnItsOwnFailsAloneAndTheOthersLandInOrder(boolean idempotent) throws Exception {
        SenderHarness h = harness(idempotent);
        List<String> callbacks = new ArrayList<>();
        List<RecordFuture> futures = new ArrayList<>();
        List<String> expectedLog = new ArrayList<>();
        String big = "big-" + "y".repeat(400);
        for (int i = 0; i < 6; i++) {
            String v = i == 3 ? big : value(i);
            futures.add(h.append(0, v, callbacks));
            if (i != 3) {
                expectedLog.add(v);
            }
        }
        LoggingBroker broker = broker(h);
        broker.run(100);

        assertEquals(expectedLog, broker.log(0), "the other records stored once, in send order");
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> futures.get(3).join());
        RecordTooLargeException tooLarge = assertInstanceOf(RecordTooLargeException.class, e.getCause());
        assertTrue(tooLarge.recordSizeBytes() > 400 && tooLarge.recordSizeBytes() < 500, tooLarge.getMessage());
        String msg = tooLarge.getMessage();
        assertTrue(msg.contains("record") && msg.contains(String.valueOf(tooLarge.recordSizeBytes()))
                && msg.contains("t-0") && msg.contains("MESSAGE_TOO_LARGE") && msg.contains("max.message.bytes"), msg);
        for (int i = 0; i < futures.size(); i++) {
            assertEquals(i == 3, futures.get(i).isCompletedExceptionally(), "record " + i);
        }
        assertEquals(6, callbacks.size(), "one callback per record");
        assertEquals("0:" + big + ":RecordTooLargeException", callbacks.get(3), "in send order");
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(), "every buffer back in the pool");
    }

    @Test
    void waitingForTheSplitBatchWaitsForItsParts() throws Exception {
        SenderHarness h = harness(true);
        List<String> callbacks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            h.append(0, value(i), callbacks);
        }
        List<ProducerBatch> beforeSplit = h.accumulator.incompleteBatches(); // what flush() would wait for
        assertEquals(1, beforeSplit.size());
        h.steps(3);
        LoggingBroker broker = broker(h);
        broker.answerOldest(); // rejected as too large: split
        h.steps(1);
        assertTrue(callbacks.isEmpty());
        assertFalse(beforeSplit.get(0).awaitDone(0, TimeUnit.MILLISECONDS), "not done while its records are not");
        broker.run(100);
        assertEquals(8, callbacks.size());
        assertTrue(beforeSplit.get(0).awaitDone(0, TimeUnit.MILLISECONDS), "done once its parts are");
    }

    @Test
    void partsKeepTheSequenceRangeOfTheSplitBatchAndLaterBatchesKeepTheirs() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 1, 200, 0).warmUp();
        List<String> callbacks = new ArrayList<>();
        h.append(0, "warm-up", callbacks);
        LoggingBroker broker = new LoggingBroker(h, (request, batch) ->
                batch.sizeInBytes() > 150 ? Errors.MESSAGE_TOO_LARGE : Errors.NONE);
        broker.run(10); // a first success: pipelining allowed
        List<String> sent = new ArrayList<>(List.of("warm-up"));
        for (int i = 0; i < 10; i++) { // about 3 records per 200-byte batch: several batches in flight at once
            sent.add(value(i));
            h.append(0, value(i), callbacks);
        }
        h.steps(5);
        assertTrue(h.held.size() > 1, "pipelined: " + h.held.size());
        int firstSeq = h.held.get(0).baseSequence(0);
        assertEquals(1, firstSeq);
        broker.run(100);
        assertEquals(sent, broker.log(0), "every record once, in order; the broker checked each sequence");
        assertEquals(11, callbacks.size());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void whenThePoolIsShortThePartsTakeMemoryOutsideItAndThePoolEndsWhole() throws Exception {
        SenderHarness h = harness(true);
        List<String> callbacks = new ArrayList<>();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            sent.add(value(i));
            h.append(0, value(i), callbacks);
        }
        // Every free byte is taken, and a caller waits for more: the pool gives nothing to a non-blocking request
        // (callers that wait go first), even after the split batch's own buffer went back to it.
        java.nio.ByteBuffer held = h.pool.allocate((int) h.pool.availableMemoryBytes(), 0);
        java.util.concurrent.CompletableFuture<java.nio.ByteBuffer> waiter = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return h.pool.allocate((int) h.pool.totalMemoryBytes() - 100, 60_000);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Spin.until(() -> h.pool.queuedWaiters() > 0, "the waiter is in line for memory");
        LoggingBroker broker = broker(h);
        broker.run(100);
        assertEquals(sent, broker.log(0));
        assertEquals(13, callbacks.size());
        h.pool.deallocate(held);
        h.pool.deallocate(waiter.get(30, TimeUnit.SECONDS)); // served once held memory came back
        assertEquals(h.pool.totalMemoryBytes(), h.pool.availableMemoryBytes(),
                "the pool is whole: parts outside it were not credited to it");
    }
}
