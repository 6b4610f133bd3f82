package dev.vltava.producer.internal.protocol;

import static dev.vltava.producer.internal.protocol.ResponseDecodingTest.officialFrameBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transaction responses, encoded by the official client's code at every version we claim (header included,
 * with unknown tagged fields at every level the version allows) and read by ours.
 */
class TransactionResponseDecodingTest {

    // ------------------------------------------------------------------------------------------ AddPartitionsToTxn

    static Stream<Short> addPartitionsToTxnVersions() {
        return Official.versions(ApiKey.ADD_PARTITIONS_TO_TXN);
    }

    static AddPartitionsToTxnResponseData officialAddPartitionsToTxn(short version) {
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult orders =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName("orders");
        orders.resultsByPartition().add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                .setPartitionIndex(0).setPartitionErrorCode((short) 0));
        orders.resultsByPartition().add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                .setPartitionIndex(7).setPartitionErrorCode((short) 55));
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult secret =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName("secret-ž");
        secret.resultsByPartition().add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                .setPartitionIndex(3).setPartitionErrorCode((short) 29));
        topics.add(orders);
        topics.add(secret);
        AddPartitionsToTxnResponseData data = new AddPartitionsToTxnResponseData().setThrottleTimeMs(21)
                .setResultsByTopicV3AndBelow(topics);
        if (ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(70));
            orders.unknownTaggedFields().add(Official.unknownTag(71));
            orders.resultsByPartition().find(7).unknownTaggedFields().add(Official.unknownTag(72));
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("addPartitionsToTxnVersions")
    void addPartitionsToTxn(short version) {
        ByteBuffer buffer = officialFrameBody(ApiKey.ADD_PARTITIONS_TO_TXN, officialAddPartitionsToTxn(version),
                version);
        AddPartitionsToTxnResponse ours = AddPartitionsToTxnResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        assertEquals(21, ours.throttleTimeMs());
        assertEquals(List.of(
                new AddPartitionsToTxnResponse.PartitionResult("orders", 0, (short) 0),
                new AddPartitionsToTxnResponse.PartitionResult("orders", 7, (short) 55),
                new AddPartitionsToTxnResponse.PartitionResult("secret-ž", 3, (short) 29)), ours.results());
        assertEquals((short) 29, ours.errorCodeFor("secret-ž", 3));
        assertNull(ours.errorCodeFor("orders", 3));
    }

    // ------------------------------------------------------------------------------------------ AddOffsetsToTxn

    static Stream<Short> addOffsetsToTxnVersions() {
        return Official.versions(ApiKey.ADD_OFFSETS_TO_TXN);
    }

    @ParameterizedTest
    @MethodSource("addOffsetsToTxnVersions")
    void addOffsetsToTxn(short version) {
        AddOffsetsToTxnResponseData data = new AddOffsetsToTxnResponseData().setThrottleTimeMs(4)
                .setErrorCode((short) 51);
        if (ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(5));
        }
        ByteBuffer buffer = officialFrameBody(ApiKey.ADD_OFFSETS_TO_TXN, data, version);
        assertEquals(new AddOffsetsToTxnResponse(4, (short) 51), AddOffsetsToTxnResponse.parse(buffer, version));
        assertFalse(buffer.hasRemaining());
    }

    // ------------------------------------------------------------------------------------------ EndTxn

    static Stream<Short> endTxnVersions() {
        return Official.versions(ApiKey.END_TXN);
    }

    static EndTxnResponseData officialEndTxn(short version) {
        EndTxnResponseData data = new EndTxnResponseData().setThrottleTimeMs(6).setErrorCode((short) 90);
        if (version >= 5) {
            data.setProducerId(Long.MAX_VALUE - 9).setProducerEpoch((short) 12_345);
        }
        if (ApiKey.END_TXN.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(9));
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("endTxnVersions")
    void endTxn(short version) {
        ByteBuffer buffer = officialFrameBody(ApiKey.END_TXN, officialEndTxn(version), version);
        EndTxnResponse ours = EndTxnResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        if (version >= 5) {
            assertEquals(new EndTxnResponse(6, (short) 90, Long.MAX_VALUE - 9, (short) 12_345), ours);
        } else {
            assertEquals(new EndTxnResponse(6, (short) 90, EndTxnResponse.NO_PRODUCER_ID,
                    EndTxnResponse.NO_PRODUCER_EPOCH), ours);
        }
    }

    // ------------------------------------------------------------------------------------------ TxnOffsetCommit

    static Stream<Short> txnOffsetCommitVersions() {
        return Official.versions(ApiKey.TXN_OFFSET_COMMIT);
    }

    static final UUID INPUT_ID = new UUID(0x1234_5678_9ABC_DEF0L, 0x0FED_CBA9_8765_4321L);

    static TxnOffsetCommitResponseData officialTxnOffsetCommit(short version) {
        TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic input =
                new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic();
        if (version >= 6) {
            input.setTopicId(new Uuid(INPUT_ID.getMostSignificantBits(), INPUT_ID.getLeastSignificantBits()));
        } else {
            input.setName("input-ü");
        }
        input.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                .setPartitionIndex(0).setErrorCode((short) 0));
        input.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                .setPartitionIndex(9).setErrorCode((short) 22));
        TxnOffsetCommitResponseData data = new TxnOffsetCommitResponseData().setThrottleTimeMs(13)
                .setTopics(List.of(input));
        if (ApiKey.TXN_OFFSET_COMMIT.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(80));
            input.unknownTaggedFields().add(Official.unknownTag(81));
            input.partitions().get(1).unknownTaggedFields().add(Official.unknownTag(82));
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("txnOffsetCommitVersions")
    void txnOffsetCommit(short version) {
        ByteBuffer buffer = officialFrameBody(ApiKey.TXN_OFFSET_COMMIT, officialTxnOffsetCommit(version), version);
        TxnOffsetCommitResponse ours = TxnOffsetCommitResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        assertEquals(13, ours.throttleTimeMs());
        String name = version >= 6 ? null : "input-ü";
        UUID id = version >= 6 ? INPUT_ID : null;
        assertEquals(List.of(new TxnOffsetCommitResponse.PartitionResult(name, id, 0, (short) 0),
                new TxnOffsetCommitResponse.PartitionResult(name, id, 9, (short) 22)), ours.results());
    }

    // ------------------------------------------------------------------------------------------ ApiVersions features

    static Stream<Short> apiVersionsVersions() {
        return Official.versions(ApiKey.API_VERSIONS);
    }

    static ApiVersionsResponseData officialApiVersionsWithFeatures(short version, long epoch, int transactionLevel) {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setThrottleTimeMs(2);
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 26).setMinVersion((short) 0)
                .setMaxVersion((short) 5));
        if (version >= 3) {
            data.supportedFeatures().add(new ApiVersionsResponseData.SupportedFeatureKey()
                    .setName("transaction.version").setMinVersion((short) 0).setMaxVersion((short) 2));
            data.setFinalizedFeaturesEpoch(epoch);
            data.finalizedFeatures().add(new ApiVersionsResponseData.FinalizedFeatureKey()
                    .setName("metadata.version").setMinVersionLevel((short) 21).setMaxVersionLevel((short) 27));
            if (transactionLevel >= 0) {
                data.finalizedFeatures().add(new ApiVersionsResponseData.FinalizedFeatureKey()
                        .setName("transaction.version").setMinVersionLevel((short) transactionLevel)
                        .setMaxVersionLevel((short) transactionLevel));
            }
            data.setZkMigrationReady(true);
            data.unknownTaggedFields().add(Official.unknownTag(44));
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("apiVersionsVersions")
    void apiVersionsFinalizedTransactionVersion(short version) {
        for (int level = 0; level <= 2; level++) {
            ByteBuffer buffer = officialFrameBody(ApiKey.API_VERSIONS,
                    officialApiVersionsWithFeatures(version, 42L, level), version);
            ApiVersionsResponse ours = ApiVersionsResponse.parse(buffer, version);
            assertFalse(buffer.hasRemaining());
            assertEquals(5, ours.rangeFor(ApiKey.END_TXN).maxVersion());
            assertEquals(version >= 1 ? 2 : 0, ours.throttleTimeMs());
            if (version >= 3) {
                assertEquals(42L, ours.finalizedFeaturesEpoch());
                assertEquals(new ApiVersionsResponse.FinalizedFeature("metadata.version", (short) 21, (short) 27),
                        ours.finalizedFeatures().get(0));
                assertEquals(level, ours.finalizedLevel(ApiVersionsResponse.TRANSACTION_VERSION_FEATURE));
                assertEquals(27, ours.finalizedLevel("metadata.version"));
                assertEquals(level, new ApiVersionsTable(ours).finalizedTransactionVersion());
                assertEquals(42L, new ApiVersionsTable(ours).finalizedFeaturesEpoch());
            } else {
                assertEquals(ApiVersionsResponse.UNKNOWN_FEATURES_EPOCH, ours.finalizedFeaturesEpoch());
                assertEquals(List.of(), ours.finalizedFeatures());
                assertEquals(0, new ApiVersionsTable(ours).finalizedTransactionVersion());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("apiVersionsVersions")
    void apiVersionsWithoutTransactionVersionOrWithUnknownEpochMeansLevelZero(short version) {
        ByteBuffer absent = officialFrameBody(ApiKey.API_VERSIONS, officialApiVersionsWithFeatures(version, 3L, -1),
                version);
        assertEquals(0, new ApiVersionsTable(ApiVersionsResponse.parse(absent, version)).finalizedTransactionVersion());
        // a feature list with epoch -1 is not valid information (the schema says so), whatever it lists
        ByteBuffer unknownEpoch = officialFrameBody(ApiKey.API_VERSIONS,
                officialApiVersionsWithFeatures(version, -1L, 2), version);
        ApiVersionsResponse ours = ApiVersionsResponse.parse(unknownEpoch, version);
        assertFalse(unknownEpoch.hasRemaining());
        assertEquals(0, ours.finalizedLevel(ApiVersionsResponse.TRANSACTION_VERSION_FEATURE));
    }
}
