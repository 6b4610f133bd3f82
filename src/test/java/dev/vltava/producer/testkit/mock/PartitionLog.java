package dev.vltava.producer.testkit.mock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One partition's log with the broker's idempotence rules (as the broker documents them, simplified): per producer
 * id it remembers the epoch and the last 5 batches; a batch equal to one of those is a duplicate (answered with the
 * original offset, or DUPLICATE_SEQUENCE_NUMBER if so configured); a batch that does not continue the last sequence
 * is OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch is INVALID_PRODUCER_EPOCH; a producer id whose state was lost
 * ({@link #loseProducerState()}) gets UNKNOWN_PRODUCER_ID unless it starts again at sequence 0. A producer id never
 * seen may start at any sequence, as on a real broker. Guarded by the {@link MockBroker}'s lock.
 */
final class PartitionLog {
    private static final int BATCHES_REMEMBERED = 5;

    /** What the broker answers for one batch. */
    record Outcome(Errors error, long baseOffset, String message) {
        static Outcome ok(long baseOffset) {
            return new Outcome(Errors.NONE, baseOffset, null);
        }

        static Outcome error(Errors error, String message) {
            return new Outcome(error, -1L, message);
        }
    }

    private record BatchMeta(int firstSequence, int lastSequence, long baseOffset) {
    }

    private static final class ProducerEntry {
        short epoch;
        final ArrayDeque<BatchMeta> recent = new ArrayDeque<>();
    }

    private final String topic;
    private final int partition;
    private final List<StoredRecord> records = new ArrayList<>();
    private final Map<Long, ProducerEntry> producers = new HashMap<>();
    private final Set<Long> forgottenProducerIds = new HashSet<>();

    PartitionLog(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    List<StoredRecord> records() {
        return List.copyOf(records);
    }

    long endOffset() {
        return records.size();
    }

    void loseProducerState() {
        forgottenProducerIds.addAll(producers.keySet());
        producers.clear();
    }

    Outcome append(RecordBatch batch, boolean duplicateAsError) {
        if (!batch.isValid()) {
            return Outcome.error(Errors.CORRUPT_MESSAGE, "CRC check failed for the batch of " + topic + "-" + partition);
        }
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return Outcome.error(Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT, "magic " + batch.magic());
        }
        long pid = batch.producerId();
        if (pid < 0) {
            return Outcome.ok(store(batch));
        }
        ProducerEntry entry = producers.get(pid);
        if (entry == null) {
            if (forgottenProducerIds.contains(pid) && batch.baseSequence() != 0) {
                return Outcome.error(Errors.UNKNOWN_PRODUCER_ID, "This broker has no state for producer id " + pid);
            }
            return accept(batch, newEntry(pid, batch.producerEpoch()));
        }
        if (batch.producerEpoch() < entry.epoch) {
            return Outcome.error(Errors.INVALID_PRODUCER_EPOCH, "epoch " + batch.producerEpoch() + " < " + entry.epoch);
        }
        if (batch.producerEpoch() > entry.epoch) {
            if (batch.baseSequence() != 0) {
                return Outcome.error(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "a new epoch must start at sequence 0");
            }
            entry.epoch = batch.producerEpoch();
            entry.recent.clear();
            return accept(batch, entry);
        }
        for (BatchMeta m : entry.recent) {
            if (m.firstSequence == batch.baseSequence() && m.lastSequence == batch.lastSequence()) {
                return duplicateAsError ? Outcome.error(Errors.DUPLICATE_SEQUENCE_NUMBER, null)
                        : Outcome.ok(m.baseOffset);
            }
        }
        int expected = entry.recent.isEmpty() ? batch.baseSequence() : next(entry.recent.peekLast().lastSequence);
        if (batch.baseSequence() != expected) {
            return Outcome.error(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence " + expected + " but got "
                    + batch.baseSequence() + " for producer id " + pid + " on " + topic + "-" + partition);
        }
        return accept(batch, entry);
    }

    private ProducerEntry newEntry(long pid, short epoch) {
        ProducerEntry e = new ProducerEntry();
        e.epoch = epoch;
        producers.put(pid, e);
        forgottenProducerIds.remove(pid);
        return e;
    }

    private Outcome accept(RecordBatch batch, ProducerEntry entry) {
        long base = store(batch);
        entry.recent.addLast(new BatchMeta(batch.baseSequence(), batch.lastSequence(), base));
        if (entry.recent.size() > BATCHES_REMEMBERED) {
            entry.recent.pollFirst();
        }
        return Outcome.ok(base);
    }

    private long store(RecordBatch batch) {
        long base = endOffset();
        int i = 0;
        for (Iterator<Record> it = batch.iterator(); it.hasNext(); i++) {
            Record r = it.next();
            int seq = batch.baseSequence() < 0 ? -1 : batch.baseSequence() + i;
            records.add(new StoredRecord(topic, partition, base + i, bytes(r.key()), bytes(r.value()), r.timestamp(),
                    batch.producerId(), batch.producerEpoch(), seq));
        }
        return base;
    }

    private static int next(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
