package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.RecordFuture;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Retries in the real sender: request timeouts, backoff, out-of-order outcomes, late responses. */
class SenderRetryTest {
    private static final String VALUE = "v".repeat(40);

    private static SenderHarness harness(int requestTimeoutMs) {
        return new SenderHarness(SenderHarness.config(true, 5, requestTimeoutMs, 120_000), 1, 64, 0).warmUp();
    }

    @Test
    void requestTimeoutClosesTheConnectionAndRetriesTheSameSequence() throws Exception {
        SenderHarness h = harness(1_000);
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, VALUE, done);
        h.steps(3);
        assertEquals(1, h.held.size());
        int seq = h.held.get(0).baseSequence(0);
        h.held.clear(); // that request is never answered
        h.advanceMs(1_001);
        h.steps(3);
        assertTrue(h.transport.disconnectCalls().contains(SenderHarness.NODE), "the late connection is closed");
        assertFalse(f.isDone(), "a timed-out request is retried, not failed");
        for (int i = 0; i < 20 && h.held.isEmpty(); i++) {
            h.advanceMs(50);
            h.steps(3);
        }
        assertEquals(1, h.held.size(), "sent again");
        assertEquals(seq, h.held.get(0).baseSequence(0), "with the same sequence");
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertEquals(0L, SenderHarness.offsetOf(f));
        assertEquals(List.of("0:" + VALUE), done);
    }

    @Test
    void retryWaitsForTheBackoffWhichGrowsPerAttempt() throws Exception {
        SenderHarness h = harness(30_000);
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, VALUE, done);
        h.steps(3);
        // retry.backoff.ms=100 doubling per attempt, jitter ±20 %: attempt 2 after 80..120 ms, attempt 3 after 160..240.
        long[][] windows = {{79, 121}, {159, 241}, {319, 481}};
        for (long[] w : windows) {
            h.answerOldest(Errors.NOT_ENOUGH_REPLICAS);
            h.steps(2);
            h.advanceMs(w[0]);
            h.steps(3);
            assertTrue(h.held.isEmpty(), "not sent again before " + w[0] + " ms");
            h.advanceMs(w[1] - w[0]);
            h.steps(3);
            assertEquals(1, h.held.size(), "sent again by " + w[1] + " ms");
        }
        h.answerOldest(Errors.NONE);
        h.steps(2);
        assertEquals(0L, SenderHarness.offsetOf(f));
        assertEquals(1, done.size());
    }

    @Test
    void outOfOrderSequenceBehindAFailedBatchIsRetriedInOrder() throws Exception {
        SenderHarness h = harness(30_000);
        List<String> done = new ArrayList<>();
        h.append(0, VALUE + "w", done);
        h.steps(3);
        h.answerOldest(Errors.NONE); // first success: pipelining allowed
        List<RecordFuture> fs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(h.append(0, VALUE + i, done));
        }
        h.steps(6);
        assertEquals(3, h.held.size());
        h.answerOldest(Errors.NOT_LEADER_OR_FOLLOWER);
        h.answerOldest(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER); // the broker saw a gap behind the failed batch
        h.answerOldest(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        h.steps(2);
        assertTrue(fs.stream().noneMatch(RecordFuture::isDone), "all three are retried, none failed");
        List<Integer> sequences = new ArrayList<>();
        for (int i = 0; i < 40 && sequences.size() < 3; i++) {
            h.advanceMs(50);
            h.steps(3);
            while (!h.held.isEmpty()) {
                sequences.add(h.held.get(0).baseSequence(0));
                h.answerOldest(Errors.NONE);
                h.steps(2);
            }
        }
        assertEquals(List.of(1, 2, 3), sequences, "resent in sequence order");
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1L, SenderHarness.offsetOf(fs.get(i)));
        }
        assertEquals(List.of("0:" + VALUE + "w", "0:" + VALUE + 0, "0:" + VALUE + 1, "0:" + VALUE + 2), done);
    }

    @Test
    void aResponseArrivingAfterTheRequestTimedOutIsIgnoredSafely() throws Exception {
        SenderHarness h = harness(1_000);
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, VALUE, done);
        h.steps(3);
        SenderHarness.HeldProduce late = h.held.get(0);
        h.advanceMs(1_001);
        h.steps(3); // timed out: connection closed, batch queued for retry
        for (int i = 0; i < 20 && h.held.size() < 2; i++) {
            h.advanceMs(50);
            h.steps(3);
        }
        assertEquals(2, h.held.size(), "retried on a new connection");
        h.held.remove(1);
        h.held.add(late); // answer the old correlation id on the new connection first
        h.held.remove(0);
        h.answerOldest(Errors.NONE);
        h.steps(3);
        assertFalse(f.isDone(), "a response to a request of a closed connection completes nothing");
        for (int i = 0; i < 40 && !f.isDone(); i++) {
            h.advanceMs(50);
            h.steps(3);
            while (!h.held.isEmpty()) {
                h.answerOldest(Errors.NONE);
                h.steps(2);
            }
        }
        assertTrue(SenderHarness.offsetOf(f) >= 0, "completed by the answer on the live connection");
        assertEquals(List.of("0:" + VALUE), done, "one callback");
    }
}
