package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Metadata request (key 3). {@code topics == null} asks for all topics (v1+); an empty list asks for none.
 *
 * <pre>
 * v1-8:  topics NULLABLE ARRAY of { name STRING }
 * v9:    topics COMPACT_NULLABLE_ARRAY of { name COMPACT_STRING | tagged }
 * v10+:  topics COMPACT_NULLABLE_ARRAY of { topic_id UUID (zero = by name) | name COMPACT_NULLABLE_STRING | tagged }
 * v4+:   allow_auto_topic_creation BOOLEAN   (before v4 the broker's own setting decides)
 * v8-10: include_cluster_authorized_operations BOOLEAN (false)
 * v8+:   include_topic_authorized_operations BOOLEAN (false)
 * v9+:   tagged fields
 * </pre>
 */
public record MetadataRequest(List<String> topics, boolean allowAutoTopicCreation) implements RequestBody {

    private static final short FIRST_WITH_AUTO_CREATE = 4;
    private static final short FIRST_WITH_AUTHORIZED_OPERATIONS = 8;
    private static final short FIRST_WITH_TOPIC_IDS = 10;
    private static final short LAST_WITH_CLUSTER_OPERATIONS = 10;

    public MetadataRequest {
        topics = topics == null ? null : List.copyOf(topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public int sizeInBytes(short version) {
        ApiKey.METADATA.checkImplemented(version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        int size = Wire.sizeOfArrayLength(topics == null ? -1 : topics.size(), flexible);
        if (topics != null) {
            for (String topic : topics) {
                size += Wire.sizeOfString(topic, flexible);
                if (version >= FIRST_WITH_TOPIC_IDS) {
                    size += Wire.UUID_SIZE_BYTES;
                }
                if (flexible) {
                    size += Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES;
                }
            }
        }
        size += version >= FIRST_WITH_AUTO_CREATE ? 1 : 0;
        size += isClusterOperationsVersion(version) ? 1 : 0;
        size += version >= FIRST_WITH_AUTHORIZED_OPERATIONS ? 1 : 0;
        return size + (flexible ? Wire.EMPTY_TAGGED_FIELDS_SIZE_BYTES : 0);
    }

    @Override
    public void writeTo(ByteBuffer buffer, short version) {
        ApiKey.METADATA.checkImplemented(version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        Wire.writeArrayLength(buffer, topics == null ? -1 : topics.size(), flexible);
        if (topics != null) {
            for (String topic : topics) {
                if (version >= FIRST_WITH_TOPIC_IDS) {
                    buffer.putLong(0L).putLong(0L); // zero id: look the topic up by name
                }
                Wire.writeString(buffer, topic, flexible);
                if (flexible) {
                    Wire.writeEmptyTaggedFields(buffer);
                }
            }
        }
        if (version >= FIRST_WITH_AUTO_CREATE) {
            buffer.put((byte) (allowAutoTopicCreation ? 1 : 0));
        }
        if (isClusterOperationsVersion(version)) {
            buffer.put((byte) 0);
        }
        if (version >= FIRST_WITH_AUTHORIZED_OPERATIONS) {
            buffer.put((byte) 0);
        }
        if (flexible) {
            Wire.writeEmptyTaggedFields(buffer);
        }
    }

    private static boolean isClusterOperationsVersion(short version) {
        return version >= FIRST_WITH_AUTHORIZED_OPERATIONS && version <= LAST_WITH_CLUSTER_OPERATIONS;
    }
}
