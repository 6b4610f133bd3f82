package dev.vltava.producer.internal.send;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.internal.SimulatedEngine;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.compress.BatchCompressor;
import dev.vltava.producer.internal.compress.CompressionType;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.network.FakeTransport;
import dev.vltava.producer.internal.network.BrokerClient;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * The real engine (wired by {@code Engine}, as for a producer, through {@link SimulatedEngine#senderOnly}) over a
 * {@link FakeTransport} and a fake clock: no sockets, no threads, no sleeps; the test runs the {@link Sender}'s turns.
 * The {@link SenderConfig} a test asks for is turned into producer settings, and the engine must derive the same
 * one from them. ApiVersions, Metadata (topic "t", every partition led by node 0) and InitProducerId are
 * answered automatically (encoded with the official classes); Produce requests are held until the test answers them.
 */
final class SenderHarness {
    static final String TOPIC = "t";
    static final int NODE = 0;
    static final long PRODUCER_ID = 7L;
    /** Seeds the engine's jitter and sticky-partition choices: every run takes the same turns. */
    private static final long SEED = 42L;

    /** A produce request the test has not answered yet. */
    record HeldProduce(int correlationId, short version, ProduceRequestData data, int nodeId) {
        /** Base sequence of the (single) batch for the partition in this request, or -2 if absent. */
        int baseSequence(int partition) {
            for (ProduceRequestData.TopicProduceData t : data.topicData()) {
                for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                    if (p.index() == partition) {
                        RecordBatch b = ((MemoryRecords) p.records()).batches().iterator().next();
                        return b.baseSequence();
                    }
                }
            }
            return -2;
        }
    }

    long nowNs = TimeUnit.SECONDS.toNanos(1);
    /** Run once, at the next read of the harness's clock (then cleared): something happening inside a turn. */
    Runnable onNextClockRead;
    final SenderConfig config;
    final FakeTransport transport = new FakeTransport().autoConnect(true).autoCompleteSends(true);
    final BufferPool pool;
    final RecordAccumulator accumulator;
    final Metadata metadata;
    final WaitingRecords waiting;
    final BrokerClient client;
    final Sender sender;
    /** The sender's and the network client's metrics (client id "test", default window), on the harness's clock. */
    final ProducerMetrics metrics;
    private final SimulatedEngine engine;
    final List<HeldProduce> held = new ArrayList<>();
    final Map<Integer, Long> nextOffset = new HashMap<>();
    /**
     * When set, answers FindCoordinator, InitProducerId and the transaction APIs (null = hold the request), and
     * ApiVersions lists those APIs; see {@link FakeTransactionCoordinator}.
     */
    FakeTransactionCoordinator coordinator;
    /** The leader id that Metadata responses give every partition (node {@link #NODE} is the only broker listed). */
    int leaderInMetadata = NODE;
    private final int partitions;
    private final Uuid topicId = Uuid.randomUuid();
    private short nextEpoch;
    /** The leader the next Metadata responses name, per partition (all NODE unless a test moves one to node 1). */
    final Map<Integer, Integer> leaders = new HashMap<>();
    /** Per partition, the leader the last Metadata response named and its leader epoch (raised at each change). */
    private final Map<Integer, int[]> leaderEpochs = new HashMap<>();

    private long readClock() {
        Runnable hook = onNextClockRead;
        if (hook != null) {
            onNextClockRead = null;
            hook.run();
        }
        return nowNs;
    }

    SenderHarness(SenderConfig config, int partitions, int batchSizeBytes, long lingerMs) {
        this(config, partitions, batchSizeBytes, lingerMs, Long.MAX_VALUE);
    }

    SenderHarness(SenderConfig config, int partitions, int batchSizeBytes, long lingerMs, long connectionsMaxIdleMs) {
        this(config, partitions, batchSizeBytes, lingerMs, connectionsMaxIdleMs, NO_WAITING_RECORDS, null);
    }

    /** With the sender thread's compressor given (say, one that throws). */
    SenderHarness(SenderConfig config, int partitions, int batchSizeBytes, long lingerMs, long connectionsMaxIdleMs,
            BatchCompressor compressor) {
        this(config, partitions, batchSizeBytes, lingerMs, connectionsMaxIdleMs, NO_WAITING_RECORDS, compressor);
    }

    /** With records that wait for metadata (in {@link #waiting}) placed by {@code router}. */
    SenderHarness(SenderConfig config, int partitions, int batchSizeBytes, long lingerMs, long connectionsMaxIdleMs,
            RecordRouter router) {
        this(config, partitions, batchSizeBytes, lingerMs, connectionsMaxIdleMs, router, null);
    }

    private SenderHarness(SenderConfig config, int partitions, int batchSizeBytes, long lingerMs,
            long connectionsMaxIdleMs, RecordRouter router, BatchCompressor compressor) {
        this.partitions = partitions;
        this.engine = SimulatedEngine.senderOnly(ProducerConfig.from(settings(config, batchSizeBytes, lingerMs,
                connectionsMaxIdleMs)), this::readClock, transport, new Random(SEED), compressor, router);
        if (!engine.senderConfig().equals(config)) {
            throw new IllegalArgumentException("the settings do not give the sender config asked for: "
                    + engine.senderConfig() + " instead of " + config);
        }
        this.config = config;
        this.pool = engine.pool();
        this.accumulator = engine.accumulator();
        this.metadata = engine.metadata();
        this.waiting = engine.waiting();
        this.client = engine.client();
        this.sender = engine.sender();
        this.metrics = engine.metrics();
        transport.setResponder(this::respond);
        metadata.touch(TOPIC, nowNs);
    }

    /** The producer settings that give {@code config} (checked by the constructor) on a 1 MiB buffer.memory. */
    private static Map<String, Object> settings(SenderConfig config, int batchSizeBytes, long lingerMs,
            long connectionsMaxIdleMs) {
        Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", "bootstrap:9092");
        s.put("client.id", config.clientId());
        s.put("acks", config.acks() == -1 ? "all" : Short.toString(config.acks()));
        s.put("max.request.size", config.maxRequestSizeBytes());
        s.put("request.timeout.ms", config.requestTimeoutMs());
        s.put("delivery.timeout.ms", config.deliveryTimeoutMs());
        s.put("retries", config.retries());
        s.put("retry.backoff.ms", config.retryBackoffMs());
        s.put("retry.backoff.max.ms", config.retryBackoffMaxMs());
        s.put("max.in.flight.requests.per.connection", config.maxInFlightPerConnection());
        s.put("enable.idempotence", config.idempotent());
        s.put("max.block.ms", config.maxBlockMs());
        s.put("compression.type", config.compression().configName());
        if (config.compression().hasLevels()) {
            s.put("compression." + config.compression().configName() + ".level", config.compressionLevel());
        }
        if (config.transactionalId() != null) {
            s.put("transactional.id", config.transactionalId());
            s.put("transaction.timeout.ms", config.transactionTimeoutMs());
        }
        s.put("batch.size", batchSizeBytes);
        s.put("linger.ms", lingerMs);
        s.put("connections.max.idle.ms", connectionsMaxIdleMs);
        s.put("buffer.memory", 1024 * 1024);
        return s;
    }

    /** Idempotent (unless said otherwise), acks=all, max.in.flight 5, retry backoff 100..1000 ms. */
    static SenderConfig config(boolean idempotent, int maxInFlight, int requestTimeoutMs, long deliveryTimeoutMs) {
        return new SenderConfig("test", (short) -1, 1024 * 1024, requestTimeoutMs, deliveryTimeoutMs,
                Integer.MAX_VALUE, 100, 1_000, maxInFlight, idempotent, 1_000, CompressionType.NONE, 0);
    }

    /** Steps the loop (10 ms apart) until metadata is known and, if idempotent, a producer id is held. */
    SenderHarness warmUp() {
        for (int i = 0; i < 100 && !(leaderKnown() && (!config.idempotent() || sender.idempotence.hasProducerId()));
                i++) {
            step();
            advanceMs(10);
        }
        if (!leaderKnown() || (config.idempotent() && !sender.idempotence.hasProducerId())) {
            throw new IllegalStateException("metadata or producer id never arrived");
        }
        return this;
    }

    private boolean leaderKnown() {
        return metadata.snapshot().partitionCount(TOPIC) == partitions;
    }

    void step() {
        sender.runOnce();
    }

    /** Several turns of the loop without time passing (each turn sends at most one request per node). */
    void steps(int n) {
        for (int i = 0; i < n; i++) {
            sender.runOnce();
        }
    }

    void advanceMs(long ms) {
        nowNs += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    void advanceNs(long ns) {
        nowNs += ns;
    }

    /** Appends one record to the partition; the callback adds "partition:value" to {@code completions}. */
    RecordFuture append(int partition, String value, List<String> completions) throws InterruptedException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        RecordFuture f = new RecordFuture(TOPIC, (md, e) -> completions.add(partition + ":" + value
                + (e == null ? "" : ":" + e.getClass().getSimpleName())), -1, v.length, 0L);
        accumulator.append(new TopicPartition(TOPIC, partition), 0L, null, v, new RecordHeader[0], f, 1_000, nowNs);
        return f;
    }

    /** Answers the oldest held produce request: per partition in it, the error (NONE = success with offsets). */
    void answerOldest(Errors error) {
        HeldProduce p = held.remove(0);
        ProduceResponseData response = new ProduceResponseData();
        for (ProduceRequestData.TopicProduceData t : p.data().topicData()) {
            ProduceResponseData.TopicProduceResponse tr = new ProduceResponseData.TopicProduceResponse()
                    .setName(p.version() >= 13 ? "" : t.name()).setTopicId(p.version() >= 13 ? t.topicId()
                            : Uuid.ZERO_UUID);
            for (ProduceRequestData.PartitionProduceData pd : t.partitionData()) {
                ProduceResponseData.PartitionProduceResponse pr = new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(pd.index()).setErrorCode(error.code()).setBaseOffset(-1L);
                if (error == Errors.NONE) {
                    int count = 0;
                    for (RecordBatch b : ((MemoryRecords) pd.records()).batches()) {
                        count += b.countOrNull();
                    }
                    long base = nextOffset.getOrDefault(pd.index(), 0L);
                    nextOffset.put(pd.index(), base + count);
                    pr.setBaseOffset(base);
                }
                tr.partitionResponses().add(pr);
            }
            response.responses().add(tr);
        }
        transport.deliver(p.nodeId(), serialize(response, ApiKeys.PRODUCE, p.version(), p.correlationId()));
    }

    /** The harness's broker: answers a request frame body (no size prefix), or null to hold it. */
    ByteBuffer respond(int nodeId, ByteBuffer body) {
        RequestHeader header = RequestHeader.parse(body);
        short v = header.apiVersion();
        if (coordinator != null && coordinator.handles(header.apiKey())) {
            ApiMessage answer = coordinator.answer(nodeId, header, body.slice());
            return answer == null ? null : serialize(answer, header.apiKey(), v, header.correlationId());
        }
        ApiMessage answer = switch (header.apiKey()) {
            case API_VERSIONS -> coordinator != null ? coordinator.apiVersions() : apiVersions();
            case METADATA -> metadataResponse();
            case INIT_PRODUCER_ID -> new InitProducerIdResponseData().setProducerId(PRODUCER_ID)
                    .setProducerEpoch(nextEpoch++); // a new epoch per request, as a broker bumps it
            case PRODUCE -> {
                held.add(new HeldProduce(header.correlationId(), v,
                        new ProduceRequestData(new ByteBufferAccessor(body.slice()), v), nodeId));
                yield null;
            }
            default -> throw new IllegalStateException("unexpected " + header.apiKey());
        };
        return answer == null ? null : serialize(answer, header.apiKey(), v, header.correlationId());
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData d = new ApiVersionsResponseData();
        for (ApiKeys k : new ApiKeys[] {ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.INIT_PRODUCER_ID}) {
            d.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id)
                    .setMinVersion(k.oldestVersion()).setMaxVersion(k.latestVersion()));
        }
        return d;
    }

    private MetadataResponseData metadataResponse() {
        MetadataResponseData d = new MetadataResponseData().setClusterId("fake").setControllerId(NODE);
        d.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(NODE).setHost("n0").setPort(9092));
        if (leaders.containsValue(1)) {
            d.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("n1").setPort(9092));
        }
        MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic()
                .setName(TOPIC).setTopicId(topicId);
        for (int p = 0; p < partitions; p++) {
            int leader = leaders.getOrDefault(p, leaderInMetadata);
            int[] named = leaderEpochs.computeIfAbsent(p, k -> new int[] {leader, 0});
            if (named[0] != leader) { // a new leader has a newer epoch, as the controller assigns them (KIP-320)
                named[0] = leader;
                named[1]++;
            }
            t.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(p)
                    .setLeaderId(leader).setLeaderEpoch(named[1]).setReplicaNodes(List.of(leader))
                    .setIsrNodes(List.of(leader)));
        }
        d.topics().add(t);
        return d;
    }

    static ByteBuffer serialize(ApiMessage body, ApiKeys api, short version, int correlationId) {
        return RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(correlationId),
                api.responseHeaderVersion(version), body, version);
    }

    /** For senders whose tests append straight into the accumulator: nothing waits for metadata. */
    static final RecordRouter NO_WAITING_RECORDS = new NoRouter();

    /** Records are appended straight into the accumulator here; nothing waits for metadata. */
    private static final class NoRouter implements RecordRouter {
        @Override
        public int choosePartition(String topic, WaitingRecords.Waiting record, ClusterSnapshot cluster) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean appendNow(String topic, int partition, WaitingRecords.Waiting record, ClusterSnapshot cluster,
                long nowNs) {
            throw new UnsupportedOperationException();
        }
    }

    static long offsetOf(RecordFuture f) {
        RecordMetadata md = f.join();
        return md.offset();
    }
}
