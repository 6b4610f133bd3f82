package dev.vltava.producer.internal.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BufferPoolTest {

    private static final long WAIT_FOREVER_MS = TimeUnit.MINUTES.toMillis(5);

    @Test
    void aChargeOverdrawsTheBudgetAndNoBufferIsHandedOutUntilItComesBack() throws InterruptedException {
        BufferPool pool = new BufferPool(4096, 1024);
        pool.deallocate(pool.allocate(1024, 0)); // a free-listed 1 KiB buffer
        pool.charge(5120); // the heap objects of queued records: the budget is overdrawn by 1 KiB
        assertEquals(0, pool.availableMemoryBytes(), "never reported below zero");
        assertNull(pool.tryAllocate(1024), "the free-listed buffer is there, its memory is not");
        assertThrows(BufferPoolTimeoutException.class, () -> pool.allocate(1024, 1));
        pool.releaseCharge(2048);
        assertNotNull(pool.tryAllocate(1024), "enough of the charge came back");
        assertEquals(0, pool.availableMemoryBytes());
        assertThrows(IllegalStateException.class, () -> pool.releaseCharge(3073), "more than is charged");
        pool.releaseCharge(3072);
        assertEquals(3072, pool.availableMemoryBytes(), "all but the buffer handed out");
        assertEquals(0, pool.chargedBytes());
    }

    /**
     * Issue 16, 1,000 partitions: charges rose and fell with the records queued, and each rise dropped free-listed
     * buffers of one class to make room for a fresh buffer of another (direct memory, page faults, zeroing): the
     * pool allocated more than its whole budget anew every second. A charge takes from the budget, not from the
     * buffers' memory: while the budget allows, a class with no free buffer gets a fresh one and the others stay.
     */
    @Test
    void aChargeNeverDropsAFreeListedBuffer() throws InterruptedException {
        BufferPool pool = new BufferPool(16 * 1024, 4096); // classes 1, 2 and 4 KiB
        ByteBuffer first = pool.allocate(2048, 0);
        ByteBuffer second = pool.allocate(2048, 0);
        pool.deallocate(first);
        pool.deallocate(second); // two free-listed 2 KiB buffers; 12 KiB never allocated
        pool.charge(10 * 1024); // queued records' heap objects: 6 KiB of the budget left

        ByteBuffer big = pool.tryAllocate(4096);
        assertNotNull(big, "the budget has room for it");
        assertEquals(2, pool.freeBufferCount(), "both 2 KiB buffers stay for the next 2 KiB batches");
        assertSame(first, pool.tryAllocate(2048), "reused as it is, not allocated again");
        assertEquals(0, pool.availableMemoryBytes(), "16 KiB - 10 KiB charged - 4 KiB - 2 KiB handed out");
        assertNull(pool.tryAllocate(2048), "the budget is spent, though a 2 KiB buffer is free-listed");
        pool.releaseCharge(10 * 1024);
        assertSame(second, pool.tryAllocate(2048), "the charge came back: the other one, as it is");
    }

    @Test
    void accountsAllocationsAndReturns() throws InterruptedException {
        BufferPool pool = new BufferPool(1000, 100);
        ByteBuffer poolable = pool.allocate(100, 0);
        ByteBuffer odd = pool.allocate(250, 0);
        assertEquals(100, poolable.capacity());
        assertEquals(250, odd.capacity());
        assertEquals(650, pool.availableMemoryBytes());

        pool.deallocate(poolable);
        assertEquals(750, pool.availableMemoryBytes());
        assertEquals(1, pool.freeBufferCount(), "poolable buffer kept for reuse");
        pool.deallocate(odd);
        assertEquals(1000, pool.availableMemoryBytes());
        assertEquals(1, pool.freeBufferCount(), "other sizes are not kept");
        assertEquals(1000, pool.totalMemoryBytes());
    }

    @Test
    void reusesPoolableBuffersCleared() throws InterruptedException {
        BufferPool pool = new BufferPool(1000, 100);
        ByteBuffer first = pool.allocate(100, 0);
        first.putInt(42).limit(50);
        pool.deallocate(first);

        ByteBuffer second = pool.allocate(100, 0);
        assertSame(first, second);
        assertEquals(0, second.position());
        assertEquals(100, second.limit());
    }

    @Test
    void dropsFreeListedBuffersToMakeRoomForOtherSizes() throws InterruptedException {
        BufferPool pool = new BufferPool(300, 100);
        List<ByteBuffer> buffers = List.of(pool.allocate(100, 0), pool.allocate(100, 0), pool.allocate(100, 0));
        buffers.forEach(pool::deallocate);
        assertEquals(3, pool.freeBufferCount());

        ByteBuffer big = pool.allocate(250, 0);
        assertEquals(250, big.capacity());
        assertEquals(0, pool.freeBufferCount());
        assertEquals(50, pool.availableMemoryBytes());
    }

    @Test
    void sizeClassesDoubleFromTheSmallestUpToBatchSize() {
        BufferPool pool = new BufferPool(1L << 20, 64 * 1024);
        assertArrayEquals(new int[] {1024, 2048, 4096, 8192, 16384, 32768, 65536}, pool.sizeClasses());
        assertEquals(1024, pool.sizeClassFor(1));
        assertEquals(1024, pool.sizeClassFor(1024));
        assertEquals(2048, pool.sizeClassFor(1025));
        assertEquals(65536, pool.sizeClassFor(40_000));
        assertEquals(70_000, pool.sizeClassFor(70_000), "more than batch.size: exactly what is asked");
        assertArrayEquals(new int[] {1024, 2048, 4096, 8192, 10_000}, new BufferPool(1L << 20, 10_000).sizeClasses(),
                "batch.size need not be a power of two: it is the last class");
        assertArrayEquals(new int[] {100}, new BufferPool(1000, 100).sizeClasses(), "a small batch.size: one class");
    }

    @Test
    void buffersOfEverySizeClassAreDirectAndReusedByTheirClass() throws InterruptedException {
        BufferPool pool = new BufferPool(1L << 20, 64 * 1024);
        ByteBuffer small = pool.allocate(1024, 0);
        ByteBuffer middle = pool.allocate(8192, 0);
        assertTrue(small.isDirect());
        assertTrue(middle.isDirect());
        assertEquals((1L << 20) - 1024 - 8192, pool.availableMemoryBytes());
        pool.deallocate(small);
        pool.deallocate(middle);
        assertEquals(2, pool.freeBufferCount());
        assertEquals(1L << 20, pool.availableMemoryBytes());
        assertSame(middle, pool.allocate(8192, 0));
        assertSame(small, pool.allocate(1024, 0));
        assertFalse(pool.allocate(3000, 0).isDirect(), "not a class: a heap buffer, never reused");
    }

    @Test
    void whenShortAClassRequestTakesAFreeBiggerBufferInsteadOfDroppingIt() throws InterruptedException {
        BufferPool pool = new BufferPool(4096, 4096); // classes 1, 2 and 4 KiB
        ByteBuffer big = pool.allocate(4096, 0);
        pool.deallocate(big);
        ByteBuffer got = pool.tryAllocate(1024);
        assertSame(big, got, "the free 4 KiB buffer, not a fresh 1 KiB one that would leave it to the GC");
        assertEquals(0, pool.availableMemoryBytes(), "its whole capacity is taken");
        pool.deallocate(got);
        assertEquals(4096, pool.availableMemoryBytes());
        assertEquals(1, pool.freeBufferCount());
    }

    @Test
    void whenShortABiggerClassDropsFreeSmallerBuffers() throws InterruptedException {
        BufferPool pool = new BufferPool(4096, 4096);
        List<ByteBuffer> small = List.of(pool.allocate(1024, 0), pool.allocate(1024, 0), pool.allocate(2048, 0));
        small.forEach(pool::deallocate);
        assertEquals(3, pool.freeBufferCount());
        ByteBuffer big = pool.allocate(4096, 0);
        assertEquals(4096, big.capacity());
        assertEquals(0, pool.freeBufferCount());
        assertEquals(0, pool.availableMemoryBytes());
        pool.deallocate(big);
        assertEquals(4096, pool.availableMemoryBytes());
    }

    @Test
    void reserveAndReleaseArePureAccounting() throws InterruptedException {
        BufferPool pool = new BufferPool(1000, 100);
        pool.reserve(600, 0);
        assertEquals(400, pool.availableMemoryBytes());
        assertNull(pool.tryAllocate(500));
        pool.release(600);
        assertEquals(1000, pool.availableMemoryBytes());
        assertNotNull(pool.tryAllocate(500));
    }

    @Test
    void tryAllocateReturnsNullWhenShort() {
        BufferPool pool = new BufferPool(150, 100);
        ByteBuffer buffer = pool.tryAllocate(100);
        assertNotNull(buffer);
        assertNull(pool.tryAllocate(100));
        pool.deallocate(buffer);
        assertSame(buffer, pool.tryAllocate(100));
    }

    @Test
    void rejectsImpossibleRequestsAndDoubleReturns() throws InterruptedException {
        BufferPool pool = new BufferPool(1000, 100);
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> pool.allocate(1001, 0));
        assertTrue(tooBig.getMessage().contains("1001"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> pool.reserve(2000, 0));

        ByteBuffer buffer = pool.allocate(100, 0);
        pool.deallocate(buffer);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> pool.deallocate(buffer));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertEquals(1000, pool.availableMemoryBytes());
    }

    @Test
    void timeoutMessageSaysRequestedAvailableTotalAndWait() throws InterruptedException {
        BufferPool pool = new BufferPool(1000, 100);
        pool.reserve(900, 0);
        BufferPoolTimeoutException e = assertThrows(BufferPoolTimeoutException.class, () -> pool.allocate(200, 5));
        assertEquals(200, e.requestedBytes());
        assertEquals(100, e.availableBytes());
        assertEquals(1000, e.totalBytes());
        assertTrue(e.getMessage().startsWith("Failed to allocate 200 bytes within "), e.getMessage());
        assertTrue(e.getMessage().contains("100 bytes available of 1000 total"), e.getMessage());
        assertEquals(0, pool.queuedWaiters());
        assertTrue(pool.waitTimeNsTotal() > 0);

        // zero (or negative) max block time fails at once instead of waiting
        assertThrows(BufferPoolTimeoutException.class, () -> pool.allocate(200, 0));
        assertThrows(BufferPoolTimeoutException.class, () -> pool.reserve(200, -1));
        assertEquals(100, pool.availableMemoryBytes(), "failed attempts leave the accounting alone");
    }

    @Test
    void earmarkedReservationsPayForABufferAheadOfBlockedCallers() throws Exception {
        BufferPool pool = new BufferPool(300, 100);
        for (int i = 0; i < 6; i++) {
            pool.reserve(50, 0); // records waiting for metadata hold the whole budget
        }
        assertEquals(0, pool.availableMemoryBytes());
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Thread waiter = startAllocating(pool, 100, results);
        awaitWaiters(pool, 1);

        assertNull(pool.tryAllocate(100), "plain tryAllocate queues behind the waiter");
        assertNull(pool.tryAllocateEarmarked(100), "nothing earmarked, nothing free");
        pool.earmark(150); // three records' reservations
        ByteBuffer batch = pool.tryAllocateEarmarked(100);
        assertNotNull(batch, "earmarked bytes pay for the batch although a caller is blocked");
        assertEquals(100, batch.capacity());
        assertEquals(50, pool.earmarkedBytes());
        assertNull(pool.tryAllocateEarmarked(100), "50 earmarked + 0 free do not cover 100");
        assertEquals(50, pool.earmarkedBytes(), "a failed attempt leaves the earmark alone");
        assertTrue(results.isEmpty());

        pool.releaseEarmark(); // 50 back: not enough for the 100-byte waiter yet
        assertEquals(0, pool.earmarkedBytes());
        assertEquals(50, pool.availableMemoryBytes());
        pool.release(50);
        assertEquals(100, ((ByteBuffer) results.take()).capacity(), "the waiter is served from released memory");
        waiter.join();
        assertEquals(0, pool.availableMemoryBytes());
    }

    @Test
    void memoryLeftInTheEarmarkServesACallerBlockedForMemoryWhenReleased() throws Exception {
        BufferPool pool = new BufferPool(300, 100);
        ByteBuffer pooled = pool.allocate(100, 0);
        pool.deallocate(pooled); // one free-listed buffer, 200 unallocated
        pool.reserve(200, 0); // records waiting for metadata hold the rest
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Thread waiter = startAllocating(pool, 150, results);
        awaitWaiters(pool, 1);

        pool.earmark(200); // the sender moves those records
        assertSame(pooled, pool.tryAllocateEarmarked(100), "their batch takes the free-listed buffer");
        assertEquals(100, pool.availableMemoryBytes(), "100 earmarked bytes went free, the buffer's 100 are taken");
        assertTrue(results.isEmpty(), "150 still do not fit");
        pool.releaseEarmark(); // the 100 the batch did not need: nothing else happens in the pool after this
        assertEquals(150, ((ByteBuffer) results.take()).capacity(), "the blocked caller is woken and served");
        waiter.join();
        assertEquals(50, pool.availableMemoryBytes());
    }

    @Test
    void unearmarkGivesReservationsBackAndRefusesMoreThanEarmarked() throws InterruptedException {
        BufferPool pool = new BufferPool(300, 100);
        pool.reserve(120, 0);
        pool.earmark(120);
        pool.unearmark(70); // a record that could not move keeps its 70 reserved bytes
        assertEquals(50, pool.earmarkedBytes());
        assertThrows(IllegalStateException.class, () -> pool.unearmark(51));
        pool.releaseEarmark();
        assertEquals(230, pool.availableMemoryBytes(), "the 50 earmarked bytes are free again, the 70 still reserved");
        pool.release(70);
        assertEquals(300, pool.availableMemoryBytes());
    }

    @Test
    void blockedCallerIsServedWhenMemoryComesBack() throws Exception {
        BufferPool pool = new BufferPool(200, 100);
        ByteBuffer a = pool.allocate(100, 0);
        ByteBuffer b = pool.allocate(100, 0);

        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Thread waiter = startAllocating(pool, 100, results);
        awaitWaiters(pool, 1);

        pool.deallocate(a);
        assertSame(a, results.take(), "the returned buffer went to the waiter");
        waiter.join();
        assertEquals(0, pool.queuedWaiters());
        pool.deallocate(b);
        pool.deallocate(a);
        assertEquals(200, pool.availableMemoryBytes());
        assertTrue(pool.waitTimeNsTotal() > 0);
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        BufferPool pool = new BufferPool(300, 100);
        pool.reserve(300, 0);

        BlockingQueue<Object> served = new LinkedBlockingQueue<>();
        int waiterCount = 5;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiterCount; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    pool.reserve(100, WAIT_FOREVER_MS);
                    served.add(id);
                } catch (Throwable e) {
                    served.add(e);
                }
            }, "waiter-" + i);
            t.start();
            threads.add(t);
            awaitWaiters(pool, i + 1); // pin the arrival order
        }
        // A newcomer must not jump the queue, even though memory comes back in between.
        for (int i = 0; i < waiterCount; i++) {
            pool.release(100);
            assertEquals(i, served.take());
            if (i == 0) {
                assertNull(pool.tryAllocate(100), "tryAllocate does not barge ahead of waiters");
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, pool.availableMemoryBytes());
    }

    @Test
    void largeHeadWaiterIsNotStarvedBySmallerLaterOnes() throws Exception {
        BufferPool pool = new BufferPool(300, 100);
        pool.reserve(300, 0);
        BlockingQueue<Object> served = new LinkedBlockingQueue<>();
        Thread big = new Thread(() -> recordReserve(pool, 200, "big", served));
        big.start();
        awaitWaiters(pool, 1);
        Thread small = new Thread(() -> recordReserve(pool, 100, "small", served));
        small.start();
        awaitWaiters(pool, 2);

        pool.release(100); // enough for "small", but "big" is first in line
        pool.release(100);
        assertEquals("big", served.take());
        pool.release(100);
        assertEquals("small", served.take());
        big.join();
        small.join();
    }

    @Test
    void headLeavingTheQueueLetsTheNextWaiterIn() throws Exception {
        BufferPool pool = new BufferPool(300, 100);
        pool.reserve(200, 0); // 100 available, but the head wants 300
        BlockingQueue<Object> served = new LinkedBlockingQueue<>();
        Thread big = new Thread(() -> recordReserve(pool, 300, "big", served));
        big.start();
        awaitWaiters(pool, 1);
        Thread small = new Thread(() -> recordReserve(pool, 100, "small", served));
        small.start();
        awaitWaiters(pool, 2);

        // The head gives up (interrupt takes the same exit path as a timeout); the 100 bytes that were there all
        // along must then go to the next in line without anyone returning memory.
        big.interrupt();
        List<Object> outcomes = List.of(served.take(), served.take());
        assertTrue(outcomes.contains("small"), outcomes::toString);
        assertTrue(outcomes.stream().anyMatch(o -> o instanceof InterruptedException), outcomes::toString);
        big.join();
        small.join();
        assertEquals(0, pool.availableMemoryBytes());
    }

    @Test
    void closeWakesWaitersWithClosedException() throws Exception {
        BufferPool pool = new BufferPool(100, 100);
        pool.reserve(100, 0);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Thread first = startAllocating(pool, 100, results);
        Thread second = startAllocating(pool, 50, results);
        awaitWaiters(pool, 2);

        pool.close();
        assertTrue(results.take() instanceof BufferPoolClosedException);
        assertTrue(results.take() instanceof BufferPoolClosedException);
        first.join();
        second.join();
        assertEquals(0, pool.queuedWaiters());
        assertThrows(BufferPoolClosedException.class, () -> pool.allocate(10, 0));
        assertThrows(BufferPoolClosedException.class, () -> pool.tryAllocate(10));
        pool.release(100); // returning memory after close still works
        assertEquals(100, pool.availableMemoryBytes());
    }

    @Test
    void interruptWhileWaitingThrowsAndLeavesTheQueue() throws Exception {
        BufferPool pool = new BufferPool(100, 100);
        pool.reserve(100, 0);
        BlockingQueue<Object> results = new LinkedBlockingQueue<>();
        Thread waiter = startAllocating(pool, 100, results);
        awaitWaiters(pool, 1);
        waiter.interrupt();
        assertTrue(results.take() instanceof InterruptedException);
        waiter.join();
        assertEquals(0, pool.queuedWaiters());
        assertEquals(0, pool.availableMemoryBytes());
    }

    @Test
    void stressManyThreadsKeepTheBudgetAndEndBalanced() throws Exception {
        long total = 64 * 1024;
        int poolable = 4096;
        BufferPool pool = new BufferPool(total, poolable);
        int threadCount = 8;
        int iterations = 2_000;
        AtomicLong outstanding = new AtomicLong();
        AtomicLong maxOutstanding = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                java.util.Random random = new java.util.Random(seed);
                try {
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        int kind = random.nextInt(3);
                        int size = kind == 0 ? poolable : 1 + random.nextInt(3 * poolable);
                        if (kind == 2) {
                            pool.reserve(size, WAIT_FOREVER_MS);
                            track(outstanding, maxOutstanding, size);
                            outstanding.addAndGet(-size);
                            pool.release(size);
                        } else {
                            ByteBuffer buffer = pool.allocate(size, WAIT_FOREVER_MS);
                            track(outstanding, maxOutstanding, buffer.capacity());
                            buffer.put(0, (byte) seed);
                            outstanding.addAndGet(-buffer.capacity());
                            pool.deallocate(buffer);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }
        assertTrue(maxOutstanding.get() <= total, "never more than buffer.memory handed out: " + maxOutstanding.get());
        assertEquals(total, pool.availableMemoryBytes());
        assertEquals(0, pool.queuedWaiters());
        assertTrue(pool.freeBufferCount() <= total / poolable);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void track(AtomicLong outstanding, AtomicLong max, long bytes) {
        long now = outstanding.addAndGet(bytes);
        max.accumulateAndGet(now, Math::max);
    }

    private static void recordReserve(BufferPool pool, long bytes, String name, BlockingQueue<Object> served) {
        try {
            pool.reserve(bytes, WAIT_FOREVER_MS);
            served.add(name);
        } catch (Throwable e) {
            served.add(e);
        }
    }

    private static Thread startAllocating(BufferPool pool, int size, BlockingQueue<Object> results) {
        Thread thread = new Thread(() -> {
            try {
                results.add(pool.allocate(size, WAIT_FOREVER_MS));
            } catch (Throwable e) {
                results.add(e);
            }
        });
        thread.start();
        return thread;
    }

    /** Waits (without a deadline: the class-level @Timeout guards) until the pool has this many blocked callers. */
    private static void awaitWaiters(BufferPool pool, int count) throws InterruptedException {
        while (pool.queuedWaiters() < count) {
            Thread.sleep(1);
        }
        assertFalse(pool.queuedWaiters() > count);
    }
}
