package dev.vltava.producer.internal.partition;

import static dev.vltava.producer.internal.partition.DefaultPartitioning.EXPLICIT_PARTITION_OUT_OF_RANGE;
import static dev.vltava.producer.internal.partition.DefaultPartitioning.NO_PARTITION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class DefaultPartitioningTest {

    private final StickyPartitionTracker sticky = new StickyPartitionTracker(16384, bound -> bound - 1);
    private final DefaultPartitioning partitioning = new DefaultPartitioning(false, sticky);
    private final byte[] key = "user-42".getBytes(StandardCharsets.UTF_8);

    @Test
    void explicitPartitionWins() {
        assertEquals(3, partitioning.partition("t", 3, 1, key, 10, null));
        assertEquals(EXPLICIT_PARTITION_OUT_OF_RANGE, partitioning.partition("t", 10, NO_PARTITION, key, 10, null));
        assertFalse(DefaultPartitioning.needsCustomPartitioner(true, 3));
        assertTrue(DefaultPartitioning.needsCustomPartitioner(true, NO_PARTITION));
        assertFalse(DefaultPartitioning.needsCustomPartitioner(false, NO_PARTITION));
    }

    @Test
    void customPartitionerComesNextAndMayDefer() {
        assertEquals(1, partitioning.partition("t", NO_PARTITION, 1, key, 10, null));
        assertEquals(BuiltInPartitioner.partitionForKey(key, 10),
                partitioning.partition("t", NO_PARTITION, NO_PARTITION, key, 10, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> partitioning.partition("t", NO_PARTITION, 10, key, 10, null));
        assertTrue(e.getMessage().contains("0..9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> partitioning.partition("t", NO_PARTITION, -5, key, 10, null));
    }

    @Test
    void keyedRecordsHashLikeKafka() {
        for (int i = 0; i < 1000; i++) {
            byte[] k = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(BuiltInPartitioner.partitionForKey(k, 7),
                    partitioning.partition("t", NO_PARTITION, NO_PARTITION, k, 7, null));
        }
        byte[] empty = new byte[0];
        assertEquals(BuiltInPartitioner.partitionForKey(empty, 7),
                partitioning.partition("t", NO_PARTITION, NO_PARTITION, empty, 7, null), "empty key is a key");
    }

    @Test
    void nullKeysAndIgnoredKeysAreSticky() {
        assertEquals(9, partitioning.partition("t", NO_PARTITION, NO_PARTITION, null, 10, null));
        assertTrue(partitioning.usesSticky(NO_PARTITION, NO_PARTITION, null));
        assertFalse(partitioning.usesSticky(NO_PARTITION, NO_PARTITION, key));
        assertFalse(partitioning.usesSticky(2, NO_PARTITION, null));
        DefaultPartitioning ignoring = new DefaultPartitioning(true, sticky);
        assertEquals(9, ignoring.partition("t", NO_PARTITION, NO_PARTITION, key, 10, null));
        assertTrue(ignoring.usesSticky(NO_PARTITION, NO_PARTITION, key));
    }
}
