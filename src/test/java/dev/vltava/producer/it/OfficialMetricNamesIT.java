package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official client's metric names (group, name, tag keys) and its MBeans (object-name pattern, attribute names),
 * read from a real {@code KafkaProducer} of the kafka-clients version on the test classpath after it sent records to
 * a real broker, must equal the lists in {@code src/test/resources/metrics/}. Those lists are what Vltava's metric set
 * is checked against ({@code OfficialMetricSetTest}). To regenerate them after a kafka-clients upgrade:
 * {@code mvn -B -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OfficialMetricNamesIT
 * -Dvltava.metrics.regenerate=true}, then review the diff.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class OfficialMetricNamesIT {
    static final Path NAMES = Path.of("src/test/resources/metrics/official-producer-metrics.txt");
    static final Path JMX = Path.of("src/test/resources/metrics/official-producer-jmx.txt");

    private final TestCluster cluster = TestClusters.single();

    @Test
    void theOfficialProducersMetricsAndMBeansAreTheListedOnes() throws Exception {
        String topic = "official-metrics-" + System.nanoTime();
        cluster.createTopic(topic, 2);
        Set<String> names;
        Set<String> mbeans;
        Object version;
        Properties p = new Properties();
        p.put("client.id", "official-metrics-probe");
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(cluster.bootstrapServers(), p)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
            names = metricLines(producer.metrics().keySet());
            version = producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("app-info") && e.getKey().name().equals("version"))
                    .map(e -> e.getValue().metricValue()).findFirst().orElse("?");
            mbeans = mbeanLines(ManagementFactory.getPlatformMBeanServer());
        }
        if (Boolean.getBoolean("vltava.metrics.regenerate")) {
            write(NAMES, names, version, "group name tag-keys: the official producer's metrics (OfficialMetricNamesIT)");
            write(JMX, mbeans, version, "object-name-pattern attribute: the official producer's MBeans (OfficialMetricNamesIT)");
        }
        assertEquals(read(NAMES), names, "official metric names differ from " + NAMES);
        assertEquals(read(JMX), mbeans, "official MBeans differ from " + JMX);
    }

    /** One line per metric: group, name and its sorted tag keys ("-" for none). */
    static Set<String> metricLines(Iterable<MetricName> metricNames) {
        Set<String> out = new TreeSet<>();
        for (MetricName n : metricNames) {
            String tags = n.tags().isEmpty() ? "-" : String.join(",", new TreeSet<>(n.tags().keySet()));
            out.add(n.group() + " " + n.name() + " " + tags);
        }
        return out;
    }

    /**
     * One line per attribute of each MBean in the {@code kafka.producer} domain: the object name with its key values
     * replaced by the key (so that client ids, topics and node ids do not matter), then the attribute name.
     */
    static Set<String> mbeanLines(MBeanServer server) throws Exception {
        Set<String> out = new TreeSet<>();
        for (ObjectName on : server.queryNames(new ObjectName("kafka.producer:*"), null)) {
            for (MBeanAttributeInfo a : server.getMBeanInfo(on).getAttributes()) {
                out.add(pattern(on) + " " + a.getName());
            }
        }
        return out;
    }

    static String pattern(ObjectName on) {
        StringBuilder sb = new StringBuilder(on.getDomain()).append(":type=").append(on.getKeyProperty("type"));
        for (String key : new TreeSet<>(on.getKeyPropertyList().keySet())) {
            if (!key.equals("type")) {
                sb.append(',').append(key).append("=<").append(key).append('>');
            }
        }
        return sb.toString();
    }

    static Set<String> read(Path file) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim());
            }
        }
        return out;
    }

    private static void write(Path file, Set<String> lines, Object version, String header) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("# " + header);
        all.add("# kafka-clients " + version);
        all.addAll(lines);
        Files.createDirectories(file.getParent());
        Files.write(file, all);
    }
}
