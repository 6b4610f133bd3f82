package dev.vltava.producer.internal.protocol;

import static dev.vltava.producer.internal.protocol.RequestEncodingTest.assertFullyRead;
import static dev.vltava.producer.internal.protocol.RequestEncodingTest.frameAndReadHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transaction requests, encoded by us at every version we claim and decoded by the official client's code
 * (header and body), field by field.
 */
class TransactionRequestEncodingTest {

    private static final String CLIENT_ID = "vltava-txn";
    private static final String TXN_ID = "orders-txn-ž";

    // ------------------------------------------------------------------------------------------ AddPartitionsToTxn

    static Stream<Short> addPartitionsToTxnVersions() {
        return Official.versions(ApiKey.ADD_PARTITIONS_TO_TXN);
    }

    @ParameterizedTest
    @MethodSource("addPartitionsToTxnVersions")
    void addPartitionsToTxn(short version) {
        AddPartitionsToTxnRequest ours = new AddPartitionsToTxnRequest(TXN_ID, Long.MAX_VALUE - 3, (short) 32_000,
                List.of(new AddPartitionsToTxnRequest.Topic("orders", List.of(0, 7, 3)),
                        new AddPartitionsToTxnRequest.Topic("payments-ü", List.of(Integer.MAX_VALUE))));
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        AddPartitionsToTxnRequestData data = new AddPartitionsToTxnRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(TXN_ID, data.v3AndBelowTransactionalId());
        assertEquals(Long.MAX_VALUE - 3, data.v3AndBelowProducerId());
        assertEquals(32_000, data.v3AndBelowProducerEpoch());
        assertEquals(List.of("orders", "payments-ü"),
                data.v3AndBelowTopics().stream().map(t -> t.name()).toList());
        assertEquals(List.of(0, 7, 3), data.v3AndBelowTopics().find("orders").partitions());
        assertEquals(List.of(Integer.MAX_VALUE), data.v3AndBelowTopics().find("payments-ü").partitions());
    }

    @ParameterizedTest
    @MethodSource("addPartitionsToTxnVersions")
    void addPartitionsToTxnWithNoTopics(short version) {
        ByteBufferAccessor accessor = frameAndReadHeader(
                new AddPartitionsToTxnRequest("t", 1L, (short) 0, List.of()), version, null);
        AddPartitionsToTxnRequestData data = new AddPartitionsToTxnRequestData(accessor, version);
        assertFullyRead(accessor);
        assertTrue(data.v3AndBelowTopics().isEmpty());
    }

    @Test
    void addPartitionsToTxnBrokerVersionsAreNotClaimed() {
        assertEquals(3, ApiKey.ADD_PARTITIONS_TO_TXN.maxVersion(), "v4+ is the broker-to-broker form");
        AddPartitionsToTxnRequest ours = new AddPartitionsToTxnRequest("t", 1L, (short) 0, List.of());
        assertThrows(UnsupportedVersionException.class, () -> ours.sizeInBytes((short) 4));
    }

    // ------------------------------------------------------------------------------------------ AddOffsetsToTxn

    static Stream<Short> addOffsetsToTxnVersions() {
        return Official.versions(ApiKey.ADD_OFFSETS_TO_TXN);
    }

    @ParameterizedTest
    @MethodSource("addOffsetsToTxnVersions")
    void addOffsetsToTxn(short version) {
        AddOffsetsToTxnRequest ours = new AddOffsetsToTxnRequest(TXN_ID, 42L, (short) 7, "enrichment-group-ö");
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        AddOffsetsToTxnRequestData data = new AddOffsetsToTxnRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(TXN_ID, data.transactionalId());
        assertEquals(42L, data.producerId());
        assertEquals(7, data.producerEpoch());
        assertEquals("enrichment-group-ö", data.groupId());
    }

    // ------------------------------------------------------------------------------------------ EndTxn

    static Stream<Arguments> endTxnCases() {
        return Official.versions(ApiKey.END_TXN)
                .flatMap(v -> Stream.of(Arguments.of(v, true), Arguments.of(v, false)));
    }

    @ParameterizedTest
    @MethodSource("endTxnCases")
    void endTxn(short version, boolean commit) {
        EndTxnRequest ours = new EndTxnRequest(TXN_ID, 99L, (short) 3, commit);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        EndTxnRequestData data = new EndTxnRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(TXN_ID, data.transactionalId());
        assertEquals(99L, data.producerId());
        assertEquals(3, data.producerEpoch());
        assertEquals(commit, data.committed());
    }

    // ------------------------------------------------------------------------------------------ TxnOffsetCommit

    static Stream<Short> txnOffsetCommitVersions() {
        return Official.versions(ApiKey.TXN_OFFSET_COMMIT);
    }

    private static List<TxnOffsetCommitRequest.Topic> offsetTopics(UUID inputId, UUID otherId) {
        return List.of(
                new TxnOffsetCommitRequest.Topic("input", inputId, List.of(
                        new TxnOffsetCommitRequest.Partition(0, 1234L, 5, "meta-ä"),
                        new TxnOffsetCommitRequest.Partition(4, Long.MAX_VALUE, TxnOffsetCommitRequest.NO_LEADER_EPOCH,
                                null))),
                new TxnOffsetCommitRequest.Topic("other", otherId, List.of(
                        new TxnOffsetCommitRequest.Partition(2, 0L, 0, ""))));
    }

    @ParameterizedTest
    @MethodSource("txnOffsetCommitVersions")
    void txnOffsetCommit(short version) {
        UUID inputId = UUID.randomUUID();
        UUID otherId = UUID.randomUUID();
        boolean groupMetadata = version >= 3;
        TxnOffsetCommitRequest ours = new TxnOffsetCommitRequest(TXN_ID, "group-1", 77L, (short) 2,
                groupMetadata ? 12 : TxnOffsetCommitRequest.UNKNOWN_GENERATION_ID,
                groupMetadata ? "consumer-1-ab12" : "", groupMetadata ? "static-1" : null,
                offsetTopics(inputId, otherId));
        assertEquals(groupMetadata, ours.hasGroupMetadata());
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        TxnOffsetCommitRequestData data = new TxnOffsetCommitRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(TXN_ID, data.transactionalId());
        assertEquals("group-1", data.groupId());
        assertEquals(77L, data.producerId());
        assertEquals(2, data.producerEpoch());
        if (groupMetadata) {
            assertEquals(12, data.generationIdOrMemberEpoch());
            assertEquals("consumer-1-ab12", data.memberId());
            assertEquals("static-1", data.groupInstanceId());
        }
        assertEquals(2, data.topics().size());
        TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic input = data.topics().get(0);
        if (version >= 6) {
            assertEquals(new Uuid(inputId.getMostSignificantBits(), inputId.getLeastSignificantBits()),
                    input.topicId());
            assertEquals(otherId.getLeastSignificantBits(),
                    data.topics().get(1).topicId().getLeastSignificantBits());
        } else {
            assertEquals("input", input.name());
            assertEquals("other", data.topics().get(1).name());
        }
        TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition first = input.partitions().get(0);
        assertEquals(0, first.partitionIndex());
        assertEquals(1234L, first.committedOffset());
        assertEquals(version >= 2 ? 5 : -1, first.committedLeaderEpoch(), "leader epoch exists from v2");
        assertEquals("meta-ä", first.committedMetadata());
        TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition second = input.partitions().get(1);
        assertEquals(4, second.partitionIndex());
        assertEquals(Long.MAX_VALUE, second.committedOffset());
        assertEquals(-1, second.committedLeaderEpoch());
        assertNull(second.committedMetadata());
        assertEquals("", data.topics().get(1).partitions().get(0).committedMetadata());
    }

    @ParameterizedTest
    @MethodSource("txnOffsetCommitVersions")
    void txnOffsetCommitWithoutGroupMetadataReadsAsTheDefaults(short version) {
        TxnOffsetCommitRequest ours = new TxnOffsetCommitRequest(TXN_ID, "g", 1L, (short) 0,
                TxnOffsetCommitRequest.UNKNOWN_GENERATION_ID, "", null, offsetTopics(UUID.randomUUID(),
                UUID.randomUUID()));
        assertFalse(ours.hasGroupMetadata());
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, null);
        TxnOffsetCommitRequestData data = new TxnOffsetCommitRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(-1, data.generationIdOrMemberEpoch());
        assertEquals("", data.memberId());
        assertNull(data.groupInstanceId());
    }

    @Test
    void txnOffsetCommitRefusesToDropGroupMetadataBeforeV3() {
        for (short version = 0; version < 3; version++) {
            short v = version;
            TxnOffsetCommitRequest generation = new TxnOffsetCommitRequest("t", "g", 1L, (short) 0, 5, "", null,
                    List.of());
            TxnOffsetCommitRequest member = new TxnOffsetCommitRequest("t", "g", 1L, (short) 0, -1, "m", null,
                    List.of());
            TxnOffsetCommitRequest instance = new TxnOffsetCommitRequest("t", "g", 1L, (short) 0, -1, "", "i",
                    List.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generation.sizeInBytes(v));
            assertTrue(e.getMessage().contains("needs v3+"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> member.sizeInBytes(v));
            assertThrows(IllegalArgumentException.class, () -> instance.sizeInBytes(v));
        }
    }

    @Test
    void txnOffsetCommitNeedsTopicIdsFromV6AndNamesBelow() {
        TxnOffsetCommitRequest namesOnly = new TxnOffsetCommitRequest("t", "g", 1L, (short) 0, -1, "", null,
                List.of(new TxnOffsetCommitRequest.Topic("input", null, List.of())));
        ByteBufferAccessor accessor = frameAndReadHeader(namesOnly, (short) 5, CLIENT_ID);
        assertEquals("input", new TxnOffsetCommitRequestData(accessor, (short) 5).topics().get(0).name());
        assertFullyRead(accessor);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> namesOnly.sizeInBytes((short) 6));
        assertTrue(e.getMessage().contains("needs every topic's id"), e.getMessage());
        TxnOffsetCommitRequest idsOnly = new TxnOffsetCommitRequest("t", "g", 1L, (short) 0, -1, "", null,
                List.of(new TxnOffsetCommitRequest.Topic(null, UUID.randomUUID(), List.of())));
        assertThrows(IllegalArgumentException.class, () -> idsOnly.sizeInBytes((short) 5));
        assertThrows(IllegalArgumentException.class, () -> new TxnOffsetCommitRequest.Topic(null, null, List.of()));
    }

    // ------------------------------------------------------------------------------------------ FindCoordinator

    static Stream<Arguments> findCoordinatorCases() {
        return Official.versions(ApiKey.FIND_COORDINATOR).flatMap(v -> Stream.of(
                Arguments.of(v, FindCoordinatorRequest.KEY_TYPE_GROUP, "consume-group-1"),
                Arguments.of(v, FindCoordinatorRequest.KEY_TYPE_TRANSACTION, TXN_ID)))
                .filter(a -> (short) a.get()[0] >= 1 || (byte) a.get()[1] == FindCoordinatorRequest.KEY_TYPE_GROUP);
    }

    @ParameterizedTest
    @MethodSource("findCoordinatorCases")
    void findCoordinatorForGroupsAndTransactions(short version, byte keyType, String key) {
        ByteBufferAccessor accessor = frameAndReadHeader(new FindCoordinatorRequest(key, keyType), version, CLIENT_ID);
        FindCoordinatorRequestData data = new FindCoordinatorRequestData(accessor, version);
        assertFullyRead(accessor);
        if (version >= 4) {
            assertEquals(List.of(key), data.coordinatorKeys(), "batched: one key in coordinator_keys");
        } else {
            assertEquals(key, data.key());
        }
        assertEquals(keyType, data.keyType());
    }

    @Test
    void findCoordinatorV0CannotAskForATransactionCoordinator() {
        FindCoordinatorRequest ours = new FindCoordinatorRequest("t", FindCoordinatorRequest.KEY_TYPE_TRANSACTION);
        assertThrows(IllegalArgumentException.class, () -> ours.sizeInBytes((short) 0));
    }

    // ------------------------------------------------------------------------------------------ InitProducerId

    static Stream<Short> initProducerIdVersions() {
        return Official.versions(ApiKey.INIT_PRODUCER_ID);
    }

    @ParameterizedTest
    @MethodSource("initProducerIdVersions")
    void initProducerIdForANewTransactionalProducer(short version) {
        InitProducerIdRequest ours = new InitProducerIdRequest(TXN_ID, 45_000, -1L, (short) -1);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        InitProducerIdRequestData data = new InitProducerIdRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(TXN_ID, data.transactionalId());
        assertEquals(45_000, data.transactionTimeoutMs());
        assertEquals(-1L, data.producerId());
        assertEquals(-1, data.producerEpoch());
    }

    @ParameterizedTest
    @MethodSource("initProducerIdVersions")
    void initProducerIdBumpingTheEpochOfATransactionalProducer(short version) {
        InitProducerIdRequest ours = new InitProducerIdRequest(TXN_ID, 60_000, 4321L, (short) 17);
        if (version < 3) {
            assertThrows(IllegalArgumentException.class, () -> ours.sizeInBytes(version));
            return;
        }
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        InitProducerIdRequestData data = new InitProducerIdRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(TXN_ID, data.transactionalId());
        assertEquals(60_000, data.transactionTimeoutMs());
        assertEquals(4321L, data.producerId());
        assertEquals(17, data.producerEpoch());
    }
}
