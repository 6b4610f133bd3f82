package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * TxnOffsetCommit request (key 28): stores consumer offsets as part of the open transaction, visible to the group
 * only once the transaction commits. Sent to the group coordinator.
 *
 * <pre>
 * v0-1:  transactional_id STRING | group_id STRING | producer_id INT64 | producer_epoch INT16
 *        | topics ARRAY of { name STRING | partitions ARRAY of { partition_index INT32 | committed_offset INT64
 *                                                               | committed_metadata NULLABLE_STRING } }
 * v2:    partitions gain committed_leader_epoch INT32 after committed_offset
 * v3-5:  after producer_epoch: generation_id INT32 | member_id STRING | group_instance_id NULLABLE_STRING;
 *        compact strings and arrays, tagged fields after each partition, each topic and at the end
 * v6:    topics are named by topic_id UUID instead of name
 * </pre>
 *
 * <p>Versions are not interchangeable in meaning: v5+ in a transactions-v2 transaction also enrolls the group's
 * offsets partition (replacing AddOffsetsToTxn), so a transactions-v1 producer caps at v4. The group fields
 * (KIP-447) let the coordinator fence a zombie member; before v3 they cannot be sent, and a request carrying them
 * refuses to encode there rather than silently drop them. The committed leader epoch is informational and is
 * dropped before v2, like the official client does. v6 needs every topic's id; below v6 every topic's name.
 *
 * @param generationId the consumer group generation (or member epoch), -1 if unknown
 * @param memberId the consumer's member id, "" if unknown
 * @param groupInstanceId the static member id, or {@code null}
 */
public record TxnOffsetCommitRequest(String transactionalId, String groupId, long producerId, short producerEpoch,
                                     int generationId, String memberId, String groupInstanceId, List<Topic> topics)
        implements RequestBody {

    public static final int UNKNOWN_GENERATION_ID = -1;
    public static final int NO_LEADER_EPOCH = -1;

    private static final short FIRST_WITH_LEADER_EPOCH = 2;
    private static final short FIRST_WITH_GROUP_METADATA = 3;
    private static final short FIRST_WITH_TOPIC_IDS = 6;

    /** Offsets of one topic; {@code name} is used below v6, {@code topicId} from v6, so either may be null. */
    public record Topic(String name, UUID topicId, List<Partition> partitions) {
        public Topic {
            if (name == null && topicId == null) {
                throw new IllegalArgumentException("a topic needs a name or an id");
            }
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * @param committedOffset the offset of the next record the consumer will read
     * @param committedLeaderEpoch leader epoch of the last consumed record, or {@link #NO_LEADER_EPOCH}
     * @param committedMetadata free-form metadata, may be null
     */
    public record Partition(int partitionIndex, long committedOffset, int committedLeaderEpoch,
                            String committedMetadata) {
    }

    public TxnOffsetCommitRequest {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        topics = List.copyOf(topics);
    }

    /** True if the request carries group metadata (generation, member or instance id), which needs v3+. */
    public boolean hasGroupMetadata() {
        return generationId != UNKNOWN_GENERATION_ID || !memberId.isEmpty() || groupInstanceId != null;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_OFFSET_COMMIT;
    }

    @Override
    public int sizeInBytes(short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        int size = Wire.sizeOfString(transactionalId, flexible) + Wire.sizeOfString(groupId, flexible) + 8 + 2;
        if (version >= FIRST_WITH_GROUP_METADATA) {
            size += 4 + Wire.sizeOfString(memberId, flexible) + Wire.sizeOfString(groupInstanceId, flexible);
        }
        size += Wire.sizeOfArrayLength(topics.size(), flexible);
        for (Topic topic : topics) {
            size += version >= FIRST_WITH_TOPIC_IDS ? Wire.UUID_SIZE_BYTES : Wire.sizeOfString(topic.name(), flexible);
            size += Wire.sizeOfArrayLength(topic.partitions().size(), flexible);
            for (Partition partition : topic.partitions()) {
                size += 4 + 8 + (version >= FIRST_WITH_LEADER_EPOCH ? 4 : 0)
                        + Wire.sizeOfString(partition.committedMetadata(), flexible);
                if (flexible) {
                    size += Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES;
                }
            }
            if (flexible) {
                size += Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES;
            }
        }
        return size + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        checkExpressible(version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        Wire.writeString(buffer, transactionalId, flexible);
        Wire.writeString(buffer, groupId, flexible);
        buffer.putLong(producerId);
        buffer.putShort(producerEpoch);
        if (version >= FIRST_WITH_GROUP_METADATA) {
            buffer.putInt(generationId);
            Wire.writeString(buffer, memberId, flexible);
            Wire.writeString(buffer, groupInstanceId, flexible);
        }
        Wire.writeArrayLength(buffer, topics.size(), flexible);
        for (Topic topic : topics) {
            if (version >= FIRST_WITH_TOPIC_IDS) {
                Wire.writeUuid(buffer, topic.topicId());
            } else {
                Wire.writeString(buffer, topic.name(), flexible);
            }
            Wire.writeArrayLength(buffer, topic.partitions().size(), flexible);
            for (Partition partition : topic.partitions()) {
                buffer.putInt(partition.partitionIndex());
                buffer.putLong(partition.committedOffset());
                if (version >= FIRST_WITH_LEADER_EPOCH) {
                    buffer.putInt(partition.committedLeaderEpoch());
                }
                Wire.writeString(buffer, partition.committedMetadata(), flexible);
                if (flexible) {
                    Wire.writeEmptyTaggedFields(buffer);
                }
            }
            if (flexible) {
                Wire.writeEmptyTaggedFields(buffer);
            }
        }
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    private void checkExpressible(short version) {
        ApiKey.TXN_OFFSET_COMMIT.checkImplemented(version);
        if (version < FIRST_WITH_GROUP_METADATA && hasGroupMetadata()) {
            throw new IllegalArgumentException("TxnOffsetCommit v" + version
                    + " cannot carry the consumer group metadata (generation, member id, instance id; needs v3+)");
        }
        for (Topic topic : topics) {
            if (version >= FIRST_WITH_TOPIC_IDS ? topic.topicId() == null : topic.name() == null) {
                throw new IllegalArgumentException("TxnOffsetCommit v" + version + " needs every topic's "
                        + (version >= FIRST_WITH_TOPIC_IDS ? "id" : "name") + ", missing for " + topic);
            }
        }
    }
}
