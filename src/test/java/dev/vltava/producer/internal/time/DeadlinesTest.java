package dev.vltava.producer.internal.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    @Test
    void addsOrdinaryDurations() {
        assertEquals(1_500_000_000L, Deadlines.plusNs(1_000_000_000L, 500_000_000L));
        assertEquals(-500L, Deadlines.plusNs(-1_000L, 500L), "nanoTime stamps may be negative");
        assertEquals(1_000_000_000L + TimeUnit.MILLISECONDS.toNanos(60_000),
                Deadlines.afterMs(1_000_000_000L, 60_000));
    }

    @Test
    void saturatesInsteadOfWrappingIntoThePast() {
        assertEquals(Long.MAX_VALUE, Deadlines.afterMs(1_000_000_000L, Long.MAX_VALUE), "max.block.ms=Long.MAX_VALUE");
        assertEquals(Long.MAX_VALUE, Deadlines.plusNs(Long.MAX_VALUE - 10, 11));
        assertEquals(Long.MAX_VALUE - 1, Deadlines.plusNs(-1, Long.MAX_VALUE), "no overflow from a negative stamp");
    }

    @Test
    void negativeTimeoutsCountAsZero() {
        assertEquals(42L, Deadlines.afterMs(42L, -5));
    }
}
