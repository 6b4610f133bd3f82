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

/**
 * A child JVM on the test classpath (Vltava's main classes plus Maven's test classpath) that runs one main class,
 * its output (stdout and stderr) in a log file that failure reports quote: what the producer child processes of the
 * test kit ({@link PausableProducerProcess}, {@link TransactionalProducerProcess}) have in common. The child gets
 * {@code vltava.test.parent.pid}, so it can stop when the test JVM dies.
 */
final class ChildJvm {
    final Process process;
    final Path logFile;
    /** Names the child in messages ("producer child", ...). */
    private final String name;

    private ChildJvm(Process process, Path logFile, String name) {
        this.process = process;
        this.logFile = logFile;
        this.name = name;
    }

    /** Starts {@code main} with {@code args}, a small heap and {@code jvmArgs}; output to {@code logFile}. */
    static ChildJvm start(String name, Path logFile, List<String> jvmArgs, Class<?> main, List<String> args) {
        try {
            Files.createDirectories(logFile.getParent());
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-Xmx256m", "-Xms64m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                    "-Dvltava.test.parent.pid=" + ProcessHandle.current().pid()));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", classpath(), main.getName()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
            return new ChildJvm(p, logFile, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + main.getSimpleName() + " child JVM", e);
        }
    }

    /** The broker classpath (Maven's test classpath plus test classes) and our main classes. */
    private static String classpath() {
        String mainClasses = Path.of(Producer.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        return mainClasses + java.io.File.pathSeparator + TestBrokers.brokerClasspath();
    }

    /** Waits until a line of the child's output starts with {@code prefix}; fails if the child exits first. */
    void awaitOutputLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (outputLines().stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (code " + process.exitValue() + ") before printing '"
                        + prefix + "':\n" + tailLog(80));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " did not print '" + prefix + "' within " + timeout + ":\n"
                + tailLog(80));
    }

    List<String> outputLines() {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a line half written: read again later
        }
    }

    String tailLog(int lines) {
        List<String> all = outputLines();
        return "----- " + name + " " + logFile + " (last " + lines + " lines) -----\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
