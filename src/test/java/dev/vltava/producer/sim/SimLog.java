package dev.vltava.producer.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One partition's log (replication is perfect: it survives leader moves and restarts) with the broker's idempotence
 * rules: per producer id the epoch and the last 5 batches; a batch equal to one of those is a duplicate (answered with
 * its original offset); a batch that does not continue the last sequence is OUT_OF_ORDER_SEQUENCE_NUMBER; an older
 * epoch is INVALID_PRODUCER_EPOCH; a new epoch must start at 0; after {@link #loseProducerState()} a producer id that
 * does not start again at sequence 0 gets UNKNOWN_PRODUCER_ID. Records are identified by the id the simulation
 * writes into the first 8 bytes of each value.
 */
final class SimLog {
    static final int BATCHES_REMEMBERED = 5;

    record Outcome(Errors error, long baseOffset) {
    }

    private record BatchMeta(int firstSequence, int lastSequence, long baseOffset) {
    }

    private static final class ProducerEntry {
        short epoch;
        final ArrayDeque<BatchMeta> recent = new ArrayDeque<>();
    }

    /** Record ids in offset order. */
    private final List<Long> ids = new ArrayList<>();
    /** The producer id that wrote each offset. */
    private final List<Long> producerIds = new ArrayList<>();
    /** How many times this partition had lost its producer state when each offset was written. */
    private final List<Integer> lossGenerations = new ArrayList<>();
    /** The produce attempt that wrote each offset (null for acks=0). */
    private final List<SimAttempts.Attempt> writtenBy = new ArrayList<>();
    private int losses;
    boolean duplicateAsError;
    private final Map<Long, ProducerEntry> producers = new HashMap<>();
    private final Set<Long> forgotten = new HashSet<>();

    List<Long> ids() {
        return ids;
    }

    long producerIdAt(int offset) {
        return producerIds.get(offset);
    }

    SimAttempts.Attempt writtenBy(int offset) {
        return writtenBy.get(offset);
    }

    int lossGenerationAt(int offset) {
        return lossGenerations.get(offset);
    }

    void loseProducerState() {
        losses++;
        forgotten.addAll(producers.keySet());
        producers.clear();
    }

    /** Appends a batch whose records carry these ids (read once by the caller). */
    Outcome append(RecordBatch batch, List<Long> batchIds, SimAttempts.Attempt attempt) {
        writing = attempt;
        if (!batch.isValid()) {
            return new Outcome(Errors.CORRUPT_MESSAGE, -1);
        }
        long pid = batch.producerId();
        if (pid < 0) {
            return new Outcome(Errors.NONE, store(batchIds, pid));
        }
        ProducerEntry entry = producers.get(pid);
        if (entry == null) {
            if (forgotten.contains(pid) && batch.baseSequence() != 0) {
                return new Outcome(Errors.UNKNOWN_PRODUCER_ID, -1);
            }
            entry = new ProducerEntry();
            entry.epoch = batch.producerEpoch();
            producers.put(pid, entry);
            forgotten.remove(pid);
            return accept(batch, batchIds, entry);
        }
        if (batch.producerEpoch() < entry.epoch) {
            return new Outcome(Errors.INVALID_PRODUCER_EPOCH, -1);
        }
        if (batch.producerEpoch() > entry.epoch) {
            if (batch.baseSequence() != 0) {
                return new Outcome(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
            }
            entry.epoch = batch.producerEpoch();
            entry.recent.clear();
            return accept(batch, batchIds, entry);
        }
        for (BatchMeta m : entry.recent) {
            if (m.firstSequence == batch.baseSequence() && m.lastSequence == batch.lastSequence()) {
                // duplicate: nothing stored; the original offset (or DUPLICATE_SEQUENCE_NUMBER, as old brokers did)
                return new Outcome(duplicateAsError ? Errors.DUPLICATE_SEQUENCE_NUMBER : Errors.NONE, m.baseOffset);
            }
        }
        int expected = entry.recent.isEmpty() ? batch.baseSequence() : entry.recent.peekLast().lastSequence + 1;
        if (batch.baseSequence() != expected) {
            return new Outcome(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
        }
        return accept(batch, batchIds, entry);
    }

    private Outcome accept(RecordBatch batch, List<Long> batchIds, ProducerEntry entry) {
        long base = store(batchIds, batch.producerId());
        entry.recent.addLast(new BatchMeta(batch.baseSequence(), batch.lastSequence(), base));
        if (entry.recent.size() > BATCHES_REMEMBERED) {
            entry.recent.pollFirst();
        }
        return new Outcome(Errors.NONE, base);
    }

    private SimAttempts.Attempt writing;

    private long store(List<Long> batchIds, long pid) {
        long base = ids.size();
        ids.addAll(batchIds);
        for (int i = 0; i < batchIds.size(); i++) {
            producerIds.add(pid);
            lossGenerations.add(losses);
            writtenBy.add(writing);
        }
        return base;
    }
}
