package dev.vltava.producer.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Metadata response (key 3), v1 to v13.
 *
 * <pre>
 * v3+:   throttle_time_ms INT32
 *        brokers ARRAY of { node_id INT32 | host STRING | port INT32 | rack NULLABLE_STRING | tagged (v9+) }
 * v2+:   cluster_id NULLABLE_STRING
 *        controller_id INT32
 *        topics ARRAY of {
 *            error_code INT16 | name STRING (nullable v12+) | topic_id UUID (v10+) | is_internal BOOLEAN
 *            partitions ARRAY of { error_code INT16 | partition_index INT32 | leader_id INT32
 *                | leader_epoch INT32 (v7+) | replica_nodes ARRAY INT32 | isr_nodes ARRAY INT32
 *                | offline_replicas ARRAY INT32 (v5+) | tagged (v9+) }
 *            topic_authorized_operations INT32 (v8+) | tagged (v9+) }
 * v8-10: cluster_authorized_operations INT32 (dropped)
 * v13+:  error_code INT16 (top level)
 * v9+:   tagged fields; from v9 all strings and arrays use compact encodings
 * </pre>
 * Fields a version lacks take defaults: throttle 0, cluster id null, topic id null, leader epoch -1, no offline
 * replicas, top-level error 0. An all-zero topic id (Kafka's "none") is reported as {@code null}.
 */
public record MetadataResponse(int throttleTimeMs, List<Broker> brokers, String clusterId, int controllerId,
                               List<TopicMetadata> topics, short errorCode) {

    private static final short FIRST_WITH_CLUSTER_ID = 2;
    private static final short FIRST_WITH_THROTTLE = 3;
    private static final short FIRST_WITH_OFFLINE_REPLICAS = 5;
    private static final short FIRST_WITH_LEADER_EPOCH = 7;
    private static final short FIRST_WITH_AUTHORIZED_OPERATIONS = 8;
    private static final short FIRST_WITH_TOPIC_ID = 10;
    private static final short LAST_WITH_CLUSTER_OPERATIONS = 10;
    private static final short FIRST_WITH_TOP_LEVEL_ERROR = 13;

    private static final int MIN_BROKER_BYTES = 10;
    private static final int MIN_TOPIC_BYTES = 5;
    private static final int MIN_PARTITION_BYTES = 12;

    public record Broker(int nodeId, String host, int port, String rack) {
    }

    public record TopicMetadata(short errorCode, String name, UUID topicId, boolean isInternal,
                                List<PartitionMetadata> partitions) {
        public TopicMetadata {
            partitions = List.copyOf(partitions);
        }
    }

    /** One partition; the node arrays are copied on the way in and out so the record stays immutable. */
    public record PartitionMetadata(short errorCode, int partitionIndex, int leaderId, int leaderEpoch,
                                    int[] replicaNodes, int[] isrNodes, int[] offlineReplicas) {
        public PartitionMetadata {
            replicaNodes = replicaNodes.clone();
            isrNodes = isrNodes.clone();
            offlineReplicas = offlineReplicas.clone();
        }

        @Override
        public int[] replicaNodes() {
            return replicaNodes.clone();
        }

        @Override
        public int[] isrNodes() {
            return isrNodes.clone();
        }

        @Override
        public int[] offlineReplicas() {
            return offlineReplicas.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PartitionMetadata that && errorCode == that.errorCode
                    && partitionIndex == that.partitionIndex && leaderId == that.leaderId
                    && leaderEpoch == that.leaderEpoch && Arrays.equals(replicaNodes, that.replicaNodes)
                    && Arrays.equals(isrNodes, that.isrNodes) && Arrays.equals(offlineReplicas, that.offlineReplicas);
        }

        @Override
        public int hashCode() {
            return ((errorCode * 31 + partitionIndex) * 31 + leaderId) * 31 + Arrays.hashCode(replicaNodes);
        }

        @Override
        public String toString() {
            return "PartitionMetadata[errorCode=" + errorCode + ", partitionIndex=" + partitionIndex + ", leaderId="
                    + leaderId + ", leaderEpoch=" + leaderEpoch + ", replicaNodes=" + Arrays.toString(replicaNodes)
                    + ", isrNodes=" + Arrays.toString(isrNodes) + ", offlineReplicas="
                    + Arrays.toString(offlineReplicas) + "]";
        }
    }

    public MetadataResponse {
        brokers = List.copyOf(brokers);
        topics = List.copyOf(topics);
    }

    public static MetadataResponse parse(ByteBuffer body, short version) {
        WireReader reader = WireReader.forResponse(body, ApiKey.METADATA, version);
        return reader.guard(() -> read(reader, version));
    }

    private static MetadataResponse read(WireReader reader, short version) {
        int throttleTimeMs = version >= FIRST_WITH_THROTTLE ? reader.readInt32("throttle_time_ms") : 0;
        List<Broker> brokers = readBrokers(reader);
        String clusterId = version >= FIRST_WITH_CLUSTER_ID ? reader.readNullableString("cluster_id") : null;
        int controllerId = reader.readInt32("controller_id");
        int topicCount = reader.readArrayLength("topics", MIN_TOPIC_BYTES);
        List<TopicMetadata> topics = new ArrayList<>(WireReader.presize(topicCount));
        for (int i = 0; i < topicCount; i++) {
            reader.enter("topics", i);
            topics.add(readTopic(reader, version));
            reader.exit();
        }
        if (version >= FIRST_WITH_AUTHORIZED_OPERATIONS && version <= LAST_WITH_CLUSTER_OPERATIONS) {
            reader.readInt32("cluster_authorized_operations");
        }
        short errorCode = version >= FIRST_WITH_TOP_LEVEL_ERROR ? reader.readInt16("error_code") : 0;
        reader.skipTaggedFields();
        return new MetadataResponse(throttleTimeMs, brokers, clusterId, controllerId, topics, errorCode);
    }

    private static List<Broker> readBrokers(WireReader reader) {
        int count = reader.readArrayLength("brokers", MIN_BROKER_BYTES);
        List<Broker> brokers = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("brokers", i);
            brokers.add(new Broker(reader.readInt32("node_id"), reader.readString("host"), reader.readInt32("port"),
                    reader.readNullableString("rack")));
            reader.skipTaggedFields();
            reader.exit();
        }
        return brokers;
    }

    private static TopicMetadata readTopic(WireReader reader, short version) {
        short errorCode = reader.readInt16("error_code");
        // the schema makes the name nullable only from v12, but accepting null earlier costs nothing
        String name = reader.readNullableString("name");
        UUID topicId = version >= FIRST_WITH_TOPIC_ID ? reader.readUuidOrNull("topic_id") : null;
        boolean isInternal = reader.readBoolean("is_internal");
        int count = reader.readArrayLength("partitions", MIN_PARTITION_BYTES);
        List<PartitionMetadata> partitions = new ArrayList<>(WireReader.presize(count));
        for (int i = 0; i < count; i++) {
            reader.enter("partitions", i);
            partitions.add(readPartition(reader, version));
            reader.exit();
        }
        if (version >= FIRST_WITH_AUTHORIZED_OPERATIONS) {
            reader.readInt32("topic_authorized_operations");
        }
        reader.skipTaggedFields();
        return new TopicMetadata(errorCode, name, topicId, isInternal, partitions);
    }

    private static PartitionMetadata readPartition(WireReader reader, short version) {
        short errorCode = reader.readInt16("error_code");
        int partitionIndex = reader.readInt32("partition_index");
        int leaderId = reader.readInt32("leader_id");
        int leaderEpoch = version >= FIRST_WITH_LEADER_EPOCH ? reader.readInt32("leader_epoch") : -1;
        int[] replicas = reader.readInt32Array("replica_nodes");
        int[] isr = reader.readInt32Array("isr_nodes");
        int[] offline = version >= FIRST_WITH_OFFLINE_REPLICAS ? reader.readInt32Array("offline_replicas") : new int[0];
        reader.skipTaggedFields();
        return new PartitionMetadata(errorCode, partitionIndex, leaderId, leaderEpoch, replicas, isr, offline);
    }
}
