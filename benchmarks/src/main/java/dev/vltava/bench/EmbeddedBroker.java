package dev.vltava.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) as a child JVM on 127.0.0.1,
 * started from the jars Maven resolved for this module: the storage is formatted with {@code kafka.tools.StorageTool},
 * then {@code kafka.Kafka} runs behind {@link ChildMain}'s parent watchdog. Data lives in a temp directory deleted on
 * close; a shutdown hook stops the broker when the benchmark exits normally, the watchdog when it is killed.
 */
final class EmbeddedBroker implements Cluster {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path root;
    private final Path logFile;
    private final int brokerPort;
    /** The TLS listener's port, or -1 when the broker was started without one. */
    private final int tlsPort;
    private final TlsFiles tls;
    private final Process process;
    /** The broker's memory cgroup (see {@link BrokerMemoryCgroup}), null when it runs unconfined. */
    private final BrokerMemoryCgroup memoryCgroup;
    private final String memoryNote;
    private final Thread shutdownHook;

    private EmbeddedBroker(Path root, Path logFile, int brokerPort, int tlsPort, TlsFiles tls, Process process,
            BrokerMemoryCgroup memoryCgroup, String memoryNote) {
        this.root = root;
        this.memoryCgroup = memoryCgroup;
        this.memoryNote = memoryNote;
        this.logFile = logFile;
        this.brokerPort = brokerPort;
        this.tlsPort = tlsPort;
        this.tls = tls;
        this.process = process;
        this.shutdownHook = new Thread(() -> {
            stopProcess();
            deleteTree(root);
        }, "vltava-bench-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats and starts a broker, waiting until it serves.
     *
     * @param heap the broker's -Xmx, e.g. "1g"
     */
    static EmbeddedBroker start(String heap) {
        return start(heap, false);
    }

    /**
     * Formats and starts a broker, waiting until it serves; with {@code tls}, it also has a TLS listener (a
     * self-signed certificate made for it, see {@link TlsFiles}) for producers, while topic administration keeps using
     * the plaintext one.
     */
    static EmbeddedBroker start(String heap, boolean withTls) {
        Path root = tempDir();
        int[] ports = Ports.free(3);
        Path config = root.resolve("server.properties");
        Path logFile = root.resolve("broker.log");
        TlsFiles tls = withTls ? TlsFiles.generate(root.resolve("tls")) : null;
        int tlsPort = withTls ? ports[2] : -1;
        writeConfig(config, ports[0], ports[1], tlsPort, tls, root.resolve("data"));
        run(javaCommand("256m", "kafka.tools.StorageTool", "format", "--cluster-id", newClusterId(),
                "--config", config.toString(), "--ignore-formatted"), logFile);
        Process p;
        try {
            p = new ProcessBuilder(javaCommand(heap, "kafka.Kafka", config.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker", e);
        }
        // At once, before the broker writes its logs: their page cache is charged to the group of the writer.
        long limit = BrokerMemoryCgroup.limitFor(BrokerMemoryCgroup.parseSize(heap),
                BrokerMemoryCgroup.dirtyBackgroundBytes(Path.of("/proc/sys/vm"), Path.of("/proc/meminfo")),
                System.getProperty(BrokerMemoryCgroup.LIMIT_PROPERTY));
        BrokerMemoryCgroup cg = BrokerMemoryCgroup.confine(Path.of("/sys/fs/cgroup"), p.pid(), limit);
        String note = BrokerMemoryCgroup.describe(cg, limit);
        System.out.println(note);
        EmbeddedBroker broker = new EmbeddedBroker(root, logFile, ports[0], tlsPort, tls, p, cg, note);
        try {
            broker.awaitPort(READY_TIMEOUT);
            Topics.awaitBroker(broker.bootstrapServers(), READY_TIMEOUT, broker::checkAlive);
            return broker;
        } catch (RuntimeException e) {
            String tail = broker.tailLog(40);
            broker.close();
            throw new IllegalStateException("the broker did not start: " + e.getMessage() + "\n" + tail, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    @Override
    public String producerBootstrapServers(boolean overTls) {
        if (!overTls) {
            return bootstrapServers();
        }
        if (tls == null) {
            throw new IllegalStateException("this broker was started without a TLS listener");
        }
        return "127.0.0.1:" + tlsPort;
    }

    @Override
    public Map<String, Object> tlsClientProps() {
        if (tls == null) {
            throw new IllegalStateException("this broker was started without a TLS listener");
        }
        return tls.clientProps();
    }

    @Override
    public void createTopic(String name, int partitions) {
        Topics.create(bootstrapServers(), name, partitions);
    }

    @Override
    public long brokerPid() {
        return process.pid();
    }

    @Override
    public String kind() {
        return "embedded broker";
    }

    Path logFile() {
        return logFile;
    }

    /** One sentence for reports: whether the broker's memory (and so its page cache) was limited. */
    String memoryNote() {
        return memoryNote;
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran
        }
        deleteTree(root);
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the broker exited with code " + process.exitValue() + ":\n"
                    + tailLog(60));
        }
    }

    /** Waits until the broker's port accepts connections, so the admin client does not start against nothing. */
    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", brokerPort), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        throw new IllegalStateException("port " + brokerPort + " not open after " + timeout);
    }

    private synchronized void stopProcess() {
        if (!process.isAlive()) {
            removeCgroup();
            return;
        }
        process.destroy(); // SIGTERM: controlled shutdown
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        removeCgroup();
    }

    private void removeCgroup() {
        if (memoryCgroup != null && !process.isAlive()) {
            memoryCgroup.remove();
        }
    }

    String tailLog(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static List<String> javaCommand(String heap, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Classpath.javaExecutable(), "-Xmx" + heap, "-Xms" + heap,
                "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-D" + ChildMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-cp", Classpath.full(), ChildMain.class.getName(), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void run(List<String> cmd, Path logFile) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the broker storage took over 120 s; see " + logFile);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("formatting the broker storage failed (exit " + p.exitValue()
                        + "): " + Files.readString(logFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void writeConfig(Path file, int brokerPort, int controllerPort, int tlsPort, TlsFiles tls,
            Path dataDir) {
        String tlsListener = tls == null ? "" : ",SSL://127.0.0.1:" + tlsPort;
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                        + tlsListener,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort + tlsListener,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "auto.create.topics.enable=false",
                "message.max.bytes=2097152", // the size sweep's 1 MiB records with their batch header
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4"));
        if (tls != null) {
            lines.addAll(tls.brokerConfigLines());
        }
        lines.add("");
        String text = String.join("\n", lines);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vltava-bench-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids starting with '-' are drawn again: the storage tool would read such an id as an option. */
    static String newClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }
}
