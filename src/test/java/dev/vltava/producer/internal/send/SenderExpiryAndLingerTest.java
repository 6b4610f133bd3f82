package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** delivery.timeout.ms expiry and its buffer ownership; linger.ms. */
class SenderExpiryAndLingerTest {

    private static TimeoutException failure(RecordFuture f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return assertInstanceOf(TimeoutException.class, e.getCause());
        }
        throw new AssertionError("expected a failure");
    }

    /**
     * delivery.timeout.ms covers linger.ms + request.timeout.ms (the configuration insists), so a batch expires in
     * flight only when it was sent late: here it waits behind another request (one in flight per connection).
     */
    @Test
    void expiryWhileInFlightFailsTheRecordsButKeepsTheBufferUntilTheRequestEnds() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 1, 30_000, 30_000), 1, 1024, 0).warmUp();
        long total = h.pool.totalMemoryBytes();
        List<String> done = new ArrayList<>();
        h.append(0, "first", done);
        h.steps(3);
        assertEquals(1, h.held.size());
        h.advanceMs(10_000);
        RecordFuture f = h.append(0, "value", done); // created at 10 s: delivery times out at 40 s
        h.steps(3);
        assertEquals(1, h.held.size(), "waits behind the first request");
        h.advanceMs(10_000);
        h.answerOldest(Errors.NONE);
        h.steps(3);
        assertEquals(1, h.held.size(), "sent at 20 s: its request.timeout.ms would end at 50 s");
        h.advanceMs(20_001);
        h.steps(1);
        TimeoutException e = failure(f);
        assertEquals(TimeoutException.What.DELIVERY, e.what());
        assertTrue(e.getMessage().contains("partition t-0"), e.getMessage());
        assertTrue(h.pool.availableMemoryBytes() < total, "the request still reads the buffer");
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertEquals(total, h.pool.availableMemoryBytes(), "returned once the request ended");
        assertEquals(2, done.size(), "the late success does not complete the record again");
    }

    /** Queued past delivery.timeout.ms (lingering, then no connection to its leader). */
    @Test
    void expiryWhileQueuedFreesTheBufferAtOnce() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 90_000), 1, 1024, 60_000).warmUp();
        long total = h.pool.totalMemoryBytes();
        h.transport.autoConnect(false);
        h.transport.failConnection(SenderHarness.NODE, new IOException("gone (test)"));
        h.steps(2);
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, "value", done);
        h.steps(2);
        assertTrue(h.held.isEmpty(), "still lingering");
        h.advanceMs(60_000);
        h.steps(2);
        assertTrue(h.held.isEmpty(), "ready, but the leader cannot be reached");
        h.advanceMs(30_001);
        h.steps(1);
        TimeoutException e = failure(f);
        assertTrue(e.getMessage().contains("1 record"), e.getMessage());
        assertEquals(total, h.pool.availableMemoryBytes());
    }

    @Test
    void aBatchWaitsForLingerUnlessItIsFullOrFlushed() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 3, 256, 50).warmUp();
        List<String> done = new ArrayList<>();
        h.append(0, "small", done);
        h.steps(3);
        h.advanceMs(49);
        h.steps(3);
        assertTrue(h.held.isEmpty(), "not before linger.ms");
        h.advanceMs(1);
        h.steps(3);
        assertEquals(1, h.held.size(), "at linger.ms");

        for (int i = 0; i < 6; i++) {
            h.append(1, "x".repeat(60), done); // fills partition 1's 256-byte batch
        }
        h.steps(3);
        assertEquals(2, h.held.size(), "a full batch goes without waiting");

        h.append(2, "small", done);
        h.accumulator.beginFlush();
        h.steps(3);
        assertEquals(3, h.held.size(), "flush sends at once");
        h.accumulator.endFlush();
    }

    /**
     * linger.ms and the poll count whole milliseconds: a lingering batch leaves within half a millisecond of its
     * linger.ms, after one wake-up (before, the poll rounded a 4.7 ms wait down to 4 ms, found 0.7 ms left and waited
     * a whole millisecond more: batches left half a millisecond late on average, after two wake-ups).
     */
    @Test
    void aLingeringBatchLeavesWithinHalfAMillisecondOfLingerMsAfterOneWakeUp() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 1, 1024, 5).warmUp();
        List<String> done = new ArrayList<>();
        h.append(0, "small", done);
        h.advanceNs(300_000);
        h.step();
        List<Long> polls = h.transport.pollTimeouts();
        assertEquals(5L, polls.get(polls.size() - 1), "4.2 ms until it counts as lingered, rounded up");
        h.advanceNs(4_100_000); // 4.4 ms after the append: 0.6 ms of linger.ms left
        h.steps(3);
        assertTrue(h.held.isEmpty(), "not while more than half a millisecond is left");
        h.advanceNs(200_000); // 4.6 ms: 0.4 ms left
        h.steps(3);
        assertEquals(1, h.held.size(), "within half a millisecond of linger.ms");
    }

    @Test
    void thePollWaitsWholeMillisecondsRoundedUp() {
        assertEquals(0, Sender.pollTimeoutMs(-5));
        assertEquals(0, Sender.pollTimeoutMs(0));
        assertEquals(1, Sender.pollTimeoutMs(1));
        assertEquals(1, Sender.pollTimeoutMs(1_000_000));
        assertEquals(2, Sender.pollTimeoutMs(1_000_001));
        assertEquals(500, Sender.pollTimeoutMs(500_000_000));
    }
}
