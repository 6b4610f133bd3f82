package dev.vltava.producer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PausableProducerMain} child JVM: started on the test classpath, frozen with SIGSTOP and thawed with SIGCONT
 * (what a stop-the-world GC pause looks like from outside), its output and the outcome of every record kept in files
 * under target/broker-logs for failure reports.
 */
public final class PausableProducerProcess implements AutoCloseable {
    /** The outcome of one record as the child reported it: success with partition and offset, or an error. */
    public record Outcome(boolean ok, int partition, long offset, String error) {
    }

    private final ChildJvm child;
    private final Process process;
    private final Path logFile;
    private final Path outcomeFile;

    private PausableProducerProcess(ChildJvm child, Path outcomeFile) {
        this.child = child;
        this.process = child.process;
        this.logFile = child.logFile;
        this.outcomeFile = outcomeFile;
    }

    /** Starts the child; it begins producing {@code records} records to {@code topic} over {@code productionMs}. */
    public static PausableProducerProcess start(String bootstrap, String topic, int records, long productionMs) {
        Path dir = TestBrokers.logsRoot().resolve("pausable-producer");
        Path outcomes = dir.resolve(topic + ".outcomes.tsv");
        return new PausableProducerProcess(ChildJvm.start("producer child", dir.resolve(topic + ".log"),
                List.of("-Dorg.slf4j.simpleLogger.log.dev.vltava.producer.internal.network=debug"),
                PausableProducerMain.class, List.of(bootstrap, topic, Integer.toString(records),
                        Long.toString(productionMs), outcomes.toString())), outcomes);
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGSTOP: every thread of the producer stops at once, sockets stay open. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT: undoes {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** Waits until a line of the child's output starts with {@code prefix}; fails if the child exits first. */
    public void awaitOutputLine(String prefix, Duration timeout) throws InterruptedException {
        child.awaitOutputLine(prefix, timeout);
    }

    /**
     * Waits for the child to exit and returns its exit code. If it does not exit in time, its thread dump is appended
     * to its log (a hang is a finding, not noise), it is killed, and this throws.
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        threadDump();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException("producer child did not exit within " + timeout + " (thread dump in "
                + logFile + "):\n" + tailLog(200));
    }

    /**
     * The outcome of each record by index; null where none was reported. Throws if a record got two outcomes (a
     * future completed twice).
     */
    public Outcome[] outcomes(int records) throws IOException {
        Outcome[] out = new Outcome[records];
        for (String line : Files.readAllLines(outcomeFile, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", 4);
            int i = Integer.parseInt(f[0]);
            Outcome o = "OK".equals(f[1])
                    ? new Outcome(true, Integer.parseInt(f[2]), Long.parseLong(f[3]), null)
                    : new Outcome(false, -1, -1, f[2] + ": " + (f.length > 3 ? f[3] : ""));
            if (out[i] != null) {
                throw new IllegalStateException("record " + i + " has two outcomes: " + out[i] + " and " + o);
            }
            out[i] = o;
        }
        return out;
    }

    public List<String> outputLines() {
        return child.outputLines();
    }

    public String tailLog(int lines) {
        return child.tailLog(lines);
    }

    /** Kills the child if it still runs (after resuming it, so a stopped child dies too). */
    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            process.destroyForcibly();
        }
    }

    private void threadDump() {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        if (!Files.exists(jstack)) {
            return;
        }
        try {
            Process p = new ProcessBuilder(jstack.toString(), Long.toString(process.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no dump: the log still tells the story
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String name) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("kill -" + name + " interrupted", e);
        }
    }
}
