package dev.vltava.producer.internal.accumulate;

import java.util.ArrayDeque;

/**
 * The batches of one partition, oldest first. Guarded by its own monitor (lock striping: no global lock on the
 * append path). {@code inFlight} counts this partition's requests in flight and is touched by the sender only.
 */
final class PartitionQueue {
    final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>(4);
    /** Sender thread only. */
    int inFlight;
    /** Sender thread only: a first request succeeded for this partition under the current producer id/epoch. */
    boolean hadSuccess;
}
