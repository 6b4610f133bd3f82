package dev.vltava.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SinkBroker} in its own JVM, so that its CPU time and allocations stay out of the producer's numbers
 * (and its CPU can be reported separately, like a real broker's).
 */
final class SinkProcess implements Cluster {
    private final Process process;
    private final int port;
    private final int partitions;
    private final Thread shutdownHook;

    private SinkProcess(Process process, int port, int partitions) {
        this.process = process;
        this.port = port;
        this.partitions = partitions;
        this.shutdownHook = new Thread(process::destroyForcibly, "vltava-bench-sink-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static SinkProcess start(int partitions) {
        List<String> cmd = List.of(Classpath.javaExecutable(), "-Xmx512m", "-XX:+UseParallelGC",
                "-D" + ChildMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp", Classpath.full(), ChildMain.class.getName(), SinkBroker.class.getName(),
                "--port", "0", "--partitions", Integer.toString(partitions));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(SinkBroker.READY_LINE)) {
                    int port = Integer.parseInt(line.substring(SinkBroker.READY_LINE.length()).trim());
                    return new SinkProcess(p, port, partitions);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("the sink process exited before listening");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sink process", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void createTopic(String name, int partitionCount) {
        if (partitionCount != partitions) {
            throw new IllegalArgumentException("the sink was started with " + partitions + " partitions per topic");
        }
    }

    @Override
    public long brokerPid() {
        return process.pid();
    }

    @Override
    public String kind() {
        return "sink";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
