package dev.vltava.producer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

/**
 * A real Apache Kafka cluster in KRaft mode: every node is a combined broker and controller running as a child JVM
 * on 127.0.0.1, launched from the broker jars Maven resolved for the tests. No Docker, no downloads.
 */
public final class KafkaCluster implements TestCluster {
    /**
     * A hang guard, not a timing assertion: a loaded 2-core machine took 80 s to start three secured nodes. A node
     * that exits during start-up fails at once.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final List<BrokerNode> nodes;
    private final Path root;
    private final VerifierAdmin admin = new VerifierAdmin(this::bootstrapServers);

    private KafkaCluster(List<BrokerNode> nodes, Path root) {
        this.nodes = nodes;
        this.root = root;
    }

    /** Starts {@code size} nodes and waits until all of them are registered and serving. */
    public static KafkaCluster start(int size) {
        return start(size, Map.of());
    }

    /**
     * As {@link #start(int)}, with broker settings added to (or replacing) the fixture's defaults for this cluster
     * only, e.g. a short {@code connections.max.idle.ms}, which brokers read only at start-up.
     */
    public static KafkaCluster start(int size, Map<String, String> brokerOverrides) {
        return start(size, brokerOverrides, NodeSettings.NONE, List.of());
    }

    /**
     * Broker settings for transaction tests, added to the defaults: the coordinator looks for timed-out transactions
     * every 500 ms (instead of every 10 s), so a producer killed mid-transaction has it aborted soon after its
     * {@code transaction.timeout.ms}. Replication factor and min ISR of the transaction log follow the cluster size
     * (the defaults already do).
     */
    public static final Map<String, String> TRANSACTION_SETTINGS = Map.of(
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500",
            "transaction.remove.expired.transaction.cleanup.interval.ms", "60000");

    /**
     * Starts {@code size} nodes formatted with the cluster feature {@code transaction.version} at
     * {@code transactionVersion} (0, 1 or 2 with 4.x brokers; 2 enables transactions v2, KIP-890, and is what a
     * cluster gets by default; 1 keeps clients on the v1 protocol) and the {@link #TRANSACTION_SETTINGS}.
     */
    public static KafkaCluster startWithTransactionVersion(int size, int transactionVersion) {
        if (transactionVersion < 0) {
            throw new IllegalArgumentException("transaction.version must be 0 or more: " + transactionVersion);
        }
        return start(size, TRANSACTION_SETTINGS, NodeSettings.NONE,
                List.of("--feature", "transaction.version=" + transactionVersion));
    }

    /**
     * The cluster-wide finalized level of a feature (e.g. {@code transaction.version}) as the controller reports it,
     * or 0 if it is not finalized.
     */
    public short finalizedFeatureLevel(String feature) {
        var finalized = VerifierAdmin.await(admin().describeFeatures().featureMetadata(), "describe features")
                .finalizedFeatures()
                .get(feature);
        return finalized == null ? 0 : finalized.maxVersionLevel();
    }

    /**
     * Settings that differ per node, added after the shared ones (e.g. extra listeners, each on its own port).
     * Given the node's id and its PLAINTEXT and CONTROLLER ports.
     */
    @FunctionalInterface
    interface NodeSettings {
        NodeSettings NONE = (nodeId, brokerPort, controllerPort) -> Map.of();

        Map<String, String> forNode(int nodeId, int brokerPort, int controllerPort);
    }

    /**
     * As {@link #start(int, Map)}, with per-node settings and extra arguments for the storage tool's {@code format}
     * (e.g. {@code --add-scram}).
     */
    static KafkaCluster start(int size, Map<String, String> brokerOverrides, NodeSettings perNode,
            List<String> formatArgs) {
        StaleBrokers.reap();
        Path root = createRoot(size);
        String clusterId = ClusterIds.newClusterId();
        int[] brokerPorts = freePorts(size);
        int[] controllerPorts = freePorts(size);
        String voters = voters(controllerPorts);
        List<BrokerNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            Path dir = root.resolve("node-" + id);
            Path config = dir.resolve("server.properties");
            Map<String, String> overrides = new java.util.LinkedHashMap<>(brokerOverrides);
            overrides.putAll(perNode.forNode(id, brokerPorts[i], controllerPorts[i]));
            writeConfig(config, id, brokerPorts[i], controllerPorts[i], dir.resolve("data"), voters, size,
                    overrides);
            nodes.add(new BrokerNode(id, brokerPorts[i], controllerPorts[i], dir.resolve("data"), config,
                    dir.resolve("broker.log")));
        }
        KafkaCluster cluster = new KafkaCluster(nodes, root);
        try {
            nodes.parallelStream().forEach(n -> n.format(clusterId, formatArgs));
            nodes.forEach(BrokerNode::start);
            cluster.awaitNodes(size);
            return cluster;
        } catch (RuntimeException e) {
            String logs = cluster.describeForFailure();
            cluster.close();
            throw new IllegalStateException("Kafka cluster of " + size + " failed to start: " + e.getMessage()
                    + "\n" + logs, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return nodes.stream().map(BrokerNode::bootstrapAddress).collect(Collectors.joining(","));
    }

    @Override
    public int size() {
        return nodes.size();
    }

    public List<BrokerNode> nodes() {
        return nodes;
    }

    public BrokerNode node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    @Override
    public boolean supportsFaults() {
        return true;
    }

    /** An official admin client, kept open for the life of the cluster (test verifier only). */
    public Admin admin() {
        return admin.get();
    }

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        admin.createTopic(name, partitions, replicationFactor, configs, "");
        awaitLeaders(name, partitions);
        awaitReplicasOnDisk(name, partitions * replicationFactor);
    }

    private void awaitReplicasOnDisk(String topic, int replicas) {
        List<Integer> ids = nodes.stream().filter(BrokerNode::isRunning).map(BrokerNode::nodeId).toList();
        TopicReadiness.awaitReplicasOnDisk(admin(), topic, replicas, ids, READY_TIMEOUT);
    }

    /** Waits until every partition of the topic has a leader. */
    public void awaitLeaders(String topic, int partitions) {
        TopicReadiness.awaitLeaders(admin(), topic, partitions, READY_TIMEOUT);
    }

    /**
     * Waits until every partition of {@code topics} has all its replicas in sync again, or {@code stop} turns true
     * (then false). Chaos tests call it before each kill: killing one node at a time is safe only while the others
     * hold full copies. A node killed while the one restarted before it is still catching up can take a partition's
     * last in-sync replica, and KRaft then elects the last known eligible replica even with unclean election off
     * ("UNCLEAN partition change" in the controller's log), a lost write no producer survives (session 14's CI run
     * of TransactionsChaosIT: a committed transaction's marker never written).
     */
    public boolean awaitFullIsr(List<String> topics, BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            try {
                boolean full = admin().describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                        .values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.isr().size() == p.replicas().size());
                if (full) {
                    return true;
                }
            } catch (ExecutionException | TimeoutException e) {
                // a node is still coming back: ask again
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Waits until {@code count} brokers are registered with the controller quorum and unfenced. */
    public void awaitNodes(int count) {
        admin.awaitBrokers(count, READY_TIMEOUT, () -> {
            for (BrokerNode n : nodes) {
                if (n.pid() > 0 && !n.isRunning()) {
                    throw new IllegalStateException("node " + n.nodeId() + " exited during start-up:\n" + n.tailLog(60));
                }
            }
        }, count + " nodes");
    }

    /** Waits until the given node is registered again (after a restart). */
    public void awaitNode(int nodeId) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Set<Integer> ids = admin().describeCluster().nodes().get().stream().map(Node::id)
                        .collect(Collectors.toSet());
                if (ids.contains(nodeId)) {
                    return;
                }
            } catch (ExecutionException e) {
                // retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("node " + nodeId + " did not rejoin within " + READY_TIMEOUT + ":\n"
                + node(nodeId).tailLog(60));
    }

    @Override
    public String describeForFailure() {
        StringBuilder sb = new StringBuilder();
        for (BrokerNode n : nodes) {
            sb.append("----- node ").append(n.nodeId()).append(" (").append(n.logFile()).append(", running=")
                    .append(n.isRunning()).append(") last lines -----\n").append(n.tailLog(40)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        admin.close();
        nodes.parallelStream().forEach(BrokerNode::stop);
    }

    Path root() {
        return root;
    }

    private static void writeConfig(Path file, int id, int brokerPort, int controllerPort, Path dataDir,
            String voters, int size, Map<String, String> overrides) {
        int rf = Math.min(3, size);
        String defaults = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "default.replication.factor=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=" + rf,
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4",
                "log.flush.interval.messages=9223372036854775807",
                "unclean.leader.election.enable=false",
                "controller.quorum.election.timeout.ms=1000",
                "controller.quorum.fetch.timeout.ms=2000",
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=4000",
                "replica.lag.time.max.ms=5000",
                "");
        StringBuilder text = new StringBuilder(defaults);
        // later lines win in a properties file, so overrides simply follow the defaults
        overrides.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String voters(int[] controllerPorts) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < controllerPorts.length; i++) {
            parts.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        return String.join(",", parts);
    }

    private static Path createRoot(int size) {
        try {
            Path logs = TestBrokers.logsRoot();
            Files.createDirectories(logs);
            return Files.createTempDirectory(logs, "cluster" + size + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ports handed out by {@link #freePorts} in this JVM. A probe socket is closed before its port is used, so the
     * operating system may give the same port to the next probe: a cluster's broker, controller and extra listener
     * ports come from separate calls, and once two listeners of one node got the same port (the secured cluster's
     * PLAINTEXT and WRONG_HOST listeners: the broker refused to format). No port is handed out twice.
     */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            synchronized (HANDED_OUT) {
                for (int i = 0; i < n; ) {
                    ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                    open.add(s); // kept open until all are found, so this call gets n different ports
                    if (HANDED_OUT.add(s.getLocalPort())) {
                        ports[i++] = s.getLocalPort();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
        return ports;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
