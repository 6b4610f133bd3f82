package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.testkit.SecuredCluster.Listener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The secured fixture on three nodes: each node advertises its own secured listener, so a client that bootstraps on
 * SASL_SSL learns all three nodes under their SASL_SSL addresses, and records on replicated partitions led by
 * different nodes travel through it (official producer and consumer). The cluster is this class's own and stops
 * after it.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class SecuredTripleClusterIT {
    private static SecuredCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SecuredCluster.start(3);
        BrokerLogsOnFailure.alsoDescribe(cluster::describeForFailure);
    }

    @AfterAll
    static void stop() {
        BrokerLogsOnFailure.alsoDescribe(() -> "");
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeIsAdvertisedOnTheSecuredListener() throws Exception {
        Map<String, Object> props = cluster.clientProps(Listener.SASL_SSL, SaslMechanism.SCRAM_SHA_512);
        try (Admin admin = Admin.create(props)) {
            Set<String> addresses = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).stream()
                    .map(n -> n.host() + ":" + n.port()).collect(Collectors.toSet());
            assertEquals(3, addresses.size(), addresses.toString());
            assertEquals(Set.copyOf(Arrays.asList(cluster.bootstrap(Listener.SASL_SSL).split(","))), addresses,
                    "each node advertises its SASL_SSL port under the certificate's host name");
        }
    }

    @Test
    void replicatedRecordsTravelThroughSaslSslOnEveryNode() throws Exception {
        String topic = "secured-triple-" + System.nanoTime();
        int partitions = 6;
        cluster.cluster().createTopic(topic, partitions, 3, Map.of("min.insync.replicas", "2"));
        Map<String, Object> props = cluster.clientProps(Listener.SASL_SSL, SaslMechanism.SCRAM_SHA_512);
        Properties p = new Properties();
        p.putAll(props);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer((String) props.get("bootstrap.servers"),
                p)) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String value = "triple-" + i;
                sent.add(value);
                acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, null,
                        value.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll((String) props.get("bootstrap.servers"),
                topic, Duration.ofSeconds(60), props);
        List<String> got = read.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .sorted().collect(Collectors.toList());
        assertEquals(sent.stream().sorted().toList(), got);
        long leaders = cluster.cluster().admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(tp -> tp.leader().id()).distinct().count();
        assertEquals(3, leaders, "partitions led by every node, so every node's listener carried records");
    }
}
