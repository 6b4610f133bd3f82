package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private long now;
    private final List<Long> parks = new ArrayList<>();

    /** A park that sleeps exactly as long as asked, on the test's clock. */
    private Throttle throttle(double rate) {
        Throttle t = new Throttle(rate, () -> now, ns -> {
            parks.add(ns);
            now += ns;
        });
        t.start();
        return t;
    }

    /**
     * Session 18: at 200 k records/s (5 µs per record) and a send() that takes 1 µs, the throttle parked before every
     * record; now it parks once it is a millisecond ahead of the schedule (after 250 records, each 4 µs ahead), until
     * the schedule catches up: 800 parks for a second of records (200,000 before), and the rate is kept.
     */
    @Test
    void parksOnlyOnceAMillisecondAheadAndKeepsTheRate() {
        Throttle t = throttle(200_000);
        for (long i = 0; i < 200_000; i++) {
            t.await(i);
            now += 1_000; // the send itself
        }
        assertEquals(800, parks.size(), 2, "one park per 250 records");
        assertEquals(1e9, now, 1e6, "200,000 records at 200 k/s take a second");
        for (long p : parks) {
            assertEquals(Throttle.MIN_PARK_NS, p, 5_000, "each park waits until the schedule has caught up");
        }
    }

    @Test
    void aSlowSenderNeverParks() {
        Throttle t = throttle(200_000);
        for (long i = 0; i < 10_000; i++) {
            t.await(i);
            now += 6_000; // slower than the schedule's 5 µs
        }
        assertEquals(List.of(), parks);
    }

    @Test
    void aParkThatReturnsEarlyParksAgainUntilTheRecordIsDue() {
        List<Long> asked = new ArrayList<>();
        Throttle t = new Throttle(1_000, () -> now, ns -> {
            asked.add(ns);
            now += ns / 2 + 1; // returns early, halfway
        });
        t.start();
        t.await(0);
        t.await(5); // due 5 ms after the start
        assertEquals(5_000_000L, asked.get(0));
        assertEquals(true, asked.size() > 1, "parked again: " + asked);
        assertEquals(5_000_000L, now, 1, "returns once the record is due, not before");
    }

    @Test
    void unlimitedNeverParks() {
        Throttle t = throttle(-1);
        for (long i = 0; i < 1_000; i++) {
            t.await(i);
        }
        assertEquals(List.of(), parks);
    }
}
