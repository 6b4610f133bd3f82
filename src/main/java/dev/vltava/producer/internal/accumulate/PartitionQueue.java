package dev.vltava.producer.internal.accumulate;

import dev.vltava.producer.internal.metadata.TopicPartition;
import java.util.ArrayDeque;

/**
 * The batches of one partition, oldest first. Guarded by its own monitor (lock striping: no global lock on the
 * append path). {@code inFlight} counts this partition's requests in flight and is touched by the sender only.
 * Public only as an opaque handle that the send path caches ({@link RecordAccumulator#queue}); its state stays
 * package-private.
 */
public final class PartitionQueue {
    final TopicPartition topicPartition;
    final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>(4);
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
     * Under the monitor (read without it as a hint): the bytes the last batch closed for appends held; the next batch
     * starts in the size class that holds as much (issue 16: small batches take small buffers).
     */
    int lastBatchBytes;
    /** Sender thread only: the order key of the next batch drained for the first time (see ProducerBatch.orderKey). */
    long nextOrderKey;

    /**
     * Application threads that found no room in this partition's open batch and are getting a buffer for its next
     * one (waiting for memory, perhaps), under the monitor. While one is, a sticky record joins the batch it is
     * opening instead of moving the sticky partition on ({@link RecordAccumulator#append}).
     */
    int openingBatch;
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

    /** Batches waiting to be sent (not those in flight); for adaptive partitioning. */
    public int queuedBatches() {
        synchronized (this) {
            return batches.size();
        }
    }

    PartitionQueue(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }
}
