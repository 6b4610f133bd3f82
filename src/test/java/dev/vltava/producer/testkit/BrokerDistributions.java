package dev.vltava.producer.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jars of one Kafka broker version, resolved from Maven Central by Maven itself (the small pom
 * {@code src/test/compat/broker-pom.xml}, run once per version and cached under {@code target/compat-brokers/}).
 * The test JVM's own classpath has Kafka 4.4; an older broker must run from its own jars.
 *
 * <p>Maven is the one running the tests: its home and local repository are passed by the pom as
 * {@code vltava.compat.*} system properties. Released artifacts already in that repository are not fetched again, so
 * a second run needs no network ({@code -Dvltava.compat.offline=true} forces {@code -o}).
 */
final class BrokerDistributions {
    private BrokerDistributions() {
    }

    /** The classpath of Kafka {@code version} plus a logging backend ({@code log4j1} or {@code simple}). */
    static synchronized String classpath(String version, String logging) {
        Path dir = Path.of(System.getProperty("vltava.compat.dir", "target/compat-brokers")).toAbsolutePath();
        Path file = dir.resolve("kafka-" + version + "-" + logging + ".classpath");
        if (!Files.exists(file)) {
            resolve(version, logging, dir, file);
        }
        try {
            String cp = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (cp.isEmpty()) {
                throw new IllegalStateException("empty classpath for Kafka " + version + " in " + file);
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void resolve(String version, String logging, Path dir, Path file) {
        Path pom = Path.of(System.getProperty("vltava.compat.pom", "src/test/compat/broker-pom.xml")).toAbsolutePath();
        Path log = dir.resolve("kafka-" + version + "-resolve.log");
        Path partial = dir.resolve(file.getFileName() + ".tmp");
        List<String> cmd = new ArrayList<>();
        cmd.add(mavenExecutable());
        cmd.add("-B");
        cmd.add("-q");
        if (Boolean.getBoolean("vltava.compat.offline")) {
            cmd.add("-o"); // released artifacts already in the local repository are not fetched again in any case
        }
        String repo = System.getProperty("vltava.compat.repo", "");
        if (!repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        cmd.addAll(List.of("-f", pom.toString(), "-Dkafka.broker.version=" + version,
                "-Dkafka.broker.logging=" + logging, "dependency:build-classpath",
                "-Dmdep.outputFile=" + partial));
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("resolving Kafka " + version + " took over 10 minutes: " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("cannot resolve the jars of Kafka " + version + " (" + String.join(" ", cmd)
                        + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String mavenExecutable() {
        String home = System.getProperty("vltava.compat.maven.home", System.getProperty("maven.home", ""));
        if (!home.isBlank()) {
            Path mvn = Path.of(home, "bin", File.separatorChar == '\\' ? "mvn.cmd" : "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }
}
