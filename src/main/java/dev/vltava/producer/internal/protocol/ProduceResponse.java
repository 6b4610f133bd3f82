package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Produce response (key 0), v3 to v13.
 *
 * <pre>
 * responses ARRAY of {
 *     name STRING (v3-12) | topic_id UUID (v13+)
 *     partition_responses ARRAY of {
 *         index INT32 | error_code INT16 | base_offset INT64 | log_append_time_ms INT64
 *         | log_start_offset INT64 (v5+)
 *         | record_errors ARRAY of { batch_index INT32 | batch_index_error_message NULLABLE_STRING | tagged } (v8+)
 *         | error_message NULLABLE_STRING (v8+)
 *         | tagged (v9+); tag 0 = current_leader { leader_id INT32 | leader_epoch INT32 | tagged } (v10+)
 *     }
 *     tagged (v9+)
 * }
 * throttle_time_ms INT32
 * tagged (v9+); tag 0 = node_endpoints ARRAY of { node_id INT32 | host STRING | port INT32
 *                                               | rack NULLABLE_STRING | tagged } (v10+, KIP-951)
 * </pre>
 * From v9 all strings and arrays use compact encodings. Absent fields take defaults: log start offset -1, no record
 * errors, null error message, null current leader, no node endpoints. An all-zero topic id is reported as null.
 */
public record ProduceResponse(List<TopicResponse> responses, int throttleTimeMs, List<NodeEndpoint> nodeEndpoints) {

    private static final short FIRST_WITH_LOG_START_OFFSET = 5;
    private static final short FIRST_WITH_RECORD_ERRORS = 8;
    private static final short FIRST_WITH_LEADER_HINTS = 10;
    private static final short FIRST_WITH_TOPIC_ID = 13;
    private static final int CURRENT_LEADER_TAG = 0;
    private static final int NODE_ENDPOINTS_TAG = 0;

    private static final int MIN_TOPIC_BYTES = 2;
    private static final int MIN_PARTITION_BYTES = 22;
    private static final int MIN_RECORD_ERROR_BYTES = 5;
    private static final int MIN_NODE_ENDPOINT_BYTES = 10;

    /** One topic's results; {@code name} before v13, {@code topicId} from v13. */
    public record TopicResponse(String name, UUID topicId, List<PartitionResponse> partitions) {
        public TopicResponse {
            partitions = List.copyOf(partitions);
        }
    }

    public record PartitionResponse(int index, short errorCode, long baseOffset, long logAppendTimeMs,
                                    long logStartOffset, List<RecordError> recordErrors, String errorMessage,
                                    LeaderIdAndEpoch currentLeader) {
        public PartitionResponse {
            recordErrors = List.copyOf(recordErrors);
        }
    }

    /** A record the broker rejected, by its index inside the batch (KIP-467). */
    public record RecordError(int batchIndex, String message) {
    }

    /** The new leader the broker points to after NOT_LEADER_OR_FOLLOWER and similar errors (KIP-951). */
    public record LeaderIdAndEpoch(int leaderId, int leaderEpoch) {
    }

    public record NodeEndpoint(int nodeId, String host, int port, String rack) {
    }

    public ProduceResponse {
        responses = List.copyOf(responses);
        nodeEndpoints = List.copyOf(nodeEndpoints);
    }

    public static ProduceResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.PRODUCE, version);
        return reader.guard(() -> read(reader, version));
    }

    private static ProduceResponse read(WireReader reader, short version) {
        int topicCount = reader.readArrayLength("responses", MIN_TOPIC_BYTES);
        List<TopicResponse> topics = new ArrayList<>(WireReader.presize(topicCount));
        for (int i = 0; i < topicCount; i++) {
            reader.enter("responses", i);
            topics.add(readTopic(reader, version));
            reader.exit();
        }
        int throttleTimeMs = reader.readInt32("throttle_time_ms");
        List<NodeEndpoint> endpoints = List.of();
        if (reader.flexible()) {
            int tagCount = reader.readTaggedFieldCount();
            for (int i = 0; i < tagCount; i++) {
                int tag = reader.readTag();
                reader.enterTaggedField();
                if (tag == NODE_ENDPOINTS_TAG && version >= FIRST_WITH_LEADER_HINTS) {
                    endpoints = readNodeEndpoints(reader);
                }
                reader.exitTaggedField();
            }
        }
        return new ProduceResponse(topics, throttleTimeMs, endpoints);
    }

    private static TopicResponse readTopic(WireReader reader, short version) {
        String name = null;
        UUID topicId = null;
        if (version >= FIRST_WITH_TOPIC_ID) {
            topicId = reader.readUuidOrNull("topic_id");
        } else {
            name = reader.readString("name");
        }
        int count = reader.readArrayLength("partition_responses", MIN_PARTITION_BYTES);
        List<PartitionResponse> partitions = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("partition_responses", i);
            partitions.add(readPartition(reader, version));
            reader.exit();
        }
        reader.skipTaggedFields();
        return new TopicResponse(name, topicId, partitions);
    }

    private static PartitionResponse readPartition(WireReader reader, short version) {
        int index = reader.readInt32("index");
        short errorCode = reader.readInt16("error_code");
        long baseOffset = reader.readInt64("base_offset");
        long logAppendTimeMs = reader.readInt64("log_append_time_ms");
        long logStartOffset = version >= FIRST_WITH_LOG_START_OFFSET ? reader.readInt64("log_start_offset") : -1L;
        List<RecordError> recordErrors = List.of();
        String errorMessage = null;
        if (version >= FIRST_WITH_RECORD_ERRORS) {
            recordErrors = readRecordErrors(reader);
            errorMessage = reader.readNullableString("error_message");
        }
        LeaderIdAndEpoch currentLeader = null;
        if (reader.flexible()) {
            int tagCount = reader.readTaggedFieldCount();
            for (int i = 0; i < tagCount; i++) {
                int tag = reader.readTag();
                reader.enterTaggedField();
                if (tag == CURRENT_LEADER_TAG && version >= FIRST_WITH_LEADER_HINTS) {
                    reader.enter("current_leader");
                    currentLeader = new LeaderIdAndEpoch(reader.readInt32("leader_id"),
                            reader.readInt32("leader_epoch"));
                    reader.skipTaggedFields();
                    reader.exit();
                }
                reader.exitTaggedField();
            }
        }
        return new PartitionResponse(index, errorCode, baseOffset, logAppendTimeMs, logStartOffset, recordErrors,
                errorMessage, currentLeader);
    }

    private static List<RecordError> readRecordErrors(WireReader reader) {
        int count = reader.readArrayLength("record_errors", MIN_RECORD_ERROR_BYTES);
        List<RecordError> errors = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("record_errors", i);
            errors.add(new RecordError(reader.readInt32("batch_index"),
                    reader.readNullableString("batch_index_error_message")));
            reader.skipTaggedFields();
            reader.exit();
        }
        return errors;
    }

    private static List<NodeEndpoint> readNodeEndpoints(WireReader reader) {
        int count = reader.readArrayLength("node_endpoints", MIN_NODE_ENDPOINT_BYTES);
        List<NodeEndpoint> endpoints = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("node_endpoints", i);
            endpoints.add(new NodeEndpoint(reader.readInt32("node_id"), reader.readString("host"),
                    reader.readInt32("port"), reader.readNullableString("rack")));
            reader.skipTaggedFields();
            reader.exit();
        }
        return endpoints;
    }
}
