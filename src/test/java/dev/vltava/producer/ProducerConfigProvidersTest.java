package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.providers through ProducerConfig: resolved before parsing, secrets held as Password, clear errors. */
class ProducerConfigProvidersTest {

    private static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
    private static final String SECRET = "pr0vided-s3cret";

    @TempDir
    Path dir;

    private Path secrets() throws IOException {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, "password=" + SECRET + "\nlinger=25\nbootstrap=localhost:9093\n");
        return f;
    }

    private Map<String, Object> withFileProvider(Object... keyValues) {
        Map<String, Object> m = ProducerConfigTest.base(keyValues);
        m.put("config.providers", "file");
        m.put("config.providers.file.class", FILE_PROVIDER);
        return m;
    }

    @Test
    void referencesAreResolvedBeforeParsing() throws IOException {
        Path f = secrets();
        ProducerConfig c = ProducerConfig.from(withFileProvider("linger.ms", "${file:" + f + ":linger}",
                "bootstrap.servers", "${file:" + f + ":bootstrap}"));
        assertEquals(25, c.lingerMs());
        assertEquals(List.of("localhost:9093"), c.bootstrapServers());
        assertEquals(List.of("file"), c.configProviders());
        assertEquals(List.of("file"), c.values().get("config.providers"));
        // As Kafka's originals(): the resolved values (plugins are configured with them).
        assertEquals("25", c.originals().get("linger.ms"));
    }

    @Test
    void aResolvedSecretIsHeldAsAPasswordAndNeverPrinted() throws IOException {
        Path f = secrets();
        ProducerConfig c = ProducerConfig.from(withFileProvider("ssl.key.password", "${file:" + f + ":password}",
                "sasl.jaas.config", "x required password=\"${file:" + f + ":password}\";"));
        Password p = assertInstanceOf(Password.class, c.originals().get("ssl.key.password"));
        assertEquals(SECRET, p.value());
        Password jaas = assertInstanceOf(Password.class, c.originals().get("sasl.jaas.config"));
        assertEquals("x required password=\"" + SECRET + "\";", jaas.value());
        assertFalse(c.toString().contains(SECRET), c.toString());
        assertFalse(c.originals().toString().contains(SECRET), c.originals().toString());
        assertFalse(String.valueOf(c.get("ssl.key.password")).contains(SECRET));
    }

    @Test
    void aReferenceWithoutConfigProvidersIsNoLongerUsedAsLiteralText() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ProducerConfig.from(ProducerConfigTest.base("ssl.truststore.password",
                        "${file:/etc/kafka/secrets.properties:truststore}")));
        assertEquals(List.of("ssl.truststore.password"), e.keys());
        assertTrue(e.getMessage().contains("config.providers is not set"), e.getMessage());
    }

    @Test
    void aValueMeantLiterallyCanBeGivenAsAPassword() {
        Password literal = new Password("${not:a:reference}");
        ProducerConfig c = ProducerConfig.from(ProducerConfigTest.base("ssl.key.password", literal));
        assertEquals(literal, c.originals().get("ssl.key.password"));
    }

    @Test
    void anUnresolvableReferenceIsAConfigExceptionNamingKeyAndReferenceNotTheSecret() throws IOException {
        Path f = secrets();
        ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(
                withFileProvider("ssl.keystore.password", "${file:" + f + ":nokey}")));
        assertEquals(List.of("ssl.keystore.password"), e.keys());
        assertTrue(e.getMessage().contains("ssl.keystore.password"), e.getMessage());
        assertTrue(e.getMessage().contains("${file:" + f + ":nokey}"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));

        ConfigException unknown = assertThrows(ConfigException.class, () -> ProducerConfig.from(
                withFileProvider("sasl.jaas.config", "${vault:secret/kafka:jaas}")));
        assertEquals(List.of("sasl.jaas.config"), unknown.keys());
        assertTrue(unknown.getMessage().contains("'vault'"), unknown.getMessage());
    }

    @Test
    void propertiesWork() throws IOException {
        Path f = secrets();
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", "localhost:9092");
        props.setProperty("config.providers", "file");
        props.setProperty("config.providers.file.class", FILE_PROVIDER);
        props.setProperty("linger.ms", "${file:" + f + ":linger}");
        assertEquals(25, ProducerConfig.from(props).lingerMs());
    }

    /** A user provider: serves "value-of-KEY" for any key, and counts instances. */
    public static final class UpperProvider implements ConfigProvider {
        static final List<String> CONFIGURED = new ArrayList<>();
        static int closed;

        @Override
        public void configure(Map<String, ?> params) {
            CONFIGURED.add(String.valueOf(params.get("prefix")));
        }

        @Override
        public Map<String, String> get(String path, Set<String> keys) {
            Map<String, String> out = new HashMap<>();
            for (String k : keys) {
                out.put(k, params() + k.toUpperCase() + (path.isEmpty() ? "" : "@" + path));
            }
            return out;
        }

        private static String params() {
            return CONFIGURED.get(CONFIGURED.size() - 1);
        }

        @Override
        public void close() {
            closed++;
        }
    }

    @Test
    void customProvidersByClassNameClassOrInstance() {
        for (Object ref : List.of(UpperProvider.class.getName(), UpperProvider.class, new UpperProvider())) {
            UpperProvider.CONFIGURED.clear();
            int closedBefore = UpperProvider.closed;
            Map<String, Object> m = ProducerConfigTest.base("client.id", "${up:p:id}");
            m.put("config.providers", "up");
            m.put("config.providers.up.class", ref);
            m.put("config.providers.up.param.prefix", "x-");
            ProducerConfig c = ProducerConfig.from(m);
            assertEquals("x-ID@p", c.clientId(), "with " + ref);
            assertEquals(List.of("x-"), UpperProvider.CONFIGURED);
            assertEquals(closedBefore + 1, UpperProvider.closed, "closed after resolving");
        }
    }

    @Test
    void aProviderClassOfTheWrongTypeIsAConfigExceptionNamingItsKey() {
        Map<String, Object> m = ProducerConfigTest.base("client.id", "${up:id}");
        m.put("config.providers", "up");
        m.put("config.providers.up.class", String.class.getName());
        ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(m));
        assertEquals(List.of("config.providers.up.class"), e.keys());
        assertTrue(e.getMessage().contains("does not implement"), e.getMessage());
    }

    @Test
    void clientDnsLookupTakesKafkasTwoValues() {
        assertEquals(DnsLookup.USE_ALL_DNS_IPS, ProducerConfig.from(ProducerConfigTest.base()).clientDnsLookup());
        assertEquals("use_all_dns_ips", ProducerConfig.from(ProducerConfigTest.base()).values().get("client.dns.lookup"));
        assertEquals(DnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY, ProducerConfig.from(ProducerConfigTest.base(
                "client.dns.lookup", "resolve_canonical_bootstrap_servers_only")).clientDnsLookup());
        assertEquals(DnsLookup.USE_ALL_DNS_IPS, ProducerConfig.from(ProducerConfigTest.base(
                "client.dns.lookup", DnsLookup.USE_ALL_DNS_IPS)).clientDnsLookup());
        for (String bad : List.of("default", "USE_ALL_DNS_IPS", "")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ProducerConfig.from(ProducerConfigTest.base("client.dns.lookup", bad)));
            assertEquals(List.of("client.dns.lookup"), e.keys());
        }
    }

    @Test
    void aProviderValueThatBreaksARuleIsNamedByItsReference() throws IOException {
        Path f = secrets();
        ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(
                withFileProvider("linger.ms", "${file:" + f + ":password}")));
        assertEquals(List.of("linger.ms"), e.keys());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("${file:" + f + ":password}"), e.getMessage());
    }

    @Test
    void aSecretValueInAnotherKeysMessageIsHidden() {
        // The same text as a secret key's value, put into a numeric key by mistake.
        ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(ProducerConfigTest.base(
                "ssl.key.password", SECRET, "batch.size", SECRET)));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains(Password.HIDDEN), e.getMessage());
    }

    @Test
    void getShowsASecretKeyVltavaDoesNotParseAsAPassword() {
        ProducerConfig c = ProducerConfig.from(ProducerConfigTest.base("sasl.jaas.config", "x password=\"" + SECRET
                + "\";", "listener.name.x.ssl.key.password", SECRET));
        assertInstanceOf(Password.class, c.get("sasl.jaas.config").orElseThrow());
        assertInstanceOf(Password.class, c.get("listener.name.x.ssl.key.password").orElseThrow());
        assertEquals("localhost:9092", c.get("bootstrap.servers").map(v -> ((List<?>) v).get(0)).orElseThrow());
    }
}
