package dev.vltava.producer.internal.partition;

/**
 * 32-bit MurmurHash2 exactly as Kafka's default partitioner computes it, so keyed records land on the same
 * partition as with the official client. Parameters (seed, multiplier, shift) and the tail handling are the
 * facts from docs WIRE-NOTES.md; input is read as little-endian 4-byte words.
 */
public final class Murmur2 {

    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    @SuppressWarnings("fallthrough") // the tail cases deliberately fall through, as in MurmurHash2
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int wordsEnd = length & ~3;
        for (int i = 0; i < wordsEnd; i += 4) {
            int k = (data[i] & 0xff)
                    | (data[i + 1] & 0xff) << 8
                    | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        switch (length & 3) {
            case 3:
                h ^= (data[wordsEnd + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[wordsEnd + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[wordsEnd] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /** Clears the sign bit. Not {@code Math.abs}: that maps MIN_VALUE to itself and differs from Kafka. */
    public static int toPositive(int number) {
        return number & 0x7fffffff;
    }

    /** The partition Kafka's default partitioner picks for these key bytes. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be > 0 but was " + numPartitions);
        }
        return toPositive(hash(keyBytes)) % numPartitions;
    }
}
