package dev.vltava.producer.internal.idempotence;

import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.HashMap;
import java.util.Map;

/**
 * The idempotent producer's identity and per-partition sequence numbers. Sender thread only.
 *
 * <p>Sequences are per (producer id, epoch, partition), start at 0, and a batch's base sequence is that of its first
 * record; the next batch starts at base + record count, wrapping from Integer.MAX_VALUE to 0 as the broker does
 * ({@link Idempotence#incrementSequence}).
 */
final class ProducerIdState {
    static final long NO_PRODUCER_ID = -1L;
    static final short NO_EPOCH = -1;

    private long producerId = NO_PRODUCER_ID;
    private short epoch = NO_EPOCH;
    private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();

    boolean hasProducerId() {
        return producerId != NO_PRODUCER_ID;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** A new id or epoch: every partition starts again at sequence 0. */
    void set(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
        nextSequence.clear();
    }

    void clear() {
        set(NO_PRODUCER_ID, NO_EPOCH);
    }

    /** Reserves {@code recordCount} sequence numbers on the partition and returns the first. */
    int takeSequence(TopicPartition tp, int recordCount) {
        int base = nextSequence.getOrDefault(tp, 0);
        nextSequence.put(tp, Idempotence.incrementSequence(base, recordCount));
        return base;
    }
}
