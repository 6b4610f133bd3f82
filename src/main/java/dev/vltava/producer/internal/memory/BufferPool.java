package dev.vltava.producer.internal.memory;

import dev.vltava.producer.internal.time.Deadlines;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory budget of the producer ({@code buffer.memory}): hands out {@link ByteBuffer}s for record batches (direct
 * ones of the size classes, pooled; heap ones of other sizes: see {@link #BufferPool(long, int, boolean)}) and
 * pure byte reservations for records that wait for metadata, blocking callers (up to {@code max.block.ms}) when the
 * budget is spent.
 *
 * <h2>Size classes</h2>
 * A batch takes a buffer of the size it needs, not always batch.size (issue 16: with 1,000 partitions and 64 KiB
 * batches holding a few records each, 32 MiB held only 512 batches and send() waited for memory). The classes are
 * {@value #MIN_CLASS_BYTES} bytes doubling up to batch.size ({@link #poolableSizeBytes()}, which need not be a power
 * of two; a batch.size of {@value #MIN_CLASS_BYTES} or less is the smallest class), and with compression twice and
 * four times batch.size too, for batches of records that compress well (session 18: batch.size bounds a batch as
 * compressed). The accumulator starts a batch in the class its partition's last batch needed ({@link #sizeClassFor})
 * and moves it to a bigger class (a copy) when a record does not fit.
 *
 * <h2>Ownership rule (read before touching a buffer)</h2>
 * Every buffer handed out by {@link #allocate} or {@link #tryAllocate} has exactly ONE owner at a time. Ownership moves
 * with the batch (appender, then accumulator, then the in-flight request); the LAST holder returns it with
 * {@link #deallocate}, exactly once, and only when no request can still read it: not while its bytes are queued on or
 * being written to a socket, even if the batch has already expired or failed. Returning a buffer early lets the pool
 * hand it to a new batch whose appends then overwrite bytes that are still being sent: silent data corruption that no
 * CRC catches, because the CRC was computed before the overwrite (the Java client shipped this bug; see KAFKA-17862 and
 * KAFKA-19012). When in doubt, do not return the buffer: a leaked buffer only shrinks the budget, it corrupts nothing.
 * Return the buffer you were given, not a slice or duplicate: its capacity is what gets credited back.
 *
 * <h2>How memory is accounted</h2>
 * By capacity: {@code total = unallocated + free-listed capacities + handed out}. A buffer whose capacity is a size
 * class goes to that class's free list when returned and is reused as it is (no fresh allocation, no zeroing); other
 * sizes are allocated fresh and given back to the garbage collector when returned, only their byte count is
 * credited. A request for a class is served, in this order, from the class's free list, from unallocated memory,
 * from the free list of the smallest bigger class (the caller gets a bigger buffer than it asked for, and pays its
 * capacity), and last by dropping free-listed buffers of smaller classes (left to the GC) until unallocated memory
 * covers it. Other sizes skip the bigger-class step.
 * <p>Charges ({@link #charge}: the heap objects of queued records) count against the budget that callers wait for,
 * not against the buffers' own memory: {@code total = unallocated + free-listed + handed out} holds for the buffers,
 * and what callers may take is {@code unallocated + free-listed - charged}. Free-listed buffers are a cache that the
 * budget may use; a charge never drops one. When charges came out of the buffers' memory too, every rise in queued
 * records dropped free-listed buffers (to the GC) to make room for a fresh one of another class, and every fall left
 * room for fresh allocations: at 1,000 partitions the pool allocated more than its whole budget anew every second,
 * in direct memory (page faults and zeroing; issue 16).
 *
 * <h2>Fairness</h2>
 * Waiters are served strictly in arrival order: while anyone waits, newcomers (and {@link #tryAllocate}) queue behind
 * them instead of grabbing memory returned for the head of the queue, so a large request cannot be starved by a stream
 * of small ones. Only the head waiter is woken when memory comes back; when it leaves (served, timed out, interrupted)
 * it wakes the next one.
 *
 * <p>Thread-safe. One lock; the critical sections only move counters and list entries: new arrays are allocated after
 * the lock is released.
 */
public final class BufferPool {

    /** The smallest size class (when batch.size is larger). */
    public static final int MIN_CLASS_BYTES = 1024;

    /** Marker returned by {@link #takeLocked}: the bytes are reserved, the caller allocates fresh (outside the lock). */
    private static final ByteBuffer RESERVED_ALLOCATE_FRESH = ByteBuffer.allocate(0);

    private final long totalMemoryBytes;
    private final int poolableSizeBytes;
    /** Buffers of the size classes live outside the heap (see {@link #bufferFor}). */
    private final boolean direct;
    /** The size classes, ascending: up to poolableSizeBytes, then any multiples of it up to the largest class. */
    private final int[] classBytes;

    private final ReentrantLock lock = new ReentrantLock();
    /** Per size class, cleared buffers of exactly that capacity, ready for reuse. Guarded by lock. */
    private final ArrayDeque<ByteBuffer>[] freeLists;
    /** The capacities on the free lists together. Guarded by lock. */
    private long freeListBytes;
    /** One per blocked caller, in arrival order. Guarded by lock. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Which waits are untimed (virtual threads), their deadlines kept by the sender thread's sweeps. */
    private final UntimedWaits untimedWaits;
    /** Memory neither handed out nor sitting in the free list (buffers only; charges aside). Guarded by lock. */
    private long unallocatedBytes;
    /** Charged ({@link #charge}) and not released: part of the budget, not of the buffers' memory. Guarded by lock. */
    private long chargedBytes;
    /**
     * Reserved bytes the sender is turning into batches right now (records that waited for metadata): usable only by
     * {@link #tryAllocateEarmarked}. Counted as handed out. Guarded by lock.
     */
    private long earmarkedBytes;
    /** Guarded by lock. */
    private boolean closed;
    /** Written under lock, read without it by metrics. */
    private volatile long waitTimeNsTotal;

    /**
     * @param totalMemoryBytes  the whole budget ({@code buffer.memory}), must be positive
     * @param poolableSizeBytes the largest size class ({@code batch.size}; see below for larger ones), must be positive
     */
    public BufferPool(long totalMemoryBytes, int poolableSizeBytes) {
        this(totalMemoryBytes, poolableSizeBytes, true);
    }

    /**
     * @param direct buffers of the size classes are direct, outside the Java heap: a full
     *               {@code buffer.memory} then takes none of a small heap (32 MiB of a 64 MiB heap, on-heap), and
     *               the socket writes them without the copy into a temporary direct buffer that NIO makes of a heap
     *               buffer. They are pooled and reused, so they are allocated once each. Other sizes (a record larger
     *               than batch.size, split parts) stay on the heap: they are not reused, and direct garbage is
     *               freed only by a GC. When the JVM's direct memory ({@code -XX:MaxDirectMemorySize}, by default
     *               the heap's maximum) is exhausted, the pool falls back to heap buffers.
     */
    public BufferPool(long totalMemoryBytes, int poolableSizeBytes, boolean direct) {
        this(totalMemoryBytes, poolableSizeBytes, direct, UntimedWaits.never());
    }

    /**
     * @param untimedWaits which callers wait for memory without a timeout ({@link UntimedWaits}); whoever makes them
     *                     so calls {@link #wakeOverdueWaiters} when their deadlines are due (the sender thread)
     */
    public BufferPool(long totalMemoryBytes, int poolableSizeBytes, boolean direct, UntimedWaits untimedWaits) {
        this(totalMemoryBytes, poolableSizeBytes, poolableSizeBytes, direct, untimedWaits);
    }

    /**
     * @param largestClassBytes with compression, batches that compress well grow past batch.size (see
     *                          {@code RecordAccumulator.boundBatchesByCompressedSize}): the classes go on doubling
     *                          from {@code poolableSizeBytes} up to this ({@code poolableSizeBytes} or a power-of-two
     *                          multiple of it), pooled like the others
     */
    @SuppressWarnings("unchecked")
    public BufferPool(long totalMemoryBytes, int poolableSizeBytes, int largestClassBytes, boolean direct,
            UntimedWaits untimedWaits) {
        this.untimedWaits = untimedWaits;
        if (totalMemoryBytes <= 0) {
            throw new IllegalArgumentException("totalMemoryBytes must be positive, got " + totalMemoryBytes);
        }
        if (poolableSizeBytes <= 0) {
            throw new IllegalArgumentException("poolableSizeBytes must be positive, got " + poolableSizeBytes);
        }
        this.totalMemoryBytes = totalMemoryBytes;
        this.poolableSizeBytes = poolableSizeBytes;
        this.unallocatedBytes = totalMemoryBytes;
        this.direct = direct;
        int below = 0;
        for (long c = MIN_CLASS_BYTES; c < poolableSizeBytes; c <<= 1) {
            below++;
        }
        int above = 0;
        for (long c = 2L * poolableSizeBytes; c <= largestClassBytes; c <<= 1) {
            above++;
        }
        int n = below + 1 + above;
        this.classBytes = new int[n];
        for (int i = 0; i < below; i++) {
            classBytes[i] = MIN_CLASS_BYTES << i;
        }
        for (int i = below; i < n; i++) {
            classBytes[i] = poolableSizeBytes << (i - below);
        }
        this.freeLists = new ArrayDeque[n];
        for (int i = 0; i < n; i++) {
            freeLists[i] = new ArrayDeque<>();
        }
    }

    /**
     * The capacity to ask for to hold {@code bytes}: the smallest size class that holds them, or {@code bytes} itself
     * when that is more than the largest class (batch.size).
     */
    public int sizeClassFor(int bytes) {
        for (int c : classBytes) {
            if (c >= bytes) {
                return c;
            }
        }
        return bytes;
    }

    /** The size classes, ascending (tests). */
    public int[] sizeClasses() {
        return classBytes.clone();
    }

    /** The class whose capacity is exactly {@code bytes}, or -1. */
    private int classIndex(long bytes) {
        for (int i = 0; i < classBytes.length; i++) {
            if (classBytes[i] == bytes) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns a cleared buffer of capacity {@code sizeBytes} (or, for a size class when memory is short, of a bigger
     * class that was free: see the class comment), blocking up to {@code maxTimeToBlockMs} (values below
     * zero count as zero: fail at once) while memory is short.
     *
     * @throws IllegalArgumentException   if sizeBytes is negative or larger than the whole budget (it could never fit)
     * @throws BufferPoolTimeoutException if the memory did not become available in time
     * @throws BufferPoolClosedException  if the pool is or becomes closed
     * @throws InterruptedException       if the thread is interrupted while waiting
     */
    public ByteBuffer allocate(int sizeBytes, long maxTimeToBlockMs) throws InterruptedException {
        checkRequest(sizeBytes);
        return bufferFor(sizeBytes, acquire(sizeBytes, maxTimeToBlockMs, true));
    }

    /**
     * Non-blocking {@link #allocate}: a cleared buffer if the memory is available right now and nobody is waiting for
     * memory ahead of us, otherwise {@code null}.
     *
     * @throws IllegalArgumentException  if sizeBytes is negative or larger than the whole budget
     * @throws BufferPoolClosedException if the pool is closed
     */
    public ByteBuffer tryAllocate(int sizeBytes) {
        checkRequest(sizeBytes);
        ByteBuffer taken;
        lock.lock();
        try {
            ensureOpenLocked();
            taken = waiters.isEmpty() ? takeLocked(sizeBytes, true) : null;
        } finally {
            lock.unlock();
        }
        return taken == null ? null : bufferFor(sizeBytes, taken);
    }

    /**
     * Gives a buffer back, called exactly once by its last owner (see the ownership rule in the class comment).
     * Buffers of a size class are cleared and kept for reuse; others are left to the GC and their capacity credited.
     *
     * @throws IllegalStateException if crediting the buffer would exceed the budget (returned twice, or not ours)
     */
    public void deallocate(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        int sizeClass = classIndex(capacity);
        if (sizeClass >= 0) {
            buffer.clear();
        }
        lock.lock();
        try {
            checkCreditLocked(capacity, "deallocate a buffer of");
            if (sizeClass >= 0) {
                freeLists[sizeClass].addLast(buffer);
                freeListBytes += capacity;
            } else {
                unallocatedBytes += capacity;
            }
            wakeHeadWaiterLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves bytes without a buffer (records waiting for metadata count against buffer.memory too). Blocks and fails
     * exactly like {@link #allocate}. Give the bytes back with {@link #release}.
     */
    public void reserve(long bytes, long maxTimeToBlockMs) throws InterruptedException {
        checkRequest(bytes);
        acquire(bytes, maxTimeToBlockMs, false);
    }

    /**
     * Charges bytes that hold no buffer against the budget at once, without waiting and even beyond what is free
     * (the budget then stays overdrawn, and callers wait, until enough comes back): the heap objects of the records a
     * batch holds, charged when the batch is closed (see {@code RecordAccumulator}). Give the bytes back with
     * {@link #release}.
     */
    public void charge(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot charge a negative byte count: " + bytes);
        }
        lock.lock();
        try {
            chargedBytes += bytes; // may overdraw: nothing is handed out until available memory is back
        } finally {
            lock.unlock();
        }
    }

    /** Gives back bytes taken with {@link #charge}. */
    public void releaseCharge(long bytes) {
        lock.lock();
        try {
            if (bytes < 0 || bytes > chargedBytes) {
                throw new IllegalStateException("Cannot release a charge of " + bytes + " bytes: " + chargedBytes
                        + " are charged. Released twice?");
            }
            chargedBytes -= bytes;
            wakeHeadWaiterLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes charged right now (tests). */
    public long chargedBytes() {
        lock.lock();
        try {
            return chargedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back bytes taken with {@link #reserve}. */
    public void release(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot release a negative byte count: " + bytes);
        }
        lock.lock();
        try {
            checkCreditLocked(bytes, "release");
            unallocatedBytes += bytes;
            wakeHeadWaiterLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sender thread: hands bytes a waiting record reserved with {@link #reserve} to the earmark, the memory that
     * {@link #tryAllocateEarmarked} uses ahead of blocked callers. Without it, records that wait for metadata could hold
     * the whole budget in small reservations while the sender needs a batch-sized buffer to move them: nothing would
     * move until max.block.ms failed them (seen at startup under load). Nobody is woken: the bytes stay in use.
     */
    public void earmark(long reservedBytes) {
        checkRequest(reservedBytes);
        lock.lock();
        try {
            earmarkedBytes += reservedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Takes bytes back from the earmark as reservations again (records that could not be moved yet). */
    public void unearmark(long bytes) {
        lock.lock();
        try {
            if (bytes < 0 || bytes > earmarkedBytes) {
                throw new IllegalStateException("Cannot take back " + bytes + " bytes: " + earmarkedBytes
                        + " are earmarked");
            }
            earmarkedBytes -= bytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sender thread: {@link #tryAllocate} that spends earmarked bytes first, then free memory, and goes ahead of
     * blocked callers (turning reservations into batches frees the budget they wait for). Null if the earmark and
     * the free memory together do not cover the request; the earmark is then untouched.
     */
    public ByteBuffer tryAllocateEarmarked(int sizeBytes) {
        checkRequest(sizeBytes);
        ByteBuffer taken;
        lock.lock();
        try {
            ensureOpenLocked();
            long fromEarmark = Math.min(earmarkedBytes, sizeBytes);
            earmarkedBytes -= fromEarmark;
            unallocatedBytes += fromEarmark;
            taken = takeLocked(sizeBytes, true);
            if (taken == null) {
                unallocatedBytes -= fromEarmark;
                earmarkedBytes += fromEarmark;
            }
        } finally {
            lock.unlock();
        }
        return taken == null ? null : bufferFor(sizeBytes, taken);
    }

    /** Sender thread, after moving waiting records: what is left of the earmark becomes free memory again. */
    public void releaseEarmark() {
        lock.lock();
        try {
            if (earmarkedBytes > 0) {
                unallocatedBytes += earmarkedBytes;
                earmarkedBytes = 0;
                wakeHeadWaiterLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes earmarked right now (tests). */
    public long earmarkedBytes() {
        lock.lock();
        try {
            return earmarkedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Memory that could be handed out now: unallocated plus free-listed buffers. */
    public long availableMemoryBytes() {
        lock.lock();
        try {
            return Math.max(0, availableLocked()); // below zero while overdrawn by charges
        } finally {
            lock.unlock();
        }
    }

    public long totalMemoryBytes() {
        return totalMemoryBytes;
    }

    /** Whether buffers of the size classes are direct (outside the heap). */
    public boolean direct() {
        return direct;
    }

    public int poolableSizeBytes() {
        return poolableSizeBytes;
    }

    /** How many returned buffers (of all size classes) are kept for reuse right now. */
    public int freeBufferCount() {
        lock.lock();
        try {
            int n = 0;
            for (ArrayDeque<ByteBuffer> free : freeLists) {
                n += free.size();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Total time callers have spent blocked waiting for memory (metric {@code bufferpool-wait-time-ns-total}). */
    public long waitTimeNsTotal() {
        return waitTimeNsTotal;
    }

    /** Callers blocked waiting for memory right now. */
    public int queuedWaiters() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the pool: every blocked caller and every later allocation fails with {@link BufferPoolClosedException}. Returning memory still works. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Waiter waiter : waiters) {
                waiter.turn.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Takes the memory, waiting in line if needed; returns a pooled buffer or {@link #RESERVED_ALLOCATE_FRESH}. */
    private ByteBuffer acquire(long sizeBytes, long maxTimeToBlockMs, boolean wantsBuffer) throws InterruptedException {
        lock.lock();
        try {
            ensureOpenLocked();
            if (waiters.isEmpty()) {
                ByteBuffer taken = takeLocked(sizeBytes, wantsBuffer);
                if (taken != null) {
                    return taken;
                }
            }
            long startNs = System.nanoTime();
            Waiter me = new Waiter(lock.newCondition(), Deadlines.afterMs(startNs, Math.max(0, maxTimeToBlockMs)),
                    untimedWaits.appliesToCurrentThread());
            waiters.addLast(me);
            return awaitTurnLocked(me, sizeBytes, startNs, wantsBuffer);
        } finally {
            lock.unlock();
        }
    }

    private ByteBuffer awaitTurnLocked(Waiter me, long sizeBytes, long startNs, boolean wantsBuffer)
            throws InterruptedException {
        try {
            while (true) {
                if (closed) {
                    throw new BufferPoolClosedException("The producer was closed while waiting for "
                            + sizeBytes + " bytes of buffer memory");
                }
                if (waiters.peekFirst() == me) {
                    ByteBuffer taken = takeLocked(sizeBytes, wantsBuffer);
                    if (taken != null) {
                        return taken;
                    }
                }
                long remainingNs = me.remainingNs(System.nanoTime());
                if (remainingNs <= 0) {
                    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                    throw new BufferPoolTimeoutException(sizeBytes, availableLocked(), totalMemoryBytes, waitedMs);
                }
                if (me.untimed) {
                    untimedWaits.dueAt(me.deadlineNs); // the sender's sweep wakes it then (wakeOverdueWaiters)
                    me.turn.await();
                } else {
                    me.turn.awaitNanos(remainingNs);
                }
            }
        } finally {
            waiters.removeFirstOccurrence(me);
            waitTimeNsTotal += System.nanoTime() - startNs;
            // Whether we were served, timed out or interrupted: memory may be left for whoever is next in line.
            wakeHeadWaiterLocked();
        }
    }

    /**
     * The sender thread, when {@link UntimedWaits#takeDue} says a deadline is due: wakes the untimed waiters past
     * theirs (each then fails with {@link BufferPoolTimeoutException}, as a timed wait would have) and hands the
     * deadlines of the others back to {@code untimedWaits}. Visits every waiter, once per due deadline (rare: see
     * {@link UntimedWaits}).
     */
    public void wakeOverdueWaiters(long nowNs) {
        lock.lock();
        try {
            for (Waiter w : waiters) {
                if (!w.untimed) {
                    continue;
                }
                if (w.remainingNs(nowNs) <= 0) {
                    w.turn.signal();
                } else {
                    untimedWaits.keep(w.deadlineNs);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Which waits are untimed in this pool, and their deadlines (the accumulator's joiners use the same). */
    public UntimedWaits untimedWaits() {
        return untimedWaits;
    }

    /** A caller waiting for memory: its own condition, its deadline, and whether its wait has a timeout. */
    private static final class Waiter {
        final Condition turn;
        /** {@code Long.MAX_VALUE}: never (max.block.ms too large to add). */
        final long deadlineNs;
        /** Waits without a timeout: the sender's sweep wakes it at its deadline. */
        final boolean untimed;

        Waiter(Condition turn, long deadlineNs, boolean untimed) {
            this.turn = turn;
            this.deadlineNs = deadlineNs;
            this.untimed = untimed;
        }

        long remainingNs(long nowNs) {
            return deadlineNs == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNs - nowNs;
        }
    }

    /**
     * Returns a pooled buffer (of the requested class, or of a bigger one when memory is short),
     * {@link #RESERVED_ALLOCATE_FRESH}, or null if the memory is not there.
     */
    private ByteBuffer takeLocked(long sizeBytes, boolean wantsBuffer) {
        if (availableLocked() < sizeBytes) {
            return null; // only while overdrawn by charges could a free-listed buffer be there without the memory
        }
        int sizeClass = wantsBuffer ? classIndex(sizeBytes) : -1;
        if (sizeClass >= 0) {
            ByteBuffer pooled = pollFreeLocked(sizeClass);
            if (pooled != null) {
                return pooled;
            }
        }
        if (unallocatedBytes >= sizeBytes) {
            unallocatedBytes -= sizeBytes;
            return RESERVED_ALLOCATE_FRESH;
        }
        if (sizeClass >= 0) {
            // A free bigger buffer rather than dropping smaller ones (dropped direct buffers are freed only by a GC).
            for (int c = sizeClass + 1; c < freeLists.length && availableLocked() >= classBytes[c]; c++) {
                ByteBuffer bigger = pollFreeLocked(c);
                if (bigger != null) {
                    return bigger;
                }
            }
        }
        if (availableLocked() < sizeBytes) {
            return null;
        }
        // Drop free-listed buffers (to the GC), smallest first, until unallocated memory covers the request.
        for (int c = 0; unallocatedBytes < sizeBytes; ) {
            ByteBuffer dropped = freeLists[c].pollLast();
            if (dropped == null) {
                c++;
                continue;
            }
            freeListBytes -= dropped.capacity();
            unallocatedBytes += dropped.capacity();
        }
        unallocatedBytes -= sizeBytes;
        return RESERVED_ALLOCATE_FRESH;
    }

    private ByteBuffer pollFreeLocked(int sizeClass) {
        ByteBuffer pooled = freeLists[sizeClass].pollFirst();
        if (pooled != null) {
            freeListBytes -= pooled.capacity();
        }
        return pooled;
    }

    /** Turns what {@link #takeLocked} gave into the caller's buffer; runs WITHOUT the lock (fresh arrays are zeroed). */
    private ByteBuffer bufferFor(int sizeBytes, ByteBuffer taken) {
        if (taken != RESERVED_ALLOCATE_FRESH) {
            return taken;
        }
        if (direct && classIndex(sizeBytes) >= 0) {
            try {
                return ByteBuffer.allocateDirect(sizeBytes);
            } catch (OutOfMemoryError e) {
                // Direct memory exhausted (-XX:MaxDirectMemorySize below buffer.memory): this one on the heap.
            }
        }
        try {
            return ByteBuffer.allocate(sizeBytes);
        } catch (OutOfMemoryError e) {
            release(sizeBytes); // the heap is smaller than buffer.memory: give the reservation back before failing
            throw e;
        }
    }

    private void wakeHeadWaiterLocked() {
        Waiter head = waiters.peekFirst();
        if (head != null) {
            head.turn.signal();
        }
    }

    /** What callers may take: the buffers' free memory less the charges. */
    private long availableLocked() {
        return unallocatedBytes + freeListBytes - chargedBytes;
    }

    /** The message is built only on failure: this runs for every returned buffer and released reservation. */
    private void checkCreditLocked(long bytes, String verb) {
        if (unallocatedBytes + freeListBytes + bytes > totalMemoryBytes) {
            throw new IllegalStateException("Cannot " + verb + " " + bytes + " bytes: " + (unallocatedBytes
                    + freeListBytes) + " of " + totalMemoryBytes
                    + " bytes are already available. Returned twice, or not from this pool?");
        }
    }

    private void ensureOpenLocked() {
        if (closed) {
            throw new BufferPoolClosedException("The buffer pool is closed (producer closing)");
        }
    }

    private void checkRequest(long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("Cannot allocate a negative size: " + sizeBytes);
        }
        if (sizeBytes > totalMemoryBytes) {
            throw new IllegalArgumentException("Requested " + sizeBytes + " bytes, larger than the whole buffer memory of "
                    + totalMemoryBytes + " bytes (buffer.memory); it could never fit");
        }
    }
}
