package dev.vltava.producer.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds every response decoder, at every version, random bytes and broken versions of valid encodings. The only
 * acceptable outcomes are a parsed response or a {@link ProtocolException}: no other exception, no large
 * allocation, no hang. Every rejection must come from an explicit check (not from the decoders' catch-all safety
 * net), so a missing bounds check fails this test even though users would still see a ProtocolException.
 * Seeded, so failures reproduce.
 */
@Timeout(120) // a hang guard, not a timing assertion
class DecoderFuzzTest {

    private static final long SEED = 0x5EED_CAFEL;
    private static final int MUTATIONS = 2000;
    private static final int RANDOM_INPUTS = 500;
    /** Far below what a 2^31-1 length would need if it were trusted; far above what any legitimate parse here uses. */
    private static final long MAX_ALLOCATION_PER_PARSE_BYTES = 4L << 20;

    record Case(String name, short version, byte[] valid, BiFunction<ByteBuffer, Short, Object> parser) {
        @Override
        public String toString() {
            return name + " v" + version;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (short v : versions(ApiKey.METADATA)) {
            cases.add(new Case("Metadata", v, encode(MetadataResponseTest.officialResponse(v), v),
                    MetadataResponse::parse));
        }
        for (short v : versions(ApiKey.PRODUCE)) {
            cases.add(new Case("Produce", v, encode(ProduceResponseTest.officialResponse(v), v),
                    ProduceResponse::parse));
        }
        for (short v : versions(ApiKey.API_VERSIONS)) {
            ApiVersionsResponseData data = new ApiVersionsResponseData().setThrottleTimeMs(1);
            data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 0).setMaxVersion((short) 9));
            data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey((short) 3).setMaxVersion((short) 12));
            if (v >= 3) {
                data.supportedFeatures().add(new ApiVersionsResponseData.SupportedFeatureKey().setName("f")
                        .setMaxVersion((short) 3));
            }
            cases.add(new Case("ApiVersions", v, encode(data, v), ApiVersionsResponse::parse));
        }
        for (short v : versions(ApiKey.INIT_PRODUCER_ID)) {
            cases.add(new Case("InitProducerId", v, encode(new InitProducerIdResponseData().setProducerId(5)
                    .setProducerEpoch((short) 1), v), InitProducerIdResponse::parse));
        }
        for (short v : versions(ApiKey.FIND_COORDINATOR)) {
            FindCoordinatorResponseData data = new FindCoordinatorResponseData();
            if (v >= 4) {
                data.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey("k").setHost("h")
                        .setErrorMessage("m"));
            } else {
                data.setHost("host");
                if (v >= 1) {
                    data.setErrorMessage("m");
                }
            }
            cases.add(new Case("FindCoordinator", v, encode(data, v), FindCoordinatorResponse::parse));
        }
        for (short v : versions(ApiKey.DESCRIBE_CONFIGS)) {
            cases.add(new Case("DescribeConfigs", v, encode(ResponseDecodingTest.officialDescribeConfigs(v), v),
                    DescribeConfigsResponse::parse));
        }
        for (short v : versions(ApiKey.API_VERSIONS)) {
            cases.add(new Case("ApiVersions+features", v,
                    encode(TransactionResponseDecodingTest.officialApiVersionsWithFeatures(v, 7L, 2), v),
                    ApiVersionsResponse::parse));
        }
        for (short v : versions(ApiKey.ADD_PARTITIONS_TO_TXN)) {
            cases.add(new Case("AddPartitionsToTxn", v,
                    encode(TransactionResponseDecodingTest.officialAddPartitionsToTxn(v), v),
                    AddPartitionsToTxnResponse::parse));
        }
        for (short v : versions(ApiKey.ADD_OFFSETS_TO_TXN)) {
            cases.add(new Case("AddOffsetsToTxn", v, encode(new AddOffsetsToTxnResponseData().setErrorCode((short) 3),
                    v), AddOffsetsToTxnResponse::parse));
        }
        for (short v : versions(ApiKey.END_TXN)) {
            cases.add(new Case("EndTxn", v, encode(TransactionResponseDecodingTest.officialEndTxn(v), v),
                    EndTxnResponse::parse));
        }
        for (short v : versions(ApiKey.TXN_OFFSET_COMMIT)) {
            cases.add(new Case("TxnOffsetCommit", v,
                    encode(TransactionResponseDecodingTest.officialTxnOffsetCommit(v), v),
                    TxnOffsetCommitResponse::parse));
        }
        for (short v : versions(ApiKey.SASL_HANDSHAKE)) {
            cases.add(new Case("SaslHandshake", v, encode(new SaslHandshakeResponseData()
                    .setMechanisms(List.of("PLAIN", "SCRAM-SHA-256")), v), SaslHandshakeResponse::parse));
        }
        for (short v : versions(ApiKey.SASL_AUTHENTICATE)) {
            cases.add(new Case("SaslAuthenticate", v, encode(new SaslAuthenticateResponseData().setErrorMessage("e")
                    .setAuthBytes(new byte[] {1, 2, 3}), v), SaslAuthenticateResponse::parse));
        }
        return cases.stream();
    }

    private static List<Short> versions(ApiKey key) {
        return Official.versions(key).toList();
    }

    private static byte[] encode(Message message, short version) {
        return Official.bytes(Official.serialize(message, version));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validEncodingParses(Case fuzzCase) {
        ByteBuffer buffer = ByteBuffer.wrap(fuzzCase.valid());
        fuzzCase.parser().apply(buffer, fuzzCase.version());
        assertEquals(0, buffer.remaining(), "valid encoding must be consumed exactly");
    }

    /**
     * Every field of a response is required, so no proper prefix of a valid encoding is a response: each must be
     * rejected with a ProtocolException from an explicit check (parseSafely fails on anything else), never parsed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyTruncationFailsCleanly(Case fuzzCase) {
        for (int length = 0; length < fuzzCase.valid().length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(fuzzCase.valid(), length);
            int outcome = parseSafely(fuzzCase, truncated);
            assertEquals(1, outcome, fuzzCase + " parsed the first " + length + " of its " + fuzzCase.valid().length
                    + " bytes as a whole response: " + HexFormat.of().formatHex(truncated));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mutatedEncodingsFailCleanly(Case fuzzCase) {
        Random random = new Random(SEED ^ fuzzCase.toString().hashCode());
        int failures = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            failures += parseSafely(fuzzCase, mutate(fuzzCase.valid(), random));
        }
        assertTrue(failures > 0, "mutations should break at least some inputs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void randomBytesFailCleanly(Case fuzzCase) {
        Random random = new Random(SEED + fuzzCase.toString().hashCode());
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            byte[] bytes = new byte[random.nextInt(96)];
            random.nextBytes(bytes);
            parseSafely(fuzzCase, bytes);
        }
    }

    /** Writes a maximal length (INT16, INT32 and unsigned-varint forms) at every offset of a valid encoding. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hugeLengthsAtEveryOffsetDoNotAllocate(Case fuzzCase) {
        byte[][] hugeLengths = {
            {0x7F, (byte) 0xFF}, {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F},
        };
        for (byte[] huge : hugeLengths) {
            for (int offset = 0; offset + huge.length <= fuzzCase.valid().length; offset++) {
                byte[] bytes = fuzzCase.valid().clone();
                System.arraycopy(huge, 0, bytes, offset, huge.length);
                parseSafely(fuzzCase, bytes);
            }
        }
    }

    @Test
    void responseHeaderReaderFailsCleanly() {
        Random random = new Random(SEED);
        for (ApiKey key : ApiKey.values()) {
            for (short v = key.minVersion(); v <= key.maxVersion(); v++) {
                for (int i = 0; i < 300; i++) {
                    byte[] bytes = new byte[random.nextInt(12)];
                    random.nextBytes(bytes);
                    try {
                        RequestFramer.readResponseCorrelationId(ByteBuffer.wrap(bytes), key, v);
                    } catch (ProtocolException expected) {
                        assertTrue(expected.getMessage().contains(key.apiName() + " v" + v + " response header"));
                    }
                }
            }
        }
    }

    @Test
    void failureMessagesNameTheApiVersionAndFieldPath() {
        byte[] valid = encode(MetadataResponseTest.officialResponse((short) 12), (short) 12);
        // throttle(4) brokers-count(1) then broker 0: node_id(4) host: compact length; claim 70000 bytes
        ByteBuffer buffer = ByteBuffer.allocate(9 + 5 + 30).put(valid, 0, 9);
        Wire.writeUnsignedVarint(buffer, 70_001);
        buffer.put(new byte[30]).flip(); // enough for the two-broker array check, far too little for the host
        ProtocolException e = assertThrows(ProtocolException.class, () -> MetadataResponse.parse(buffer, (short) 12));
        assertEquals("Metadata v12 response: field brokers[0].host: length 70000 exceeds remaining 30 bytes",
                e.getMessage());
        ProtocolException version = assertThrows(ProtocolException.class,
                () -> ProduceResponse.parse(ByteBuffer.allocate(0), (short) 2));
        assertTrue(version.getMessage().startsWith("Produce v2 response"), version.getMessage());
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) 0xFF;
                case 1 -> bytes[at] = (byte) 0x80;
                case 2 -> bytes[at] = 0x7F;
                case 3 -> bytes[at] = 0;
                default -> bytes[at] = (byte) random.nextInt(256);
            }
        }
        if (random.nextInt(4) == 0) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 8)); // truncate or pad with zeros
        }
        return bytes;
    }

    /** Returns 0 if parsed, 1 if ProtocolException; fails the test on anything else or on a large allocation. */
    private static int parseSafely(Case fuzzCase, byte[] bytes) {
        long before = allocatedBytes();
        try {
            fuzzCase.parser().apply(ByteBuffer.wrap(bytes), fuzzCase.version());
            return 0;
        } catch (ProtocolException expected) {
            if (expected.getCause() != null) {
                // the decoders' catch-all turned a stray exception into a ProtocolException: a missing bounds check
                fail(fuzzCase + " only survived via the safety net: " + expected.getCause(), expected);
            }
            return 1;
        } catch (Throwable unexpected) {
            fail(fuzzCase + " threw " + unexpected + " for input " + HexFormat.of().formatHex(bytes), unexpected);
            return 2;
        } finally {
            long allocated = allocatedBytes() - before;
            if (allocated > MAX_ALLOCATION_PER_PARSE_BYTES) {
                fail(fuzzCase + " allocated " + allocated + " bytes for input " + HexFormat.of().formatHex(bytes));
            }
        }
    }

    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
            return threads.getCurrentThreadAllocatedBytes();
        }
        return 0;
    }
}
