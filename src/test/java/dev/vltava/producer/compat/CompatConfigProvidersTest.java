package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config providers through the facade: Kafka's own ConfigProvider classes, and plugins see resolved values. */
class CompatConfigProvidersTest {

    private static final String SECRET = "f4cade-s3cret";

    @TempDir
    Path dir;

    /** A Kafka ConfigProvider: "v(KEY,path,param)" for every key; records its lifecycle. */
    public static final class RecordingKafkaProvider implements ConfigProvider {
        static final List<String> EVENTS = new ArrayList<>();
        private String param;

        @Override
        public void configure(Map<String, ?> configs) {
            param = String.valueOf(configs.get("flavour"));
            EVENTS.add("configure");
        }

        @Override
        public ConfigData get(String path) {
            return new ConfigData(Map.of());
        }

        @Override
        public ConfigData get(String path, Set<String> keys) {
            Map<String, String> out = new HashMap<>();
            for (String k : keys) {
                out.put(k, "v(" + k + "," + path + "," + param + ")");
            }
            return new ConfigData(out);
        }

        @Override
        public void close() {
            EVENTS.add("close");
        }
    }

    /** Records the configuration its configure() sees. */
    public static final class ConfigCapturingSerializer extends StringSerializer {
        static Map<String, ?> seen;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            seen = new HashMap<>(configs);
        }
    }

    @BeforeEach
    void reset() {
        RecordingKafkaProvider.EVENTS.clear();
        ConfigCapturingSerializer.seen = null;
    }

    private static Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "localhost:1");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ConfigCapturingSerializer.class.getName());
        p.put("max.block.ms", 2_000);
        return p;
    }

    /** The base configuration with RecordingKafkaProvider as "custom", and client.id referring to it. */
    private static Map<String, Object> withRecordingProvider() {
        Map<String, Object> p = base();
        p.put("config.providers", "custom");
        p.put("config.providers.custom.class", RecordingKafkaProvider.class.getName());
        p.put("client.id", "${custom:some/path:id}");
        return p;
    }

    @Test
    void aKafkaConfigProviderClassResolvesReferences() {
        Map<String, Object> p = withRecordingProvider();
        p.put("config.providers.custom.param.flavour", "mint");
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(p)) {
            assertEquals("v(id,some/path,mint)", ConfigCapturingSerializer.seen.get("client.id"));
        }
        assertEquals("configure", RecordingKafkaProvider.EVENTS.get(0));
        assertEquals("close", RecordingKafkaProvider.EVENTS.get(1));
    }

    /**
     * As KafkaProducer: the providers are instantiated, asked and closed once per producer, although the facade
     * builds its configuration and then the engine's (the resolved values are handed on, not resolved again). A
     * provider that is expensive or has side effects (a vault login) would otherwise run twice.
     */
    @Test
    void aKafkaConfigProviderIsCreatedOncePerProducer() {
        Map<String, Object> p = withRecordingProvider();
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(p)) {
            assertEquals(List.of("configure", "close"), RecordingKafkaProvider.EVENTS, "while the producer runs");
        }
        assertEquals(List.of("configure", "close"), RecordingKafkaProvider.EVENTS, "after close");
    }

    @Test
    void pluginsSeeResolvedSecretsAsStringsAsWithKafkaProducer() throws IOException {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "pw=" + SECRET + "\n");
        Map<String, Object> p = base();
        p.put("config.providers", "file");
        p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        p.put("ssl.key.password", "${file:" + f + ":pw}");
        p.put("custom.setting", "${file:" + f + ":pw}");
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(p)) {
            assertEquals(SECRET, ConfigCapturingSerializer.seen.get("ssl.key.password"));
            assertEquals(SECRET, ConfigCapturingSerializer.seen.get("custom.setting"));
        }
        Map<String, ?> ours = ConfigCapturingSerializer.seen;
        try (KafkaProducer<String, String> official = new KafkaProducer<>(p)) {
            assertEquals(SECRET, ConfigCapturingSerializer.seen.get("ssl.key.password"));
            assertEquals(ours.get("custom.setting"), ConfigCapturingSerializer.seen.get("custom.setting"));
        }
    }

    @Test
    void theBuiltInClassNamesUseVltavasProvidersWhichRefuseWhatKafkasPassOnLiterally() throws IOException {
        // Kafka's FileConfigProvider returns nothing for a path outside allowed.paths, and KafkaProducer then keeps
        // the reference as literal text; Vltava's own file provider, chosen by the same class name, fails instead.
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "pw=" + SECRET + "\n");
        Map<String, Object> p = base();
        p.put("config.providers", "file");
        p.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        p.put("config.providers.file.param.allowed.paths", Files.createDirectories(dir.resolve("elsewhere")).toString());
        p.put("ssl.key.password", "${file:" + f + ":pw}");
        ConfigException e = assertThrows(ConfigException.class, () -> new VltavaKafkaProducer<String, String>(p));
        assertTrue(e.getMessage().contains("ssl.key.password"), e.getMessage());
        assertTrue(e.getMessage().contains("allowed.paths"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        try (KafkaProducer<String, String> official = new KafkaProducer<>(p)) {
            assertEquals("${file:" + f + ":pw}", ConfigCapturingSerializer.seen.get("ssl.key.password"));
        }
    }

    @Test
    void anUnresolvableReferenceIsKafkasConfigException() {
        Map<String, Object> p = base();
        p.put("sasl.jaas.config", "${env:VLTAVA_TEST_SURELY_UNSET_VARIABLE}");
        p.put("config.providers", "env");
        p.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        ConfigException e = assertThrows(ConfigException.class, () -> new VltavaKafkaProducer<String, String>(p));
        assertTrue(e.getMessage().contains("sasl.jaas.config"), e.getMessage());
        assertTrue(e.getMessage().contains("${env:VLTAVA_TEST_SURELY_UNSET_VARIABLE}"), e.getMessage());
        try (KafkaProducer<String, String> official = new KafkaProducer<>(p)) {
            official.close(Duration.ZERO); // Kafka passes the reference on as text: the trap this closes
        }
    }

    @Test
    void aKafkaPasswordGivenByTheUserReachesPluginsUnchanged() {
        org.apache.kafka.common.config.types.Password given =
                new org.apache.kafka.common.config.types.Password(SECRET);
        Map<String, Object> p = base();
        p.put("ssl.key.password", given);
        try (VltavaKafkaProducer<String, String> producer = new VltavaKafkaProducer<>(p)) {
            assertEquals(given, ConfigCapturingSerializer.seen.get("ssl.key.password"));
        }
    }
}
