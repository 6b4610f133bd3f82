package dev.vltava.producer.sim;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time and the events scheduled on it. Events at the same instant run in the order they were scheduled, so a
 * run is a pure function of the seed. Nothing here sleeps or reads a real clock.
 */
final class EventLoop {
    /** Virtual nanoTime starts far from 0 so that code subtracting stamps never sees small or negative values. */
    static final long START_NS = TimeUnit.SECONDS.toNanos(1_000);

    private record Event(long atNs, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(atNs, o.atNs);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long nowNs = START_NS;
    private long seq;
    private long executed;

    long nowNs() {
        return nowNs;
    }

    long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(nowNs - START_NS);
    }

    long executed() {
        return executed;
    }

    void at(long atNs, Runnable action) {
        queue.add(new Event(Math.max(atNs, nowNs), seq++, action));
    }

    void afterMs(double ms, Runnable action) {
        at(nowNs + (long) (ms * 1_000_000), action);
    }

    void now(Runnable action) {
        at(nowNs, action);
    }

    /** Time of the next event, or Long.MAX_VALUE if none. */
    long nextAtNs() {
        Event e = queue.peek();
        return e == null ? Long.MAX_VALUE : e.atNs;
    }

    /** Runs the next event if it is due by {@code untilNs}, advancing time to it; false if none is. */
    boolean runNext(long untilNs) {
        Event e = queue.peek();
        if (e == null || e.atNs > untilNs) {
            return false;
        }
        queue.poll();
        nowNs = Math.max(nowNs, e.atNs);
        executed++;
        e.action.run();
        return true;
    }

    /** Moves time forward (never back). */
    void advanceTo(long atNs) {
        nowNs = Math.max(nowNs, atNs);
    }
}
