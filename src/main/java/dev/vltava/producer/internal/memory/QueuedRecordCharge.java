package dev.vltava.producer.internal.memory;

/**
 * How much of buffer.memory a queued record's heap objects count for (its future, its slot in its batch, the
 * caller's callback): at least {@link #MIN_BYTES}, their real size, and more in a heap too small for buffer.memory's
 * worth of them. At an unlimited rate buffer.memory fills up; with 100 B records a 32 MiB buffer.memory then queues
 * about 177,000 records, 14 MB of heap objects that live until their callbacks ran. In a 64 MiB heap each young
 * collection copied them (issue 16: with the default configuration, GC threads took half the producer's CPU and the
 * rate fell to 0.68x of a 512 MiB heap's). So the charge is raised until a full buffer.memory holds at most
 * {@code 1 / HEAP_SHARE_DIVISOR} of the maximum heap in queued records' objects: in a 64 MiB heap about 35,000
 * records (enough to keep every partition's requests in flight), with the default 32 MiB buffer.memory in a heap of
 * 768 MiB or more no change. Session 11 halved the share (a twelfth before): in a 64 MiB heap with the default
 * configuration, collections per 2 million records went from 11-35 to 10, GC time from 44-222 ms to about 30, and
 * the median rate from 1.81 M to 2.18 M records/s (an indicative A/B,
 * {@code benchmarks/results/2026-12-06-s11-heap-share-indicative/});
 * config b in 64 MiB and the default configuration in 512 MiB lost nothing beyond the spread (config b in 512 MiB was
 * checked with a 48th only: no loss either). A 48th gave 2.3-2.6 M in 64 MiB, but looked 5 % slower in 512 MiB.
 */
public final class QueuedRecordCharge {
    /** What a queued record keeps on the heap besides its bytes, in the usual case (see the class description). */
    public static final int MIN_BYTES = 80;
    /** Queued records' heap objects may fill at most this fraction (1/n) of the maximum heap. */
    static final int HEAP_SHARE_DIVISOR = 24;
    /** A cap, so that a record always fits buffer.memory's accounting however small the heap. */
    static final int MAX_BYTES = 64 * 1024;

    private QueuedRecordCharge() {
    }

    /**
     * The charge per queued record for a producer with {@code bufferMemoryBytes} in a JVM whose maximum heap is
     * {@code maxHeapBytes} ({@link Runtime#maxMemory()}: {@code Long.MAX_VALUE} when unbounded).
     */
    public static int perRecord(long maxHeapBytes, long bufferMemoryBytes) {
        if (maxHeapBytes <= 0 || bufferMemoryBytes <= 0) {
            throw new IllegalArgumentException("maxHeapBytes and bufferMemoryBytes must be positive: " + maxHeapBytes
                    + ", " + bufferMemoryBytes);
        }
        long recordsTheHeapAffords = Math.max(1, maxHeapBytes / HEAP_SHARE_DIVISOR / MIN_BYTES);
        long charge = (bufferMemoryBytes + recordsTheHeapAffords - 1) / recordsTheHeapAffords;
        return (int) Math.min(MAX_BYTES, Math.max(MIN_BYTES, charge));
    }
}
