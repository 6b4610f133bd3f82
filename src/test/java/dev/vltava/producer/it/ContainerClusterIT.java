package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vltava.producer.testkit.ContainerCluster;
import dev.vltava.producer.testkit.OfficialClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The Testcontainers path: runs where a Docker engine answers (for example the public CI workflow) and is reported
 * as skipped, with the reason, where none does.
 */
class ContainerClusterIT {

    @Test
    void roundTripsThroughAContainerBroker() throws Exception {
        assumeTrue(ContainerCluster.dockerAvailable(), "no Docker engine on this machine: Testcontainers path skipped");
        try (ContainerCluster cluster = ContainerCluster.start()) {
            String topic = "container-smoke";
            cluster.createTopic(topic, 1, 1, Map.of());
            try (KafkaProducer<byte[], byte[]> p = OfficialClients.producer(cluster.bootstrapServers(), new Properties())) {
                p.send(new ProducerRecord<>(topic, "x".getBytes(StandardCharsets.UTF_8))).get();
            }
            assertEquals(1, OfficialClients.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(30)).size());
        }
    }
}
