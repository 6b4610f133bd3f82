package dev.vltava.producer.internal.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompressionTypeTest {

    @Test
    void idsAndNamesMatchTheOfficialClient() {
        for (CompressionType ours : CompressionType.values()) {
            org.apache.kafka.common.record.internal.CompressionType official =
                    org.apache.kafka.common.record.internal.CompressionType.forId(ours.id());
            assertEquals(official.name, ours.configName());
            assertEquals(official.id, ours.id());
            assertSame(ours, CompressionType.forName(official.name));
            assertSame(ours, CompressionType.forId(official.id));
        }
    }

    @Test
    void levelRangesMatchTheOfficialClient() {
        assertLevels(CompressionType.GZIP, org.apache.kafka.common.record.internal.CompressionType.GZIP);
        assertLevels(CompressionType.LZ4, org.apache.kafka.common.record.internal.CompressionType.LZ4);
        assertLevels(CompressionType.ZSTD, org.apache.kafka.common.record.internal.CompressionType.ZSTD);
        assertEquals(-1, CompressionType.GZIP.defaultLevel());
        assertEquals(9, CompressionType.LZ4.defaultLevel());
        assertEquals(3, CompressionType.ZSTD.defaultLevel());
    }

    private static void assertLevels(CompressionType ours,
            org.apache.kafka.common.record.internal.CompressionType official) {
        assertEquals(official.minLevel(), ours.minLevel());
        assertEquals(official.maxLevel(), ours.maxLevel());
        assertEquals(official.defaultLevel(), ours.defaultLevel());
        assertTrue(ours.hasLevels());
    }

    @Test
    void validateLevelAcceptsRangeAndDefaultOnly() {
        CompressionType.GZIP.validateLevel(-1);
        CompressionType.GZIP.validateLevel(1);
        CompressionType.GZIP.validateLevel(9);
        assertThrows(IllegalArgumentException.class, () -> CompressionType.GZIP.validateLevel(0));
        assertThrows(IllegalArgumentException.class, () -> CompressionType.GZIP.validateLevel(10));
        CompressionType.LZ4.validateLevel(17);
        assertThrows(IllegalArgumentException.class, () -> CompressionType.LZ4.validateLevel(18));
        assertThrows(IllegalArgumentException.class, () -> CompressionType.LZ4.validateLevel(0));
        CompressionType.ZSTD.validateLevel(-131_072);
        CompressionType.ZSTD.validateLevel(22);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompressionType.ZSTD.validateLevel(23));
        assertTrue(e.getMessage().contains("zstd") && e.getMessage().contains("22"), e.getMessage());
        // codecs without levels ignore the value
        assertFalse(CompressionType.SNAPPY.hasLevels());
        CompressionType.SNAPPY.validateLevel(12345);
        CompressionType.NONE.validateLevel(-7);
    }

    @Test
    void forNameIsLenientAboutCaseAndListsValidNames() {
        assertSame(CompressionType.LZ4, CompressionType.forName(" LZ4 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompressionType.forName("brotli"));
        for (CompressionType type : CompressionType.values()) {
            assertTrue(e.getMessage().contains(type.configName()), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CompressionType.forName(null));
    }

    @Test
    void forIdRejectsUnknownIds() {
        assertThrows(IllegalArgumentException.class, () -> CompressionType.forId(5));
        assertThrows(IllegalArgumentException.class, () -> CompressionType.forId(-1));
    }
}
