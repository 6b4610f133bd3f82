package dev.vltava.producer.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codecs are runtime-scoped and optional for users, as in kafka-clients: an application that excludes the codec
 * jars must still produce with {@code compression.type=none}, and a codec that is configured but missing must fail
 * at construction with the clear "codec unavailable" error, not later on a send. Each case runs the public API in a
 * child JVM whose classpath is only Vltava's classes, slf4j-api and {@link MinimalClasspathMain} (no codec jars, no
 * kafka-clients), producing to the mock broker in this JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MinimalClasspathTest {

    @Test
    void theCoreProducesWithNoCodecJarsWhenCompressionIsNone() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("plain", 1);
            String out = runChild(broker.bootstrapServers(), "plain", "none");
            assertEquals(List.of("DELIVERED 0@0", "DELIVERED 0@1", "DELIVERED 0@2"), resultLines(out), out);
            assertEquals(3, broker.records("plain", 0).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "snappy", "zstd"})
    void aConfiguredCodecWhoseJarIsMissingFailsAtConstructionNamingTheCodec(String codec) throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("t", 1);
            String out = runChild(broker.bootstrapServers(), "t", codec);
            List<String> lines = resultLines(out);
            assertEquals(1, lines.size(), out);
            assertTrue(lines.get(0).startsWith("FAILED dev.vltava.producer.ConfigException: compression.type=" + codec
                    + " cannot be used"), "a typed configuration error naming the key: " + out);
            assertTrue(lines.get(0).contains("Compression codec " + codec + " is unavailable"), out);
            assertTrue(lines.get(0).contains("NoClassDefFoundError"), "the cause names the missing class: " + out);
            assertEquals(0, broker.records("t").size());
        }
    }

    @Test
    void gzipNeedsNoJarBeyondTheJdk() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("g", 1);
            String out = runChild(broker.bootstrapServers(), "g", "gzip");
            assertEquals(3, resultLines(out).stream().filter(l -> l.startsWith("DELIVERED")).count(), out);
        }
    }

    @Test
    void theChildClasspathHoldsNoCodecAndNoKafkaJar() {
        String cp = childClasspath();
        for (String banned : List.of("lz4", "snappy", "zstd", "kafka")) {
            assertTrue(Arrays.stream(cp.split(File.pathSeparator))
                    .noneMatch(e -> Path.of(e).getFileName().toString().contains(banned)), banned + " in " + cp);
        }
        assertTrue(cp.contains("slf4j-api"), cp);
    }

    private static List<String> resultLines(String out) {
        return out.lines().filter(l -> l.startsWith("DELIVERED") || l.startsWith("FAILED")).toList();
    }

    private static String runChild(String bootstrap, String topic, String compression) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", childClasspath(), MinimalClasspathMain.class.getName(), bootstrap, topic,
                compression));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the child exits
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** Vltava's main classes, this test's classes, and slf4j-api from the test classpath Maven wrote down. */
    private static String childClasspath() {
        List<String> entries = new ArrayList<>();
        entries.add(location(Producer.class));
        entries.add(location(MinimalClasspathMain.class));
        entries.add(slf4jApiJar());
        return String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> type) {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    }

    private static String slf4jApiJar() {
        Path file = Path.of(System.getProperty("vltava.broker.classpath.file", "target/broker-classpath.txt"));
        try {
            String all = Files.readString(file, StandardCharsets.UTF_8).trim();
            List<String> found = Arrays.stream(all.split(File.pathSeparator))
                    .filter(e -> Path.of(e).getFileName().toString().startsWith("slf4j-api-"))
                    .collect(Collectors.toList());
            assertEquals(1, found.size(), "one slf4j-api jar in " + file);
            return found.get(0);
        } catch (IOException e) {
            throw new AssertionError("cannot read the test classpath file " + file, e);
        }
    }
}
