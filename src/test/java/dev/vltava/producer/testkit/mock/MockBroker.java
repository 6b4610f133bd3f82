package dev.vltava.producer.testkit.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * A scriptable Kafka "cluster" of one or more nodes on loopback, for fault-injection tests of producers. It answers
 * ApiVersions, Metadata, InitProducerId and Produce (decoded and encoded with the official kafka-clients classes),
 * stores produced records per partition with broker-like idempotence checks ({@link PartitionLog}), and misbehaves
 * on request ({@link Script}). Everything is guarded by this object's lock; socket I/O and waiting are not.
 *
 * <pre>{@code
 * try (MockBroker broker = MockBroker.start(2)) {
 *     broker.createTopic("t", 3);                        // leaders round-robin over the nodes
 *     broker.onProduce().times(2).respondWith(Errors.NOT_ENOUGH_REPLICAS);
 *     ... produce to broker.bootstrapServers() ...
 *     broker.records("t", 0);                            // what landed, with offsets and pid/epoch/sequence
 * }
 * }</pre>
 */
public final class MockBroker implements AutoCloseable {
    static final String CLUSTER_ID = "mock-cluster-0000000000";
    private static final long FIRST_PRODUCER_ID = 1000L;

    /** What a connection thread does with a request: the action and the response bytes (no size prefix). */
    record Reply(Rule.Action action, ByteBuffer response, long delayMs) {
    }

    static final class TopicInfo {
        final String name;
        final Uuid id = Uuid.randomUuid();
        final int[] leaders;
        final int[] leaderEpochs;

        TopicInfo(String name, int[] leaders) {
            this.name = name;
            this.leaders = leaders;
            this.leaderEpochs = new int[leaders.length];
        }
    }

    private final List<MockNode> nodes = new ArrayList<>();
    final Map<String, TopicInfo> topics = new LinkedHashMap<>();
    private final Map<TopicPartition, PartitionLog> logs = new HashMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<Integer, Map<ApiKeys, Integer>> requestCounts = new HashMap<>();
    private final Map<Integer, Map<ApiKeys, Integer>> pipelinedCounts = new HashMap<>();
    /** Whether the request the calling connection thread handles has another of its API queued behind it. */
    private final ThreadLocal<Boolean> handlingPipelined = ThreadLocal.withInitial(() -> false);
    private int rulesAppliedToPipelined;
    final Set<TopicPartition> leaderHints = new HashSet<>();
    final Map<ApiKeys, Short> maxVersions = new EnumMap<>(ApiKeys.class);
    private final List<String> events = new ArrayList<>();
    private final RequestHandler handler = new RequestHandler(this);
    boolean duplicateAsError;
    long nextProducerId = FIRST_PRODUCER_ID;

    private MockBroker() {
    }

    /** Starts {@code nodeCount} nodes, ids 0..nodeCount-1. */
    public static MockBroker start(int nodeCount) {
        MockBroker broker = new MockBroker();
        try {
            for (int i = 0; i < nodeCount; i++) {
                broker.nodes.add(new MockNode(i, broker));
            }
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException(e);
        }
        return broker;
    }

    /** "127.0.0.1:port,..." for every node. */
    public String bootstrapServers() {
        StringJoiner j = new StringJoiner(",");
        for (MockNode n : nodes) {
            j.add("127.0.0.1:" + n.port());
        }
        return j.toString();
    }

    /** One "127.0.0.1:port" entry per node. */
    public List<String> bootstrapServerList() {
        List<String> out = new ArrayList<>();
        for (MockNode n : nodes) {
            out.add("127.0.0.1:" + n.port());
        }
        return out;
    }

    public int nodeCount() {
        return nodes.size();
    }

    int port(int nodeId) {
        return nodes.get(nodeId).port();
    }

    // ------------------------------------------------------------------------------------------------ cluster state

    /** Creates a topic whose partition p is led by node p % nodeCount. */
    public synchronized MockBroker createTopic(String topic, int partitions) {
        int[] leaders = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            leaders[p] = p % nodes.size();
        }
        topics.put(topic, new TopicInfo(topic, leaders));
        for (int p = 0; p < partitions; p++) {
            logs.put(new TopicPartition(topic, p), new PartitionLog(topic, p));
        }
        return this;
    }

    /**
     * Moves a partition's leadership to another node (leader epoch + 1). Metadata names the new leader at once; the
     * old leader answers NOT_LEADER_OR_FOLLOWER, with a KIP-951 CurrentLeader hint and the node's endpoint if
     * {@code withHint} (Produce v10+).
     */
    public synchronized void moveLeader(String topic, int partition, int newLeader, boolean withHint) {
        TopicInfo t = topics.get(topic);
        t.leaders[partition] = newLeader;
        t.leaderEpochs[partition]++;
        TopicPartition tp = new TopicPartition(topic, partition);
        if (withHint) {
            leaderHints.add(tp);
        } else {
            leaderHints.remove(tp);
        }
        log("leader of " + tp + " moved to node " + newLeader);
    }

    public synchronized int leaderOf(String topic, int partition) {
        return topics.get(topic).leaders[partition];
    }

    /** Forgets every producer's sequence state (as after retention removed it): known ids get UNKNOWN_PRODUCER_ID. */
    public synchronized void loseProducerState() {
        for (PartitionLog l : logs.values()) {
            l.loseProducerState();
        }
        log("producer state lost");
    }

    /** Answer duplicates with DUPLICATE_SEQUENCE_NUMBER instead of the original offset (old brokers). */
    public synchronized MockBroker answerDuplicatesWithError(boolean asError) {
        this.duplicateAsError = asError;
        return this;
    }

    /** Advertises at most this version of the API in ApiVersions. */
    public synchronized MockBroker maxVersion(ApiKeys api, int version) {
        maxVersions.put(api, (short) version);
        return this;
    }

    /** Closes every open client connection on the node (it keeps accepting). */
    public void dropConnections(int nodeId) {
        nodes.get(nodeId).dropConnections();
    }

    // ------------------------------------------------------------------------------------------------ scripting

    public Script onProduce() {
        return new Script(this, ApiKeys.PRODUCE);
    }

    public Script onMetadata() {
        return new Script(this, ApiKeys.METADATA);
    }

    public Script onInitProducerId() {
        return new Script(this, ApiKeys.INIT_PRODUCER_ID);
    }

    public Script onApiVersions() {
        return new Script(this, ApiKeys.API_VERSIONS);
    }

    synchronized void addRule(Rule rule) {
        rules.add(rule);
    }

    /** Rules that still have uses left (a test can check its script was consumed). */
    public synchronized List<String> pendingRules() {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            if (!r.exhausted()) {
                out.add(r.toString());
            }
        }
        return out;
    }

    /** The first rule matching the request, its use counted; null if none. */
    synchronized Rule takeRule(ApiKeys api, int nodeId, List<TopicPartition> partitions) {
        for (Rule r : rules) {
            if (r.matches(api, nodeId, partitions)) {
                r.use();
                boolean pipelined = handlingPipelined.get();
                if (pipelined) {
                    rulesAppliedToPipelined++;
                }
                log("node " + nodeId + " " + api + ": applying " + r
                        + (pipelined ? " (another request of the connection waiting behind it)" : ""));
                return r;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The records stored in the partition, in offset order. */
    public synchronized List<StoredRecord> records(String topic, int partition) {
        PartitionLog l = logs.get(new TopicPartition(topic, partition));
        return l == null ? List.of() : l.records();
    }

    /** Every record of the topic, partition by partition. */
    public synchronized List<StoredRecord> records(String topic) {
        List<StoredRecord> out = new ArrayList<>();
        TopicInfo t = topics.get(topic);
        for (int p = 0; t != null && p < t.leaders.length; p++) {
            out.addAll(records(topic, p));
        }
        return out;
    }

    /** Requests of this API received by all nodes. */
    public synchronized int requestCount(ApiKeys api) {
        int total = 0;
        for (Map<ApiKeys, Integer> m : requestCounts.values()) {
            total += m.getOrDefault(api, 0);
        }
        return total;
    }

    public synchronized int requestCount(int nodeId, ApiKeys api) {
        return requestCounts.getOrDefault(nodeId, Map.of()).getOrDefault(api, 0);
    }

    /**
     * Requests of this API that, when the node read them, already had another request of the same API waiting behind
     * them on their connection: the client had at least two in flight there (pipelining).
     */
    public synchronized int pipelinedRequests(int nodeId, ApiKeys api) {
        return pipelinedCounts.getOrDefault(nodeId, Map.of()).getOrDefault(api, 0);
    }

    /** How often a scripted rule was applied to a request that had another of its API waiting behind it. */
    public synchronized int rulesAppliedToPipelinedRequests() {
        return rulesAppliedToPipelined;
    }

    public int connectionsAccepted(int nodeId) {
        return nodes.get(nodeId).connectionsAccepted();
    }

    /** What the broker did, for failure messages. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    // ------------------------------------------------------------------------------------------------ internals

    synchronized void countRequest(int nodeId, ApiKeys api) {
        requestCounts.computeIfAbsent(nodeId, k -> new EnumMap<>(ApiKeys.class)).merge(api, 1, Integer::sum);
    }

    synchronized PartitionLog log(TopicPartition tp) {
        return logs.get(tp);
    }

    synchronized void log(String event) {
        events.add(System.currentTimeMillis() % 100_000 + " " + event);
    }

    /**
     * Called by a connection thread for each request frame (no size prefix), with the API key of the next request
     * already waiting on the connection (-1: none).
     */
    Reply handle(int nodeId, ByteBuffer frame, short nextApiKey) {
        short apiKey = frame.getShort(0);
        boolean pipelined = apiKey == nextApiKey;
        if (pipelined) {
            synchronized (this) {
                pipelinedCounts.computeIfAbsent(nodeId, k -> new EnumMap<>(ApiKeys.class))
                        .merge(ApiKeys.forId(apiKey), 1, Integer::sum);
            }
        }
        handlingPipelined.set(pipelined);
        try {
            return handler.handle(nodeId, frame);
        } finally {
            handlingPipelined.remove();
        }
    }

    @Override
    public void close() {
        for (MockNode n : nodes) {
            n.close();
        }
    }

    /** Convenience for tests: wait until the partition holds {@code count} records or time runs out. */
    public List<StoredRecord> awaitRecords(String topic, int partition, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<StoredRecord> r = records(topic, partition);
        while (r.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            r = records(topic, partition);
        }
        return r;
    }
}
