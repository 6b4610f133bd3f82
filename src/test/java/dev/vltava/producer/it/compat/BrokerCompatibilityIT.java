package dev.vltava.producer.it.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Header;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.StoredBatches;
import dev.vltava.producer.testkit.VersionedBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vltava against real brokers of several Kafka generations, each started by the test kit from its own jars on Maven
 * Central ({@link VersionedBroker}): 2.x and 3.0 in ZooKeeper mode with their ZooKeeper, 3.3+ in KRaft mode. For
 * every broker: every codec, idempotence on (acks=all) and off (acks 0, 1, all); the official consumer reads back
 * exactly what was sent (keys, values, headers, partitions, order) and the broker's log holds batches of the
 * configured codec. Each broker's own log must name the version asked for. The client must negotiate each request down to what the broker supports, so an older broker
 * answering at all is the proof that it did.
 *
 * <p>Which brokers: {@code -Dvltava.compat.brokers=2.8.2,3.0.2,...}. Default: 4.4 and one old generation (2.8, the
 * oldest, ZooKeeper mode), what every CI run covers; {@code -Pcompat} runs the whole matrix (docs/compatibility.md).
 */
class BrokerCompatibilityIT {
    private static final String DEFAULT_BROKERS = "4.4.0,2.8.2";
    private static final int RECORDS = 300;
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

    /** The broker of the version under test; started for its first case, stopped when the version changes. */
    private static VersionedBroker broker;

    static List<String> brokerVersions() {
        return Arrays.stream(System.getProperty("vltava.compat.brokers", DEFAULT_BROKERS).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Version, idempotence, acks, codec: idempotence needs acks=all, so it is on only there. */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String version : brokerVersions()) {
            for (String codec : CODECS) {
                out.add(Arguments.of(version, true, "all", codec));
                for (String acks : List.of("0", "1", "all")) {
                    out.add(Arguments.of(version, false, acks, codec));
                }
            }
        }
        return out.stream();
    }

    private static synchronized VersionedBroker broker(String version) {
        if (broker != null && !broker.version().equals(version)) {
            broker.close();
            broker = null;
        }
        if (broker == null) {
            broker = VersionedBroker.start(version);
            // a matrix that silently ran one broker for every version would prove nothing: its log names its version
            String log = brokerLog(broker);
            assertTrue(log.contains("Kafka version: " + version), "the broker log names version " + version + ":\n"
                    + broker.describeForFailure());
        }
        return broker;
    }

    @AfterAll
    static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @ParameterizedTest(name = "Kafka {0}: idempotence={1} acks={2} compression={3}")
    @MethodSource("cases")
    void producesAndTheOfficialConsumerReadsItBack(String version, boolean idempotence, String acks, String codec)
            throws Exception {
        VersionedBroker cluster = broker(version);
        String topic = "compat-" + (idempotence ? "idem" : "plain") + "-acks" + acks + "-" + codec;
        cluster.createTopic(topic, 2, 1, Map.of());
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("enable.idempotence", idempotence);
        props.put("acks", acks);
        props.put("compression.type", codec);
        props.put("linger.ms", 5);
        props.put("delivery.timeout.ms", 60_000);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = Producer.<byte[], byte[]>builder().configs(props)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build()) {
            for (int i = 0; i < RECORDS; i++) {
                List<Header> headers = List.of(new Header("n", bytes(Integer.toString(i))));
                futures.add(producer.send(new ProducerRecord<>(topic, i % 2, bytes("key-" + i),
                        bytes("value-" + i + "-" + "x".repeat(i % 50)), headers)));
            }
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                RecordMetadata m = f.get(60, TimeUnit.SECONDS);
                assertEquals(topic, m.topic());
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(RECORDS, read.size(), "records read back from Kafka " + version);
        int[] nextIndex = {0, 1};
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = nextIndex[r.partition()];
            nextIndex[r.partition()] += 2;
            assertArrayEquals(bytes("key-" + i), r.key(), "partition " + r.partition() + " offset " + r.offset());
            assertArrayEquals(bytes("value-" + i + "-" + "x".repeat(i % 50)), r.value());
            assertArrayEquals(bytes(Integer.toString(i)), r.headers().lastHeader("n").value());
        }
        List<StoredBatches.Batch> batches = StoredBatches.read(cluster, topic);
        assertTrue(!batches.isEmpty(), "batches on disk");
        int expectedCodec = StoredBatches.codecBits(codec);
        for (StoredBatches.Batch b : batches) {
            assertEquals(expectedCodec, b.codec(), "codec of stored batch " + b + " on Kafka " + version);
        }
    }

    @Test
    void theDefaultRunCoversTheNewestAndTheOldestGeneration() {
        List<String> versions = Arrays.asList(DEFAULT_BROKERS.split(","));
        assertEquals(VersionedBroker.Mode.KRAFT, VersionedBroker.modeOf(versions.get(0)));
        assertEquals(VersionedBroker.Mode.ZOOKEEPER, VersionedBroker.modeOf(versions.get(1)));
    }

    private static String brokerLog(VersionedBroker b) {
        try {
            return b.brokerLog();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
