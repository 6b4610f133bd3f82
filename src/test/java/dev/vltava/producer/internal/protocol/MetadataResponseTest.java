package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Metadata responses encoded by the official client at every version we claim, read by ours. */
class MetadataResponseTest {

    private static final UUID ORDERS_ID = UUID.fromString("6f1d2a3b-0000-4000-8000-00000000abcd");

    static Stream<Short> versions() {
        return Official.versions(ApiKey.METADATA);
    }

    static MetadataResponseData officialResponse(short version) {
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        MetadataResponseData data = new MetadataResponseData().setControllerId(2);
        if (version >= 3) {
            data.setThrottleTimeMs(11);
        }
        if (version >= 2) {
            data.setClusterId("cluster-ü");
        }
        data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("b1").setPort(9092)
                .setRack("rack-a"));
        data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(2).setHost("b2").setPort(9093)
                .setRack(null));
        MetadataResponseData.MetadataResponseTopic orders = new MetadataResponseData.MetadataResponseTopic()
                .setErrorCode((short) 0).setName("orders").setIsInternal(false);
        if (version >= 10) {
            orders.setTopicId(new Uuid(ORDERS_ID.getMostSignificantBits(), ORDERS_ID.getLeastSignificantBits()));
        }
        MetadataResponseData.MetadataResponsePartition p0 = new MetadataResponseData.MetadataResponsePartition()
                .setErrorCode((short) 0).setPartitionIndex(0).setLeaderId(1)
                .setReplicaNodes(List.of(1, 2)).setIsrNodes(List.of(1));
        if (version >= 7) {
            p0.setLeaderEpoch(42);
        }
        if (version >= 5) {
            p0.setOfflineReplicas(List.of(2));
        }
        if (flexible) {
            p0.unknownTaggedFields().add(Official.unknownTag(60));
            orders.unknownTaggedFields().add(Official.unknownTag(61));
            data.brokers().find(1).unknownTaggedFields().add(Official.unknownTag(62));
            data.unknownTaggedFields().add(Official.unknownTag(63));
        }
        orders.partitions().add(p0);
        orders.partitions().add(new MetadataResponseData.MetadataResponsePartition().setErrorCode((short) 5)
                .setPartitionIndex(1).setLeaderId(-1).setReplicaNodes(List.of()).setIsrNodes(List.of()));
        if (version >= 8) {
            orders.setTopicAuthorizedOperations(0x0F);
        }
        data.topics().add(orders);
        data.topics().add(new MetadataResponseData.MetadataResponseTopic().setErrorCode((short) 3).setName("missing")
                .setIsInternal(true));
        if (version >= 8 && version <= 10) {
            data.setClusterAuthorizedOperations(0x1F);
        }
        if (version >= 13) {
            data.setErrorCode((short) 31);
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void decodesWhatTheOfficialEncoderWrites(short version) {
        ByteBuffer buffer = ResponseDecodingTest.officialFrameBody(ApiKey.METADATA, officialResponse(version), version);
        MetadataResponse ours = MetadataResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());

        assertEquals(version >= 3 ? 11 : 0, ours.throttleTimeMs());
        assertEquals(version >= 2 ? "cluster-ü" : null, ours.clusterId());
        assertEquals(2, ours.controllerId());
        assertEquals(List.of(new MetadataResponse.Broker(1, "b1", 9092, "rack-a"),
                new MetadataResponse.Broker(2, "b2", 9093, null)), ours.brokers());
        assertEquals(2, ours.topics().size());

        MetadataResponse.TopicMetadata orders = ours.topics().get(0);
        assertEquals("orders", orders.name());
        assertEquals(version >= 10 ? ORDERS_ID : null, orders.topicId());
        assertFalse(orders.isInternal());
        MetadataResponse.PartitionMetadata p0 = orders.partitions().get(0);
        assertEquals(new MetadataResponse.PartitionMetadata((short) 0, 0, 1, version >= 7 ? 42 : -1,
                new int[] {1, 2}, new int[] {1}, version >= 5 ? new int[] {2} : new int[0]), p0);
        assertArrayEquals(new int[] {1, 2}, p0.replicaNodes());
        MetadataResponse.PartitionMetadata p1 = orders.partitions().get(1);
        assertEquals(5, p1.errorCode());
        assertEquals(-1, p1.leaderId());
        assertEquals(0, p1.replicaNodes().length);

        MetadataResponse.TopicMetadata missing = ours.topics().get(1);
        assertEquals(3, missing.errorCode());
        assertEquals("missing", missing.name());
        assertNull(missing.topicId(), "zero uuid or absent field both mean no id");
        assertEquals(true, missing.isInternal());
        assertEquals(version >= 13 ? 31 : 0, ours.errorCode());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void partitionArraysCannotBeChangedFromOutside(short version) {
        ByteBuffer buffer = ResponseDecodingTest.officialFrameBody(ApiKey.METADATA, officialResponse(version), version);
        MetadataResponse.PartitionMetadata p0 = MetadataResponse.parse(buffer, version).topics().get(0)
                .partitions().get(0);
        p0.replicaNodes()[0] = 99;
        assertEquals(1, p0.replicaNodes()[0]);
    }
}
