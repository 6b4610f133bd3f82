package dev.vltava.producer;

/**
 * The consumer position committed for a partition inside a transaction: the offset of the <em>next</em> record the
 * group will read (the last processed offset + 1), optional metadata, and optionally the leader epoch of the last
 * record processed (-1 when unknown).
 *
 * @param offset      the next offset to read, not negative
 * @param metadata    free text stored with the offset; null is stored as ""
 * @param leaderEpoch the leader epoch of the last processed record, or -1
 */
public record OffsetAndMetadata(long offset, String metadata, int leaderEpoch) {

    /** No leader epoch. */
    public static final int NO_LEADER_EPOCH = -1;

    /**
     * Checks the components; a null {@code metadata} becomes "".
     *
     * @param offset      the next offset to read
     * @param metadata    free text, or null
     * @param leaderEpoch the leader epoch, or -1
     * @throws IllegalArgumentException if {@code offset} is negative or {@code leaderEpoch} is below -1
     */
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (leaderEpoch < NO_LEADER_EPOCH) {
            throw new IllegalArgumentException("leaderEpoch must be -1 (unknown) or more, was " + leaderEpoch);
        }
        metadata = metadata == null ? "" : metadata;
    }

    /**
     * The offset alone: no metadata, no leader epoch.
     *
     * @param offset the next offset to read
     * @return the position
     */
    public static OffsetAndMetadata of(long offset) {
        return new OffsetAndMetadata(offset, "", NO_LEADER_EPOCH);
    }

    /**
     * The offset with metadata, no leader epoch.
     *
     * @param offset   the next offset to read
     * @param metadata free text stored with it
     * @return the position
     */
    public static OffsetAndMetadata of(long offset, String metadata) {
        return new OffsetAndMetadata(offset, metadata, NO_LEADER_EPOCH);
    }
}
