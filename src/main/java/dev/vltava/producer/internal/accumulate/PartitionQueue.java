package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The batches of one partition, oldest first. Guarded by its own {@link #lock} (lock striping: no global lock on
 * the append path). {@code inFlight} counts this partition's requests in flight and is touched by the sender only.
 * Public only as an opaque handle that the send path caches ({@link RecordAccumulator#queue}); its state stays
 * package-private.
 *
 * <p>The deque of batches is private: every change goes through a method here that publishes the new first batch
 * and count ({@link #head()}, {@link #queuedBatches()}) before it returns, because the sender reads those without
 * the lock. Forgetting to publish after a change left the sender looking at a stale head (review finding,
 * session 9); now no caller can change the deque without publishing. All methods but the published reads are called
 * under the lock.
 */
public final class PartitionQueue {
    final TopicPartition topicPartition;
    /**
     * Guards everything said to be "under the lock". A {@link ReentrantLock}, not the queue's monitor: a virtual thread
     * that waits for it, or for {@link #batchOpened}, unmounts from its carrier on every Java version (on Java 21 a
     * virtual thread blocked on a monitor, or in {@code wait()}, pins its carrier), and one that gives it up wakes the
     * next waiter directly (on Java 24+ a contended monitor's exit wakes a virtual thread through a platform
     * "unblocker" thread: a tenth of the producer's CPU with 10,000 virtual threads sending, issue 16).
     */
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a thread counted in {@link #openingBatch} is back under the lock (or gave up). */
    final Condition batchOpened = lock.newCondition();
    private final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>(4);
    /** The batches, oldest first, for looking only (under the lock): iterating it cannot change the deque. */
    private final Collection<ProducerBatch> readOnlyBatches = Collections.unmodifiableCollection(batches);
    /** Sender thread only. */
    int inFlight;
    /**
     * Sender thread only: a first request succeeded for this partition (under the current producer id/epoch, at its
     * current leader) and no batch put back for another attempt waits for its success: requests may be pipelined.
     */
    boolean hadSuccess;
    /**
     * Sender thread only: a request of this partition succeeded under the current producer epoch (since the last
     * {@link RecordAccumulator#resetPartitionSuccess} or {@link RecordAccumulator#carryPartitionSuccessToNextEpoch}):
     * the partition leader holds this producer's state.
     */
    boolean succeededThisEpoch;
    /**
     * Sender thread only: the node the partition's last request went to (-1 before the first); while inFlight > 0,
     * the node of the requests in flight. A drain for another node is a leader change: pipelining starts over.
     */
    int inFlightNode = -1;
    /**
     * Sender thread only: this partition's leader ({@link #leader}) in the cluster snapshot of this version (0: none
     * yet), so that each look at a ready partition does not search the snapshot's maps (see
     * {@code RecordAccumulator.leaderOf}).
     */
    long leaderSnapshotVersion;
    int leader = -1;
    /** How this partition's batches compressed so far: how far its next batch may grow (see RecordAccumulator). */
    final CompressionRatioEstimate compressionRatio = new CompressionRatioEstimate();
    /** Written (racily, by any appender) only to keep the loads of {@code RecordAccumulator}'s warming; never read. */
    @SuppressWarnings("unused")
    int warmedBytes;
    /**
     * Under the lock (read without it as a hint): the bytes the last batch closed for appends held; the next batch
     * starts in the size class that holds as much (issue 16: small batches take small buffers).
     */
    int lastBatchBytes;
    /** Sender thread only: the order key of the next batch drained for the first time (see ProducerBatch.orderKey). */
    long nextOrderKey;

    /**
     * Application threads that found no room in this partition's open batch and are getting a buffer for its next
     * one (waiting for memory, perhaps), under the lock. While one is, a sticky record joins the batch it is
     * opening instead of moving the sticky partition on ({@link RecordAccumulator#append}).
     */
    int openingBatch;
    /**
     * Under the lock: appending threads waiting ({@link #batchOpened}) for the batch an {@link #openingBatch} thread is
     * opening; that thread signals them when it is back (or gives up).
     */
    int joiners;
    /** Under the lock: how often a thread waiting for {@link #batchOpened} came back from the wait (tests). */
    long joinWakeups;
    /**
     * Under the lock: the earliest deadline of the threads that wait for {@link #batchOpened} without a timeout
     * (virtual threads, see {@code UntimedWaits}) since the sender's last sweep of this queue; {@code Long.MAX_VALUE}
     * if none. Conservative: a joiner that left keeps it until the sweep, which then wakes nobody past a deadline in
     * vain but all of them once (each looks again and waits again if its own deadline is later).
     */
    long untimedJoinDeadlineNs = Long.MAX_VALUE;
    /** A signal to the {@link ReadyIndex} is pending (set by a CAS of an appending thread, cleared by the sender). */
    volatile boolean signalled;
    static final int NOWHERE = 0;
    static final int READY = 1;
    static final int LINGERING = 2;
    /** Held back until one of its requests ends (in-flight limits, or filling behind one): see ReadyIndex. */
    static final int PARKED = 3;
    /** Sender thread only: where the {@link ReadyIndex} keeps this queue. */
    int place = NOWHERE;
    /** Sender thread only: when lingering, when its first batch becomes sendable. */
    long dueNs;

    /**
     * The first batch and the number of batches, as of the last change of {@link #batches}: published under the
     * lock by whoever changed the deque ({@link #publish}), read without it by the sender (ready check, placing in
     * the {@link ReadyIndex}, the drain's first look, the expiry scan's first look), which so takes a partition's
     * lock only to drain it (issue 16: with many appending threads the sender waited for these locks while an
     * appender holding one was off the CPU). A hint as good as a read under the lock: every change that can make
     * the partition sendable (a new batch, a batch filled or closed) signals the index after publishing, and the
     * drain checks again under the lock. How full the first batch is comes from the batch
     * ({@link ProducerBatch#looksFull}).
     */
    private volatile ProducerBatch head;
    private volatile int queued;

    /** After every change of {@link #batches}, under the lock: the count first, so a reader of the head sees it. */
    private void publish() {
        queued = batches.size();
        head = batches.peekFirst();
    }

    /** Under the lock: the oldest batch (null: none). */
    ProducerBatch first() {
        return batches.peekFirst();
    }

    /** Under the lock: the newest batch, the one appends go to (null: none). */
    ProducerBatch last() {
        return batches.peekLast();
    }

    /** Under the lock: how many batches are queued. */
    int size() {
        return batches.size();
    }

    /** Under the lock: whether no batch is queued. */
    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Under the lock: the queued batches, oldest first, read-only (iterate under the lock). */
    Collection<ProducerBatch> batches() {
        return readOnlyBatches;
    }

    /** Under the lock: a new batch goes to the back (appends). Publishes. */
    void addLast(ProducerBatch batch) {
        batches.addLast(batch);
        publish();
    }

    /** Under the lock: removes the oldest batch (drain, expiry). Publishes. */
    ProducerBatch pollFirst() {
        ProducerBatch b = batches.pollFirst();
        publish();
        return b;
    }

    /**
     * Under the lock: puts a batch that was drained before back at the front, behind the put-back batches that
     * were drained before it (responses of one partition may come back in any order, and a retried or split batch
     * must not overtake an earlier one: that keeps sequence order with idempotence and send order without).
     * Publishes.
     */
    void putBackInOrder(ProducerBatch batch) {
        if (batch.orderKey < 0 || batches.isEmpty()) {
            batches.addFirst(batch);
            publish();
            return;
        }
        List<ProducerBatch> ahead = new ArrayList<>();
        while (!batches.isEmpty() && batches.peekFirst().orderKey >= 0
                && batches.peekFirst().orderKey < batch.orderKey) {
            ahead.add(batches.pollFirst());
        }
        batches.addFirst(batch);
        for (int i = ahead.size() - 1; i >= 0; i--) {
            batches.addFirst(ahead.get(i));
        }
        publish();
    }

    /**
     * Under the lock: removes every queued batch, closing each for appends, and adds them to {@code out}, oldest
     * first (close, fatal errors, a node that failed authentication). Publishes.
     */
    void removeAllInto(List<ProducerBatch> out) {
        for (ProducerBatch b : batches) {
            b.closeForAppends();
            out.add(b);
        }
        batches.clear();
        publish();
    }

    /** The first batch as last published (null: none); read without the lock. */
    ProducerBatch head() {
        return head;
    }

    /** Whether more than one batch was queued when last published; read after {@link #head()}. */
    boolean moreThanOne() {
        return queued > 1;
    }

    /** Batches waiting to be sent (not those in flight), as last published; for adaptive partitioning. */
    public int queuedBatches() {
        return queued;
    }

    PartitionQueue(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }
}
