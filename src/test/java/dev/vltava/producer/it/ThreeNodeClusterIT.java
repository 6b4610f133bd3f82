package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the three-node fixture: replication, kill -9 of a node, writes with acks=all, and rejoin. */
@ExtendWith(BrokerLogsOnFailure.class)
class ThreeNodeClusterIT {

    @Test
    void survivesKillOfOneNodeAndTheNodeRejoins() throws Exception {
        KafkaCluster cluster = TestClusters.triple();
        String topic = "fixture-rf3-" + System.nanoTime();
        cluster.createTopic(topic, 3, 3, Map.of("min.insync.replicas", "2"));

        Properties props = new Properties();
        props.put("acks", "all");
        props.put("delivery.timeout.ms", "60000");
        props.put("request.timeout.ms", "10000");
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(cluster.bootstrapServers(), props)) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, null, bytes("before-" + i))).get();
            }
            int victim = 2;
            cluster.node(victim).kill();
            assertTrue(!cluster.node(victim).isRunning());
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, null, bytes("during-" + i))).get();
            }
            cluster.node(victim).start();
            cluster.awaitNode(victim);
            awaitFullIsr(cluster, topic, Duration.ofSeconds(60));
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, null, bytes("after-" + i))).get();
            }
        }
        assertEquals(90, OfficialClients.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(30)).size());
    }

    private static void awaitFullIsr(KafkaCluster cluster, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            TopicDescription d = cluster.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            boolean full = d.partitions().stream().map(TopicPartitionInfo::isr).allMatch(isr -> isr.size() == 3);
            if (full) {
                return;
            }
            Thread.sleep(200);
        }
        TopicDescription d = cluster.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        throw new AssertionError("restarted node did not rejoin the ISR: " + d.partitions().stream()
                .map(p -> p.partition() + "=" + p.isr().stream().map(Node::id).toList()).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
