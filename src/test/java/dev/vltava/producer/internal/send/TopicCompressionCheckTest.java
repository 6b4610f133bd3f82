package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.protocol.DescribeConfigsResponse;
import dev.vltava.producer.internal.protocol.ErrorCode;
import dev.vltava.producer.internal.send.TopicCompressionCheck.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision alone: which broker-side compression.type values make the broker recompress our batches. */
class TopicCompressionCheckTest {

    private static DescribeConfigsResponse.Result answer(String value) {
        return new DescribeConfigsResponse.Result((short) 0, null, (byte) 2, "t", List.of(
                new DescribeConfigsResponse.Config("compression.type", value, false, (byte) 1, false)));
    }

    private static DescribeConfigsResponse.Result error(ErrorCode code) {
        return new DescribeConfigsResponse.Result(code.code(), "no", (byte) 2, "t", List.of());
    }

    @ParameterizedTest(name = "broker {0}, producer {1} -> {2}")
    @CsvSource({
        "producer,     lz4,    MATCHES",
        "producer,     none,   MATCHES",
        "lz4,          lz4,    MATCHES",
        "zstd,         zstd,   MATCHES",
        "gzip,         gzip,   MATCHES",
        "snappy,       snappy, MATCHES",
        "uncompressed, none,   MATCHES",       // the broker's name for no compression
        "none,         none,   MATCHES",       // not a broker value, but unambiguous
        "' PRODUCER ', zstd,   MATCHES",       // case and spaces do not matter
        "gzip,         lz4,    RECOMPRESSES",
        "zstd,         snappy, RECOMPRESSES",
        "lz4,          none,   RECOMPRESSES",  // the broker compresses what we sent uncompressed
        "uncompressed, lz4,    RECOMPRESSES",  // the broker decompresses what we compressed
        "uncompressed, gzip,   RECOMPRESSES",
    })
    void brokerValueAgainstOurCodec(String brokerValue, String ours, Verdict expected) {
        assertEquals(expected, TopicCompressionCheck.judge(answer(brokerValue), CompressionType.forName(ours)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "TOPIC_AUTHORIZATION_FAILED,   GIVE_UP",  // retrying will not grant the ACL
        "CLUSTER_AUTHORIZATION_FAILED, GIVE_UP",
        "INVALID_REQUEST,              GIVE_UP",
        "UNKNOWN_SERVER_ERROR,         GIVE_UP",
        "UNKNOWN_TOPIC_OR_PARTITION,   RETRY",    // retriable: e.g. metadata not yet everywhere
        "REQUEST_TIMED_OUT,            RETRY",
    })
    void errorCodes(ErrorCode code, Verdict expected) {
        assertEquals(expected, TopicCompressionCheck.judge(error(code), CompressionType.LZ4));
    }

    @Test
    void missingAnswersAreRetriedOrAbandoned() {
        assertEquals(Verdict.RETRY, TopicCompressionCheck.judge(null, CompressionType.LZ4),
                "no result for the topic in the response");
        assertEquals(Verdict.GIVE_UP, TopicCompressionCheck.judge(answer(null), CompressionType.LZ4),
                "no value to compare");
        DescribeConfigsResponse.Result otherKeyOnly = new DescribeConfigsResponse.Result((short) 0, null, (byte) 2,
                "t", List.of(new DescribeConfigsResponse.Config("retention.ms", "1", false, (byte) 5, false)));
        assertEquals(Verdict.GIVE_UP, TopicCompressionCheck.judge(otherKeyOnly, CompressionType.LZ4));
    }
}
