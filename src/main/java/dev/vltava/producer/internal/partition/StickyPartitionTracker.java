package dev.vltava.producer.internal.partition;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;

/**
 * The "uniform sticky" choice for records without a key (KIP-480, KIP-794): all such records of a topic go to one
 * partition until about {@code batch.size} bytes were produced to it, then a new partition is picked at random,
 * preferring partitions with a known leader. Sticking fills batches (fewer, larger requests); switching by bytes
 * (not by batch creation, as KIP-480 first did) keeps slow partitions from collecting more data (KIP-794).
 *
 * <p>Thread-safe and lock-free: per topic an {@link AtomicReference} holds the current {@link Sticky}; a switch
 * replaces it with compare-and-set, so concurrent appenders agree on one winner and the counter of bytes always
 * belongs to the partition it counts (the count itself is approximate under concurrent appends; see
 * {@link Sticky}). Allocation happens only on a switch.
 */
public final class StickyPartitionTracker {

    private final int batchSizeBytes;
    private final IntUnaryOperator randomBelow;
    private final ConcurrentHashMap<String, AtomicReference<Sticky>> topics = new ConcurrentHashMap<>();

    /**
     * How many batches wait in each partition's queue; with it, a switch prefers partitions with less queued, so a
     * slow broker gets less new data (KIP-794 "adaptive partitioning"). Called only when switching.
     */
    @FunctionalInterface
    public interface QueueSizes {
        int queuedBatches(int partition);
    }

    /** A topic's sticky state, for callers that cache it to skip the per-record map look-up. */
    public static final class Handle {
        final AtomicReference<Sticky> ref;

        Handle(AtomicReference<Sticky> ref) {
            this.ref = ref;
        }
    }

    /** The topic's handle (created on first use); stable for the life of the tracker unless {@link #forget} is called. */
    public Handle handle(String topic) {
        return new Handle(stateOf(topic));
    }

    /** As {@link #partition(String, int, int[])}, through a cached handle. */
    public int partition(Handle handle, int numPartitions, int[] availablePartitions) {
        checkPartitionCount(numPartitions);
        return partitionOf(handle.ref, numPartitions, availablePartitions);
    }

    /**
     * As {@link #onAppend(String, int, int, boolean, int, int[])}, through a cached handle; {@code queueSizes} (may
     * be null) weighs the next partition by how much is queued for each.
     */
    public void onAppend(Handle handle, int partition, int appendedBytes, boolean lastBatchFull, int numPartitions,
            int[] availablePartitions, QueueSizes queueSizes) {
        Sticky current = handle.ref.get();
        if (current == null || current.partition != partition) {
            return;
        }
        int produced = current.count(appendedBytes);
        if (produced < 0 || produced >= batchSizeBytes && lastBatchFull || produced >= 2L * batchSizeBytes) {
            switchFrom(handle.ref, current, numPartitions, availablePartitions, queueSizes);
        }
    }

    /** As {@link #onNewBatch(String, int, int, int[])}, through a cached handle, weighed by queue sizes if given. */
    public void onNewBatch(Handle handle, int previousPartition, int numPartitions, int[] availablePartitions,
            QueueSizes queueSizes) {
        Sticky current = handle.ref.get();
        if (current != null && current.partition == previousPartition) {
            switchFrom(handle.ref, current, numPartitions, availablePartitions, queueSizes);
        }
    }

    /**
     * The current partition of a topic and about how many bytes were produced to it since it became current.
     *
     * <p>The count is a plain field, not an atomic: it runs once per record on the sending thread, and an atomic
     * add there was the send path's single largest cost (issue 16: a quarter of the sending thread's CPU samples
     * through the facade, the locked instruction waiting for the record's bytes just written to drain from the
     * store buffer). With one sending thread the count is exact. With several, an increment can be lost when two
     * threads add at once, so the count can fall behind the bytes really produced; that only delays the switch by
     * bytes, never makes it wrong: the partition still moves on when its batch is full, as a sticky record that
     * needs a new batch switches it ({@link #onNewBatch}). Reads and writes of an {@code int} are atomic, so
     * the count never holds a torn value.
     */
    private static final class Sticky {
        final int partition;
        private int producedBytes;

        Sticky(int partition) {
            this.partition = partition;
        }

        /** Adds {@code bytes} and returns the new count (see the class description for concurrent callers). */
        int count(int bytes) {
            int produced = producedBytes + bytes;
            producedBytes = produced;
            return produced;
        }
    }

    public StickyPartitionTracker(int batchSizeBytes) {
        this(batchSizeBytes, bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    /** @param randomBelow given a bound n &gt; 0, returns a random int in [0, n); injectable for tests */
    public StickyPartitionTracker(int batchSizeBytes, IntUnaryOperator randomBelow) {
        if (batchSizeBytes < 0) {
            throw new IllegalArgumentException("batchSizeBytes must be >= 0 but was " + batchSizeBytes);
        }
        this.batchSizeBytes = batchSizeBytes;
        this.randomBelow = randomBelow;
    }

    /**
     * The partition for the next unkeyed record of {@code topic}: the current sticky one, or a new one if there is
     * none yet or the current one no longer exists or is no longer available.
     *
     * @param availablePartitions partitions with a known leader; null or empty means "choose among all". Pass
     *                            null when every partition is available: it saves a scan of the array.
     */
    public int partition(String topic, int numPartitions, int[] availablePartitions) {
        checkPartitionCount(numPartitions);
        return partitionOf(stateOf(topic), numPartitions, availablePartitions);
    }

    private int partitionOf(AtomicReference<Sticky> ref, int numPartitions, int[] availablePartitions) {
        while (true) {
            Sticky current = ref.get();
            if (current != null && current.partition < numPartitions
                    && isAvailable(current.partition, numPartitions, availablePartitions)) {
                return current.partition;
            }
            Sticky next = new Sticky(choose(current == null ? -1 : current.partition, numPartitions,
                    availablePartitions));
            if (ref.compareAndSet(current, next)) {
                return next.partition;
            }
        }
    }

    /**
     * Counts {@code appendedBytes} appended to {@code partition} and switches to another partition when enough
     * was produced: at least {@code batch.size} bytes and the partition's last batch is full (so switching leaves
     * no half-empty batch waiting for linger), or at least twice {@code batch.size} regardless. Appends to a
     * partition that is no longer the sticky one (a concurrent switch won) are ignored.
     */
    public void onAppend(String topic, int partition, int appendedBytes, boolean lastBatchFull, int numPartitions,
                         int[] availablePartitions) {
        AtomicReference<Sticky> ref = topics.get(topic);
        if (ref != null) {
            onAppendOf(ref, partition, appendedBytes, lastBatchFull, numPartitions, availablePartitions);
        }
    }

    private void onAppendOf(AtomicReference<Sticky> ref, int partition, int appendedBytes, boolean lastBatchFull,
            int numPartitions, int[] availablePartitions) {
        Sticky current = ref.get();
        if (current == null || current.partition != partition) {
            return;
        }
        int produced = current.count(appendedBytes);
        if (produced < 0 || produced >= batchSizeBytes && lastBatchFull || produced >= 2L * batchSizeBytes) {
            switchFrom(ref, current, numPartitions, availablePartitions);
        }
    }

    /**
     * Switches away from {@code previousPartition} now (KIP-480 behaviour: call it when a new batch had to be
     * created for the sticky partition). Does nothing if another thread already switched.
     */
    public void onNewBatch(String topic, int previousPartition, int numPartitions, int[] availablePartitions) {
        AtomicReference<Sticky> ref = topics.get(topic);
        Sticky current = ref == null ? null : ref.get();
        if (current != null && current.partition == previousPartition) {
            switchFrom(ref, current, numPartitions, availablePartitions);
        }
    }

    /** The current sticky partition of a topic, or -1 if none was chosen yet. */
    public int currentPartition(String topic) {
        AtomicReference<Sticky> ref = topics.get(topic);
        Sticky current = ref == null ? null : ref.get();
        return current == null ? -1 : current.partition;
    }

    /** Forgets a topic (e.g. when its metadata expired). */
    public void forget(String topic) {
        topics.remove(topic);
    }

    private void switchFrom(AtomicReference<Sticky> ref, Sticky current, int numPartitions, int[] available) {
        switchFrom(ref, current, numPartitions, available, null);
    }

    private void switchFrom(AtomicReference<Sticky> ref, Sticky current, int numPartitions, int[] available,
            QueueSizes queueSizes) {
        checkPartitionCount(numPartitions);
        if (queueSizes != null) {
            int next = chooseByQueueSize(current.partition, numPartitions, available, queueSizes);
            if (next >= 0) {
                ref.compareAndSet(current, new Sticky(next));
                return;
            }
        }
        // One CAS attempt is enough: if it fails, another thread switched already and its choice stands.
        ref.compareAndSet(current, new Sticky(choose(current.partition, numPartitions, available)));
    }

    private AtomicReference<Sticky> stateOf(String topic) {
        AtomicReference<Sticky> ref = topics.get(topic);
        return ref != null ? ref : topics.computeIfAbsent(topic, t -> new AtomicReference<>());
    }

    /**
     * A random partition other than {@code previous} when there is a choice: among the available partitions (that
     * exist), else among all partitions.
     */
    private int choose(int previous, int numPartitions, int[] available) {
        int usable = countUsable(available, numPartitions);
        if (usable > 0) {
            return pickAvailable(previous, available, numPartitions, usable);
        }
        if (numPartitions == 1 || previous < 0 || previous >= numPartitions) {
            return randomBelow.applyAsInt(numPartitions);
        }
        // Draw from n-1 slots and skip over the previous partition: uniform over the others.
        int r = randomBelow.applyAsInt(numPartitions - 1);
        return r >= previous ? r + 1 : r;
    }

    /**
     * A partition other than {@code previous} (when there is a choice), drawn with weight {@code max + 1 - queued}:
     * the less waits in a partition's queue, the likelier it is chosen; with nothing queued anywhere this is
     * uniform. Returns -1 when there is no candidate (the caller falls back to the uniform choice).
     */
    private int chooseByQueueSize(int previous, int numPartitions, int[] available, QueueSizes queueSizes) {
        boolean useAvailable = countUsable(available, numPartitions) > 0;
        int candidates = useAvailable ? countUsable(available, numPartitions) : numPartitions;
        boolean skipPrevious = candidates > 1;
        int max = 0;
        int count = useAvailable ? available.length : numPartitions;
        for (int i = 0; i < count; i++) {
            int p = useAvailable ? available[i] : i;
            if (p >= 0 && p < numPartitions && !(skipPrevious && p == previous)) {
                max = Math.max(max, queueSizes.queuedBatches(p));
            }
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            int p = useAvailable ? available[i] : i;
            if (p >= 0 && p < numPartitions && !(skipPrevious && p == previous)) {
                total += max + 1L - Math.min(max, queueSizes.queuedBatches(p));
            }
        }
        if (total <= 0 || total > Integer.MAX_VALUE) {
            return -1;
        }
        int target = randomBelow.applyAsInt((int) total);
        for (int i = 0; i < count; i++) {
            int p = useAvailable ? available[i] : i;
            if (p >= 0 && p < numPartitions && !(skipPrevious && p == previous)) {
                target -= max + 1 - Math.min(max, queueSizes.queuedBatches(p));
                if (target < 0) {
                    return p;
                }
            }
        }
        return -1;
    }

    private int pickAvailable(int previous, int[] available, int numPartitions, int usable) {
        boolean skipPrevious = usable > 1 && contains(available, previous, numPartitions);
        int target = randomBelow.applyAsInt(skipPrevious ? usable - 1 : usable);
        for (int p : available) {
            if (p < 0 || p >= numPartitions || skipPrevious && p == previous) {
                continue;
            }
            if (target-- == 0) {
                return p;
            }
        }
        throw new IllegalStateException("unreachable: fewer usable partitions than counted");
    }

    private static int countUsable(int[] available, int numPartitions) {
        if (available == null) {
            return 0;
        }
        int n = 0;
        for (int p : available) {
            if (p >= 0 && p < numPartitions) {
                n++;
            }
        }
        return n;
    }

    private static boolean contains(int[] partitions, int partition, int numPartitions) {
        for (int p : partitions) {
            if (p == partition && p < numPartitions) {
                return true;
            }
        }
        return false;
    }

    /** With no usable availability information every existing partition counts as available. */
    private static boolean isAvailable(int partition, int numPartitions, int[] available) {
        return available == null || contains(available, partition, numPartitions)
                || countUsable(available, numPartitions) == 0;
    }

    private static void checkPartitionCount(int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be > 0 but was " + numPartitions);
        }
    }
}
