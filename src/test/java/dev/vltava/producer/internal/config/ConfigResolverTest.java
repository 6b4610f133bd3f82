package dev.vltava.producer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {

    private static final String SECRET = "s3cret-never-shown";

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();

    /** A custom provider that serves "key@path" for every key except "missing", and records its calls. */
    private final ConfigResolver.CustomProviders custom = (classKey, ref, params) -> {
        events.add("create " + ref + " " + params);
        return new ValueProvider() {
            @Override
            public Map<String, String> values(String path, Set<String> keys) {
                events.add("get " + path + " " + keys.size());
                Map<String, String> out = new HashMap<>();
                keys.stream().filter(k -> !k.equals("missing")).forEach(k -> out.put(k, k + "@" + path));
                return out;
            }

            @Override
            public void close() {
                events.add("close");
            }
        };
    };

    private Path secretsFile() throws IOException {
        Path f = dir.resolve("secrets.properties");
        Files.writeString(f, "pw=" + SECRET + "\nuser=alice\n");
        return f;
    }

    private Map<String, Object> withFileProvider(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("config.providers", "file");
        m.put("config.providers.file.class", BuiltInProviders.FILE);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void replacesReferencesInEveryStringValue() throws IOException {
        Path f = secretsFile();
        ConfigResolver.Result r = ConfigResolver.resolve(withFileProvider(
                "ssl.key.password", "${file:" + f + ":pw}",
                "client.id", "app-${file:" + f + ":user}-1",
                "linger.ms", 5), custom);
        assertEquals(SECRET, r.values().get("ssl.key.password"));
        assertEquals("app-alice-1", r.values().get("client.id"));
        assertEquals(5, r.values().get("linger.ms"));
        assertEquals(Set.of("ssl.key.password", "client.id"), r.resolvedKeys());
    }

    @Test
    void onlyStringValuesAreResolved() {
        Object notAString = new Object() {
            @Override
            public String toString() {
                return "${file:/x:pw}";
            }
        };
        ConfigResolver.Result r = ConfigResolver.resolve(withFileProvider("some.key", notAString), custom);
        assertSame(notAString, r.values().get("some.key"));
        assertEquals(Set.of(), r.resolvedKeys());
    }

    @Test
    void aReferenceWithoutConfigProvidersIsAnErrorNamingKeyAndProviderOnly() {
        Map<String, Object> m = new HashMap<>(Map.of("ssl.key.password", "${file:/etc/x.properties:pw}"));
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(m, custom));
        assertEquals("ssl.key.password", e.key());
        assertTrue(e.getMessage().contains("config.providers is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("${file:...}"), e.getMessage());
        assertFalse(e.getMessage().contains("/etc/x.properties"), "a literal value may be a secret: " + e.getMessage());
    }

    @Test
    void withoutReferencesOrProvidersNothingChanges() {
        Map<String, Object> m = new HashMap<>(Map.of("a", "plain", "b", "$ {x}", "c", "${novalue}"));
        ConfigResolver.Result r = ConfigResolver.resolve(m, custom);
        assertEquals(m, r.values());
        assertEquals(List.of(), events);
    }

    @Test
    void anUnknownProviderIsAnError() throws IOException {
        Path f = secretsFile();
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(
                withFileProvider("sasl.jaas.config", "${vault:" + f + ":pw}"), custom));
        assertEquals("sasl.jaas.config", e.key());
        assertTrue(e.getMessage().contains("'vault'"), e.getMessage());
        assertTrue(e.getMessage().contains("config.providers=[file]"), e.getMessage());
    }

    @Test
    void aMissingKeyIsAnErrorNamingKeyAndReferenceButNotTheFilesValues() throws IOException {
        Path f = secretsFile();
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(
                withFileProvider("ssl.key.password", "${file:" + f + ":nope}"), custom));
        assertEquals("ssl.key.password", e.key());
        assertTrue(e.getMessage().contains("${file:" + f + ":nope}"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void aMissingFileIsAnErrorNamingTheKey() {
        Path nope = dir.resolve("nope.properties");
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(
                withFileProvider("ssl.keystore.password", "${file:" + nope + ":pw}"), custom));
        assertEquals("ssl.keystore.password", e.key());
        assertTrue(e.getMessage().contains(nope.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aPathOutsideAllowedPathsIsAnError() throws IOException {
        Path f = secretsFile();
        Map<String, Object> m = withFileProvider("ssl.key.password", "${file:" + f + ":pw}",
                "config.providers.file.param.allowed.paths", Files.createDirectories(dir.resolve("elsewhere")).toString());
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(m, custom));
        assertEquals("ssl.key.password", e.key());
        assertTrue(e.getMessage().contains("allowed.paths"), e.getMessage());
    }

    @Test
    void aBadProviderParameterNamesTheParameterKey() {
        Map<String, Object> m = withFileProvider("config.providers.file.param.allowed.paths", "not/absolute");
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(m, custom));
        assertEquals("config.providers.file.param.allowed.paths", e.key());
    }

    @Test
    void aListedProviderWithoutClassIsAnError() {
        Map<String, Object> m = withFileProvider();
        m.put("config.providers", "file, env");
        ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(m, custom));
        assertEquals("config.providers.env.class", e.key());
    }

    @Test
    void customProvidersGetTheirParamsAreAskedOncePerPathAndAreClosed() {
        Map<String, Object> m = new HashMap<>();
        m.put("config.providers", List.of("vault"));
        m.put("config.providers.vault.class", "com.example.Vault");
        m.put("config.providers.vault.param.url", "https://vault");
        m.put("a", "${vault:secret/a:k1}");
        m.put("b", "${vault:secret/a:k2}-${vault:secret/b:k1}");
        ConfigResolver.Result r = ConfigResolver.resolve(m, custom);
        assertEquals("k1@secret/a", r.values().get("a"));
        assertEquals("k2@secret/a-k1@secret/b", r.values().get("b"));
        assertEquals("create com.example.Vault {url=https://vault}", events.get(0));
        assertEquals(List.of("get secret/a 2", "get secret/b 1"),
                events.subList(1, 3).stream().sorted().toList());
        assertEquals("close", events.get(events.size() - 1));
    }

    @Test
    void providersAreClosedWhenResolutionFails() {
        Map<String, Object> m = new HashMap<>();
        m.put("config.providers", "vault");
        m.put("config.providers.vault.class", "com.example.Vault");
        m.put("a", "${vault:p:missing}");
        assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(m, custom));
        assertEquals("close", events.get(events.size() - 1));
    }

    @Test
    void providerKeysThemselvesAreNotResolved() {
        Map<String, Object> m = new HashMap<>();
        m.put("config.providers", "vault");
        m.put("config.providers.vault.class", "com.example.Vault");
        m.put("config.providers.vault.param.token", "${env:VAULT_TOKEN}");
        ConfigResolver.Result r = ConfigResolver.resolve(m, custom);
        assertEquals("${env:VAULT_TOKEN}", r.values().get("config.providers.vault.param.token"));
    }

    @Test
    void theAutomaticProvidersSystemPropertyLimitsTheClasses() throws IOException {
        Path f = secretsFile();
        String previous = System.getProperty(ConfigResolver.AUTOMATIC_PROVIDERS_PROPERTY);
        try {
            System.setProperty(ConfigResolver.AUTOMATIC_PROVIDERS_PROPERTY, BuiltInProviders.ENV);
            ResolutionException e = assertThrows(ResolutionException.class, () -> ConfigResolver.resolve(
                    withFileProvider("ssl.key.password", "${file:" + f + ":pw}"), custom));
            assertEquals("config.providers.file.class", e.key());
            System.setProperty(ConfigResolver.AUTOMATIC_PROVIDERS_PROPERTY, BuiltInProviders.ENV + ", "
                    + BuiltInProviders.FILE);
            assertEquals(SECRET, ConfigResolver.resolve(withFileProvider("ssl.key.password", "${file:" + f + ":pw}"),
                    custom).values().get("ssl.key.password"));
        } finally {
            if (previous == null) {
                System.clearProperty(ConfigResolver.AUTOMATIC_PROVIDERS_PROPERTY);
            } else {
                System.setProperty(ConfigResolver.AUTOMATIC_PROVIDERS_PROPERTY, previous);
            }
        }
    }

    @Test
    void builtInDirectoryAndEnvProvidersByTheirKafkaClassNames() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("k8s"));
        Files.writeString(secrets.resolve("password"), SECRET);
        Map<String, Object> m = new HashMap<>();
        m.put("config.providers", "dir,env");
        m.put("config.providers.dir.class", BuiltInProviders.DIRECTORY);
        m.put("config.providers.env.class", BuiltInProviders.ENV);
        m.put("ssl.key.password", "${dir:" + secrets + ":password}");
        m.put("client.id", "${env:PATH}");
        ConfigResolver.Result r = ConfigResolver.resolve(m, custom);
        assertEquals(SECRET, r.values().get("ssl.key.password"));
        assertEquals(System.getenv("PATH"), r.values().get("client.id"));
        assertEquals(List.of(), events, "built-in names never reach the custom factory");
    }
}
