package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The factories up to the engine seam. Until the engine is merged the seam throws
 * UnsupportedOperationException("engine not merged yet"); these tests only assert what happens before it (and
 * accept that exception as "the seam was reached"), so they stay valid once the engine exists.
 */
class ProducerFactoryTest {

    static final AtomicInteger CLOSED = new AtomicInteger();
    static final AtomicInteger CONFIGURED = new AtomicInteger();

    /** A serializer created from a class name. */
    public static final class CountingSerializer implements Serializer<String> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            CONFIGURED.incrementAndGet();
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return null;
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** A partitioner created from a class name. */
    public static final class CountingPartitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             List<PartitionInfo> partitions) {
            return -1;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            CONFIGURED.incrementAndGet();
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** Not a serializer. */
    public static final class NotASerializer {
    }

    @BeforeEach
    void reset() {
        CLOSED.set(0);
        CONFIGURED.set(0);
    }

    private static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /**
     * Runs a factory call that must reach the engine; closes the producer if the real engine made one.
     *
     * @return true if the engine refused to start (the stub)
     */
    private static boolean reachesEngine(Supplier<Producer<?, ?>> factoryCall) {
        try {
            factoryCall.get().close(Duration.ZERO);
            return false;
        } catch (UnsupportedOperationException e) {
            assertEquals("engine not merged yet", e.getMessage());
            return true;
        }
    }

    @Test
    void missingSerializersAreAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> Producer.create(props()));
        assertEquals(List.of("key.serializer"), e.keys());
        e = assertThrows(ConfigException.class,
                () -> Producer.create(props("key.serializer", CountingSerializer.class.getName())));
        assertEquals(List.of("value.serializer"), e.keys());
        assertEquals(1, CLOSED.get(), "the key serializer created before the failure is closed again");
    }

    @Test
    void badSerializerClassesAreConfigErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> Producer.create(
                props("key.serializer", "no.such.Clazz", "value.serializer", CountingSerializer.class)));
        assertEquals(List.of("key.serializer"), e.keys());
        e = assertThrows(ConfigException.class, () -> Producer.create(
                props("key.serializer", NotASerializer.class, "value.serializer", CountingSerializer.class)));
        assertTrue(e.getMessage().contains("does not implement " + Serializer.class.getName()), e.getMessage());
    }

    @Test
    void pluginsFromClassNamesAreConfiguredAndClosedWhenStartFails() {
        Properties p = new Properties();
        p.putAll(props("key.serializer", CountingSerializer.class.getName(),
                "value.serializer", CountingSerializer.class, "partitioner.class", CountingPartitioner.class));
        boolean refused = reachesEngine(() -> Producer.create(p));
        assertEquals(3, CONFIGURED.get());
        if (refused) {
            assertEquals(3, CLOSED.get(), "all three closed after the engine refused to start");
        }
    }

    @Test
    void kafkaSerializerNamesMapToBuiltIns() {
        reachesEngine(() -> Producer.create(props(
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.LongSerializer")));
        Serializer<Object> s = Plugins.serializer(ProducerConfig.from(props(
                "key.serializer", "org.apache.kafka.common.serialization.IntegerSerializer")), "key.serializer", true);
        assertEquals(4, s.serialize("t", 7).length);
    }

    @Test
    void givenInstancesAreNotConfigured() {
        reachesEngine(() -> Producer.create(ProducerConfig.from(props()), new CountingSerializer(),
                new CountingSerializer()));
        reachesEngine(() -> Producer.builder().bootstrapServers("h:1").keySerializer(new CountingSerializer())
                .valueSerializer(Serializers.string()).build());
        assertEquals(0, CONFIGURED.get());
    }

    @Test
    void builderValidatesBeforeReachingTheEngine() {
        ProducerBuilder<String, Long> b = Producer.builder().keySerializer(Serializers.string())
                .valueSerializer(Serializers.longs());
        assertEquals(List.of("bootstrap.servers"), assertThrows(ConfigException.class, b::build).keys());
        assertThrows(IllegalArgumentException.class, () -> b.compression(Compression.SNAPPY, 3));
    }
}
