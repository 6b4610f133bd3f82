package dev.vltava.producer.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Untimed waits for buffer memory (virtual threads; here platform threads made to wait the same way): the earliest
 * registered deadline, the sender's wake-ups, and the pool's sweep that fails exactly the waiters past their deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UntimedWaitsTest {

    @Test
    void keepsTheEarliestDeadlineAndWakesTheSenderOnlyWhenItMovesForward() {
        UntimedWaits waits = UntimedWaits.never();
        AtomicInteger wakeups = new AtomicInteger();
        waits.wakeSenderWith(wakeups::incrementAndGet);
        long now = System.nanoTime();
        assertEquals(Long.MAX_VALUE, waits.nanosUntilDue(now), "nothing registered");
        assertFalse(waits.anyRegistered());
        waits.dueAt(now + 5_000);
        assertTrue(waits.anyRegistered());
        assertEquals(1, wakeups.get(), "the first deadline wakes the sender");
        waits.dueAt(now + 9_000);
        assertEquals(1, wakeups.get(), "a later one does not");
        assertEquals(5_000, waits.nanosUntilDue(now));
        waits.dueAt(now + 2_000);
        assertEquals(2, wakeups.get(), "an earlier one does");
        waits.dueAt(Long.MAX_VALUE);
        assertEquals(2_000, waits.nanosUntilDue(now), "a never-deadline is not registered");
        assertFalse(waits.takeDue(now + 1_999), "not due yet");
        assertTrue(waits.takeDue(now + 2_000), "due");
        assertEquals(Long.MAX_VALUE, waits.nanosUntilDue(now), "taken: the sweep hands back what still waits");
        waits.keep(now + 9_000);
        assertEquals(2, wakeups.get(), "the sweep's own hand-back wakes nobody");
        assertEquals(9_000, waits.nanosUntilDue(now));
        assertEquals(0, waits.nanosUntilDue(now + 10_000), "overdue reads as due now");
    }

    @Test
    void aPlatformThreadOnJava17IsNoVirtualThread() {
        assertFalse(UntimedWaits.forVirtualThreads().appliesToCurrentThread());
        assertFalse(UntimedWaits.never().appliesToCurrentThread());
        UntimedWaits waits = UntimedWaits.never();
        waits.waitUntimed(t -> true);
        assertTrue(waits.appliesToCurrentThread());
    }

    /**
     * A waiter that waits untimed keeps waiting past its deadline until a sweep (the sender thread) finds it overdue;
     * the sweep fails it as a timed wait would have, and leaves a waiter whose deadline is later waiting, its
     * deadline handed back. Without the pool's sweep (or with the deadline lost) the first waiter never ends.
     */
    @Test
    void theSweepFailsTheOverdueWaiterAndKeepsTheOther() throws Exception {
        UntimedWaits waits = UntimedWaits.never();
        waits.waitUntimed(t -> true);
        BufferPool pool = new BufferPool(1024, 1024, false, waits);
        ByteBuffer all = pool.allocate(1024, 0);
        CompletableFuture<Object> shortWait = waitFor(pool, 50);
        awaitWaiters(pool, 1);
        CompletableFuture<Object> longWait = waitFor(pool, TimeUnit.MINUTES.toMillis(5));
        awaitWaiters(pool, 2);
        long registered = waits.nanosUntilDue(System.nanoTime());
        assertTrue(registered <= TimeUnit.MILLISECONDS.toNanos(50), "the short deadline is the earliest: " + registered);

        Thread.sleep(250); // well past the short deadline: an untimed wait has not noticed
        assertFalse(shortWait.isDone(), "an untimed waiter ends by a sweep, not by a timer");
        assertEquals(0, waits.nanosUntilDue(System.nanoTime()), "due");

        assertTrue(waits.takeDue(System.nanoTime()));
        pool.wakeOverdueWaiters(System.nanoTime());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> shortWait.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BufferPoolTimeoutException.class, failed.getCause());
        awaitWaiters(pool, 1);
        long next = waits.nanosUntilDue(System.nanoTime());
        assertTrue(next > TimeUnit.MINUTES.toNanos(4), "the other's deadline handed back: " + next);
        assertFalse(longWait.isDone());

        pool.deallocate(all); // memory wakes an untimed waiter as it wakes a timed one
        Object served = longWait.get(10, TimeUnit.SECONDS);
        assertInstanceOf(ByteBuffer.class, served);
        assertNull(pool.tryAllocate(1024), "handed to the waiter");
    }

    @Test
    void closingWakesUntimedWaiters() throws Exception {
        UntimedWaits waits = UntimedWaits.never();
        waits.waitUntimed(t -> true);
        BufferPool pool = new BufferPool(1024, 1024, false, waits);
        pool.allocate(1024, 0);
        CompletableFuture<Object> waiting = waitFor(pool, TimeUnit.MINUTES.toMillis(5));
        awaitWaiters(pool, 1);
        pool.close();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BufferPoolClosedException.class, failed.getCause());
    }

    /** A future completed by a platform thread that allocates the whole pool's size, waiting up to {@code maxBlockMs}. */
    private static CompletableFuture<Object> waitFor(BufferPool pool, long maxBlockMs) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(pool.allocate(1024, maxBlockMs));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "untimed-waiter");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static void awaitWaiters(BufferPool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.queuedWaiters() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " waiters, have " + pool.queuedWaiters());
            }
            Thread.sleep(1);
        }
    }
}
