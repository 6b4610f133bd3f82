package dev.vltava.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces sends to a fixed rate: record {@code i} is not sent before {@code start + i / rate}. Falling behind is not
 * made up with a burst beyond what the schedule allows (the schedule is absolute, so a stall is followed by sends as
 * fast as possible until the schedule is met again, as kafka-producer-perf-test does).
 */
final class Throttle {
    private final double nanosPerRecord;
    private long startNs;

    /** @param recordsPerSecond a negative value (or 0) means unlimited */
    Throttle(double recordsPerSecond) {
        this.nanosPerRecord = recordsPerSecond > 0 ? 1e9 / recordsPerSecond : 0;
    }

    void start() {
        startNs = System.nanoTime();
    }

    void await(long recordIndex) {
        if (nanosPerRecord == 0) {
            return;
        }
        long due = startNs + (long) (recordIndex * nanosPerRecord);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            // No spinning: a spin loop would bill the harness's CPU to the producer being measured. A park is
            // coarse (tens of microseconds), so records go out in small bursts that keep to the schedule.
            LockSupport.parkNanos(wait);
        }
    }
}
