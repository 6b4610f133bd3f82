package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.Deadlines;
import dev.vltava.producer.internal.record.RecordHeader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records whose topic (or partition) is not known yet. {@code send()} never blocks on metadata: such records wait
 * here, counted against buffer.memory, in send order per topic, until the sender thread moves them into the
 * accumulator or fails them when max.block.ms passes.
 *
 * <p>Ordering: while a topic has records waiting, later sends to it wait too (they join the queue), so a record can
 * never overtake an earlier one of the same topic. Each topic queue is guarded by its own monitor.
 */
public final class WaitingRecords {
    private final ConcurrentHashMap<String, TopicQueue> topics = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One record that waits for metadata. */
    public static final class Waiting {
        public final Object key;
        public final Object value;
        public final byte[] keyBytes;
        public final byte[] valueBytes;
        public final RecordHeader[] headers;
        public final long timestamp;
        public final int explicitPartition;
        public final RecordFuture future;
        public final long deadlineNs;
        /**
         * Bytes of buffer.memory this record holds. The sender may lower it (sender thread, under the topic's lock)
         * when batches it allocated for earlier records of the topic spent part of the later ones' reservations.
         */
        public long reservedBytes;

        public Waiting(Object key, Object value, byte[] keyBytes, byte[] valueBytes, RecordHeader[] headers,
                long timestamp, int explicitPartition, RecordFuture future, long deadlineNs, long reservedBytes) {
            this.key = key;
            this.value = value;
            this.keyBytes = keyBytes;
            this.valueBytes = valueBytes;
            this.headers = headers;
            this.timestamp = timestamp;
            this.explicitPartition = explicitPartition;
            this.future = future;
            this.deadlineNs = deadlineNs;
            this.reservedBytes = reservedBytes;
        }
    }

    /** A topic's waiting records; {@code released} once emptied and removed (late joiners then append directly). */
    public static final class TopicQueue {
        final ArrayDeque<Waiting> records = new ArrayDeque<>();
        boolean released;
    }

    /** Whether records of the topic are waiting (then new records of the topic must wait too). */
    public boolean isWaiting(String topic) {
        return !topics.isEmpty() && topics.containsKey(topic);
    }

    /** Adds a record; false if the topic's queue was released meanwhile (the caller appends directly instead). */
    public boolean add(String topic, Waiting w, boolean createIfAbsent) {
        while (true) {
            TopicQueue q = createIfAbsent ? topics.computeIfAbsent(topic, t -> new TopicQueue()) : topics.get(topic);
            if (q == null) {
                return false;
            }
            synchronized (q) {
                if (closed) {
                    q.released = true;
                    topics.remove(topic, q);
                    return false; // the caller's direct append then fails as closed
                }
                if (!q.released) {
                    q.records.addLast(w);
                    return true;
                }
            }
            if (!createIfAbsent) {
                return false;
            }
        }
    }

    /**
     * Blocks until no record of the topic waits here any more (all moved or failed), at most {@code timeoutMs}, and
     * only while the oldest one could move (its partition is below {@code partitionCount}); true if none waits. A send whose topic is known but still has records queued here (they could not move because
     * buffer.memory was exhausted) waits for them instead of queueing behind them: otherwise, under memory pressure,
     * every later record would take the slow road through this queue and the sender thread, for good.
     */
    public boolean awaitDrained(String topic, int partitionCount, long timeoutMs) throws InterruptedException {
        TopicQueue q = topics.get(topic);
        if (q == null) {
            return true;
        }
        long deadlineNs = Deadlines.afterMs(System.nanoTime(), timeoutMs);
        synchronized (q) {
            while (!q.released) {
                Waiting head = q.records.peekFirst();
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0 || (head != null && head.explicitPartition >= partitionCount)) {
                    return false; // out of time, or the head waits for a partition that metadata lacks: queue up
                }
                TimeUnit.NANOSECONDS.timedWait(q, leftNs);
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return topics.isEmpty();
    }

    /** Sender thread: lets {@code mover} take records from the head of each topic's queue, in order. */
    public void process(Mover mover) {
        for (Map.Entry<String, TopicQueue> e : topics.entrySet()) {
            TopicQueue q = e.getValue();
            synchronized (q) {
                mover.beginTopic(e.getKey(), q.records);
                try {
                    while (!q.records.isEmpty()) {
                        if (!mover.tryMove(e.getKey(), q.records.peekFirst())) {
                            break;
                        }
                        q.records.pollFirst();
                    }
                } finally {
                    mover.endTopic(e.getKey(), q.records);
                }
                if (q.records.isEmpty()) {
                    q.released = true;
                    topics.remove(e.getKey(), q);
                    q.notifyAll(); // senders in awaitDrained
                }
            }
        }
    }

    /** Refuses later adds (the producer is closing for good); call before the final {@link #drainAll()}. */
    public void close() {
        closed = true;
    }

    /** Removes every waiting record (close, fatal error). */
    public List<Waiting> drainAll() {
        List<Waiting> out = new ArrayList<>();
        for (Map.Entry<String, TopicQueue> e : topics.entrySet()) {
            TopicQueue q = e.getValue();
            synchronized (q) {
                out.addAll(q.records);
                q.records.clear();
                q.released = true;
                topics.remove(e.getKey(), q);
                q.notifyAll();
            }
        }
        return out;
    }

    /** A copy of the waiting futures, for flush(). */
    public List<RecordFuture> futures() {
        List<RecordFuture> out = new ArrayList<>();
        for (TopicQueue q : topics.values()) {
            synchronized (q) {
                for (Waiting w : q.records) {
                    out.add(w.future);
                }
            }
        }
        return out;
    }

    /** Decides, for the record at the head of a topic's queue, whether it leaves the queue now. */
    @FunctionalInterface
    public interface Mover {
        /** True when the record was moved or failed (it leaves the queue); false to stop for this topic. */
        boolean tryMove(String topic, Waiting record);

        /** Before the topic's records are offered, with all of them, oldest first (the topic's lock is held). */
        default void beginTopic(String topic, Iterable<Waiting> records) {
        }

        /** After, with the records that stay (the topic's lock is held). */
        default void endTopic(String topic, Iterable<Waiting> remaining) {
        }
    }
}
