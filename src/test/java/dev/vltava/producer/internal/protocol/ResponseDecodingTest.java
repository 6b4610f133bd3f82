package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encodes every response at every version we claim with the official client's code (header included, with unknown
 * tagged fields where the version allows), then reads it with ours. Metadata and Produce live in their own tests.
 */
class ResponseDecodingTest {

    /** Official header + body; checks our header reader returns the correlation id and stops at the body. */
    static ByteBuffer officialFrameBody(ApiKey key, Message body, short version) {
        short headerVersion = ApiKeys.forId(key.id()).responseHeaderVersion(version);
        assertEquals(headerVersion, key.responseHeaderVersion(version), "response header version");
        ByteBuffer buffer = Official.serializeWithHeader(-99, headerVersion, body, version);
        assertEquals(-99, RequestFramer.readResponseCorrelationId(buffer, key, version));
        return buffer;
    }

    static Stream<Short> apiVersionsVersions() {
        return Official.versions(ApiKey.API_VERSIONS);
    }

    @ParameterizedTest
    @MethodSource("apiVersionsVersions")
    void apiVersions(short version) {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode((short) 0).setThrottleTimeMs(17);
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 0).setMinVersion((short) 3)
                .setMaxVersion((short) 13));
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 1000).setMinVersion((short) 0)
                .setMaxVersion((short) 2));
        if (version >= 3) {
            data.supportedFeatures().add(new ApiVersionsResponseData.SupportedFeatureKey().setName("metadata.version")
                    .setMinVersion((short) 1).setMaxVersion((short) 27));
            data.setFinalizedFeaturesEpoch(5L);
            data.unknownTaggedFields().add(Official.unknownTag(40));
            data.apiKeys().find((short) 0).unknownTaggedFields().add(Official.unknownTag(41));
        }
        ByteBuffer buffer = officialFrameBody(ApiKey.API_VERSIONS, data, version);
        ApiVersionsResponse ours = ApiVersionsResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        assertEquals(0, ours.errorCode());
        assertEquals(version >= 1 ? 17 : 0, ours.throttleTimeMs());
        assertEquals(List.of(new ApiVersionsResponse.ApiVersionRange((short) 0, (short) 3, (short) 13),
                new ApiVersionsResponse.ApiVersionRange((short) 1000, (short) 0, (short) 2)), ours.apiKeys());
        assertEquals(13, ours.rangeFor(ApiKey.PRODUCE).maxVersion());
        assertNull(ours.rangeFor(ApiKey.METADATA));
    }

    @ParameterizedTest
    @MethodSource("apiVersionsVersions")
    void apiVersionsUnsupportedVersionFallsBackToV0Body(short version) {
        // what an older broker sends when it does not know the ApiVersions version we asked for
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode((short) 35);
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 18).setMinVersion((short) 0)
                .setMaxVersion((short) 2));
        ByteBuffer buffer = Official.serializeWithHeader(5, (short) 0, data, (short) 0);
        assertEquals(5, RequestFramer.readResponseCorrelationId(buffer, ApiKey.API_VERSIONS, version));
        ApiVersionsResponse ours = ApiVersionsResponse.parse(buffer, version);
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.code(), ours.errorCode());
        assertEquals(2, ours.rangeFor(ApiKey.API_VERSIONS).maxVersion());
        assertFalse(buffer.hasRemaining());
    }

    static Stream<Short> initProducerIdVersions() {
        return Official.versions(ApiKey.INIT_PRODUCER_ID);
    }

    @ParameterizedTest
    @MethodSource("initProducerIdVersions")
    void initProducerId(short version) {
        InitProducerIdResponseData data = new InitProducerIdResponseData().setThrottleTimeMs(3).setErrorCode((short) 90)
                .setProducerId(Long.MAX_VALUE - 1).setProducerEpoch(Short.MAX_VALUE);
        if (ApiKey.INIT_PRODUCER_ID.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(33));
        }
        ByteBuffer buffer = officialFrameBody(ApiKey.INIT_PRODUCER_ID, data, version);
        assertEquals(new InitProducerIdResponse(3, (short) 90, Long.MAX_VALUE - 1, Short.MAX_VALUE),
                InitProducerIdResponse.parse(buffer, version));
        assertFalse(buffer.hasRemaining());
    }

    static Stream<Short> findCoordinatorVersions() {
        return Official.versions(ApiKey.FIND_COORDINATOR);
    }

    @ParameterizedTest
    @MethodSource("findCoordinatorVersions")
    void findCoordinator(short version) {
        FindCoordinatorResponseData data = new FindCoordinatorResponseData();
        if (version >= 1) {
            data.setThrottleTimeMs(8);
        }
        if (version >= 4) {
            data.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey("txn-a").setNodeId(2)
                    .setHost("broker-2").setPort(9093).setErrorCode((short) 0).setErrorMessage(null));
            data.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey("txn-b").setNodeId(-1)
                    .setHost("").setPort(-1).setErrorCode((short) 15).setErrorMessage("loading"));
            data.coordinators().get(0).unknownTaggedFields().add(Official.unknownTag(50));
        } else {
            data.setErrorCode((short) 15).setNodeId(2).setHost("broker-2").setPort(9093);
            if (version >= 1) {
                data.setErrorMessage("not yet");
            }
        }
        if (ApiKey.FIND_COORDINATOR.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(51));
        }
        ByteBuffer buffer = officialFrameBody(ApiKey.FIND_COORDINATOR, data, version);
        FindCoordinatorResponse ours = FindCoordinatorResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        assertEquals(version >= 1 ? 8 : 0, ours.throttleTimeMs());
        if (version >= 4) {
            assertEquals(List.of(
                    new FindCoordinatorResponse.Coordinator("txn-a", 2, "broker-2", 9093, (short) 0, null),
                    new FindCoordinatorResponse.Coordinator("txn-b", -1, "", -1, (short) 15, "loading")),
                    ours.coordinators());
            assertEquals(-1, ours.coordinatorFor("txn-b").nodeId());
            assertNull(ours.coordinatorFor("txn-c"));
        } else {
            FindCoordinatorResponse.Coordinator expected = new FindCoordinatorResponse.Coordinator(null, 2,
                    "broker-2", 9093, (short) 15, version >= 1 ? "not yet" : null);
            assertEquals(List.of(expected), ours.coordinators());
            assertEquals(expected, ours.coordinatorFor("anything"));
        }
    }

    static Stream<Short> saslHandshakeVersions() {
        return Official.versions(ApiKey.SASL_HANDSHAKE);
    }

    @ParameterizedTest
    @MethodSource("saslHandshakeVersions")
    void saslHandshake(short version) {
        SaslHandshakeResponseData data = new SaslHandshakeResponseData().setErrorCode((short) 33)
                .setMechanisms(List.of("PLAIN", "SCRAM-SHA-256", "OAUTHBEARER"));
        ByteBuffer buffer = officialFrameBody(ApiKey.SASL_HANDSHAKE, data, version);
        assertEquals(new SaslHandshakeResponse((short) 33, List.of("PLAIN", "SCRAM-SHA-256", "OAUTHBEARER")),
                SaslHandshakeResponse.parse(buffer, version));
        assertFalse(buffer.hasRemaining());
    }

    static Stream<Short> saslAuthenticateVersions() {
        return Official.versions(ApiKey.SASL_AUTHENTICATE);
    }

    @ParameterizedTest
    @MethodSource("saslAuthenticateVersions")
    void saslAuthenticate(short version) {
        byte[] token = {0, 1, 2, (byte) 0xFF};
        SaslAuthenticateResponseData data = new SaslAuthenticateResponseData().setErrorCode((short) 58)
                .setErrorMessage("bad password").setAuthBytes(token);
        if (version >= 1) {
            data.setSessionLifetimeMs(3_600_000L);
        }
        if (ApiKey.SASL_AUTHENTICATE.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(3));
        }
        ByteBuffer buffer = officialFrameBody(ApiKey.SASL_AUTHENTICATE, data, version);
        SaslAuthenticateResponse ours = SaslAuthenticateResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        assertEquals(new SaslAuthenticateResponse((short) 58, "bad password", token, version >= 1 ? 3_600_000L : 0L),
                ours);
        assertArrayEquals(token, ours.authBytes());
    }

    static Stream<Short> describeConfigsVersions() {
        return Official.versions(ApiKey.DESCRIBE_CONFIGS);
    }

    /**
     * A DescribeConfigs response with a topic answered (two configs, one with synonyms and documentation), a topic
     * refused, and unknown tagged fields at every level the version allows.
     */
    static DescribeConfigsResponseData officialDescribeConfigs(short version) {
        DescribeConfigsResponseData.DescribeConfigsResourceResult compression =
                new DescribeConfigsResponseData.DescribeConfigsResourceResult().setName("compression.type")
                        .setValue("gzip").setReadOnly(false).setConfigSource((byte) 1).setIsSensitive(false)
                        .setConfigType((byte) 2).setDocumentation("Final compression type for a topic.");
        compression.synonyms().add(new DescribeConfigsResponseData.DescribeConfigsSynonym()
                .setName("compression.type").setValue("gzip").setSource((byte) 1));
        compression.synonyms().add(new DescribeConfigsResponseData.DescribeConfigsSynonym()
                .setName("compression.type").setValue(null).setSource((byte) 5));
        DescribeConfigsResponseData.DescribeConfigsResourceResult secret =
                new DescribeConfigsResponseData.DescribeConfigsResourceResult().setName("sasl.secret-ü")
                        .setValue(null).setReadOnly(true).setConfigSource((byte) 5).setIsSensitive(true)
                        .setConfigType((byte) 9).setDocumentation(null);
        DescribeConfigsResponseData.DescribeConfigsResult answered = new DescribeConfigsResponseData
                .DescribeConfigsResult().setErrorCode((short) 0).setErrorMessage(null).setResourceType((byte) 2)
                .setResourceName("orders").setConfigs(List.of(compression, secret));
        DescribeConfigsResponseData.DescribeConfigsResult refused = new DescribeConfigsResponseData
                .DescribeConfigsResult().setErrorCode((short) 29).setErrorMessage("Topic authorization failed.")
                .setResourceType((byte) 2).setResourceName("secret-topic").setConfigs(List.of());
        DescribeConfigsResponseData data = new DescribeConfigsResponseData().setThrottleTimeMs(12)
                .setResults(List.of(answered, refused));
        if (ApiKey.DESCRIBE_CONFIGS.isFlexible(version)) {
            data.unknownTaggedFields().add(Official.unknownTag(60));
            answered.unknownTaggedFields().add(Official.unknownTag(61));
            compression.unknownTaggedFields().add(Official.unknownTag(62));
            compression.synonyms().get(0).unknownTaggedFields().add(Official.unknownTag(63));
        }
        return data;
    }

    @ParameterizedTest
    @MethodSource("describeConfigsVersions")
    void describeConfigs(short version) {
        ByteBuffer buffer = officialFrameBody(ApiKey.DESCRIBE_CONFIGS, officialDescribeConfigs(version), version);
        DescribeConfigsResponse ours = DescribeConfigsResponse.parse(buffer, version);
        assertFalse(buffer.hasRemaining());
        assertEquals(12, ours.throttleTimeMs());
        assertEquals(List.of(
                new DescribeConfigsResponse.Result((short) 0, null, (byte) 2, "orders", List.of(
                        new DescribeConfigsResponse.Config("compression.type", "gzip", false, (byte) 1, false),
                        new DescribeConfigsResponse.Config("sasl.secret-ü", null, true, (byte) 5, true))),
                new DescribeConfigsResponse.Result((short) 29, "Topic authorization failed.", (byte) 2,
                        "secret-topic", List.of())),
                ours.results());
        DescribeConfigsResponse.Result orders = ours.resultFor(DescribeConfigsRequest.RESOURCE_TYPE_TOPIC, "orders");
        assertEquals("gzip", orders.config("compression.type").value());
        assertFalse(orders.config("compression.type").isDefault());
        assertTrue(orders.config("sasl.secret-ü").isDefault());
        assertNull(orders.config("retention.ms"));
        assertNull(ours.resultFor((byte) 4, "orders"), "same name, other resource type");
    }

    @Test
    void everyResponseHeaderVersionMatchesTheOfficialTable() {
        for (ApiKey key : ApiKey.values()) {
            ApiKeys official = ApiKeys.forId(key.id());
            for (short v = key.minVersion(); v <= key.maxVersion(); v++) {
                assertEquals(official.requestHeaderVersion(v), key.requestHeaderVersion(v), key + " v" + v);
                assertEquals(official.responseHeaderVersion(v), key.responseHeaderVersion(v), key + " v" + v);
            }
        }
    }

    @Test
    void zeroTopicIdReadsAsNull() {
        ByteBuffer zero = ByteBuffer.allocate(16);
        WireReader reader = new WireReader(zero, "test", true);
        assertNull(reader.readUuidOrNull("id"));
        UUID id = UUID.randomUUID();
        ByteBuffer some = ByteBuffer.allocate(16);
        Wire.writeUuid(some, id);
        assertEquals(id, new WireReader(some.flip(), "test", true).readUuidOrNull("id"));
    }
}
