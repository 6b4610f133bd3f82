package dev.vltava.producer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in file, directory and env providers on their own. */
class ValueProvidersTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void fileProviderReadsAPropertiesFile() throws IOException {
        Path f = write("s.properties", "pw=s3cret\nuser = alice\n# comment\nünï=cödé\n");
        ValueProvider p = new FileValueProvider(Map.of());
        assertEquals(Map.of("pw", "s3cret", "user", "alice", "ünï", "cödé"),
                p.values(f.toString(), Set.of("pw", "user", "ünï", "missing")));
    }

    @Test
    void fileProviderReportsAMissingFileWithItsPath() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> new FileValueProvider(Map.of()).values(dir.resolve("nope").toString(), Set.of("pw")));
        assertTrue(e.getMessage().contains(dir.resolve("nope").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void fileProviderNeedsAPath() {
        assertThrows(ProviderException.class, () -> new FileValueProvider(Map.of()).values("", Set.of("pw")));
    }

    @Test
    void allowedPathsLimitWhatTheFileProviderReads() throws IOException {
        Path inside = write("allowed/s.properties", "pw=s3cret\n");
        Path outside = write("other/s.properties", "pw=s3cret\n");
        Path sibling = write("allowed2/s.properties", "pw=s3cret\n");
        ValueProvider p = new FileValueProvider(Map.of("allowed.paths", dir.resolve("allowed").toString()));
        assertEquals(Map.of("pw", "s3cret"), p.values(inside.toString(), Set.of("pw")));
        ProviderException e = assertThrows(ProviderException.class, () -> p.values(outside.toString(), Set.of("pw")));
        assertTrue(e.getMessage().contains("allowed.paths"), e.getMessage());
        // A name that merely starts with the allowed directory's name is outside it.
        assertThrows(ProviderException.class, () -> p.values(sibling.toString(), Set.of("pw")));
        // ".." is removed before the check.
        String escape = dir.resolve("allowed").resolve("..").resolve("other").resolve("s.properties").toString();
        assertThrows(ProviderException.class, () -> p.values(escape, Set.of("pw")));
    }

    @Test
    void allowedPathsMustBeAbsolute() {
        ParamException e = assertThrows(ParamException.class,
                () -> new FileValueProvider(Map.of("allowed.paths", "relative/dir")));
        assertEquals("allowed.paths", e.param());
        assertThrows(ParamException.class, () -> new DirectoryValueProvider(Map.of("allowed.paths", "x")));
        // As Kafka: an allowed path that does not exist is a mistake, not a rule that allows nothing.
        assertThrows(ParamException.class,
                () -> new FileValueProvider(Map.of("allowed.paths", dir.resolve("absent").toString())));
    }

    @Test
    void directoryProviderReadsRegularFilesOfTheDirectoryVerbatim() throws IOException {
        write("secrets/password", "s3cret\n");
        write("secrets/token", "t0ken");
        write("secrets/sub/nested", "no");
        ValueProvider p = new DirectoryValueProvider(Map.of());
        Map<String, String> values = p.values(dir.resolve("secrets").toString(),
                Set.of("password", "token", "sub", "missing", "../secrets/token"));
        assertEquals(Map.of("password", "s3cret\n", "token", "t0ken"), values);
    }

    @Test
    void directoryProviderReportsAMissingDirectory() {
        assertThrows(ProviderException.class,
                () -> new DirectoryValueProvider(Map.of()).values(dir.resolve("none").toString(), Set.of("k")));
    }

    @Test
    void envProviderReadsVariablesAndRejectsAPath() {
        ValueProvider p = new EnvValueProvider(Map.of(), Map.of("KAFKA_PW", "s3cret"));
        assertEquals(Map.of("KAFKA_PW", "s3cret"), p.values("", Set.of("KAFKA_PW", "UNSET")));
        ProviderException e = assertThrows(ProviderException.class, () -> p.values("/x", Set.of("KAFKA_PW")));
        assertTrue(e.getMessage().contains("no path"), e.getMessage());
    }

    @Test
    void envAllowlistPatternMustMatchTheWholeName() {
        ValueProvider p = new EnvValueProvider(Map.of("allowlist.pattern", "KAFKA_.*"),
                Map.of("KAFKA_PW", "s3cret", "HOME", "/root", "X_KAFKA_PW", "other"));
        assertEquals(Map.of("KAFKA_PW", "s3cret"), p.values("", Set.of("KAFKA_PW")));
        ProviderException e = assertThrows(ProviderException.class, () -> p.values("", Set.of("HOME")));
        assertTrue(e.getMessage().contains("allowlist.pattern"), e.getMessage());
        assertFalse(e.getMessage().contains("/root"));
        assertThrows(ProviderException.class, () -> p.values("", Set.of("X_KAFKA_PW")));
        assertThrows(ParamException.class, () -> new EnvValueProvider(Map.of("allowlist.pattern", "("), Map.of()));
    }
}
