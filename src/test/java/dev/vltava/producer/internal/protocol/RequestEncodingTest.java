package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encodes every request at every version we claim, then decodes the frame with the official client's code. */
class RequestEncodingTest {

    private static final String CLIENT_ID = "vltava-ü-client";

    /** Frames {@code body}, checks the size prefix and header with the official parser, returns the body bytes. */
    static ByteBufferAccessor frameAndReadHeader(RequestBody body, short version, String clientId) {
        ByteBuffer frame = Official.concat(RequestFramer.frame(body, version, 4242, clientId));
        assertEquals(frame.remaining() - 4, frame.getInt(), "size prefix");
        RequestHeader header = RequestHeader.parse(frame);
        ApiKeys official = ApiKeys.forId(body.apiKey().id());
        assertEquals(official, header.apiKey());
        assertEquals(version, header.apiVersion());
        assertEquals(official.requestHeaderVersion(version), header.headerVersion());
        assertEquals(4242, header.correlationId());
        if (clientId == null) {
            assertEquals(-1, frame.getShort(4 + 8), "null client id is INT16 length -1");
            assertEquals("", header.clientId(), "the official parser reads a null client id as empty");
        } else {
            assertEquals(clientId, header.clientId());
        }
        int bodyStart = frame.position();
        assertEquals(body.sizeInBytes(version), frame.remaining(), "sizeInBytes");
        ByteBuffer copied = ByteBuffer.allocate(frame.remaining());
        body.writeTo(copied, version);
        assertArrayEquals(Official.bytes(frame.position(bodyStart)), copied.array(), "writeTo vs framed body");
        return new ByteBufferAccessor(frame);
    }

    static void assertFullyRead(ByteBufferAccessor accessor) {
        assertFalse(accessor.buffer().hasRemaining(), "official decoder left bytes unread");
    }

    static Stream<Short> apiVersionsVersions() {
        return Official.versions(ApiKey.API_VERSIONS);
    }

    @ParameterizedTest
    @MethodSource("apiVersionsVersions")
    void apiVersions(short version) {
        ApiVersionsRequest ours = new ApiVersionsRequest("vltava", "0.1.0", "cluster-x", 7);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        ApiVersionsRequestData data = new ApiVersionsRequestData(accessor, version);
        assertFullyRead(accessor);
        if (version >= 3) {
            assertEquals("vltava", data.clientSoftwareName());
            assertEquals("0.1.0", data.clientSoftwareVersion());
        }
        if (version >= 5) {
            assertEquals("cluster-x", data.clusterId());
            assertEquals(7, data.nodeId());
        }
    }

    static Stream<Short> metadataVersions() {
        return Official.versions(ApiKey.METADATA);
    }

    @ParameterizedTest
    @MethodSource("metadataVersions")
    void metadataNamedTopics(short version) {
        MetadataRequest ours = new MetadataRequest(List.of("orders", "payments-ž"), false);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, null);
        MetadataRequestData data = new MetadataRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(List.of("orders", "payments-ž"), data.topics().stream().map(t -> t.name()).toList());
        data.topics().forEach(t -> assertEquals(Uuid.ZERO_UUID, t.topicId()));
        if (version >= 4) {
            assertFalse(data.allowAutoTopicCreation());
        }
        if (version >= 8) {
            assertFalse(data.includeTopicAuthorizedOperations());
        }
    }

    @ParameterizedTest
    @MethodSource("metadataVersions")
    void metadataAllTopicsIsNullList(short version) {
        ByteBufferAccessor accessor = frameAndReadHeader(new MetadataRequest(null, true), version, CLIENT_ID);
        MetadataRequestData data = new MetadataRequestData(accessor, version);
        assertFullyRead(accessor);
        assertNull(data.topics());
        assertTrue(data.allowAutoTopicCreation());
    }

    static Stream<Short> initProducerIdVersions() {
        return Official.versions(ApiKey.INIT_PRODUCER_ID);
    }

    @ParameterizedTest
    @MethodSource("initProducerIdVersions")
    void initProducerId(short version) {
        boolean canResume = version >= 3;
        InitProducerIdRequest ours = new InitProducerIdRequest(version % 2 == 0 ? null : "txn-1", 60_000,
                canResume ? 1234L : -1L, canResume ? (short) 5 : (short) -1);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        InitProducerIdRequestData data = new InitProducerIdRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(ours.transactionalId(), data.transactionalId());
        assertEquals(60_000, data.transactionTimeoutMs());
        assertEquals(ours.producerId(), data.producerId());
        assertEquals(ours.producerEpoch(), data.producerEpoch());
    }

    @Test
    void initProducerIdRefusesToDropProducerIdBeforeV3() {
        InitProducerIdRequest resume = new InitProducerIdRequest("t", 1000, 9L, (short) 1);
        assertThrows(IllegalArgumentException.class, () -> resume.sizeInBytes((short) 2));
    }

    static Stream<Short> findCoordinatorVersions() {
        return Official.versions(ApiKey.FIND_COORDINATOR);
    }

    @ParameterizedTest
    @MethodSource("findCoordinatorVersions")
    void findCoordinator(short version) {
        byte keyType = version == 0 ? FindCoordinatorRequest.KEY_TYPE_GROUP : FindCoordinatorRequest.KEY_TYPE_TRANSACTION;
        FindCoordinatorRequest ours = new FindCoordinatorRequest("my-txn", keyType);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        FindCoordinatorRequestData data = new FindCoordinatorRequestData(accessor, version);
        assertFullyRead(accessor);
        if (version >= 4) {
            assertEquals(List.of("my-txn"), data.coordinatorKeys());
        } else {
            assertEquals("my-txn", data.key());
        }
        assertEquals(keyType, data.keyType());
    }

    static Stream<Short> saslHandshakeVersions() {
        return Official.versions(ApiKey.SASL_HANDSHAKE);
    }

    @ParameterizedTest
    @MethodSource("saslHandshakeVersions")
    void saslHandshake(short version) {
        ByteBufferAccessor accessor = frameAndReadHeader(new SaslHandshakeRequest("SCRAM-SHA-512"), version, CLIENT_ID);
        SaslHandshakeRequestData data = new SaslHandshakeRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals("SCRAM-SHA-512", data.mechanism());
    }

    static Stream<Short> saslAuthenticateVersions() {
        return Official.versions(ApiKey.SASL_AUTHENTICATE);
    }

    @ParameterizedTest
    @MethodSource("saslAuthenticateVersions")
    void saslAuthenticate(short version) {
        byte[] token = "\0user\0secret".getBytes(StandardCharsets.UTF_8);
        ByteBufferAccessor accessor = frameAndReadHeader(new SaslAuthenticateRequest(token), version, CLIENT_ID);
        SaslAuthenticateRequestData data = new SaslAuthenticateRequestData(accessor, version);
        assertFullyRead(accessor);
        assertArrayEquals(token, data.authBytes());
    }

    static Stream<Short> describeConfigsVersions() {
        return Official.versions(ApiKey.DESCRIBE_CONFIGS);
    }

    @ParameterizedTest
    @MethodSource("describeConfigsVersions")
    void describeConfigs(short version) {
        DescribeConfigsRequest ours = new DescribeConfigsRequest(List.of(
                new DescribeConfigsRequest.Resource(DescribeConfigsRequest.RESOURCE_TYPE_TOPIC, "orders-ž",
                        List.of("compression.type", "max.message.bytes")),
                new DescribeConfigsRequest.Resource((byte) 4, "1", null)), true, true);
        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        DescribeConfigsRequestData data = new DescribeConfigsRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(2, data.resources().size());
        DescribeConfigsRequestData.DescribeConfigsResource topic = data.resources().get(0);
        assertEquals(2, topic.resourceType());
        assertEquals("orders-ž", topic.resourceName());
        assertEquals(List.of("compression.type", "max.message.bytes"), topic.configurationKeys());
        DescribeConfigsRequestData.DescribeConfigsResource broker = data.resources().get(1);
        assertEquals(4, broker.resourceType());
        assertEquals("1", broker.resourceName());
        assertNull(broker.configurationKeys(), "null keys = every key");
        assertTrue(data.includeSynonyms());
        assertEquals(version >= 3, data.includeDocumentation(), "include_documentation exists from v3");
    }

    @ParameterizedTest
    @MethodSource("describeConfigsVersions")
    void describeConfigsWithoutResourcesOrFlags(short version) {
        ByteBufferAccessor accessor = frameAndReadHeader(new DescribeConfigsRequest(List.of(), false, false),
                version, null);
        DescribeConfigsRequestData data = new DescribeConfigsRequestData(accessor, version);
        assertFullyRead(accessor);
        assertTrue(data.resources().isEmpty());
        assertFalse(data.includeSynonyms());
        assertFalse(data.includeDocumentation());
    }

    // ------------------------------------------------------------------------------------------------ produce

    static Stream<Arguments> produceCases() {
        return Official.versions(ApiKey.PRODUCE)
                .flatMap(v -> Stream.of(Arguments.of(v, false), Arguments.of(v, true)));
    }

    private static ByteBuffer fakeBatch(int length, int seed) {
        // the official decoder does not validate batch contents, so any bytes pin the framing
        ByteBuffer buffer = ByteBuffer.allocate(length + 6);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put((byte) (i * 31 + seed));
        }
        return buffer.position(3).limit(3 + length); // a window, to prove position/limit are honoured
    }

    @ParameterizedTest
    @MethodSource("produceCases")
    void produce(short version, boolean transactional) {
        UUID ordersId = UUID.randomUUID();
        UUID paymentsId = UUID.randomUUID();
        List<ByteBuffer> batches = List.of(fakeBatch(100, 1), fakeBatch(7, 2), fakeBatch(1000, 3));
        ProduceRequest ours = new ProduceRequest(transactional ? "txn-ä" : null, (short) -1, 30_000, List.of(
                new ProduceRequest.TopicData("orders", ordersId, List.of(
                        new ProduceRequest.PartitionData(0, batches.get(0)),
                        new ProduceRequest.PartitionData(5, batches.get(1)))),
                new ProduceRequest.TopicData("payments", paymentsId, List.of(
                        new ProduceRequest.PartitionData(2, batches.get(2))))));

        ByteBuffer[] pieces = RequestFramer.frame(ours, version, 77, CLIENT_ID);
        // encoded, batch, encoded, batch, encoded, batch, then (flexible only) the trailing tagged-field bytes
        assertEquals(ApiKey.PRODUCE.isFlexible(version) ? 7 : 6, pieces.length);
        for (int i = 0; i < batches.size(); i++) {
            ByteBuffer piece = pieces[2 * i + 1];
            assertSame(batches.get(i).array(), piece.array(), "batch must be a view, not a copy");
            assertEquals(batches.get(i), piece);
            assertEquals(3, batches.get(i).position(), "caller's buffer must not move");
        }

        ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
        ProduceRequestData data = new ProduceRequestData(accessor, version);
        assertFullyRead(accessor);
        assertEquals(ours.transactionalId(), data.transactionalId());
        assertEquals(-1, data.acks());
        assertEquals(30_000, data.timeoutMs());
        List<ByteBuffer> decodedBatches = new ArrayList<>();
        List<Integer> decodedPartitions = new ArrayList<>();
        List<Object> decodedTopics = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topic : data.topicData()) {
            decodedTopics.add(version >= 13 ? topic.topicId() : topic.name());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                decodedPartitions.add(partition.index());
                decodedBatches.add(((MemoryRecords) partition.records()).buffer());
            }
        }
        List<Object> expectedTopics = version >= 13
                ? List.of(toOfficial(ordersId), toOfficial(paymentsId)) : List.of("orders", "payments");
        assertEquals(expectedTopics, decodedTopics);
        assertEquals(List.of(0, 5, 2), decodedPartitions);
        assertEquals(batches, decodedBatches);
    }

    @Test
    void produceNullRecordsAndEmptyTopics() {
        for (short version = ApiKey.PRODUCE.minVersion(); version <= ApiKey.PRODUCE.maxVersion(); version++) {
            ProduceRequest ours = new ProduceRequest(null, (short) 1, 5, List.of(new ProduceRequest.TopicData("t",
                    UUID.randomUUID(), List.of(new ProduceRequest.PartitionData(3, null)))));
            assertEquals(1, RequestFramer.frame(ours, version, 1, CLIENT_ID).length);
            ByteBufferAccessor accessor = frameAndReadHeader(ours, version, CLIENT_ID);
            ProduceRequestData data = new ProduceRequestData(accessor, version);
            assertFullyRead(accessor);
            assertNull(data.topicData().iterator().next().partitionData().get(0).records());

            ProduceRequest empty = new ProduceRequest(null, (short) 0, 5, List.of());
            ByteBufferAccessor emptyAccessor = frameAndReadHeader(empty, version, CLIENT_ID);
            assertTrue(new ProduceRequestData(emptyAccessor, version).topicData().isEmpty());
        }
    }

    @Test
    void produceNeedsTopicIdsFromV13AndNamesBefore() {
        ProduceRequest namesOnly = new ProduceRequest(null, (short) 1, 5,
                List.of(new ProduceRequest.TopicData("t", null, List.of())));
        assertThrows(IllegalArgumentException.class, () -> namesOnly.sizeInBytes((short) 13));
        ProduceRequest idsOnly = new ProduceRequest(null, (short) 1, 5,
                List.of(new ProduceRequest.TopicData(null, UUID.randomUUID(), List.of())));
        assertThrows(IllegalArgumentException.class, () -> idsOnly.sizeInBytes((short) 12));
    }

    @Test
    void versionsOutsideOurRangeAreRejected() {
        MetadataRequest request = new MetadataRequest(null, true);
        assertThrows(UnsupportedVersionException.class, () -> RequestFramer.frame(request, (short) 0, 1, "c"));
        assertThrows(UnsupportedVersionException.class, () -> RequestFramer.frame(request, (short) 14, 1, "c"));
    }

    @Test
    void requestBodiesAreImmutable() {
        byte[] token = {1, 2, 3};
        SaslAuthenticateRequest request = new SaslAuthenticateRequest(token);
        token[0] = 9;
        request.authBytes()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, request.authBytes());
        List<String> topics = new ArrayList<>(Arrays.asList("a"));
        MetadataRequest metadata = new MetadataRequest(topics, true);
        topics.add("b");
        assertEquals(List.of("a"), metadata.topics());
    }

    private static Uuid toOfficial(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
