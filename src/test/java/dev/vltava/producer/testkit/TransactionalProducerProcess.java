package dev.vltava.producer.testkit;

import dev.vltava.producer.Producer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TransactionalProducerMain} child JVM, to be killed with {@code kill -9} while its last transaction is
 * open. Its output is kept under target/broker-logs for failure reports.
 */
public final class TransactionalProducerProcess implements AutoCloseable {
    private final Process process;
    private final Path logFile;

    private TransactionalProducerProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the child: {@code client} ({@link TransactionalProducerMain#OFFICIAL} or
     * {@link TransactionalProducerMain#VLTAVA}) commits {@code committed} transactions of {@code perTransaction}
     * records to {@code topic}, then opens one more with as many records, flushes it and waits.
     */
    public static TransactionalProducerProcess start(String client, String bootstrap, String topic,
            String transactionalId, int transactionTimeoutMs, int committed, int perTransaction) {
        return startMain(TransactionalProducerMain.class, topic + "-" + client, List.of(client, bootstrap, topic,
                transactionalId, Integer.toString(transactionTimeoutMs), Integer.toString(committed),
                Integer.toString(perTransaction)));
    }

    /**
     * Starts a {@link TransactionalCopyMain} child: {@code client} copies {@code input} to {@code output} in
     * transactions, with the consumer offsets of group {@code group} committed in them (see its arguments);
     * {@code runName} tells the logs of several runs apart.
     */
    public static TransactionalProducerProcess startCopy(String client, String bootstrap, String input, String output,
            String group, String transactionalId, int perTransaction, int stopAfterCommits, int transactionTimeoutMs,
            String runName) {
        return startMain(TransactionalCopyMain.class, output + "-" + client + "-" + runName, List.of(client, bootstrap, input, output,
                group, transactionalId, Integer.toString(perTransaction), Integer.toString(stopAfterCommits),
                Integer.toString(transactionTimeoutMs)));
    }

    private static TransactionalProducerProcess startMain(Class<?> main, String logName, List<String> args) {
        try {
            Path dir = TestBrokers.logsRoot().resolve("transactional-producer");
            Files.createDirectories(dir);
            Path log = dir.resolve(logName + ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                    "-Dvltava.test.parent.pid=" + ProcessHandle.current().pid(),
                    "-cp", classpath(), main.getName()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            return new TransactionalProducerProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + main.getSimpleName() + " child JVM", e);
        }
    }

    /**
     * Waits for the child to exit and returns its exit code; kills it and throws if it does not exit in time (a
     * hang guard).
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        throw new IllegalStateException("child did not exit within " + timeout + ":\n" + tailLog(80));
    }

    private static String classpath() {
        String mainClasses = Path.of(Producer.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        return mainClasses + java.io.File.pathSeparator + TestBrokers.brokerClasspath();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until a line of the child's output starts with {@code prefix}; fails if the child exits first. */
    public void awaitOutputLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (outputLines().stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("transactional producer child exited (code " + process.exitValue()
                        + ") before printing '" + prefix + "':\n" + tailLog(80));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("transactional producer child did not print '" + prefix + "' within "
                + timeout + ":\n" + tailLog(80));
    }

    /** kill -9: the child dies at once, its open transaction left to the coordinator's timeout. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " survived kill -9");
        }
    }

    public List<String> outputLines() {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a line half written: read again later
        }
    }

    public String tailLog(int lines) {
        List<String> all = outputLines();
        return "----- transactional producer child " + logFile + " (last " + lines + " lines) -----\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
