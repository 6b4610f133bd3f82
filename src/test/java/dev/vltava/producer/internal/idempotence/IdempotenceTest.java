package dev.vltava.producer.internal.idempotence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idempotence rules on their own, over plain batches (the sender and simulation tests cover them in use). */
class IdempotenceTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** A batch as the rules see it; stamp() does what the accumulator's batch does when it is sealed for sending. */
    private static final class Batch implements SequencedBatch {
        final int records;
        long pid = -1;
        short epoch = -1;
        int seq = -1;
        boolean outcomeUnknown;

        Batch(int records) {
            this.records = records;
        }

        void stamp(Idempotence idem) {
            int s = idem.sequenceFor(this);
            pid = idem.producerId();
            epoch = idem.epoch();
            seq = s;
        }

        @Override
        public TopicPartition topicPartition() {
            return TP;
        }

        @Override
        public int recordCount() {
            return records;
        }

        @Override
        public long producerId() {
            return pid;
        }

        @Override
        public short producerEpoch() {
            return epoch;
        }

        @Override
        public int baseSequence() {
            return seq;
        }

        @Override
        public boolean outcomeUnknown() {
            return outcomeUnknown;
        }

        @Override
        public Exception lastError() {
            return null;
        }
    }

    private static Idempotence withId(long pid, short epoch) {
        Idempotence idem = new Idempotence(true);
        idem.producerIdGranted(pid, epoch);
        return idem;
    }

    @Test
    void batchesTakeConsecutiveSequencesAndARetryKeepsItsOwn() {
        Idempotence idem = withId(7, (short) 0);
        Batch a = new Batch(3);
        Batch b = new Batch(2);
        a.stamp(idem);
        b.stamp(idem);
        assertEquals(0, a.seq);
        assertEquals(3, b.seq);
        a.stamp(idem); // a retry under the same id
        assertEquals(0, a.seq, "a retry keeps its numbers, so the broker can recognise a duplicate");
        Batch c = new Batch(1);
        c.stamp(idem);
        assertEquals(5, c.seq, "the retry took no new numbers");
    }

    @Test
    void aResetWaitsForTheRequestsInFlightThenEveryPartitionStartsAtZero() {
        Idempotence idem = withId(7, (short) 0);
        Batch a = new Batch(4);
        a.stamp(idem);
        assertTrue(idem.readyToProduce(1));
        idem.requestReset("test");
        assertFalse(idem.readyToProduce(1), "no request of the new id while the old one's are in flight");
        assertEquals(7, idem.producerId(), "the old id stays while its requests are in flight");
        assertFalse(idem.readyToProduce(0), "the old id is dropped; a new one must come first");
        assertFalse(idem.hasProducerId());
        idem.producerIdGranted(8, (short) 0);
        assertTrue(idem.readyToProduce(0));
        a.stamp(idem);
        assertEquals(0, a.seq, "re-stamped under the new id from sequence 0");
        assertEquals(8, a.pid);
    }

    @Test
    void aFailedBatchResetsTheIdOnlyWhenItWasStampedUnderTheCurrentOne() {
        Idempotence idem = withId(7, (short) 0);
        Batch never = new Batch(1);
        idem.onBatchFailed(never, new RuntimeException("x"));
        assertFalse(idem.resetPending(), "a batch never stamped used up no sequence numbers");
        Batch old = new Batch(1);
        old.stamp(idem);
        idem.producerIdGranted(9, (short) 0);
        idem.onBatchFailed(old, new RuntimeException("x"));
        assertFalse(idem.resetPending(), "numbers of an old id are gone anyway");
        Batch current = new Batch(1);
        current.stamp(idem);
        idem.onBatchFailed(current, new RuntimeException("x"));
        assertTrue(idem.resetPending());

        Idempotence off = new Idempotence(false);
        off.onBatchFailed(current, new RuntimeException("x"));
        off.onRequestAbandoned("x");
        assertFalse(off.resetPending(), "without idempotence there is nothing to reset");
    }

    @Test
    void aSequenceErrorIsRetriedBehindAnEarlierBatchAndFailsOnARealGap() {
        Idempotence idem = withId(7, (short) 0);
        Batch b = new Batch(1);
        b.stamp(idem);
        assertTrue(idem.retryAfterSequenceError(b, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, true));
        assertFalse(idem.resetPending(), "it failed only because of the earlier batch");
        assertTrue(idem.retryAfterSequenceError(b, ErrorCode.UNKNOWN_PRODUCER_ID, false),
                "the broker lost our state: resend under a new id");
        assertTrue(idem.resetPending());

        Idempotence gap = withId(7, (short) 0);
        Batch c = new Batch(1);
        c.stamp(gap);
        assertFalse(gap.retryAfterSequenceError(c, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, false));
        assertTrue(gap.resetPending(), "a real gap fails the batch and resets the id");
    }

    @Test
    void aBatchThatMayBeInTheLogUnderAnOldIdFailsInsteadOfGoingAgain() {
        Idempotence idem = withId(7, (short) 0);
        Batch unknown = new Batch(1);
        unknown.stamp(idem);
        unknown.outcomeUnknown = true;
        Batch answered = new Batch(1);
        answered.stamp(idem);
        List<Batch> both = List.of(unknown, answered);
        assertSame(both, idem.sendable(both, (b, e) -> { throw new AssertionError("nothing fails"); }),
                "under the same id a duplicate is recognised: all go, and the list is not copied");

        idem.producerIdGranted(8, (short) 0);
        List<Batch> failed = new ArrayList<>();
        List<Batch> left = idem.sendable(both, (b, e) -> {
            assertInstanceOf(TimeoutException.class, e, "ambiguous: it may or may not be in the log");
            failed.add(b);
        });
        assertEquals(List.of(unknown), failed);
        assertEquals(List.of(answered), left);
    }

    @Test
    void pipeliningStartsAfterAFirstSuccessAndStaysWithinFive() {
        assertEquals(1, Idempotence.maxInFlightPerPartition(false, 5));
        assertEquals(5, Idempotence.maxInFlightPerPartition(true, 10));
        assertEquals(2, Idempotence.maxInFlightPerPartition(true, 2));
    }

    @Test
    void sequencesWrapPastIntegerMaxValueToZero() {
        assertEquals(0, Idempotence.incrementSequence(Integer.MAX_VALUE, 1));
        assertEquals(2, Idempotence.incrementSequence(Integer.MAX_VALUE - 1, 4));
        assertEquals(10, Idempotence.incrementSequence(5, 5));
    }
}
