package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerConfigTest {

    static Map<String, Object> base(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static ConfigException rejects(Object... keyValues) {
        return assertThrows(ConfigException.class, () -> ProducerConfig.from(base(keyValues)));
    }

    @Test
    void defaultsAreKafkas() {
        ProducerConfig c = ProducerConfig.from(base());
        assertEquals(List.of("localhost:9092"), c.bootstrapServers());
        assertEquals(-1, c.acks());
        assertEquals(Acks.ALL, c.acksMode());
        assertEquals(16384, c.batchSizeBytes());
        assertEquals(5, c.lingerMs());
        assertEquals(33_554_432L, c.bufferMemoryBytes());
        assertEquals(60_000, c.maxBlockMs());
        assertEquals(1_048_576, c.maxRequestSizeBytes());
        assertEquals(30_000, c.requestTimeoutMs());
        assertEquals(120_000, c.deliveryTimeoutMs());
        assertEquals(Integer.MAX_VALUE, c.retries());
        assertEquals(100, c.retryBackoffMs());
        assertEquals(1000, c.retryBackoffMaxMs());
        assertEquals(5, c.maxInFlightRequestsPerConnection());
        assertEquals(300_000, c.metadataMaxAgeMs());
        assertEquals(300_000, c.metadataMaxIdleMs());
        assertEquals(540_000, c.connectionsMaxIdleMs());
        assertEquals(50, c.reconnectBackoffMs());
        assertEquals(1000, c.reconnectBackoffMaxMs());
        assertEquals(131_072, c.sendBufferBytes());
        assertEquals(32_768, c.receiveBufferBytes());
        assertEquals(Compression.NONE, c.compression());
        assertEquals(0, c.compressionLevel());
        assertEquals(-1, c.gzipLevel());
        assertEquals(9, c.lz4Level());
        assertEquals(3, c.zstdLevel());
        assertTrue(c.idempotenceEnabled());
        assertFalse(c.partitionerIgnoreKeys());
        assertTrue(c.adaptivePartitioning());
        assertEquals(0, c.partitionerAvailabilityTimeoutMs());
        assertNull(c.transactionalId());
        assertEquals(60_000, c.transactionTimeoutMs());
        assertEquals("PLAINTEXT", c.securityProtocol());
        assertTrue(c.keySerializerClass().isEmpty());
        assertEquals(List.of(), c.interceptorClasses());
    }

    @Test
    void implementedKeysAreExactlyTheParsedOnes() {
        assertEquals(ProducerConfig.implementedKeys(), ProducerConfig.from(base()).values().keySet());
    }

    @Test
    void stringsAndTypedValuesMeanTheSame() {
        ProducerConfig typed = ProducerConfig.from(base("batch.size", 1000, "linger.ms", 7L, "acks", Acks.LEADER,
                "compression.type", Compression.ZSTD, "enable.idempotence", false, "buffer.memory", 5,
                "bootstrap.servers", List.of("a:1", "b:2")));
        ProducerConfig strings = ProducerConfig.from(base("batch.size", "1000", "linger.ms", " 7 ", "acks", "1",
                "compression.type", "zstd", "enable.idempotence", "FALSE", "buffer.memory", "5",
                "bootstrap.servers", "a:1, b:2"));
        assertEquals(typed.values().entrySet().stream().filter(e -> !e.getKey().equals("client.id")).toList(),
                strings.values().entrySet().stream().filter(e -> !e.getKey().equals("client.id")).toList());
        assertEquals(1, typed.acks());
        assertEquals(List.of("a:1", "b:2"), strings.bootstrapServers());
    }

    @Test
    void propertiesAndBuilderAgreeWithMap() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "h:1");
        p.setProperty("linger.ms", "20");
        p.setProperty("compression.type", "lz4");
        p.setProperty("compression.lz4.level", "12");
        ProducerConfig fromProps = ProducerConfig.from(p);
        ProducerConfig fromBuilder = Producer.builder().bootstrapServers("h:1").lingerMs(20)
                .compression(Compression.LZ4, 12).buildConfig();
        assertEquals(20, fromProps.lingerMs());
        assertEquals(12, fromProps.compressionLevel());
        assertEquals(fromProps.lingerMs(), fromBuilder.lingerMs());
        assertEquals(fromProps.compression(), fromBuilder.compression());
        assertEquals(fromProps.compressionLevel(), fromBuilder.compressionLevel());
    }

    @Test
    void builderSettersWriteKafkaKeys() {
        ProducerConfig c = Producer.builder().bootstrapServers("h:1").clientId("me").acks(Acks.NONE)
                .batchSizeBytes(1).lingerMs(2).bufferMemoryBytes(3).maxBlockMs(4).maxRequestSizeBytes(5)
                .requestTimeoutMs(6).deliveryTimeoutMs(100).retries(7).retryBackoffMs(8).retryBackoffMaxMs(9)
                .maxInFlightRequestsPerConnection(2).metadataMaxAgeMs(10).metadataMaxIdleMs(6000)
                .connectionsMaxIdleMs(11).reconnectBackoffMs(12).reconnectBackoffMaxMs(13).sendBufferBytes(-1)
                .receiveBufferBytes(14).compression(Compression.GZIP, 4).partitionerIgnoreKeys(true)
                .adaptivePartitioning(false).partitionerAvailabilityTimeoutMs(15).transactionTimeoutMs(16)
                .config("custom.key", "x").buildConfig();
        assertEquals("me", c.clientId());
        assertEquals(0, c.acks());
        assertEquals(1, c.batchSizeBytes());
        assertEquals(2, c.lingerMs());
        assertEquals(3, c.bufferMemoryBytes());
        assertEquals(4, c.maxBlockMs());
        assertEquals(5, c.maxRequestSizeBytes());
        assertEquals(6, c.requestTimeoutMs());
        assertEquals(100, c.deliveryTimeoutMs());
        assertEquals(7, c.retries());
        assertEquals(8, c.retryBackoffMs());
        assertEquals(9, c.retryBackoffMaxMs());
        assertEquals(2, c.maxInFlightRequestsPerConnection());
        assertEquals(10, c.metadataMaxAgeMs());
        assertEquals(6000, c.metadataMaxIdleMs());
        assertEquals(11, c.connectionsMaxIdleMs());
        assertEquals(12, c.reconnectBackoffMs());
        assertEquals(13, c.reconnectBackoffMaxMs());
        assertEquals(-1, c.sendBufferBytes());
        assertEquals(14, c.receiveBufferBytes());
        assertEquals(Compression.GZIP, c.compression());
        assertEquals(4, c.compressionLevel());
        assertTrue(c.partitionerIgnoreKeys());
        assertFalse(c.adaptivePartitioning());
        assertEquals(15, c.partitionerAvailabilityTimeoutMs());
        assertEquals(16, c.transactionTimeoutMs());
        assertFalse(c.idempotenceEnabled(), "acks=0 turns default idempotence off");
        assertEquals("x", c.originals().get("custom.key"));
        assertEquals("x", c.get("custom.key").orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({
            "batch.size, -1", "linger.ms, -1", "buffer.memory, -1", "max.request.size, 0", "max.block.ms, -1",
            "request.timeout.ms, -1", "retries, -1", "max.in.flight.requests.per.connection, 0",
            "metadata.max.idle.ms, 4999", "send.buffer.bytes, -2", "receive.buffer.bytes, -2",
            "compression.gzip.level, 0", "compression.gzip.level, 10", "compression.lz4.level, 18",
            "compression.lz4.level, 0", "compression.zstd.level, 23", "compression.zstd.level, -131073",
            "acks, 2", "acks, ALL", "compression.type, brotli", "linger.ms, abc", "enable.idempotence, yes",
            "batch.size, 3000000000", "partitioner.availability.timeout.ms, -1", "transactional.id, ''",
            "security.protocol, bogus"})
    void invalidValuesNameTheKeyAndValue(String key, String value) {
        ConfigException e = rejects(key, value);
        assertEquals(List.of(key), e.keys());
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(value) || value.isEmpty(), e.getMessage());
        assertEquals(VltavaException.Kind.CONFIG, e.kind());
    }

    @Test
    void wrongTypesAreRejected() {
        assertEquals(List.of("linger.ms"), rejects("linger.ms", 5.0).keys());
        assertEquals(List.of("enable.idempotence"), rejects("enable.idempotence", 1).keys());
        assertEquals(List.of("bootstrap.servers"), rejects("bootstrap.servers", 42).keys());
        assertEquals(List.of("client.id"), rejects("client.id", 42).keys());
        assertEquals(List.of("interceptor.classes"), rejects("interceptor.classes", 42).keys());
    }

    @Test
    void integralNumbersOfAnyWidthAreAccepted() {
        ProducerConfig c = ProducerConfig.from(base("batch.size", 10L, "linger.ms", 3, "retries", (short) 2,
                "acks", 1));
        assertEquals(10, c.batchSizeBytes());
        assertEquals(3, c.lingerMs());
        assertEquals(2, c.retries());
        assertEquals(1, c.acks());
    }

    @Test
    void bootstrapServersAreRequiredAndValidated() {
        Map<String, Object> none = new HashMap<>();
        assertEquals(List.of("bootstrap.servers"),
                assertThrows(ConfigException.class, () -> ProducerConfig.from(none)).keys());
        for (String bad : List.of("", " , ", "localhost", "localhost:", ":9092", "host:port", "host:0",
                "host:65536", "::1:9092", "[::1]", "ho st:1")) {
            ConfigException e = rejects("bootstrap.servers", bad);
            assertEquals(List.of("bootstrap.servers"), e.keys(), bad);
        }
        ProducerConfig c = ProducerConfig.from(base("bootstrap.servers", "[::1]:9092, kafka-1.example.com:19092,"
                + "10.0.0.1:1"));
        assertEquals(List.of(InetSocketAddress.createUnresolved("::1", 9092),
                InetSocketAddress.createUnresolved("kafka-1.example.com", 19092),
                InetSocketAddress.createUnresolved("10.0.0.1", 1)), c.bootstrapAddresses());
    }

    @Test
    void explicitDeliveryTimeoutBelowLingerPlusRequestTimeoutIsAnError() {
        ConfigException e = rejects("delivery.timeout.ms", 1000, "linger.ms", 100, "request.timeout.ms", 1000);
        assertEquals(List.of("delivery.timeout.ms", "linger.ms", "request.timeout.ms"), e.keys());
        assertTrue(e.getMessage().contains("1100"), e.getMessage());
        assertEquals(1100, ProducerConfig.from(base("delivery.timeout.ms", 1100, "linger.ms", 100,
                "request.timeout.ms", 1000)).deliveryTimeoutMs());
    }

    @Test
    void defaultDeliveryTimeoutIsRaisedToLingerPlusRequestTimeout() {
        ProducerConfig c = ProducerConfig.from(base("linger.ms", 100_000, "request.timeout.ms", 30_000));
        assertEquals(130_000, c.deliveryTimeoutMs());
        ProducerConfig huge = ProducerConfig.from(base("linger.ms", Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, huge.deliveryTimeoutMs());
    }

    @Test
    void idempotenceRules() {
        assertFalse(ProducerConfig.from(base("acks", "1")).idempotenceEnabled());
        assertFalse(ProducerConfig.from(base("retries", 0)).idempotenceEnabled());
        assertFalse(ProducerConfig.from(base("enable.idempotence", false)).idempotenceEnabled());
        assertEquals(List.of("enable.idempotence", "acks"), rejects("enable.idempotence", true, "acks", "0").keys());
        assertEquals(List.of("enable.idempotence", "acks", "retries"),
                rejects("enable.idempotence", "true", "acks", "1", "retries", 0).keys());
        assertEquals(List.of("enable.idempotence", "max.in.flight.requests.per.connection"),
                rejects("max.in.flight.requests.per.connection", 6).keys());
        assertFalse(ProducerConfig.from(base("max.in.flight.requests.per.connection", 6, "enable.idempotence",
                false)).idempotenceEnabled());
    }

    @Test
    void transactionsNeedIdempotence() {
        assertEquals(List.of("transactional.id", "enable.idempotence"),
                rejects("transactional.id", "tx", "enable.idempotence", false).keys());
        assertEquals(List.of("transactional.id", "enable.idempotence", "acks"),
                rejects("transactional.id", "tx", "acks", "1").keys());
        ProducerConfig c = ProducerConfig.from(base("transactional.id", "tx"));
        assertTrue(c.idempotenceEnabled());
        assertEquals("tx", c.transactionalId());
        assertEquals("vltava-producer-tx", c.clientId());
    }

    @Test
    void clientIdIsGeneratedWhenMissingOrEmpty() {
        String a = ProducerConfig.from(base()).clientId();
        String b = ProducerConfig.from(base("client.id", "")).clientId();
        assertTrue(a.matches("vltava-producer-\\d+"), a);
        assertTrue(b.matches("vltava-producer-\\d+"), b);
        assertFalse(a.equals(b));
        assertEquals("mine", ProducerConfig.from(base("client.id", "mine")).clientId());
    }

    @Test
    void reconnectBackoffMaxFollowsALargerBaseUnlessSet() {
        assertEquals(2000, ProducerConfig.from(base("reconnect.backoff.ms", 2000)).reconnectBackoffMaxMs());
        assertEquals(1500, ProducerConfig.from(base("reconnect.backoff.ms", 2000, "reconnect.backoff.max.ms", 1500))
                .reconnectBackoffMaxMs());
    }

    @Test
    void everySecurityProtocolIsSupportedCaseInsensitivelyAndOthersAreRejectedByName() {
        assertEquals("PLAINTEXT", ProducerConfig.from(base("security.protocol", "plaintext")).securityProtocol());
        assertEquals("SSL", ProducerConfig.from(base("security.protocol", "ssl")).securityProtocol());
        for (String p : List.of("sasl_plaintext", "SASL_SSL")) {
            assertEquals(p.toUpperCase(java.util.Locale.ROOT), ProducerConfig.from(base("security.protocol", p,
                    "sasl.mechanism", "PLAIN", "sasl.jaas.config", "M required username=a password=b;"))
                    .securityProtocol());
        }
        ConfigException e = rejects("security.protocol", "TLS");
        assertTrue(e.getMessage().contains("PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"), e.getMessage());
        assertEquals(List.of("security.protocol"), e.keys());
    }

    @Test
    void unknownKeysAreKeptInOriginals() {
        ProducerConfig c = ProducerConfig.from(base("no.such.key", 1, "ssl.truststore.location", "/x"));
        assertEquals(1, c.originals().get("no.such.key"));
        assertEquals("/x", c.get("ssl.truststore.location").orElseThrow());
        assertTrue(c.get("absent").isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> c.originals().put("a", "b"));
    }

    @Test
    void nullValuesMeanNotSet() {
        ProducerConfig c = ProducerConfig.from(base("linger.ms", null, "enable.idempotence", null, "acks", "1"));
        assertEquals(5, c.lingerMs());
        assertFalse(c.idempotenceEnabled(), "null enable.idempotence counts as not set, so acks=1 disables it");
    }

    @Test
    void classesAreKeptAsGiven() {
        ProducerConfig c = ProducerConfig.from(base("key.serializer", String.class, "value.serializer", " a.B ",
                "interceptor.classes", "x.Y, z.W", "partitioner.class", Object.class));
        assertEquals(String.class, c.keySerializerClass().orElseThrow());
        assertEquals("a.B", c.valueSerializerClass().orElseThrow());
        assertEquals(List.of("x.Y", "z.W"), c.interceptorClasses());
        assertEquals(Object.class, c.partitionerClass().orElseThrow());
        assertEquals(List.of(Integer.class, "q.R"),
                ProducerConfig.from(base("interceptor.classes", List.of(Integer.class, "q.R"))).interceptorClasses());
    }

    @Test
    void compressionLevelFollowsTheCodec() {
        assertEquals(-1, ProducerConfig.from(base("compression.type", "gzip")).compressionLevel());
        assertEquals(9, ProducerConfig.from(base("compression.type", "lz4")).compressionLevel());
        assertEquals(3, ProducerConfig.from(base("compression.type", "zstd")).compressionLevel());
        assertEquals(-5, ProducerConfig.from(base("compression.type", "zstd", "compression.zstd.level", -5))
                .compressionLevel());
        assertEquals(0, ProducerConfig.from(base("compression.type", "snappy")).compressionLevel());
    }

    @Test
    void metricsWindowAndLevelHaveKafkasDefaultsAndRules() {
        ProducerConfig defaults = ProducerConfig.from(base());
        assertEquals(2, defaults.metricsNumSamples());
        assertEquals(30_000L, defaults.metricsSampleWindowMs());
        assertEquals(MetricsRecordingLevel.INFO, defaults.metricsRecordingLevel());
        ProducerConfig set = ProducerConfig.from(base("metrics.num.samples", "5", "metrics.sample.window.ms", 1000,
                "metrics.recording.level", "TRACE"));
        assertEquals(5, set.metricsNumSamples());
        assertEquals(1000L, set.metricsSampleWindowMs());
        assertEquals(MetricsRecordingLevel.TRACE, set.metricsRecordingLevel());
        assertEquals("TRACE", set.values().get("metrics.recording.level"));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ProducerConfig.from(base("metrics.recording.level", "debug")));
        assertTrue(e.getMessage().contains("metrics.recording.level"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ProducerConfig.from(base("metrics.num.samples", 0)));
        assertTrue(MetricsRecordingLevel.DEBUG.records(MetricsRecordingLevel.INFO));
        assertFalse(MetricsRecordingLevel.INFO.records(MetricsRecordingLevel.DEBUG));
    }
}
