package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the broker fixture: a real single-node KRaft broker that the official clients can use. */
@ExtendWith(BrokerLogsOnFailure.class)
class SingleNodeClusterIT {
    private final TestCluster cluster = TestClusters.single();

    @Test
    void createsTopicAndRoundTripsRecordsWithTheOfficialClients() throws Exception {
        String topic = "fixture-smoke-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1, Map.of("min.insync.replicas", "1"));
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(cluster.bootstrapServers(), new Properties())) {
            for (int i = 0; i < 30; i++) {
                RecordMetadata md = producer.send(new ProducerRecord<>(topic, i % 3, bytes("k" + i), bytes("v" + i))).get();
                assertEquals(i % 3, md.partition());
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertEquals(30, read.size());
        for (ConsumerRecord<byte[], byte[]> r : read) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            int i = Integer.parseInt(key.substring(1));
            assertEquals(i % 3, r.partition());
            assertArrayEquals(bytes("v" + i), r.value());
        }
    }

    @Test
    void autoTopicCreationIsOffSoUnknownTopicsStayUnknown() {
        Properties p = new Properties();
        p.put("max.block.ms", "3000");
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(cluster.bootstrapServers(), p)) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("no-such-topic-" + System.nanoTime(), bytes("x"))).get());
            org.junit.jupiter.api.Assertions.assertTrue(
                    e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                            || e.getCause() instanceof UnknownTopicOrPartitionException, e.getCause().toString());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
