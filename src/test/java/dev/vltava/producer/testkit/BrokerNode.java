package dev.vltava.producer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka node (combined broker and KRaft controller) running as a child JVM on 127.0.0.1.
 * Ports and data directory survive {@link #kill()} so that {@link #start()} restarts the node on its data.
 */
public final class BrokerNode {
    private static final String MARKER = "-Dvltava.test.broker=1";

    private final int nodeId;
    private final int brokerPort;
    private final int controllerPort;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    /** The jars this node runs from (the test classpath's Kafka, or another broker version's). */
    private final String classpath;
    private final List<String> extraJvmArgs;
    private Process process;

    BrokerNode(int nodeId, int brokerPort, int controllerPort, Path dataDir, Path configFile, Path logFile) {
        this(nodeId, brokerPort, controllerPort, dataDir, configFile, logFile, TestBrokers.brokerClasspath(), List.of());
    }

    /** A node of another Kafka version (or a ZooKeeper server) run from its own {@code classpath}. */
    BrokerNode(int nodeId, int brokerPort, int controllerPort, Path dataDir, Path configFile, Path logFile,
            String classpath, List<String> extraJvmArgs) {
        this.classpath = classpath;
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
        this.nodeId = nodeId;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.configFile = configFile;
        this.logFile = logFile;
    }

    public int nodeId() {
        return nodeId;
    }

    public int brokerPort() {
        return brokerPort;
    }

    int controllerPort() {
        return controllerPort;
    }

    public Path logFile() {
        return logFile;
    }

    Path dataDir() {
        return dataDir;
    }

    Path configFile() {
        return configFile;
    }

    public String bootstrapAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Formats the storage directory with the given cluster id (once, before the first start); extra tool arguments. */
    void format(String clusterId, List<String> extraArgs) {
        List<String> cmd = javaCommand("256m");
        cmd.add("kafka.tools.StorageTool");
        cmd.addAll(List.of("format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"));
        cmd.addAll(extraArgs);
        runToCompletion(cmd, "format node " + nodeId);
    }

    /** Starts (or restarts) the node process; does not wait for readiness. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> cmd = javaCommand(TestBrokers.brokerHeap());
        cmd.add(BrokerMain.class.getName());
        cmd.add(configFile.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
            StaleBrokers.record(process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start broker node " + nodeId, e);
        }
    }

    /** kill -9: the node dies at once, without a controlled shutdown. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(process);
        StaleBrokers.forget(process.pid());
        process = null;
    }

    /** Stops the node gracefully (SIGTERM), falling back to kill -9 after 30 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        resume();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                waitFor(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        StaleBrokers.forget(process.pid());
        process = null;
    }

    /** SIGSTOP: the node hangs (sockets stay open, nothing answers), like a long GC pause. */
    public synchronized void pause() {
        signal("STOP");
    }

    /** SIGCONT: undoes {@link #pause()}. */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (!isRunning()) {
            return;
        }
        runToCompletion(List.of("kill", "-" + name, Long.toString(process.pid())), "kill -" + name);
    }

    /** The last {@code lines} lines of this node's log, for failure reports. */
    public String tailLog(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log at " + logFile + ")";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> javaCommand(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Xms64m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Djava.awt.headless=true");
        cmd.add(MARKER);
        cmd.add("-Dvltava.test.parent.pid=" + ProcessHandle.current().pid());
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn");
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    private void runToCompletion(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in 120 s; log: " + logFile);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ":\n" + tailLog(40));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    static String marker() {
        return MARKER;
    }
}
