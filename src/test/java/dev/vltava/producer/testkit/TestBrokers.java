package dev.vltava.producer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Settings of the test brokers, passed by Maven as system properties (see pom.xml), with fallbacks for IDEs. */
public final class TestBrokers {
    private TestBrokers() {
    }

    static String brokerHeap() {
        return System.getProperty("vltava.broker.heap", "512m");
    }

    /** The Kafka version of the test classpath's broker and clients (pom property {@code kafka.version}). */
    public static String kafkaVersion() {
        String v = System.getProperty("vltava.kafka.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property vltava.kafka.version is not set (Maven sets it from the pom)");
        }
        return v;
    }

    static Path logsRoot() {
        return Path.of(System.getProperty("vltava.broker.logs", "target/broker-logs")).toAbsolutePath();
    }

    /**
     * The classpath the child brokers run with: the test classpath that Maven wrote to a file (Surefire may hide
     * the real one behind a manifest-only jar), plus our test classes for {@link BrokerMain}.
     */
    static String brokerClasspath() {
        String file = System.getProperty("vltava.broker.classpath.file", "target/broker-classpath.txt");
        Path path = Path.of(file);
        String testClasses = Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        if (Files.exists(path)) {
            try {
                return Files.readString(path, StandardCharsets.UTF_8).trim() + java.io.File.pathSeparator + testClasses;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return System.getProperty("java.class.path");
    }
}
