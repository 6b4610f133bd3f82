package dev.vltava.producer.internal.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The deadlines of send() calls that block without a timer of their own, and the sender thread's view of the
 * earliest one.
 *
 * <p>On Java 24 and later a virtual thread's timed wait ({@code awaitNanos}) schedules a task on the JDK's delay
 * scheduler and cancels it when the thread is woken, and each of the two wakes that scheduler's platform thread: with
 * 10,000 virtual threads sending through one producer, a tenth of the producer's CPU went there (issue 16). So a
 * virtual thread that waits for buffer memory ({@link BufferPool}) or for another thread's batch (the accumulator)
 * waits without a timeout and leaves its deadline here; the sender thread, which already enforces max.block.ms for
 * records waiting for metadata, reads the earliest deadline in every turn ({@link #nanosUntilDue}) and, once it is
 * due ({@link #takeDue}), has the pool and the accumulator wake the waiters whose deadline passed (each then fails as
 * a timed wait would have) and hand the later deadlines back ({@link #keep}). A platform thread keeps its timed wait:
 * a futex with a timeout costs no other thread anything, and a pool without a sender (its unit tests) never leaves
 * one of them waiting for a sweep.
 *
 * <p>The earliest deadline is conservative: it may belong to a waiter that has left since; the sweep then finds
 * nobody due and hands back what is still waiting. Sweeps are rare: a registration lowers the deadline only when it is
 * earlier than every other since the last sweep (registrations are about {@code now + max.block.ms}), and only such a
 * lowering wakes the sender.
 */
public final class UntimedWaits {
    /** No deadline registered; also what a saturated (never) deadline is, which needs no sweep. */
    static final long NONE = Long.MAX_VALUE;
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final AtomicLong earliestNs = new AtomicLong(NONE);
    private volatile Predicate<Thread> waitsUntimed;
    private volatile Runnable wakeSender = () -> { };

    private UntimedWaits(Predicate<Thread> waitsUntimed) {
        this.waitsUntimed = waitsUntimed;
    }

    /** Virtual threads wait untimed, platform threads timed (the producer's engine). */
    public static UntimedWaits forVirtualThreads() {
        return new UntimedWaits(UntimedWaits::isVirtual);
    }

    /** Every thread waits timed: a pool nobody sweeps. */
    public static UntimedWaits never() {
        return new UntimedWaits(t -> false);
    }

    /**
     * Tests: which threads wait untimed from now on (platform threads too, to exercise the sweep on Java 17). Threads
     * already waiting keep the kind of wait they started.
     */
    public void waitUntimed(Predicate<Thread> which) {
        this.waitsUntimed = which;
    }

    /** Whether the calling thread waits untimed (and so must register its deadline before it parks). */
    public boolean appliesToCurrentThread() {
        return waitsUntimed.test(Thread.currentThread());
    }

    /** The sender sets how a registration that moves the earliest deadline forward wakes it. */
    public void wakeSenderWith(Runnable wakeup) {
        this.wakeSender = wakeup;
    }

    /**
     * A waiter's deadline, registered under the lock it waits on, before it parks. A deadline of
     * {@code Long.MAX_VALUE} (max.block.ms "never") needs nobody to wake it and is not registered.
     */
    public void dueAt(long deadlineNs) {
        if (lower(deadlineNs)) {
            wakeSender.run();
        }
    }

    /** The sweep, on the sender thread: a deadline still waiting for its time, registered without a wake-up. */
    public void keep(long deadlineNs) {
        lower(deadlineNs);
    }

    private boolean lower(long deadlineNs) {
        if (deadlineNs == NONE) {
            return false;
        }
        while (true) {
            long current = earliestNs.get();
            if (current != NONE && current - deadlineNs <= 0) {
                return false;
            }
            if (earliestNs.compareAndSet(current, deadlineNs)) {
                return true;
            }
        }
    }

    /** Whether any deadline is registered (one volatile read: the sender asks in every turn). */
    public boolean anyRegistered() {
        return earliestNs.get() != NONE;
    }

    /** Nanoseconds until the earliest registered deadline ({@code Long.MAX_VALUE}: none), 0 if it is due. */
    public long nanosUntilDue(long nowNs) {
        long earliest = earliestNs.get();
        return earliest == NONE ? Long.MAX_VALUE : Math.max(0, earliest - nowNs);
    }

    /**
     * The sender thread, when {@link #nanosUntilDue} reached 0: clears the earliest deadline and returns true if it
     * was due; the caller then sweeps every place that waits untimed, which wakes those past their deadline and
     * hands the others back with {@link #keep}.
     */
    public boolean takeDue(long nowNs) {
        long earliest = earliestNs.get();
        return earliest != NONE && nowNs - earliest >= 0 && earliestNs.compareAndSet(earliest, NONE);
    }

    /** {@code Thread.isVirtual()} where the runtime has it (Java 21+); this library compiles for Java 17. */
    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // Java 17-20: no virtual threads
        }
    }
}
