package dev.vltava.producer.internal.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable view of the cluster, swapped atomically by {@link Metadata}: brokers, topics and partitions, and the
 * partitions each broker leads (so the sender finds a node's work without scanning every partition).
 */
public final class ClusterSnapshot {
    private static final int[] NO_PARTITIONS = new int[0];
    private static final AtomicLong VERSIONS = new AtomicLong();

    private final Map<Integer, BrokerAddress> nodes;
    private final Map<String, TopicState> topics;
    private final Map<Integer, List<TopicPartition>> partitionsByLeader;
    private final Map<String, int[]> availablePartitions;
    private final String clusterId;
    /** Unique per snapshot, from 1: what per-partition caches of a snapshot's answers check (never reused). */
    private final long version = VERSIONS.incrementAndGet();

    public ClusterSnapshot(String clusterId, Map<Integer, BrokerAddress> nodes, Map<String, TopicState> topics) {
        this.clusterId = clusterId;
        this.nodes = frozen(nodes);
        this.topics = frozen(topics);
        Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
        Map<String, int[]> available = new HashMap<>();
        for (TopicState t : topics.values()) {
            int[] avail = new int[t.partitionCount()];
            int n = 0;
            for (PartitionState p : t.partitions()) {
                if (p.hasLeader() && this.nodes.containsKey(p.leaderId())) {
                    byLeader.computeIfAbsent(p.leaderId(), k -> new ArrayList<>())
                            .add(new TopicPartition(t.name(), p.partition()));
                    avail[n++] = p.partition();
                }
            }
            available.put(t.name(), java.util.Arrays.copyOf(avail, n));
        }
        byLeader.replaceAll((k, v) -> List.copyOf(v));
        this.partitionsByLeader = frozen(byLeader);
        this.availablePartitions = frozen(available);
    }

    /**
     * An unmodifiable copy that iterates in the same order in every JVM. Not {@code Map.copyOf}: its iteration order
     * is salted per JVM run, which made the sender's choices (which node to ask, which leader to drain first) differ
     * from run to run, so a run of the deterministic simulation could not be replayed from its seed.
     */
    private static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return Collections.unmodifiableMap(new HashMap<>(map));
    }

    public static ClusterSnapshot bootstrap(List<BrokerAddress> bootstrapServers) {
        Map<Integer, BrokerAddress> nodes = new HashMap<>();
        for (BrokerAddress b : bootstrapServers) {
            nodes.put(b.nodeId(), b);
        }
        return new ClusterSnapshot(null, nodes, Map.of());
    }

    /** Unique per snapshot (a later snapshot has a higher one), never 0. */
    public long version() {
        return version;
    }

    public String clusterId() {
        return clusterId;
    }

    public Map<Integer, BrokerAddress> nodes() {
        return nodes;
    }

    public BrokerAddress node(int id) {
        return nodes.get(id);
    }

    public TopicState topic(String name) {
        return topics.get(name);
    }

    public Map<String, TopicState> topics() {
        return topics;
    }

    /** Number of partitions, or -1 when the topic is not (successfully) known. */
    public int partitionCount(String topic) {
        TopicState t = topics.get(topic);
        return t == null || t.errorCode() != 0 ? -1 : t.partitionCount();
    }

    /** Partitions of the topic whose leader is known, for sticky partitioning. */
    public int[] availablePartitions(String topic) {
        return availablePartitions.getOrDefault(topic, NO_PARTITIONS);
    }

    public PartitionState partition(TopicPartition tp) {
        TopicState t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitionCount()) {
            return null;
        }
        return t.partitions()[tp.partition()];
    }

    /**
     * Leader node id of the partition, or -1 when it has none we can reach: no leader, or a leader id missing from
     * the broker list (metadata caught mid-change), which no request can be sent to until metadata is refreshed.
     */
    public int leaderFor(TopicPartition tp) {
        PartitionState p = partition(tp);
        return p == null || !nodes.containsKey(p.leaderId()) ? -1 : p.leaderId();
    }

    public List<TopicPartition> partitionsLedBy(int nodeId) {
        return partitionsByLeader.getOrDefault(nodeId, Collections.emptyList());
    }

    public java.util.Set<Integer> leaders() {
        return partitionsByLeader.keySet();
    }
}
