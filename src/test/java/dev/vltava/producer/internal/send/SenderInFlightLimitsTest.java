package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** How many produce requests the real sender keeps in flight, per partition and per connection. */
class SenderInFlightLimitsTest {
    private static final String VALUE = "v".repeat(40); // one record fills a 64-byte batch

    private static SenderHarness harness(boolean idempotent, int maxInFlight) {
        return new SenderHarness(SenderHarness.config(idempotent, maxInFlight, 30_000, 120_000), 1, 64, 0).warmUp();
    }

    @Test
    void idempotentPartitionSendsOneBatchUntilAFirstSuccessThenPipelinesUpToFive() throws Exception {
        SenderHarness h = harness(true, 5);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            h.append(0, VALUE + i, done);
        }
        h.steps(10);
        assertEquals(1, h.held.size(), "one batch in flight before the partition's first success");
        h.answerOldest(Errors.NONE);
        h.steps(10);
        assertEquals(1, done.size());
        assertEquals(5, h.held.size(), "then up to 5 in flight");
        for (int i = 0; i < 5; i++) {
            assertEquals(i + 1, h.held.get(i).baseSequence(0), "sequences in send order");
        }
    }

    @Test
    void withoutIdempotenceTheConnectionLimitAppliesAfterAFirstSuccess() throws Exception {
        SenderHarness h = harness(false, 2);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            h.append(0, VALUE + i, done);
        }
        h.steps(10);
        assertEquals(1, h.held.size(), "one batch in flight before the partition's first success (keeps order)");
        h.answerOldest(Errors.NONE);
        h.steps(10);
        assertEquals(2, h.held.size(), "max.in.flight.requests.per.connection=2");
        h.answerOldest(Errors.NONE);
        h.steps(5);
        assertEquals(2, h.held.size(), "a freed slot is used at once");
        assertEquals(List.of("0:" + VALUE + 0, "0:" + VALUE + 1), done);
    }
}
