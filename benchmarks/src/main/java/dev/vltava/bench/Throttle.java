package dev.vltava.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces sends to a fixed rate: record {@code i} is sent no more than {@link #MIN_PARK_NS} before
 * {@code start + i / rate}. Falling behind is not made up with a burst beyond what the schedule allows (the schedule
 * is absolute, so a stall is followed by sends as fast as possible until the schedule is met again, as
 * kafka-producer-perf-test does).
 *
 * <p>The sending thread parks only once it is at least {@link #MIN_PARK_NS} ahead of the schedule, and then until the
 * schedule catches up, so records go out in bursts of about a millisecond's worth (kafka-producer-perf-test sleeps in
 * steps of at least 2 ms the same way). Parking whenever it was ahead by any amount (until session 18) parked tens of
 * thousands of times a second at 200 k records/s, each park a futex wait and a context switch: the harness's own
 * cost then was 43-55 % of the sending thread's CPU, and it was higher the faster the client under test returned from
 * send() (the faster client was ahead of the schedule more often), which billed the harness to the faster client.
 */
final class Throttle {
    /** How far ahead of the schedule the sending thread gets before it parks. */
    static final long MIN_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final double nanosPerRecord;
    private final LongSupplier clock;
    private final LongConsumer park;
    private long startNs;

    /** @param recordsPerSecond a negative value (or 0) means unlimited */
    Throttle(double recordsPerSecond) {
        this(recordsPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /** Tests: a clock of their own and what parking does. */
    Throttle(double recordsPerSecond, LongSupplier clock, LongConsumer park) {
        this.nanosPerRecord = recordsPerSecond > 0 ? 1e9 / recordsPerSecond : 0;
        this.clock = clock;
        this.park = park;
    }

    void start() {
        startNs = clock.getAsLong();
    }

    void await(long recordIndex) {
        if (nanosPerRecord == 0) {
            return;
        }
        long due = startNs + (long) (recordIndex * nanosPerRecord);
        long ahead = due - clock.getAsLong();
        if (ahead < MIN_PARK_NS) {
            return;
        }
        // No spinning: a spin loop would bill the harness's CPU to the producer being measured. A park may return
        // early; park again until the schedule has caught up.
        do {
            park.accept(ahead);
            ahead = due - clock.getAsLong();
        } while (ahead > 0);
    }
}
