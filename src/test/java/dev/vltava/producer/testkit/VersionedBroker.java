package dev.vltava.producer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * One broker of a given Apache Kafka version, for the broker-compatibility tests: a child JVM on 127.0.0.1 run from
 * that version's own jars ({@link BrokerDistributions}). Versions before 3.3 run in ZooKeeper mode, with a
 * ZooKeeper server (the one that version depends on) started the same way as a second child JVM; 3.3 and later run
 * in KRaft mode as a combined broker and controller.
 */
public final class VersionedBroker implements TestCluster {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final int BROKER_ID = 1;

    /** How the broker keeps its metadata. */
    public enum Mode { ZOOKEEPER, KRAFT }

    private final String version;
    private final Mode mode;
    private final BrokerNode zookeeper;
    private final BrokerNode broker;
    private final VerifierAdmin admin = new VerifierAdmin(this::bootstrapServers);

    private VersionedBroker(String version, Mode mode, BrokerNode zookeeper, BrokerNode broker) {
        this.version = version;
        this.mode = mode;
        this.zookeeper = zookeeper;
        this.broker = broker;
    }

    /** ZooKeeper mode before 3.3 (KRaft was not production ready), KRaft from 3.3 on (4.0 has no ZooKeeper mode). */
    public static Mode modeOf(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major < 3 || (major == 3 && minor < 3) ? Mode.ZOOKEEPER : Mode.KRAFT;
    }

    /** Kafka before 4.0 needs log4j 1.x classes (it registers a log4j MBean); 4.x logs through slf4j alone. */
    private static String loggingOf(String version) {
        return Integer.parseInt(version.split("\\.")[0]) < 4 ? "log4j1" : "simple";
    }

    /** Resolves the jars of {@code version} (once), starts the broker and waits until it serves. */
    public static VersionedBroker start(String version) {
        StaleBrokers.reap();
        Mode mode = modeOf(version);
        String logging = loggingOf(version);
        String classpath = BrokerDistributions.classpath(version, logging) + java.io.File.pathSeparator
                + Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path root = createRoot(version);
        List<String> jvmArgs = new ArrayList<>();
        if (logging.equals("log4j1")) {
            jvmArgs.add("-Dlog4j.configuration=" + writeLog4j(root).toUri());
        }
        int[] ports = KafkaCluster.freePorts(2);
        BrokerNode zk = null;
        Path dir = root.resolve("node-" + BROKER_ID);
        Path config = dir.resolve("server.properties");
        if (mode == Mode.ZOOKEEPER) {
            Path zkDir = root.resolve("zookeeper");
            Path zkConfig = zkDir.resolve("zoo.cfg");
            write(zkConfig, String.join("\n",
                    "dataDir=" + zkDir.resolve("data"),
                    "clientPort=" + ports[1],
                    "clientPortAddress=127.0.0.1",
                    "tickTime=500",
                    "initLimit=10",
                    "syncLimit=5",
                    "maxClientCnxns=0",
                    "admin.enableServer=false",
                    ""));
            List<String> zkArgs = new ArrayList<>(jvmArgs);
            zkArgs.add("-Dvltava.test.main=org.apache.zookeeper.server.quorum.QuorumPeerMain");
            zkArgs.add("-Dzookeeper.admin.enableServer=false");
            zk = new BrokerNode(0, ports[1], -1, zkDir.resolve("data"), zkConfig, zkDir.resolve("zookeeper.log"),
                    classpath, zkArgs);
            writeZooKeeperModeConfig(config, ports[0], ports[1], dir.resolve("data"));
        } else {
            writeKraftConfig(config, ports[0], ports[1], dir.resolve("data"));
        }
        BrokerNode node = new BrokerNode(BROKER_ID, ports[0], mode == Mode.KRAFT ? ports[1] : -1, dir.resolve("data"),
                config, dir.resolve("broker.log"), classpath, jvmArgs);
        VersionedBroker cluster = new VersionedBroker(version, mode, zk, node);
        try {
            if (zk != null) {
                zk.start();
                awaitPort(zk, ports[1]);
            } else {
                node.format(ClusterIds.newClusterId(), List.of());
            }
            node.start();
            cluster.awaitServing();
            return cluster;
        } catch (RuntimeException e) {
            String logs = cluster.describeForFailure();
            cluster.close();
            throw new IllegalStateException("Kafka " + version + " (" + mode + ") failed to start: " + e.getMessage()
                    + "\n" + logs, e);
        }
    }

    public String version() {
        return version;
    }

    public Mode mode() {
        return mode;
    }

    /** The broker's whole log so far (start-up lines name the version). */
    public String brokerLog() throws IOException {
        return Files.exists(broker.logFile()) ? Files.readString(broker.logFile(), StandardCharsets.UTF_8) : "";
    }

    /** The broker process (its data directory holds the log segments, see {@link StoredBatches}). */
    BrokerNode node() {
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapAddress();
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public boolean supportsFaults() {
        return false;
    }

    /** An official admin client (test verifier only; kafka-clients 4.4 talks to brokers from 2.1 on). */
    public Admin admin() {
        return admin.get();
    }

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        admin.createTopic(name, partitions, replicationFactor, configs, " on Kafka " + version);
        TopicReadiness.await(admin(), name, partitions, replicationFactor, List.of(BROKER_ID), READY_TIMEOUT);
    }

    @Override
    public String describeForFailure() {
        StringBuilder sb = new StringBuilder();
        if (zookeeper != null) {
            sb.append("----- ZooKeeper (").append(zookeeper.logFile()).append(") last lines -----\n")
                    .append(zookeeper.tailLog(20)).append('\n');
        }
        sb.append("----- Kafka ").append(version).append(" (").append(broker.logFile()).append(", running=")
                .append(broker.isRunning()).append(") last lines -----\n").append(broker.tailLog(40)).append('\n');
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        admin.close();
        broker.stop();
        if (zookeeper != null) {
            zookeeper.stop();
        }
    }

    private void awaitServing() {
        admin.awaitBrokers(1, READY_TIMEOUT, () -> {
            if (broker.pid() > 0 && !broker.isRunning()) {
                throw new IllegalStateException("Kafka " + version + " exited during start-up");
            }
        }, "Kafka " + version);
    }

    private static void awaitPort(BrokerNode process, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isRunning()) {
                throw new IllegalStateException("ZooKeeper exited during start-up");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                KafkaCluster.sleep(100);
            }
        }
        throw new IllegalStateException("ZooKeeper not listening on " + port + " after " + READY_TIMEOUT);
    }

    private static List<String> commonSettings(int brokerPort, Path dataDir) {
        return List.of(
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "default.replication.factor=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4");
    }

    private static void writeZooKeeperModeConfig(Path file, int brokerPort, int zkPort, Path dataDir) {
        List<String> lines = new ArrayList<>(List.of(
                "broker.id=" + BROKER_ID,
                "zookeeper.connect=127.0.0.1:" + zkPort,
                "zookeeper.connection.timeout.ms=60000"));
        lines.addAll(commonSettings(brokerPort, dataDir));
        write(file, String.join("\n", lines) + "\n");
    }

    private static void writeKraftConfig(Path file, int brokerPort, int controllerPort, Path dataDir) {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=" + BROKER_ID,
                "controller.quorum.voters=" + BROKER_ID + "@127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"));
        lines.addAll(commonSettings(brokerPort, dataDir));
        lines.set(lines.indexOf("listeners=PLAINTEXT://127.0.0.1:" + brokerPort),
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        write(file, String.join("\n", lines) + "\n");
    }

    private static Path writeLog4j(Path root) {
        Path file = root.resolve("log4j.properties");
        write(file, String.join("\n",
                "log4j.rootLogger=INFO, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.kafka.request.logger=WARN",
                "log4j.logger.state.change.logger=WARN",
                "log4j.logger.org.apache.zookeeper=WARN",
                ""));
        return file;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createRoot(String version) {
        try {
            Path logs = TestBrokers.logsRoot();
            Files.createDirectories(logs);
            return Files.createTempDirectory(logs, "kafka-" + version + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
