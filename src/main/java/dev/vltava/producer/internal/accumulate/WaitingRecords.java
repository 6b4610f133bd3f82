package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.time.Deadlines;
import dev.vltava.producer.internal.record.RecordHeader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records whose topic (or partition) is not known yet. {@code send()} never blocks on metadata: such records wait
 * here, counted against buffer.memory, in send order per topic, until the sender thread moves them into the
 * accumulator or fails them when max.block.ms passes.
 *
 * <p>Ordering: while a topic has records waiting that could go to any partition it has, later sends to it wait too
 * (they join the queue), so a record can never overtake an earlier one of the same partition. A record for an explicit
 * partition that the topic's metadata lacks holds back nobody else: later records of the topic go to partitions that
 * exist, so they pass it (into the accumulator, or past it in the queue), and only that record waits for its
 * partition until max.block.ms, as in Kafka. Each topic queue is guarded by its own lock.
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
        public final PendingRecord<?> future;
        public final long deadlineNs;
        /**
         * Bytes of buffer.memory this record holds. The sender may lower it (sender thread, under the topic's lock)
         * when batches it allocated for earlier records of the topic spent part of the later ones' reservations.
         */
        public long reservedBytes;

        public Waiting(Object key, Object value, byte[] keyBytes, byte[] valueBytes, RecordHeader[] headers,
                long timestamp, int explicitPartition, PendingRecord<?> future, long deadlineNs, long reservedBytes) {
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

    /**
     * A topic's waiting records; {@code released} once emptied and removed (late joiners then append directly). The
     * sum of their reservations and the count of those without an explicit partition are kept as records come and go,
     * so neither the sender's pass nor a waiting send walks the whole queue to learn them.
     */
    public static final class TopicQueue {
        /** Guards the queue (a {@code java.util.concurrent} lock: a virtual thread waiting for it unmounts). */
        final ReentrantLock lock = new ReentrantLock();
        /** Signalled when records left the queue, or it was released: sends in {@link #awaitDrained} look again. */
        final Condition drained = lock.newCondition();
        final ArrayDeque<Waiting> records = new ArrayDeque<>();
        boolean released;
        long reservedBytes;
        int unpinned;

        void added(Waiting w) {
            records.addLast(w);
            reservedBytes += w.reservedBytes;
            if (w.explicitPartition < 0) {
                unpinned++;
            }
        }

        void removed(Waiting w) {
            reservedBytes -= w.reservedBytes;
            if (w.explicitPartition < 0) {
                unpinned--;
            }
        }

        void cleared() {
            records.clear();
            reservedBytes = 0;
            unpinned = 0;
        }
    }

    /** Waiting records looked at one by one, by the sender's passes and by waiting sends (a work count for tests). */
    private long recordVisits;
    /** The sender's view of the queue it is passing over, for {@link Mover#endTopic}: its walks count as visits. */
    private final CountingView senderView = new CountingView();

    /** The records of one queue, each counted in {@link #recordVisits} when an iteration reaches it. */
    private final class CountingView implements Iterable<Waiting> {
        private ArrayDeque<Waiting> records;

        @Override
        public Iterator<Waiting> iterator() {
            Iterator<Waiting> it = records.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Waiting next() {
                    recordVisits++;
                    return it.next();
                }
            };
        }
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
            q.lock.lock();
            try {
                if (closed) {
                    q.released = true;
                    topics.remove(topic, q);
                    return false; // the caller's direct append then fails as closed
                }
                if (!q.released) {
                    q.added(w);
                    return true;
                }
            } finally {
                q.lock.unlock();
            }
            if (!createIfAbsent) {
                return false;
            }
        }
    }

    /**
     * Blocks, at most {@code timeoutMs}, while a record of the topic waits here that could go to one of its
     * {@code partitionCount} partitions; true when none does any more (all moved or failed, or those left wait for an
     * explicit partition at or beyond {@code partitionCount}, which no record routed under that count can go to), so
     * the caller may append directly; false when out of time (the caller then queues up). A send whose topic is known
     * but still has records queued here (they could not move because buffer.memory was exhausted) waits for them
     * instead of queueing behind them: otherwise, under memory pressure, every later record would take the slow road
     * through this queue and the sender thread, for good.
     */
    public boolean awaitDrained(String topic, int partitionCount, long timeoutMs) throws InterruptedException {
        TopicQueue q = topics.get(topic);
        if (q == null) {
            return true;
        }
        long deadlineNs = Deadlines.afterMs(System.nanoTime(), timeoutMs);
        q.lock.lock();
        try {
            while (!q.released && holdsMovable(q, partitionCount)) {
                long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0) {
                    return false;
                }
                q.drained.awaitNanos(leftNs);
            }
        } finally {
            q.lock.unlock();
        }
        return true;
    }

    /** Whether a queued record could go to one of {@code partitionCount} partitions (the queue's lock is held). */
    private boolean holdsMovable(TopicQueue q, int partitionCount) {
        if (q.unpinned > 0) {
            return true; // a record without an explicit partition can go anywhere
        }
        for (Waiting w : q.records) {
            recordVisits++;
            if (w.explicitPartition < partitionCount) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return topics.isEmpty();
    }

    /** Records looked at one by one so far by {@link #process} and waiting sends: work counted, for tests. */
    public long recordVisits() {
        return recordVisits;
    }

    /** Sender thread: lets {@code mover} take records from the head of each topic's queue, in order. */
    public void process(Mover mover) {
        for (Map.Entry<String, TopicQueue> e : topics.entrySet()) {
            TopicQueue q = e.getValue();
            q.lock.lock();
            try {
                boolean left = false;
                mover.beginTopic(e.getKey(), q.reservedBytes);
                try {
                    for (Iterator<Waiting> it = q.records.iterator(); it.hasNext(); ) {
                        Waiting w = it.next();
                        recordVisits++;
                        if (mover.tryMove(e.getKey(), w)) {
                            it.remove();
                            q.removed(w);
                            left = true;
                        } else if (!mover.othersMayPass(e.getKey(), w)) {
                            break;
                        }
                    }
                } finally {
                    senderView.records = q.records;
                    q.reservedBytes = mover.endTopic(e.getKey(), senderView, q.reservedBytes);
                    senderView.records = null;
                }
                if (q.records.isEmpty()) {
                    q.released = true;
                    topics.remove(e.getKey(), q);
                }
                if (left) {
                    q.drained.signalAll(); // senders in awaitDrained
                }
            } finally {
                q.lock.unlock();
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
            q.lock.lock();
            try {
                out.addAll(q.records);
                q.cleared();
                q.released = true;
                topics.remove(e.getKey(), q);
                q.drained.signalAll();
            } finally {
                q.lock.unlock();
            }
        }
        return out;
    }

    /** A copy of the waiting futures, for flush(). */
    public List<PendingRecord<?>> futures() {
        List<PendingRecord<?>> out = new ArrayList<>();
        for (TopicQueue q : topics.values()) {
            q.lock.lock();
            try {
                for (Waiting w : q.records) {
                    out.add(w.future);
                }
            } finally {
                q.lock.unlock();
            }
        }
        return out;
    }

    /** Decides, for the record at the head of a topic's queue, whether it leaves the queue now. */
    @FunctionalInterface
    public interface Mover {
        /**
         * True when the record was moved or failed (it leaves the queue); false when it stays, and then the topic's
         * later records are offered only if {@link #othersMayPass} says so.
         */
        boolean tryMove(String topic, Waiting record);

        /**
         * Called for a record that stays: whether the topic's later records may still be offered, because none of
         * them can go where this one waits to go (it waits for a partition the topic does not have yet).
         */
        default boolean othersMayPass(String topic, Waiting record) {
            return false;
        }

        /** Before the topic's records are offered, with the sum of their reservations (the topic's lock is held). */
        default void beginTopic(String topic, long reservedBytes) {
        }

        /**
         * After, with the records that stay, oldest first, and the sum of their reservations (the topic's lock is
         * held); returns that sum after any change this call made to their {@link Waiting#reservedBytes}.
         */
        default long endTopic(String topic, Iterable<Waiting> remaining, long reservedBytes) {
            return reservedBytes;
        }
    }
}
