package dev.vltava.producer.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-record charge against buffer.memory grows in a heap too small for buffer.memory's worth of records. */
class QueuedRecordChargeTest {
    private static final long MIB = 1L << 20;

    @Test
    void aLargeOrUnboundedHeapKeepsTheMinimum() {
        assertEquals(80, QueuedRecordCharge.perRecord(1024 * MIB, 32 * MIB));
        assertEquals(80, QueuedRecordCharge.perRecord(800 * MIB, 32 * MIB));
        assertEquals(80, QueuedRecordCharge.perRecord(Long.MAX_VALUE, 32 * MIB));
        assertEquals(80, QueuedRecordCharge.perRecord(64 * MIB, 1 * MIB), "a small buffer.memory fits any heap");
    }

    @Test
    void aSmallHeapHoldsAtMostA24thOfItInQueuedRecords() {
        int charge = QueuedRecordCharge.perRecord(64 * MIB, 32 * MIB);
        assertEquals(961, charge, "ceil(32 MiB / floor(64 MiB / 24 / 80 B))");
        assertEquals(321, QueuedRecordCharge.perRecord(192 * MIB, 32 * MIB));
        assertEquals(121, QueuedRecordCharge.perRecord(512 * MIB, 32 * MIB));
        long queuedAtMost = 32 * MIB / charge;
        assertTrue(queuedAtMost * QueuedRecordCharge.MIN_BYTES <= 64 * MIB / 24,
                queuedAtMost + " records of 80 B in a 64 MiB heap");
    }

    @Test
    void theChargeIsCappedSoARecordStillFits() {
        assertEquals(64 * 1024, QueuedRecordCharge.perRecord(16 * 1024, 32 * MIB));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QueuedRecordCharge.perRecord(0, 32 * MIB));
        assertThrows(IllegalArgumentException.class, () -> QueuedRecordCharge.perRecord(64 * MIB, 0));
    }
}
