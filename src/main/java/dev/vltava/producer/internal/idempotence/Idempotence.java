package dev.vltava.producer.internal.idempotence;

import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.internal.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's rules, in one place: which producer id, epoch and sequence a batch is stamped with; how
 * many requests a partition may have in flight; when the producer id must be reset and when a new one may be used;
 * what a sequence error means; and which batch must never be sent again because it may already be in the log.
 * The sender asks; this class decides. Sender thread only; no allocation on the send path.
 *
 * <p>When idempotence is off, {@link #enabled()} is false and the sender stamps nothing; the rules that only
 * idempotence needs ({@link #onBatchFailed}, {@link #onRequestAbandoned}) then do nothing.
 */
public final class Idempotence {
    private static final Logger LOG = LoggerFactory.getLogger(Idempotence.class);
    /** The broker remembers the last 5 batches of a producer per partition (duplicate detection): no more in flight. */
    private static final int MAX_IN_FLIGHT_PER_PARTITION = 5;

    private final boolean enabled;
    private final ProducerIdState state = new ProducerIdState();
    private boolean resetPending;

    public Idempotence(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    // ---------------------------------------------------------------------------------------- producer id and epoch

    public boolean hasProducerId() {
        return state.hasProducerId();
    }

    public long producerId() {
        return state.producerId();
    }

    public short epoch() {
        return state.epoch();
    }

    /**
     * True when produce requests may go out: an id is held and no reset is waiting. A reset waits until no batch of
     * the old id is in flight ({@code batchesInFlight} is 0); then the old id is dropped and a new one must come.
     */
    public boolean readyToProduce(int batchesInFlight) {
        if (resetPending && batchesInFlight == 0) {
            resetPending = false;
            state.clear();
        }
        return state.hasProducerId() && !resetPending;
    }

    /**
     * A new id or epoch (InitProducerId, or EndTxn under transactions v2): every partition starts again at sequence
     * 0, and a reset that was waiting for it is done.
     */
    public void producerIdGranted(long producerId, short epoch) {
        state.set(producerId, epoch);
        resetPending = false;
    }

    /** Asks for a new producer id once the requests of the current one have ended. */
    public void requestReset(String reason) {
        if (!resetPending) {
            LOG.info("resetting producer id {} epoch {}: {}", state.producerId(), state.epoch(), reason);
            resetPending = true;
        }
    }

    /** A reset was asked for and waits for the old id's requests to end. */
    public boolean resetPending() {
        return resetPending;
    }

    // ---------------------------------------------------------------------------------------------------- sequences

    /**
     * The base sequence to stamp the batch with under the current id: the one it already has when it was stamped
     * under this id and epoch (a retry keeps its numbers, so the broker recognises a duplicate), else the partition's
     * next ones (a first attempt, or a retry after a producer id reset).
     */
    public int sequenceFor(SequencedBatch b) {
        int seq = b.baseSequence();
        if (seq < 0 || b.producerId() != state.producerId() || b.producerEpoch() != state.epoch()) {
            seq = state.takeSequence(b.topicPartition(), b.recordCount());
        }
        return seq;
    }

    /** base + increment, wrapping past Integer.MAX_VALUE to 0 (the broker's rule). */
    public static int incrementSequence(int base, int increment) {
        if (base > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - base) - 1;
        }
        return base + increment;
    }

    /** Whether {@code other} is a batch of the same producer id and epoch as {@code b}, with a lower sequence. */
    public static boolean isEarlierOfSameProducer(SequencedBatch other, SequencedBatch b) {
        return other.producerId() == b.producerId() && other.producerEpoch() == b.producerEpoch()
                && other.baseSequence() < b.baseSequence();
    }

    /**
     * How many requests a partition may have in flight. The broker accepts any sequence on the first request of a
     * producer id/epoch, so pipelining on a partition starts only after a first success there ({@code hadSuccess}),
     * and it keeps the last 5 batches, hence at most 5.
     */
    public static int maxInFlightPerPartition(boolean hadSuccess, int maxInFlightPerConnection) {
        return hadSuccess ? Math.min(MAX_IN_FLIGHT_PER_PARTITION, maxInFlightPerConnection) : 1;
    }

    // ------------------------------------------------------------------------------------------------------ failures

    /**
     * A batch failed for good. If it was stamped under the current id, its sequence numbers are used up but the
     * broker may not have them: the partition's next batch would leave a gap (OUT_OF_ORDER_SEQUENCE_NUMBER). Start
     * over under a new producer id, as Kafka bumps the epoch when an idempotent batch fails.
     */
    public void onBatchFailed(SequencedBatch b, Exception error) {
        if (enabled && b.baseSequence() >= 0 && b.producerId() == state.producerId()
                && b.producerEpoch() == state.epoch()) {
            requestReset("a batch of " + b.topicPartition() + " failed: " + error.getMessage());
        }
    }

    /** A produce request could not be built or sent after its batches were stamped: their numbers may be used up. */
    public void onRequestAbandoned(String what) {
        if (enabled) {
            requestReset(what);
        }
    }

    /**
     * OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID on {@code b}: true to retry it, false to fail it. If an
     * earlier batch of the partition is being retried ({@code earlierBatchPending}: in flight or put back), this one
     * failed only because of it: retry in order. The same when the batch went under an older id, or when an earlier
     * batch failed for good and a reset is pending: it goes again, re-stamped under the new id. UNKNOWN_PRODUCER_ID
     * means the broker lost our state (retention removed it, KIP-360): take a new producer id and resend under it.
     * A real gap fails the batch, and the id is reset.
     */
    public boolean retryAfterSequenceError(SequencedBatch b, ErrorCode code, boolean earlierBatchPending) {
        if (b.producerId() != state.producerId() || b.producerEpoch() != state.epoch() || earlierBatchPending
                || resetPending) {
            return true;
        }
        if (code == ErrorCode.UNKNOWN_PRODUCER_ID) {
            requestReset("UNKNOWN_PRODUCER_ID on " + b.topicPartition());
            return true;
        }
        requestReset("sequence gap on " + b.topicPartition());
        return false;
    }

    /**
     * The batches that may be sent now, in order. A batch that may already be in the log under an earlier producer
     * id or epoch (an attempt got no answer) and would now be stamped under a new one (the id was reset meanwhile) is
     * handed to {@code mustFail} with its failure instead of going again: the broker could not recognise it as a
     * duplicate, so it might be stored twice. Its outcome is unknown, as after a timeout: it may or may not be in the
     * log. Found by the deterministic simulation (a broker that lost the producer's state answered
     * UNKNOWN_PRODUCER_ID to the retry of a batch it had already written). Returns {@code batches} itself, without
     * allocating, when all may go.
     */
    public <B extends SequencedBatch> List<B> sendable(List<B> batches, BiConsumer<B, Exception> mustFail) {
        List<B> out = batches;
        for (int i = 0; i < batches.size(); i++) {
            B b = batches.get(i);
            if (possiblyWrittenUnderAnOldId(b)) {
                if (out == batches) {
                    out = new ArrayList<>(batches.subList(0, i));
                }
                mustFail.accept(b, new TimeoutException(TimeoutException.What.REQUEST, "A batch of "
                        + b.topicPartition() + " may have been written under producer id " + b.producerId()
                        + " epoch " + b.producerEpoch() + " (an earlier attempt got no answer), and the producer id "
                        + "has been reset since: sending it again under the new id could store it twice, so it "
                        + "fails. It may or may not be in the log.", b.lastError()));
            } else if (out != batches) {
                out.add(b);
            }
        }
        return out;
    }

    private boolean possiblyWrittenUnderAnOldId(SequencedBatch b) {
        return b.outcomeUnknown() && b.producerId() >= 0
                && (b.producerId() != state.producerId() || b.producerEpoch() != state.epoch());
    }
}
