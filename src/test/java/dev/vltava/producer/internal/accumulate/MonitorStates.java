package dev.vltava.producer.internal.accumulate;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Where a thread waits, for tests that check which monitor a thread blocks or waits on (no timing involved). */
final class MonitorStates {
    private MonitorStates() {
    }

    /** Whether {@code t} is blocked entering {@code monitor}. */
    static boolean blockedOn(Thread t, Object monitor) {
        return in(t, monitor, Thread.State.BLOCKED, Thread.State.BLOCKED);
    }

    /** Whether {@code t} waits in {@code wait()} on {@code monitor}. */
    static boolean waitsOn(Thread t, Object monitor) {
        return in(t, monitor, Thread.State.WAITING, Thread.State.TIMED_WAITING);
    }

    private static boolean in(Thread t, Object monitor, Thread.State state, Thread.State orState) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.getId());
        if (info == null || info.getThreadState() != state && info.getThreadState() != orState) {
            return false;
        }
        LockInfo lock = info.getLockInfo();
        return lock != null && lock.getIdentityHashCode() == System.identityHashCode(monitor);
    }
}
