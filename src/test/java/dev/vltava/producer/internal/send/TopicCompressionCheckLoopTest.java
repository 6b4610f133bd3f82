package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.internal.SimulatedEngine;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.network.FakeTransport;
import dev.vltava.producer.internal.protocol.ApiKey;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/**
 * The check inside the real sender loop, against a scripted broker (the official codecs encode its answers): one
 * DescribeConfigs per topic, at most one retry, one warning per topic, nothing when the broker cannot answer.
 * No records are produced; the topics are registered with the metadata as a send would.
 */
class TopicCompressionCheckLoopTest {
    private static final int NODE = 1;
    private static final String HOST = "broker-1";
    private static final int PORT = 9092;
    private static final short UNKNOWN_TOPIC = 3;
    private static final short TOPIC_AUTHORIZATION_FAILED = 29;

    private final AtomicLong clockNs = new AtomicLong(1_000_000_000L);
    private final FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
    /** Per topic, what the scripted broker answers to the n-th DescribeConfigs for it (value or error code). */
    private final Map<String, List<Object>> answers = new HashMap<>();
    private final Map<String, Integer> askedPerTopic = new HashMap<>();
    private boolean brokerHasDescribeConfigs = true;
    private Metadata metadata;
    private Sender sender;

    private void start(CompressionType ours) {
        transport.onEachPoll(timeoutMs -> clockNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMs))));
        transport.setResponder(this::respond);
        // The engine's own wiring (as the producer's), driven by this test: no records, so no buffer or threads needed.
        SimulatedEngine engine = SimulatedEngine.senderOnly(ProducerConfig.from(Map.of(
                "bootstrap.servers", HOST + ":" + PORT, "client.id", "check-test", "enable.idempotence", "false",
                "max.block.ms", 60_000, "compression.type", ours.configName())), clockNs::get, transport,
                new Random(1), null, SenderHarness.NO_WAITING_RECORDS);
        metadata = engine.metadata();
        sender = engine.sender();
    }

    /**
     * Registers topics as a send would, and lets the loop fetch their metadata through the bootstrap connection. The
     * check only rides on connections to known brokers (here opened by the next metadata refresh; in a producer by
     * the produce path), so one more refresh is asked for.
     */
    private void use(String... topics) {
        for (String topic : topics) {
            metadata.touch(topic, clockNs.get());
        }
        runLoop(5);
        metadata.requestUpdate();
    }

    private void runLoop(int turns) {
        for (int i = 0; i < turns; i++) {
            sender.runOnce();
        }
    }

    private int describeConfigsRequests() {
        int count = 0;
        for (FakeTransport.SentFrame frame : transport.allSent()) {
            if (frame.body().getShort(0) == ApiKey.DESCRIBE_CONFIGS.id()) {
                count++;
            }
        }
        return count;
    }

    @Test
    void warnsOncePerMismatchedTopicAndAsksOnlyOnce() {
        start(CompressionType.LZ4);
        answers.put("gzip-topic", List.of("gzip"));
        answers.put("producer-topic", List.of("producer"));
        answers.put("lz4-topic", List.of("lz4"));
        use("gzip-topic", "producer-topic", "lz4-topic");
        runLoop(20);
        assertEquals(1, sender.compressionCheck().warningsLogged());
        for (int i = 0; i < 5; i++) {
            metadata.requestUpdate(); // new snapshots with the same topics must not ask again
            runLoop(10);
        }
        assertEquals(1, sender.compressionCheck().warningsLogged());
        assertEquals(Map.of("gzip-topic", 1, "producer-topic", 1, "lz4-topic", 1), askedPerTopic);

        answers.put("late-topic", List.of("uncompressed"));
        use("late-topic");
        runLoop(20);
        assertEquals(2, sender.compressionCheck().warningsLogged(), "a topic used later is checked too");
        assertEquals(1, askedPerTopic.get("late-topic"));
    }

    @Test
    void uncompressedOnTheBrokerSuitsAProducerWithoutCompression() {
        start(CompressionType.NONE);
        answers.put("plain", List.of("uncompressed"));
        answers.put("zstd-topic", List.of("zstd"));
        use("plain", "zstd-topic");
        runLoop(20);
        assertEquals(1, sender.compressionCheck().warningsLogged(), "only zstd-topic: the broker compresses it");
    }

    @Test
    void aRetriableErrorIsRetriedExactlyOnce() {
        start(CompressionType.LZ4);
        answers.put("flaky", List.of(UNKNOWN_TOPIC, "gzip"));
        answers.put("missing", List.of(UNKNOWN_TOPIC, UNKNOWN_TOPIC, "gzip"));
        use("flaky", "missing");
        runLoop(40);
        assertEquals(Map.of("flaky", 2, "missing", 2), askedPerTopic);
        assertEquals(1, sender.compressionCheck().warningsLogged(), "flaky answered on its retry");
    }

    @Test
    void anAuthorizationErrorIsNeverRetried() {
        start(CompressionType.LZ4);
        answers.put("secret", List.of(TOPIC_AUTHORIZATION_FAILED, "gzip"));
        use("secret");
        runLoop(40);
        assertEquals(Map.of("secret", 1), askedPerTopic);
        assertEquals(0, sender.compressionCheck().warningsLogged());
    }

    @Test
    void anUndecodableAnswerCountsAsAFailedAttempt() {
        start(CompressionType.LZ4);
        answers.put("garbled", List.of("GARBAGE", "gzip"));
        use("garbled");
        runLoop(20); // the client drops the connection on garbage
        assertEquals(Map.of("garbled", 1), askedPerTopic);
        metadata.requestUpdate(); // the check never connects by itself: it rides on a connection someone opens
        runLoop(40);
        assertEquals(Map.of("garbled", 2), askedPerTopic);
        assertEquals(1, sender.compressionCheck().warningsLogged());
    }

    @Test
    void aBrokerWithoutDescribeConfigsIsNeverAsked() {
        brokerHasDescribeConfigs = false;
        start(CompressionType.LZ4);
        answers.put("gzip-topic", List.of("gzip"));
        use("gzip-topic");
        runLoop(20);
        assertEquals(0, describeConfigsRequests());
        assertEquals(0, sender.compressionCheck().warningsLogged());
    }

    // ------------------------------------------------------------------------------------------ scripted broker

    private ByteBuffer respond(int nodeId, ByteBuffer requestFrame) {
        ByteBuffer request = requestFrame.duplicate();
        RequestHeader header = RequestHeader.parse(request);
        short version = header.apiVersion();
        ApiKeys api = header.apiKey();
        Message body = switch (api) {
            case API_VERSIONS -> apiVersions();
            case METADATA -> metadataFor(new MetadataRequestData(new ByteBufferAccessor(request), version));
            case DESCRIBE_CONFIGS -> describeConfigs(new DescribeConfigsRequestData(new ByteBufferAccessor(request),
                    version));
            default -> throw new AssertionError("unexpected request " + api);
        };
        short headerVersion = api.responseHeaderVersion(version);
        if (body == null) { // a valid header, then a body too short for anything
            ByteBuffer garbage = ByteBuffer.allocate(4 + headerVersion + 3).putInt(header.correlationId());
            return garbage.put(headerVersion >= 1 ? new byte[] {0, 1, 2, 3} : new byte[] {1, 2, 3}).flip();
        }
        return frame(header.correlationId(), headerVersion, body, version);
    }

    private ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData data = new ApiVersionsResponseData();
        for (ApiKey key : ApiKey.values()) {
            if (key != ApiKey.DESCRIBE_CONFIGS || brokerHasDescribeConfigs) {
                data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(key.id())
                        .setMinVersion(key.minVersion()).setMaxVersion(key.maxVersion()));
            }
        }
        return data;
    }

    private MetadataResponseData metadataFor(MetadataRequestData request) {
        MetadataResponseData data = new MetadataResponseData().setClusterId("fake-cluster").setControllerId(NODE);
        data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(NODE).setHost(HOST)
                .setPort(PORT));
        for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
            MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                    .setName(t.name()).setTopicId(Uuid.randomUuid());
            topic.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(0)
                    .setLeaderId(NODE).setLeaderEpoch(1).setReplicaNodes(List.of(NODE)).setIsrNodes(List.of(NODE)));
            data.topics().add(topic);
        }
        return data;
    }

    /** The scripted answers; {@code null} (to send garbage) when any topic's script says so. */
    private DescribeConfigsResponseData describeConfigs(DescribeConfigsRequestData request) {
        DescribeConfigsResponseData data = new DescribeConfigsResponseData();
        boolean garbage = false;
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : request.resources()) {
            assertEquals(2, resource.resourceType(), "topic resource");
            assertEquals(List.of("compression.type"), resource.configurationKeys());
            String topic = resource.resourceName();
            int attempt = askedPerTopic.merge(topic, 1, Integer::sum) - 1;
            List<Object> script = answers.get(topic);
            Object answer = script.get(Math.min(attempt, script.size() - 1));
            garbage |= "GARBAGE".equals(answer);
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData
                    .DescribeConfigsResult().setResourceType((byte) 2).setResourceName(topic);
            if (answer instanceof Short errorCode) {
                result.setErrorCode(errorCode).setErrorMessage("scripted error");
            } else {
                result.configs().add(new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                        .setName("compression.type").setValue((String) answer).setConfigSource((byte) 1));
            }
            data.results().add(result);
        }
        return garbage ? null : data;
    }

    private static ByteBuffer frame(int correlationId, short headerVersion, Message body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        body.addSize(size, cache, version);
        int headerSize = headerVersion >= 1 ? 5 : 4;
        ByteBuffer buffer = ByteBuffer.allocate(headerSize + size.totalSize());
        buffer.putInt(correlationId);
        if (headerVersion >= 1) {
            buffer.put((byte) 0); // no tagged fields
        }
        body.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.flip();
    }
}
