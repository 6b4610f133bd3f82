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
        assertEquals(80, QueuedRecordCharge.perRecord(512 * MIB, 32 * MIB), "a twelfth of 512 MiB: session 12's A/B");
        assertEquals(80, QueuedRecordCharge.perRecord(420 * MIB, 32 * MIB));
        assertEquals(80, QueuedRecordCharge.perRecord(Long.MAX_VALUE, 32 * MIB));
        assertEquals(80, QueuedRecordCharge.perRecord(64 * MIB, 1 * MIB), "a small buffer.memory fits any heap");
    }

    @Test
    void aSmallHeapHoldsAboutA24thOfItInQueuedRecords() {
        int charge = QueuedRecordCharge.perRecord(64 * MIB, 32 * MIB);
        assertEquals(904, charge, "ceil(32 MiB / floor((64 MiB / 12 - 2.5 MiB) / 80 B))");
        long queuedAtMost = 32 * MIB / charge;
        assertTrue(queuedAtMost * QueuedRecordCharge.MIN_BYTES <= 64 * MIB / 22,
                queuedAtMost + " records of 80 B in a 64 MiB heap");
        assertEquals(190, QueuedRecordCharge.perRecord(192 * MIB, 32 * MIB));
        assertEquals(84, QueuedRecordCharge.perRecord(400 * MIB, 32 * MIB));
    }

    @Test
    void aTinyHeapStillGetsA48th() {
        assertEquals(16 * MIB / 48, QueuedRecordCharge.heapShareBytes(16 * MIB));
        assertEquals(64 * MIB / 12 - (5L << 19), QueuedRecordCharge.heapShareBytes(64 * MIB));
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
