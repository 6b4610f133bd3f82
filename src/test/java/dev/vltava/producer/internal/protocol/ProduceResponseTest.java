package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Produce responses encoded by the official client at every version we claim, read by ours. */
class ProduceResponseTest {

    private static final UUID TOPIC_ID = UUID.fromString("00000000-1111-4222-8333-444455556666");

    static Stream<Short> versions() {
        return Official.versions(ApiKey.PRODUCE);
    }

    static ProduceResponseData officialResponse(short version) {
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        ProduceResponseData.TopicProduceResponse topic = new ProduceResponseData.TopicProduceResponse();
        if (version >= 13) {
            topic.setTopicId(new Uuid(TOPIC_ID.getMostSignificantBits(), TOPIC_ID.getLeastSignificantBits()));
        } else {
            topic.setName("orders");
        }
        ProduceResponseData.PartitionProduceResponse ok = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(0).setErrorCode((short) 0).setBaseOffset(1_000_000_000_000L).setLogAppendTimeMs(1_700_000L);
        ProduceResponseData.PartitionProduceResponse failed = new ProduceResponseData.PartitionProduceResponse()
                .setIndex(4).setErrorCode((short) 6).setBaseOffset(-1L).setLogAppendTimeMs(-1L);
        if (version >= 5) {
            ok.setLogStartOffset(77L);
        }
        if (version >= 8) {
            failed.setRecordErrors(List.of(
                    new ProduceResponseData.BatchIndexAndErrorMessage().setBatchIndex(3).setBatchIndexErrorMessage("bad"),
                    new ProduceResponseData.BatchIndexAndErrorMessage().setBatchIndex(9)
                            .setBatchIndexErrorMessage(null)));
            failed.setErrorMessage("not the leader");
        }
        if (version >= 10) {
            failed.setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch().setLeaderId(3).setLeaderEpoch(12));
        }
        if (flexible) {
            ok.unknownTaggedFields().add(Official.unknownTag(70));
            failed.unknownTaggedFields().add(Official.unknownTag(71)); // after tag 0: exercises known + unknown
            topic.unknownTaggedFields().add(Official.unknownTag(72));
        }
        topic.partitionResponses().add(ok);
        topic.partitionResponses().add(failed);
        ProduceResponseData data = new ProduceResponseData().setThrottleTimeMs(250);
        data.responses().add(topic);
        if (version >= 10) {
            data.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(3).setHost("b3").setPort(9094)
                    .setRack("r3"));
            data.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(4).setHost("b4").setPort(9095)
                    .setRack(null));
        }
        if (flexible) {
            data.unknownTaggedFields().add(Official.unknownTag(73));
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void decodesWhatTheOfficialEncoderWrites(short version) {
        ByteBuffer buffer = ResponseDecodingTest.officialFrameBody(ApiKey.PRODUCE, officialResponse(version), version);
        ProduceResponse ours = ProduceResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());

        assertEquals(250, ours.throttleTimeMs());
        assertEquals(1, ours.responses().size());
        ProduceResponse.TopicResponse topic = ours.responses().get(0);
        assertEquals(version >= 13 ? null : "orders", topic.name());
        assertEquals(version >= 13 ? TOPIC_ID : null, topic.topicId());
        assertEquals(new ProduceResponse.PartitionResponse(0, (short) 0, 1_000_000_000_000L, 1_700_000L,
                version >= 5 ? 77L : -1L, List.of(), null, null), topic.partitions().get(0));
        List<ProduceResponse.RecordError> recordErrors = version >= 8
                ? List.of(new ProduceResponse.RecordError(3, "bad"), new ProduceResponse.RecordError(9, null))
                : List.of();
        assertEquals(new ProduceResponse.PartitionResponse(4, (short) 6, -1L, -1L, -1L, recordErrors,
                version >= 8 ? "not the leader" : null,
                version >= 10 ? new ProduceResponse.LeaderIdAndEpoch(3, 12) : null), topic.partitions().get(1));
        List<ProduceResponse.NodeEndpoint> endpoints = version >= 10
                ? List.of(new ProduceResponse.NodeEndpoint(3, "b3", 9094, "r3"),
                        new ProduceResponse.NodeEndpoint(4, "b4", 9095, null))
                : List.of();
        assertEquals(endpoints, ours.nodeEndpoints());
    }
}
