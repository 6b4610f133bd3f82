package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * TxnOffsetCommit response (key 28), flattened to one entry per partition.
 *
 * <pre>
 * throttle_time_ms INT32
 * | topics ARRAY of { name STRING | partitions ARRAY of { partition_index INT32 | error_code INT16 } }
 * v3+: compact strings and arrays, tagged fields after each partition, each topic and at the end
 * v6:  topics are named by topic_id UUID instead of name
 * </pre>
 * Below v6 {@link PartitionResult#topicId()} is null; from v6 {@link PartitionResult#topic()} is null.
 */
public record TxnOffsetCommitResponse(int throttleTimeMs, List<PartitionResult> results) {

    private static final short FIRST_WITH_TOPIC_IDS = 6;
    /** partition_index(4) + error_code(2). */
    private static final int MIN_PARTITION_BYTES = 6;
    /** name(1) + partitions(1). */
    private static final int MIN_TOPIC_BYTES = 2;

    /** The outcome for one partition. */
    public record PartitionResult(String topic, UUID topicId, int partition, short errorCode) {
    }

    public TxnOffsetCommitResponse {
        results = List.copyOf(results);
    }

    public static TxnOffsetCommitResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.TXN_OFFSET_COMMIT, version);
        return reader.guard(() -> {
            int throttleTimeMs = reader.readInt32("throttle_time_ms");
            int topicCount = reader.readArrayLength("topics", MIN_TOPIC_BYTES);
            List<PartitionResult> results = new ArrayList<>(WireReader.presize(topicCount));
            for (int t = 0; t < topicCount; t++) {
                reader.enter("topics", t);
                String name = null;
                UUID topicId = null;
                if (version >= FIRST_WITH_TOPIC_IDS) {
                    topicId = reader.readUuid("topic_id");
                } else {
                    name = reader.readString("name");
                }
                int partitionCount = reader.readArrayLength("partitions", MIN_PARTITION_BYTES);
                for (int p = 0; p < partitionCount; p++) {
                    reader.enter("partitions", p);
                    results.add(new PartitionResult(name, topicId, reader.readInt32("partition_index"),
                            reader.readInt16("error_code")));
                    reader.skipTaggedFields();
                    reader.exit();
                }
                reader.skipTaggedFields();
                reader.exit();
            }
            reader.skipTaggedFields();
            return new TxnOffsetCommitResponse(throttleTimeMs, results);
        });
    }
}
