package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.config.SettingDef;
import dev.vltava.producer.internal.config.Settings;
import dev.vltava.producer.testkit.StderrTap;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * No setting that changes behaviour is silently ignored (issue 17): every official key Vltava does not support is
 * rejected with a ConfigException that says so and what to use instead, unless it is at Kafka's default; keys that
 * are not producer settings are logged once at INFO, never called typos, and reach the plugins' configure().
 */
class UnsupportedAndUnknownKeysTest {

    /** A value other than the default, for each key the table marks as not supported. */
    private static final Map<String, Object> NON_DEFAULT = Map.of(
            "bootstrap.resolve.timeout.ms", "1000",
            "security.providers", "com.example.MyProviderCreator",
            "metadata.recovery.rebootstrap.trigger.ms", "60000",
            "buffer.memory.allocation.strategy", "incremental",
            "transaction.two.phase.commit.enable", "true",
            "partitioner.rack.aware", "true");

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyUnsupportedKeyIsRejectedSayingSoAndWhatToDoUnlessAtItsDefault() {
        List<SettingDef> unsupported = Settings.all().stream()
                .filter(d -> d.support() == SettingDef.Support.NOT_SUPPORTED).toList();
        assertEquals(NON_DEFAULT.keySet(), unsupported.stream().map(SettingDef::name)
                .collect(java.util.stream.Collectors.toSet()), "a value for each unsupported key");
        for (SettingDef def : unsupported) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ProducerConfig.from(props(def.name(), NON_DEFAULT.get(def.name()))), def.name());
            assertEquals(List.of(def.name()), e.keys());
            assertTrue(e.getMessage().contains("is not supported by Vltava") && e.getMessage().contains(def.note()),
                    e.getMessage());
            if (def.defaultValue() != null) {
                // a property file that spells out Kafka's defaults still works
                ProducerConfig.from(props(def.name(), String.valueOf(def.defaultValue())));
            }
        }
    }

    @Test
    void theFacadeRejectsThemToo() {
        Map<String, Object> p = props("partitioner.rack.aware", "true", "client.rack", "r1");
        org.apache.kafka.common.config.ConfigException e = assertThrows(
                org.apache.kafka.common.config.ConfigException.class,
                () -> new dev.vltava.producer.compat.VltavaKafkaProducer<>(p,
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer()));
        assertTrue(e.getMessage().contains("partitioner.rack.aware") && e.getMessage().contains("not supported"),
                e.getMessage());
    }

    @Test
    void partlySupportedKeysRejectOnlyTheValuesVltavaDoesNotHave() {
        ConfigException reporter = assertThrows(ConfigException.class,
                () -> ProducerConfig.from(props("metric.reporters", "com.example.MyReporter")));
        assertEquals(List.of("metric.reporters"), reporter.keys());
        assertTrue(reporter.getMessage().contains("VltavaKafkaProducer"), reporter.getMessage());
        ProducerConfig.from(props("metric.reporters", "org.apache.kafka.common.metrics.JmxReporter"));
        ProducerConfig.from(props("metric.reporters", ""));
        ConfigException none = assertThrows(ConfigException.class,
                () -> ProducerConfig.from(props("metadata.recovery.strategy", "none")));
        assertTrue(none.getMessage().contains("not supported"), none.getMessage());
        ProducerConfig.from(props("metadata.recovery.strategy", "REBOOTSTRAP"));
        // Kafka's validation still applies first
        ConfigException invalid = assertThrows(ConfigException.class,
                () -> ProducerConfig.from(props("metadata.recovery.strategy", "sometimes")));
        assertTrue(invalid.getMessage().contains("must be one of"), invalid.getMessage());
    }

    @Test
    void keysWithoutEffectAreAcceptedAndShownInValues() {
        ProducerConfig c = ProducerConfig.from(props("enable.metrics.push", "false", "client.rack", "rack-1",
                "metadata.cluster.check.enable", "false"));
        assertEquals(false, c.values().get("enable.metrics.push"));
        assertEquals("rack-1", c.values().get("client.rack"));
    }

    @Test
    void unknownKeysAreLoggedOnceAtInfoAndNeverCalledTypos() {
        String key = "schema.registry.url." + UUID.randomUUID();
        try (StderrTap err = StderrTap.install()) {
            ProducerConfig.from(props(key, "http://registry:8081"));
            ProducerConfig.from(props(key, "http://registry:8081"));
            List<String> lines = err.linesWith(key);
            assertEquals(1, lines.size(), "logged once: " + lines);
            assertTrue(lines.get(0).contains("INFO") && lines.get(0).contains("not producer settings"), lines.get(0));
            assertTrue(!lines.get(0).toLowerCase().contains("typo"), lines.get(0));
        }
    }

    @Test
    void officialKeysAndProviderSettingsAreNotReportedAsUnknown() {
        String alias = "p" + UUID.randomUUID().toString().replace("-", "");
        try (StderrTap err = StderrTap.install()) {
            ProducerConfig.from(props("enable.metrics.push", "true", "sasl.kerberos.service.name", "kafka",
                    "config.providers." + alias + ".param.x", "1", "key.serializer.encoding", "UTF-8"));
            assertEquals(List.of(), err.linesWith("not producer settings", alias));
            assertEquals(List.of(), err.linesWith("not producer settings", "sasl.kerberos.service.name"));
        }
    }

    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    /** Records what its configure() was given. */
    public static final class RecordingSerializer implements Serializer<String> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            SEEN.putAll(configs);
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return null;
        }
    }

    @Test
    void keysThatAreNotProducerSettingsReachTheSerializersConfigure() {
        SEEN.clear();
        Producer<String, String> p = Producer.create(props("schema.registry.url", "http://registry:8081",
                "key.serializer", RecordingSerializer.class.getName(),
                "value.serializer", RecordingSerializer.class.getName()));
        p.close(Duration.ZERO);
        assertEquals("http://registry:8081", SEEN.get("schema.registry.url"));
    }
}
