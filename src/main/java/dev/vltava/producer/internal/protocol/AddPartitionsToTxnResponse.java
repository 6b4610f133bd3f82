package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * AddPartitionsToTxn response (key 24), the client form (v0-v3), flattened to one entry per partition.
 *
 * <pre>
 * throttle_time_ms INT32
 * | results_by_topic ARRAY of { name STRING | results_by_partition ARRAY of { partition_index INT32
 *                                                                          | partition_error_code INT16 } }
 * v3: compact strings and arrays, tagged fields after each partition, each topic and at the end
 * </pre>
 * When one partition fails, the coordinator answers OPERATION_NOT_ATTEMPTED for the others of the request.
 */
public record AddPartitionsToTxnResponse(int throttleTimeMs, List<PartitionResult> results) {

    /** partition_index(4) + error(2) (+ tagged(1) in v3). */
    private static final int MIN_PARTITION_BYTES = 6;
    /** name(1) + partitions array(1). */
    private static final int MIN_TOPIC_BYTES = 2;

    /** The outcome for one partition. */
    public record PartitionResult(String topic, int partition, short errorCode) {
    }

    public AddPartitionsToTxnResponse {
        results = List.copyOf(results);
    }

    /** The error code for one partition, or {@code null} if the response does not mention it. */
    public Short errorCodeFor(String topic, int partition) {
        for (PartitionResult result : results) {
            if (result.partition() == partition && result.topic().equals(topic)) {
                return result.errorCode();
            }
        }
        return null;
    }

    public static AddPartitionsToTxnResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.ADD_PARTITIONS_TO_TXN, version);
        return reader.guard(() -> {
            int throttleTimeMs = reader.readInt32("throttle_time_ms");
            int topicCount = reader.readArrayLength("results_by_topic", MIN_TOPIC_BYTES);
            List<PartitionResult> results = new ArrayList<>(WireReader.presize(topicCount));
            for (int t = 0; t < topicCount; t++) {
                reader.enter("results_by_topic", t);
                String name = reader.readString("name");
                int partitionCount = reader.readArrayLength("results_by_partition", MIN_PARTITION_BYTES);
                for (int p = 0; p < partitionCount; p++) {
                    reader.enter("results_by_partition", p);
                    results.add(new PartitionResult(name, reader.readInt32("partition_index"),
                            reader.readInt16("partition_error_code")));
                    reader.skipTaggedFields();
                    reader.exit();
                }
                reader.skipTaggedFields();
                reader.exit();
            }
            reader.skipTaggedFields();
            return new AddPartitionsToTxnResponse(throttleTimeMs, results);
        });
    }
}
