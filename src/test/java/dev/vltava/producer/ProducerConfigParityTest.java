package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our configuration rules against the official kafka-clients {@code ProducerConfig} for the same inputs. */
class ProducerConfigParityTest {

    private static final String BOOTSTRAP = "localhost:9092";

    /** Keys whose default we claim, with the official default translated to our representation where needed. */
    @Test
    void defaultsEqualTheOfficialDefaults() {
        Map<String, Object> official = org.apache.kafka.clients.producer.ProducerConfig.configDef().defaultValues();
        ProducerConfig ours = ProducerConfig.from(Map.of("bootstrap.servers", BOOTSTRAP));
        // No default in Kafka (required there); client.id defaults are generated, with different prefixes.
        Set<String> notComparable = Set.of("bootstrap.servers", "client.id", "key.serializer", "value.serializer");
        int compared = 0;
        for (Map.Entry<String, Object> e : ours.values().entrySet()) {
            if (notComparable.contains(e.getKey())) {
                continue;
            }
            assertTrue(official.containsKey(e.getKey()), "official client has no key " + e.getKey());
            assertEquals(officialComparable(official.get(e.getKey())), ourComparable(e.getValue()),
                    "default of " + e.getKey());
            compared++;
        }
        assertEquals(ProducerConfig.implementedKeys().size() - notComparable.size(), compared);
    }

    /** Class defaults compare by name: Vltava names Kafka's classes, it never loads them. */
    private static Object officialComparable(Object official) {
        return official instanceof Class<?> c ? c.getName() : official;
    }

    private static Object ourComparable(Object ours) {
        if (ours instanceof Acks a) {
            return a.configName();
        }
        if (ours instanceof Compression c) {
            return c.configName();
        }
        return ours;
    }

    /** Every constant we share with the official class has the official value. */
    @Test
    void keyConstantsMatchTheOfficialNames() throws ReflectiveOperationException {
        Class<?> official = org.apache.kafka.clients.producer.ProducerConfig.class;
        int checked = 0;
        for (var field : ProducerConfig.class.getFields()) {
            if (field.getType() != String.class || field.getName().equals("CLIENT_ID_PREFIX")) {
                continue;
            }
            Object expected;
            try {
                expected = official.getField(field.getName()).get(null);
            } catch (NoSuchFieldException e) {
                expected = org.apache.kafka.clients.CommonClientConfigs.class.getField(field.getName()).get(null);
            }
            assertEquals(expected, field.get(null), field.getName());
            checked++;
        }
        assertTrue(checked >= 40, "checked " + checked);
    }

    /** The idempotence rules, on every combination of the inputs involved. */
    @Test
    void idempotenceRulesMatchTheOfficialClient() {
        List<String> idempotence = nullable("true", "false");
        List<String> acks = nullable("all", "-1", "1", "0");
        List<String> retries = nullable("0", "3");
        List<String> inFlight = nullable("1", "5", "6");
        List<String> txn = nullable("tx");
        int cases = 0;
        for (String i : idempotence) {
            for (String a : acks) {
                for (String r : retries) {
                    for (String f : inFlight) {
                        for (String t : txn) {
                            compareIdempotence(props("enable.idempotence", i, "acks", a, "retries", r,
                                    "max.in.flight.requests.per.connection", f, "transactional.id", t));
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(3 * 5 * 3 * 4 * 2, cases);
    }

    private static void compareIdempotence(Map<String, Object> props) {
        Boolean official = officialIdempotence(props);
        if (official == null) {
            ConfigException e = assertThrows(ConfigException.class, () -> ProducerConfig.from(props),
                    "official client rejects " + props);
            assertTrue(e.keys().size() >= 2, "names the conflicting keys: " + e.keys());
        } else {
            assertEquals(official, ProducerConfig.from(props).idempotenceEnabled(), props.toString());
        }
    }

    /** Official idempotence for these props, or null if the official client rejects them. */
    private static Boolean officialIdempotence(Map<String, Object> props) {
        Map<String, Object> withSerializers = new HashMap<>(props);
        withSerializers.put("key.serializer", ByteArraySerializer.class);
        withSerializers.put("value.serializer", ByteArraySerializer.class);
        try {
            return new org.apache.kafka.clients.producer.ProducerConfig(withSerializers)
                    .getBoolean("enable.idempotence");
        } catch (org.apache.kafka.common.config.ConfigException e) {
            return null;
        }
    }

    /** Values both clients must accept or both reject (from the official ConfigDef validators). */
    @ParameterizedTest
    @CsvSource({
            "batch.size, 0", "batch.size, -1", "linger.ms, 0", "linger.ms, -1", "buffer.memory, -1",
            "max.block.ms, -1", "request.timeout.ms, -1", "retries, -1", "retries, 0",
            "max.in.flight.requests.per.connection, 0", "metadata.max.age.ms, -1", "metadata.max.idle.ms, 4999",
            "metadata.max.idle.ms, 5000", "retry.backoff.ms, -1", "retry.backoff.max.ms, -1",
            "reconnect.backoff.ms, -1", "reconnect.backoff.max.ms, -1", "connections.max.idle.ms, -5",
            "send.buffer.bytes, -1", "send.buffer.bytes, -2", "receive.buffer.bytes, -2",
            "compression.type, gzip", "compression.type, GZIP", "compression.type, brotli",
            "compression.gzip.level, -1", "compression.gzip.level, 0", "compression.gzip.level, 9",
            "compression.gzip.level, 10", "compression.lz4.level, 1", "compression.lz4.level, 17",
            "compression.lz4.level, 18", "compression.lz4.level, 0", "compression.zstd.level, 22",
            "compression.zstd.level, 23", "compression.zstd.level, -131072", "compression.zstd.level, -131073",
            "acks, all", "acks, -1", "acks, 0", "acks, 1", "acks, 2", "acks, ALL", "linger.ms, abc",
            "linger.ms, ' 7 '", "enable.idempotence, TRUE", "enable.idempotence, yes",
            "partitioner.availability.timeout.ms, -1", "partitioner.ignore.keys, true",
            "partitioner.adaptive.partitioning.enable, false", "transactional.id, ''", "security.protocol, bogus",
            "security.protocol, plaintext", "ssl.keystore.key, x", "ssl.keystore.location, /k.jks",
            "ssl.truststore.certificates, x", "ssl.protocol, TLSv1.2", "ssl.endpoint.identification.algorithm, ''",
            "transaction.timeout.ms, 0", "delivery.timeout.ms, 200000",
            "sasl.login.refresh.window.factor, 0.4", "sasl.login.refresh.window.factor, 1.0",
            "sasl.login.refresh.window.jitter, 0.26", "sasl.login.refresh.min.period.seconds, 901",
            "sasl.login.refresh.buffer.seconds, 3600", "sasl.login.refresh.buffer.seconds, -1",
            "sasl.oauthbearer.assertion.algorithm, es256", "sasl.oauthbearer.assertion.algorithm, HS256",
            "sasl.login.retry.backoff.ms, abc", "sasl.kerberos.ticket.renew.jitter, x",
            "sasl.mechanism, SCRAM-SHA-512", "sasl.mechanism, GSSAPI",
            "metrics.num.samples, 0", "metrics.num.samples, 1", "metrics.num.samples, -1", "metrics.num.samples, x",
            "metrics.sample.window.ms, -1", "metrics.sample.window.ms, 0", "metrics.sample.window.ms, 1000",
            "metrics.recording.level, INFO", "metrics.recording.level, DEBUG", "metrics.recording.level, TRACE",
            "metrics.recording.level, debug", "metrics.recording.level, ' DEBUG '", "metrics.recording.level, WARN"})
    void acceptsAndRejectsLikeTheOfficialClient(String key, String value) {
        Map<String, Object> props = props(key, value);
        boolean officialAccepts = officialIdempotence(props) != null;
        boolean oursAccepts;
        try {
            ProducerConfig.from(props);
            oursAccepts = true;
        } catch (ConfigException e) {
            oursAccepts = false;
            assertTrue(e.keys().contains(key), e.keys().toString());
        }
        assertEquals(officialAccepts, oursAccepts, key + "=" + value);
    }

    /**
     * Deliberate differences, each stricter where the official client accepts nonsense that fails later or never
     * works, or more lenient on Java types: kept here so they stay deliberate.
     */
    @Test
    void documentedDifferences() {
        // max.request.size=0 would make every record too large.
        assertNotNull(officialIdempotence(props("max.request.size", "0")));
        assertThrows(ConfigException.class, () -> ProducerConfig.from(props("max.request.size", "0")));
        // Integral numbers of any width are accepted (Kafka wants exactly Integer/Long per key, strings otherwise).
        assertEquals(null, officialIdempotence(props("batch.size", 5L)));
        assertEquals(5, ProducerConfig.from(props("batch.size", 5L)).batchSizeBytes());
        // SASL: recognised by Kafka; rejected here until implemented. SSL is implemented.
        assertNotNull(officialIdempotence(props("security.protocol", "SASL_SSL")));
        assertThrows(ConfigException.class, () -> ProducerConfig.from(props("security.protocol", "SASL_SSL")));
        assertEquals(SecurityConfig.Protocol.SSL,
                ProducerConfig.from(props("security.protocol", "ssl")).security().protocol());
        // PEM text without ssl.keystore.type: Kafka insists on ssl.keystore.type=PEM (at producer creation); here PEM
        // text implies it. A type that contradicts the text is rejected by both.
        assertEquals("PEM", ProducerConfig.from(props("security.protocol", "SSL", "ssl.keystore.key", "k",
                "ssl.keystore.certificate.chain", "c")).security().ssl().keystoreType());
        assertThrows(ConfigException.class, () -> ProducerConfig.from(props("security.protocol", "SSL",
                "ssl.keystore.key", "k", "ssl.keystore.certificate.chain", "c", "ssl.keystore.type", "JKS")));
        // ssl.* combinations that cannot work (a key without its chain, a key store without its password) fail when
        // the configuration is built; Kafka accepts them there and fails when the producer is created.
        assertNotNull(officialIdempotence(props("security.protocol", "SSL", "ssl.keystore.key", "k")));
        assertThrows(ConfigException.class, () -> ProducerConfig.from(props("security.protocol", "SSL",
                "ssl.keystore.key", "k")));
    }

    /** delivery.timeout.ms against linger.ms + request.timeout.ms is checked by KafkaProducer, not ProducerConfig. */
    @Test
    void deliveryTimeoutRuleMatchesKafkaProducer() {
        Map<String, Object> explicitTooSmall = props("delivery.timeout.ms", "1000", "linger.ms", "100");
        assertTrue(officialProducerRejects(explicitTooSmall));
        assertThrows(ConfigException.class, () -> ProducerConfig.from(explicitTooSmall));
        Map<String, Object> defaultTooSmall = props("linger.ms", "100000");
        assertTrue(!officialProducerRejects(defaultTooSmall));
        assertEquals(130_000, ProducerConfig.from(defaultTooSmall).deliveryTimeoutMs());
    }

    /** Bootstrap entries: the official client rejects these when the producer is created. */
    @Test
    void bootstrapEntriesRejectedByKafkaProducerAreRejectedHere() {
        for (String bad : List.of("localhost", "localhost:70000")) {
            Map<String, Object> props = props("bootstrap.servers", bad);
            assertTrue(officialProducerRejects(props), bad);
            assertThrows(ConfigException.class, () -> ProducerConfig.from(props), bad);
        }
        Map<String, Object> ipv6 = props("bootstrap.servers", "[::1]:1");
        assertTrue(!officialProducerRejects(ipv6));
        ProducerConfig.from(ipv6);
    }

    private static boolean officialProducerRejects(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.putIfAbsent("bootstrap.servers", "localhost:1");
        p.put("max.block.ms", "0");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.close(Duration.ZERO);
            return false;
        } catch (KafkaException e) {
            return true;
        }
    }

    private static List<String> nullable(String... values) {
        List<String> out = new ArrayList<>();
        out.add(null);
        out.addAll(List.of(values));
        return out;
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", BOOTSTRAP);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    /** Resolvable references give the same values as the official client's originals(), provider by provider. */
    @Test
    void configProviderReferencesResolveAsTheOfficialClientResolvesThem(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("client.properties");
        java.nio.file.Files.writeString(file, "id=app-1\nlinger = 7\nspaced=a b \n");
        java.nio.file.Path secrets = java.nio.file.Files.createDirectories(dir.resolve("secrets"));
        java.nio.file.Files.writeString(secrets.resolve("token"), "t0ken\n");
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", BOOTSTRAP);
        props.put("config.providers", "file,dir,env");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        props.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        props.put("client.id", "${file:" + file + ":id}-${env:PATH}");
        props.put("linger.ms", "${file:" + file + ":linger}");
        props.put("custom.a", "x${file:" + file + ":spaced}y${dir:" + secrets + ":token}z");
        props.put("custom.b", "${dir:" + secrets + ":token}");
        Map<String, Object> official = new org.apache.kafka.clients.producer.ProducerConfig(
                withSerializers(props)).originals();
        ProducerConfig ours = ProducerConfig.from(props);
        for (String key : List.of("client.id", "linger.ms", "custom.a", "custom.b")) {
            assertEquals(official.get(key), ours.originals().get(key), key);
        }
        assertEquals(7, ours.lingerMs());
    }

    private static Map<String, Object> withSerializers(Map<String, Object> props) {
        Map<String, Object> out = new HashMap<>(props);
        out.put("key.serializer", ByteArraySerializer.class);
        out.put("value.serializer", ByteArraySerializer.class);
        return out;
    }
}
