package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.ContainerCluster;
import dev.vltava.producer.testkit.OfficialClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import dev.vltava.producer.testkit.TestBrokers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Testcontainers path: Vltava and the official client against the {@code apache/kafka} image of the same version
 * as the child-process brokers. Runs where a Docker engine answers (for example the public CI workflow) and is
 * reported as skipped, with the reason, where none does.
 */
class ContainerClusterIT {
    private static ContainerCluster cluster;

    /** Started once for the class where a Docker engine answers; each test is reported as skipped otherwise. */
    @BeforeAll
    static void startContainer() {
        if (ContainerCluster.dockerAvailable()) {
            cluster = ContainerCluster.start();
        }
    }

    private static void assumeDocker() {
        assumeTrue(cluster != null, "no Docker engine on this machine: Testcontainers path skipped");
    }

    @AfterAll
    static void stopContainer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theImageIsTheVersionOfTheProcessBrokers() {
        assertEquals("apache/kafka:" + TestBrokers.kafkaVersion(), ContainerCluster.IMAGE);
    }

    @Test
    void theProcessBrokersRunTheKafkaOnTheTestClasspath() throws Exception {
        Properties built = new Properties();
        try (var in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            built.load(in);
        }
        assertEquals(built.getProperty("version"), TestBrokers.kafkaVersion());
    }

    @ParameterizedTest(name = "idempotence={0} acks={1} compression={2}")
    @CsvSource({"true, all, lz4", "false, 1, zstd", "false, 0, none"})
    void vltavaProducesAndTheOfficialConsumerReadsItBack(boolean idempotence, String acks, String codec)
            throws Exception {
        assumeDocker();
        String topic = "container-vltava-" + acks + "-" + codec;
        cluster.createTopic(topic, 3, 1, Map.of());
        int count = 500;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> p = Producer.<String, String>builder()
                .bootstrapServers(cluster.bootstrapServers())
                .keySerializer(Serializers.string())
                .valueSerializer(Serializers.string())
                .config("enable.idempotence", idempotence)
                .config("acks", acks)
                .config("compression.type", codec)
                .build()) {
            for (int i = 0; i < count; i++) {
                futures.add(p.send(new ProducerRecord<>(topic, i % 3, "k" + i, "v" + i)));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(count, read.size());
        int[] next = {0, 1, 2};
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = next[r.partition()];
            next[r.partition()] += 3;
            assertArrayEquals(("k" + i).getBytes(StandardCharsets.UTF_8), r.key());
            assertArrayEquals(("v" + i).getBytes(StandardCharsets.UTF_8), r.value());
        }
    }

    @Test
    void theOfficialProducerRoundTripsToo() throws Exception {
        assumeDocker();
        String topic = "container-smoke";
        cluster.createTopic(topic, 1, 1, Map.of());
        try (KafkaProducer<byte[], byte[]> p = OfficialClients.producer(cluster.bootstrapServers(), new Properties())) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "x".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        assertEquals(1, OfficialClients.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(30)).size());
    }
}
