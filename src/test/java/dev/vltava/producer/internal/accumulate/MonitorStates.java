package dev.vltava.producer.internal.accumulate;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Where a thread waits on a partition queue's lock, for tests that check it (no timing involved). */
final class MonitorStates {
    private MonitorStates() {
    }

    /** Whether {@code t} is blocked taking {@code q}'s lock. */
    static boolean blockedOn(Thread t, PartitionQueue q) {
        return q.lock.hasQueuedThread(t);
    }

    /** Whether {@code t} waits for the batch another thread is opening on {@code q} ({@link PartitionQueue#batchOpened}). */
    static boolean waitsOn(Thread t, PartitionQueue q) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.getId());
        if (info == null || info.getThreadState() != Thread.State.WAITING
                && info.getThreadState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        LockInfo lock = info.getLockInfo(); // a parked thread's blocker: the condition it awaits
        return lock != null && lock.getIdentityHashCode() == System.identityHashCode(q.batchOpened);
    }

    /** How many threads wait on {@code q}'s {@link PartitionQueue#batchOpened} right now (read under its lock). */
    static int waitingToJoin(PartitionQueue q) {
        q.lock.lock();
        try {
            return q.lock.getWaitQueueLength(q.batchOpened);
        } finally {
            q.lock.unlock();
        }
    }
}
