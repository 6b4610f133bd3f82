package dev.vltava.producer.internal.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Bit-identical to the official murmur2 and key-to-partition mapping. */
class Murmur2Test {

    @Test
    void everyLengthFrom0To64MatchesKafka() {
        Random random = new Random(7);
        for (int length = 0; length <= 64; length++) {
            for (int round = 0; round < 200; round++) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                assertEquals(Utils.murmur2(key), Murmur2.hash(key), "length " + length);
                int partitions = 1 + random.nextInt(1000);
                assertEquals(BuiltInPartitioner.partitionForKey(key, partitions),
                        Murmur2.partitionForKey(key, partitions));
            }
        }
    }

    @Test
    void bytesWithTheHighBitSetMatch() {
        for (int b = 0; b < 256; b++) {
            for (int length = 1; length <= 8; length++) {
                byte[] key = new byte[length];
                java.util.Arrays.fill(key, (byte) b);
                assertEquals(Utils.murmur2(key), Murmur2.hash(key));
            }
        }
    }

    @Test
    void toPositiveClearsTheSignBitLikeKafka() {
        for (int n : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, -123456}) {
            assertEquals(Utils.toPositive(n), Murmur2.toPositive(n));
        }
    }

    @Test
    void partitionCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Murmur2.partitionForKey(new byte[1], 0));
    }

    @Property(tries = 2000)
    void randomKeysMatchKafka(@ForAll @Size(max = 300) byte[] key, @ForAll @IntRange(min = 1, max = 100_000) int n) {
        assertEquals(Utils.murmur2(key), Murmur2.hash(key));
        assertEquals(BuiltInPartitioner.partitionForKey(key, n), Murmur2.partitionForKey(key, n));
    }
}
