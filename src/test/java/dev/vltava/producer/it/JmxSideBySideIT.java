package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official producer and Vltava side by side against the same broker, each with its own client.id: the MBeans
 * each registers (object-name pattern and attribute names) are the same, except for the attributes
 * docs/observability.md lists as not filled.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class JmxSideBySideIT {
    /** docs/observability.md, "Metrics Vltava does not fill" (the same list as OfficialMetricSetTest.NOT_FILLED). */
    private static final Set<String> NOT_FILLED = Set.of();

    private final TestCluster cluster = TestClusters.single();

    @Test
    void bothRegisterTheSameMBeansAndAttributes() throws Exception {
        String topic = "jmx-side-by-side-" + System.nanoTime();
        cluster.createTopic(topic, 2);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Properties official = new Properties();
        official.put("client.id", "sbs-official");
        Set<String> theirs;
        Set<String> ours;
        try (KafkaProducer<byte[], byte[]> k = OfficialClients.producer(cluster.bootstrapServers(), official);
                Producer<byte[], byte[]> v = Producer.create(dev.vltava.producer.ProducerConfig.from(Map.of(
                        "bootstrap.servers", cluster.bootstrapServers(), "client.id", "sbs-vltava")),
                        Serializers.byteArray(), Serializers.byteArray())) {
            for (int i = 0; i < 20; i++) {
                byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
                k.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value)).get();
                v.send(new ProducerRecord<>(topic, null, value)).get();
            }
            theirs = lines(server, "sbs-official");
            ours = lines(server, "sbs-vltava");
        }
        Set<String> expected = new TreeSet<>();
        for (String line : theirs) {
            if (!NOT_FILLED.contains(line.substring(line.indexOf(' ') + 1))) {
                expected.add(line);
            }
        }
        assertEquals(expected, ours);
        assertEquals(Set.of(), lines(server, "sbs-vltava"), "Vltava's MBeans are gone after close");
    }

    /** Pattern and attribute of every kafka.producer MBean of this client id (client-id=... or app-info's id=...). */
    private static Set<String> lines(MBeanServer server, String clientId) throws Exception {
        Set<String> out = new TreeSet<>();
        for (ObjectName on : server.queryNames(new ObjectName("kafka.producer:*"), null)) {
            String id = on.getKeyProperty("client-id") != null ? on.getKeyProperty("client-id") : on.getKeyProperty("id");
            if (!clientId.equals(id)) {
                continue;
            }
            for (MBeanAttributeInfo a : server.getMBeanInfo(on).getAttributes()) {
                out.add(OfficialMetricNamesIT.pattern(on) + " " + a.getName());
            }
        }
        return out;
    }
}
