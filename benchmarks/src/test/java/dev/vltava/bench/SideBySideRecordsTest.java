package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SideBySideRecordsTest {
    @Test
    void anUnlimitedRunMeasuresTheRecordsAskedForCappedByItsCase() {
        assertEquals(5_000_000, SideBySide.measuredRecords(Shape.DROP_IN, 5_000_000, -1));
        assertEquals(1_000_000, SideBySide.measuredRecords(Shape.DROP_IN.records(1_000_000), 5_000_000, -1));
    }

    @Test
    void aFixedRateRunLastsAtLeastTheMinimumSeconds() {
        assertEquals(1_083_113L * SideBySide.FIXED_RATE_MIN_SECONDS,
                SideBySide.measuredRecords(Shape.DROP_IN, 5_000_000, 1_083_113));
        // already long enough at a low rate
        assertEquals(5_000_000, SideBySide.measuredRecords(Shape.DROP_IN, 5_000_000, 100_000));
    }
}
