package dev.vltava.producer;

/**
 * Where a record landed.
 *
 * @param topic               topic of the record
 * @param partition           partition, or -1 if the record failed before a partition was chosen
 * @param offset              offset in the partition, or -1 when unknown ({@code acks=0}, or on failure)
 * @param timestamp           the record's timestamp: the broker's log-append time when the topic uses
 *                            LogAppendTime, otherwise the create time; -1 if unknown
 * @param serializedKeySize   key size in bytes, or -1 for a null key
 * @param serializedValueSize value size in bytes, or -1 for a null value
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp, int serializedKeySize,
                             int serializedValueSize) {

    /** The offset of a record whose offset is not known ({@code acks=0}, or a failed record). */
    public static final long UNKNOWN_OFFSET = -1L;
    /** The partition of a record that failed before a partition was chosen. */
    public static final int UNKNOWN_PARTITION = -1;
    /** The timestamp when none is known. */
    public static final long NO_TIMESTAMP = -1L;

    /** {@return true if the broker reported the offset (false for {@code acks=0} and on failure)} */
    public boolean hasOffset() {
        return offset >= 0;
    }

    /** {@return true if a timestamp is known} */
    public boolean hasTimestamp() {
        return timestamp >= 0;
    }
}
