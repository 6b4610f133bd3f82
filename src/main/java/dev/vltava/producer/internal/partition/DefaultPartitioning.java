package dev.vltava.producer.internal.partition;

/**
 * The order in which a record's partition is decided, as in Kafka: an explicit partition on the record, else the
 * user's partitioner (unless it returns -1), else murmur2 of the key bytes (unless keys are ignored or the key is
 * null), else the sticky partition for unkeyed records.
 *
 * <p>Takes plain ints and arrays so it does not depend on metadata types. The caller runs the user's partitioner
 * itself (it needs the public {@code PartitionInfo} list) and only when {@link #needsCustomPartitioner} says so.
 */
public final class DefaultPartitioning {

    /** "No partition": no explicit partition on the record, or the user's partitioner deferred to the default. */
    public static final int NO_PARTITION = -1;

    /**
     * The record's explicit partition is not below the partition count the metadata knows. Kafka then waits (up to
     * {@code max.block.ms}) for metadata that has the partition before failing; the caller decides.
     */
    public static final int EXPLICIT_PARTITION_OUT_OF_RANGE = -2;

    private final boolean ignoreKeys;
    private final StickyPartitionTracker sticky;

    public DefaultPartitioning(boolean ignoreKeys, StickyPartitionTracker sticky) {
        this.ignoreKeys = ignoreKeys;
        this.sticky = sticky;
    }

    /** True if the user's partitioner should be asked: there is one and the record has no explicit partition. */
    public static boolean needsCustomPartitioner(boolean hasCustomPartitioner, int explicitPartition) {
        return hasCustomPartitioner && explicitPartition == NO_PARTITION;
    }

    /**
     * @param explicitPartition   the record's partition, or {@link #NO_PARTITION}
     * @param customPartition     what the user's partitioner returned, or {@link #NO_PARTITION} if there is none
     *                            or it deferred
     * @param keyBytes            the serialized key, or null
     * @param availablePartitions partitions with a leader, or null if all are (see {@link StickyPartitionTracker})
     * @return the partition, or {@link #EXPLICIT_PARTITION_OUT_OF_RANGE}
     * @throws IllegalArgumentException if the user's partitioner returned a value outside [-1, numPartitions)
     */
    public int partition(String topic, int explicitPartition, int customPartition, byte[] keyBytes,
                         int numPartitions, int[] availablePartitions) {
        if (explicitPartition != NO_PARTITION) {
            return explicitPartition >= 0 && explicitPartition < numPartitions
                    ? explicitPartition
                    : EXPLICIT_PARTITION_OUT_OF_RANGE;
        }
        if (customPartition != NO_PARTITION) {
            if (customPartition < 0 || customPartition >= numPartitions) {
                throw new IllegalArgumentException("The partitioner returned partition " + customPartition
                        + " for topic " + topic + ", which has partitions 0.." + (numPartitions - 1)
                        + " (return -1 to use the default partitioning)");
            }
            return customPartition;
        }
        if (usesKeyHash(keyBytes)) {
            return Murmur2.partitionForKey(keyBytes, numPartitions);
        }
        return sticky.partition(topic, numPartitions, availablePartitions);
    }

    /**
     * True if {@link #partition} would pick (or picked) this record's partition with the sticky logic, in which
     * case the caller reports the appended bytes to {@link #sticky()}{@code .onAppend}.
     */
    public boolean usesSticky(int explicitPartition, int customPartition, byte[] keyBytes) {
        return explicitPartition == NO_PARTITION && customPartition == NO_PARTITION && !usesKeyHash(keyBytes);
    }

    public StickyPartitionTracker sticky() {
        return sticky;
    }

    public boolean ignoreKeys() {
        return ignoreKeys;
    }

    private boolean usesKeyHash(byte[] keyBytes) {
        return keyBytes != null && !ignoreKeys;
    }
}
