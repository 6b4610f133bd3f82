package dev.vltava.producer.internal.memory;

/**
 * How much of buffer.memory a queued record's heap objects count for (its future, its slot in its batch, the
 * caller's callback): at least {@link #MIN_BYTES}, their real size, and more in a heap too small for buffer.memory's
 * worth of them. At an unlimited rate buffer.memory fills up; with 100 B records a 32 MiB buffer.memory then queues
 * about 177,000 records, 14 MB of heap objects that live until their callbacks ran. In a 64 MiB heap each young
 * collection copied them (issue 16: with the default configuration, GC threads took half the producer's CPU and the
 * rate fell to 0.68x of a 512 MiB heap's). So the charge is raised until a full buffer.memory holds at most
 * {@link #heapShareBytes} in queued records' objects: a twelfth of the maximum heap less
 * {@link #HEAP_SHARE_RESERVE_BYTES} (at least a 48th): in a 64 MiB heap about a 22nd (37,000 records, enough to keep
 * every partition's requests in flight), with the default 32 MiB buffer.memory in a heap of about 420 MiB or more no
 * change.
 *
 * <p>Measured (session 12, PerfTool A/B with the broker steady, {@code
 * benchmarks/results/2026-12-06-s12-heap-share-ab/}): a 64 MiB heap needs about a 24th (default configuration: median
 * 2.42 M records/s and 25 collections, against 1.69 M and 121-131 with a twelfth), while a 512 MiB heap wants a
 * twelfth (default configuration: 2.48 M, against 2.28 M with a 24th, every run of one above every run of the other).
 * A fixed share cannot serve both; the reserve meets both measured points.
 */
public final class QueuedRecordCharge {
    /** What a queued record keeps on the heap besides its bytes, in the usual case (see the class description). */
    public static final int MIN_BYTES = 80;
    /** Taken off a twelfth of the heap: what a small heap cannot spare for queued records (see the class). */
    static final long HEAP_SHARE_RESERVE_BYTES = 5L << 19; // 2.5 MiB
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
        long recordsTheHeapAffords = Math.max(1, heapShareBytes(maxHeapBytes) / MIN_BYTES);
        long charge = (bufferMemoryBytes + recordsTheHeapAffords - 1) / recordsTheHeapAffords;
        return (int) Math.min(MAX_BYTES, Math.max(MIN_BYTES, charge));
    }

    /** How much of a heap of {@code maxHeapBytes} queued records' objects may fill. */
    static long heapShareBytes(long maxHeapBytes) {
        return Math.max(maxHeapBytes / 48, maxHeapBytes / 12 - HEAP_SHARE_RESERVE_BYTES);
    }
}
