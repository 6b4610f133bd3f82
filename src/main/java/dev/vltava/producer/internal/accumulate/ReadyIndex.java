package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.time.Deadlines;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which partition queues hold batches, and when each becomes sendable, so that the sender's loop visits only the
 * partitions that are sendable now instead of every partition of every topic (issue 16: 10,000 partitions).
 *
 * <p>A queue is in one of four places: nowhere (no batch queued), {@link #ready} (its first batch is sendable: full,
 * with a batch behind it, lingered long enough, a retry whose backoff passed, or a flush or close is running; it
 * stays there while a moving leader holds it back), {@link #lingering} (a min-heap by the time its first batch
 * becomes sendable), or parked (sendable, but held back until one of its requests in flight ends: the in-flight
 * limits, or its batch filling behind a request; the request's end signals it). Parked queues cost the sender's
 * loop nothing: with 1,000 partitions each waiting for its request, the loop looked at all of them per response.
 * Application threads never touch these: when an append creates a batch or fills one, they {@link #signal} the
 * queue (at most one pending signal per queue: a CAS on its flag, once per batch, never per record), and the sender
 * places it at its next {@link #refresh}. Everything else is the sender thread's.
 *
 * <p>A queue's place is a hint that is corrected whenever the sender looks: a queue in {@code ready} whose first
 * batch turns out to be lingering moves to {@code lingering}, an empty one leaves; heap entries made stale by a later
 * placement are skipped when they come up. The invariant the loop relies on: every queue holding a batch is in
 * {@code ready} or {@code lingering}, or has a signal pending.
 */
final class ReadyIndex {
    /**
     * Half a millisecond. linger.ms counts whole milliseconds, and so does the sender's poll timeout: a batch counts
     * as lingered once less than this is left of its linger.ms, and the sender's poll rounds its wait up, so each batch
     * leaves within half a millisecond of its linger.ms on either side, after one wake-up. Waiting for the exact
     * nanosecond instead made the last sub-millisecond remainder a poll of one more whole millisecond: batches left
     * half a millisecond late on average, and a lingering batch cost the sender two wake-ups (issue 16: keyed records
     * at a fixed rate, where every batch waits out its linger, had a p50 latency above the official client's, which
     * compares millisecond clocks and so sends up to a millisecond early).
     */
    static final long LINGER_ROUNDING_NS = 500_000;
    /** linger.ms less {@link #LINGER_ROUNDING_NS} (linger.ms=0 stays 0). */
    private final long lingerNs;
    private final ConcurrentLinkedQueue<PartitionQueue> signals = new ConcurrentLinkedQueue<>();
    /** Insertion-ordered: the drain moves a queue it took from to the back, so no partition starves. */
    final LinkedHashSet<PartitionQueue> ready = new LinkedHashSet<>();
    private final PriorityQueue<Due> lingering = new PriorityQueue<>();
    /** Queues held back until a request of theirs ends (identity set: queues do not override equals). */
    private final java.util.Set<PartitionQueue> parked = new java.util.HashSet<>();
    private boolean wasFlushing;
    /** Heap size at which stale entries are dropped. */
    private int compactAt = 1024;
    /** At most the creation time of every queued batch (Long.MAX_VALUE: none known): gates the expiry scan. */
    private long oldestBoundNs = Long.MAX_VALUE;

    ReadyIndex(long lingerNs) {
        this.lingerNs = lingerNs >= 2 * LINGER_ROUNDING_NS ? lingerNs - LINGER_ROUNDING_NS : lingerNs;
    }

    /** Any thread: the queue got a batch, or its last batch filled up. Cheap when a signal is pending already. */
    void signal(PartitionQueue q) {
        if (!q.signalled && SIGNALLED.compareAndSet(q, false, true)) {
            signals.add(q);
        }
    }

    /** Sender: places the signalled queues, the lingering ones now due, and every queue when a flush starts. */
    void refresh(long nowNs, boolean flushing) {
        PartitionQueue q;
        while ((q = signals.poll()) != null) {
            SIGNALLED.setVolatile(q, false); // before looking: a later append signals again
            place(q, nowNs, flushing);
        }
        if (flushing && !wasFlushing) {
            for (PartitionQueue p : new ArrayList<>(parked)) {
                place(p, nowNs, true); // a flush sends a batch that was filling behind a request
            }
            List<Due> all = new ArrayList<>(lingering);
            lingering.clear();
            for (Due d : all) {
                if (d.isCurrent()) {
                    d.queue.place = PartitionQueue.NOWHERE; // its entry is gone: place() must make a new one
                    place(d.queue, nowNs, true); // (a retry still backing off lingers on)
                }
            }
        }
        wasFlushing = flushing;
        while (!lingering.isEmpty() && lingering.peek().dueNs <= nowNs) {
            Due d = lingering.poll();
            if (d.isCurrent()) {
                d.queue.place = PartitionQueue.NOWHERE; // its entry is gone: place() must make a new one
                place(d.queue, nowNs, flushing);
            }
        }
    }

    /**
     * Sender: puts the queue where its first batch says, from what the queue published (no lock: an appender
     * holding it may be off the CPU; a change after this look signals the queue again).
     */
    void place(PartitionQueue q, long nowNs, boolean flushing) {
        ProducerBatch first = q.head();
        boolean more = q.moreThanOne();
        if (first == null) {
            forget(q);
            return;
        }
        oldestBoundNs = Math.min(oldestBoundNs, first.createdNs());
        if (q.place == PartitionQueue.PARKED) {
            parked.remove(q);
            q.place = PartitionQueue.NOWHERE;
        }
        long at = readyAtNs(first, more, flushing);
        if (at <= nowNs) {
            if (q.place != PartitionQueue.READY) {
                q.place = PartitionQueue.READY;
                ready.add(q);
            }
        } else {
            linger(q, at);
        }
    }

    /** Sender: the queue's first batch becomes sendable at {@code atNs}. */
    void linger(PartitionQueue q, long atNs) {
        if (q.place == PartitionQueue.LINGERING && q.dueNs == atNs) {
            return;
        }
        if (q.place == PartitionQueue.READY) {
            ready.remove(q);
        }
        q.place = PartitionQueue.LINGERING;
        q.dueNs = atNs;
        lingering.add(new Due(atNs, q));
        if (lingering.size() > compactAt) {
            compact();
        }
    }

    /**
     * Drops stale heap entries (and duplicates). Entries due soon go stale and pop by themselves, but with a long
     * linger.ms they would pile up; amortised over the placements that made them.
     */
    private void compact() {
        java.util.Set<PartitionQueue> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Due> keep = new ArrayList<>();
        for (Due d : lingering) {
            if (d.isCurrent() && seen.add(d.queue)) {
                keep.add(d);
            }
        }
        lingering.clear();
        lingering.addAll(keep);
        compactAt = Math.max(1024, 4 * lingering.size());
    }

    /** Sender: the queue holds no batch (heap entries go stale and are skipped). */
    void forget(PartitionQueue q) {
        if (q.place == PartitionQueue.READY) {
            ready.remove(q);
        } else if (q.place == PartitionQueue.PARKED) {
            parked.remove(q);
        }
        q.place = PartitionQueue.NOWHERE;
    }

    /** Sender, while iterating {@link #ready}: as {@link #linger} for the iterator's current queue. */
    void lingerFromReady(Iterator<PartitionQueue> it, PartitionQueue q, long atNs) {
        it.remove();
        q.place = PartitionQueue.NOWHERE;
        linger(q, atNs);
    }

    /**
     * Sender, while iterating {@link #ready}: the queue waits for one of its requests to end, which
     * {@link #signal}s it (RecordAccumulator.requestEnded); a flush that starts places it again too.
     */
    void parkFromReady(Iterator<PartitionQueue> it, PartitionQueue q) {
        it.remove();
        q.place = PartitionQueue.PARKED;
        parked.add(q);
    }

    /** Sender, while iterating {@link #ready}: as {@link #forget} for the iterator's current queue. */
    void forgetFromReady(Iterator<PartitionQueue> it, PartitionQueue q) {
        it.remove();
        q.place = PartitionQueue.NOWHERE;
    }

    /** Nanoseconds until the next lingering queue is due (Long.MAX_VALUE: none). */
    long nextDueDelayNs(long nowNs) {
        Due d = lingering.peek();
        if (d == null || d.dueNs == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, d.dueNs - nowNs);
    }

    /** When the batch at the front of a queue becomes sendable (Long.MIN_VALUE: now). */
    long readyAtNs(ProducerBatch first, boolean more, boolean flushing) {
        if (first.isRetry()) {
            return first.retryNotBeforeNs();
        }
        if (more || flushing || first.looksFull()) { // (published under the lock: no lock needed)
            return Long.MIN_VALUE;
        }
        return Deadlines.plusNs(first.createdNs(), lingerNs); // linger.ms may be Long.MAX_VALUE ms
    }

    /** Whether a queued batch may be {@code timeoutNs} old at {@code nowNs} (false: no need to scan). */
    boolean mayHoldOlderThan(long timeoutNs, long nowNs) {
        return oldestBoundNs != Long.MAX_VALUE && nowNs - oldestBoundNs >= timeoutNs;
    }

    /** The queues that may hold batches (for the expiry scan): the ready ones and the current lingering ones. */
    List<PartitionQueue> tracked() {
        List<PartitionQueue> out = new ArrayList<>(ready);
        out.addAll(parked);
        java.util.Set<PartitionQueue> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Due d : lingering) {
            if (d.isCurrent() && seen.add(d.queue)) {
                out.add(d.queue);
            }
        }
        return out;
    }

    /** Sender, after an expiry scan: the oldest creation time among the batches still queued (exact again). */
    void resetOldest(long oldestNs) {
        oldestBoundNs = oldestNs;
    }

    /** Heap entries, stale ones included (tests: the heap stays bounded). */
    int heapSize() {
        return lingering.size();
    }

    int parkedCount() {
        return parked.size();
    }

    int readyCount() {
        return ready.size();
    }

    int lingeringCount() {
        int n = 0;
        for (Due d : lingering) {
            if (d.isCurrent()) {
                n++;
            }
        }
        return n;
    }

    private static final java.lang.invoke.VarHandle SIGNALLED;

    static {
        try {
            SIGNALLED = java.lang.invoke.MethodHandles.lookup().findVarHandle(PartitionQueue.class, "signalled",
                    boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A heap entry: current while the queue still lingers with this due time. */
    private static final class Due implements Comparable<Due> {
        final long dueNs;
        final PartitionQueue queue;

        Due(long dueNs, PartitionQueue queue) {
            this.dueNs = dueNs;
            this.queue = queue;
        }

        boolean isCurrent() {
            return queue.place == PartitionQueue.LINGERING && queue.dueNs == dueNs;
        }

        @Override
        public int compareTo(Due o) {
            return Long.compare(dueNs, o.dueNs);
        }
    }
}
