package dev.vltava.producer;

import java.util.Objects;

/**
 * The consumer group member whose offsets a transaction commits (what a consumer's {@code groupMetadata()} returns):
 * the group coordinator refuses the commit if the member is no longer part of that generation of the group, so a
 * zombie member cannot commit offsets behind the live one (KIP-447).
 *
 * @param groupId         the group id, not null or empty
 * @param generationId    the group's generation, or -1 when unknown (then only the transactional id fences)
 * @param memberId        the member id, "" when unknown
 * @param groupInstanceId the static member's instance id, or null
 */
public record ConsumerGroupMetadata(String groupId, int generationId, String memberId, String groupInstanceId) {

    /** The generation when it is unknown. */
    public static final int UNKNOWN_GENERATION = -1;

    /**
     * Checks the components.
     *
     * @param groupId         the group id
     * @param generationId    the generation, or -1
     * @param memberId        the member id, "" when unknown
     * @param groupInstanceId the static member's instance id, or null
     * @throws NullPointerException     if {@code groupId} or {@code memberId} is null
     * @throws IllegalArgumentException if {@code groupId} or a non-null {@code groupInstanceId} is empty
     */
    public ConsumerGroupMetadata {
        Objects.requireNonNull(groupId, "groupId must not be null");
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("groupId must not be empty");
        }
        Objects.requireNonNull(memberId, "memberId must not be null (\"\" when unknown)");
        if (groupInstanceId != null && groupInstanceId.isEmpty()) {
            throw new IllegalArgumentException("groupInstanceId must be null or not empty");
        }
    }

    /**
     * Only the group id: unknown generation and member (no fencing of zombie group members).
     *
     * @param groupId the group id
     * @return the metadata
     */
    public static ConsumerGroupMetadata of(String groupId) {
        return new ConsumerGroupMetadata(groupId, UNKNOWN_GENERATION, "", null);
    }
}
