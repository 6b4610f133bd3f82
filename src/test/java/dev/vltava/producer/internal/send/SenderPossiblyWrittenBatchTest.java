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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Found by the deterministic simulation (seed 285 at the merge of the simulation): a batch written by the broker
 * whose answer was lost was retried; the retry met a broker that had lost the producer's state (UNKNOWN_PRODUCER_ID);
 * the producer took a new id and sent the batch again under it, and the log held it twice. A batch that may already
 * be in the log must not go again under another producer id or epoch: it fails, with an outcome as unknown as a
 * timeout's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderPossiblyWrittenBatchTest {

    @Test
    void aBatchThatMayBeWrittenIsNotSentAgainUnderANewProducerId() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 120_000), 1, 16_384, 0).warmUp();
        List<String> done = new ArrayList<>();
        RecordFuture f = h.append(0, "a", done);
        stepUntilHeld(h);
        h.held.clear(); // the broker wrote it, but its answer is lost:
        h.transport.failConnection(SenderHarness.NODE, new IOException("connection reset after the write"));
        stepUntilHeld(h); // retried under the same producer id and epoch: fine, the broker would see a duplicate
        h.answerOldest(Errors.UNKNOWN_PRODUCER_ID); // a broker that lost the producer's state

        for (int i = 0; i < 200 && !f.isDone() && h.held.isEmpty(); i++) {
            h.step();
            h.advanceMs(10);
        }

        assertTrue(h.held.isEmpty(), "not sent again under the new producer id/epoch (it could be stored twice)");
        assertTrue(f.isCompletedExceptionally());
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, f::join);
        TimeoutException t = assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(TimeoutException.What.REQUEST, t.what());
        assertTrue(t.getMessage().contains("may or may not be in the log"), t.getMessage());

        // the producer goes on under the new id
        RecordFuture g = h.append(0, "b", done);
        stepUntilHeld(h);
        assertEquals(0, h.held.get(0).baseSequence(0), "a new id/epoch starts at sequence 0");
        h.answerOldest(Errors.NONE);
        h.step();
        assertEquals(0L, SenderHarness.offsetOf(g));
    }

    private static void stepUntilHeld(SenderHarness h) {
        for (int i = 0; i < 200 && h.held.isEmpty(); i++) {
            h.step();
            h.advanceMs(10);
        }
        assertEquals(1, h.held.size(), "a produce request went out");
    }
}
