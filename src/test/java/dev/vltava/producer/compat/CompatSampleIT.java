package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.compat.sample.OrderEvents;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ordinary application code of {@link OrderEvents} runs unchanged on both producers, with the same results. */
@ExtendWith(BrokerLogsOnFailure.class)
class CompatSampleIT {
    private final TestCluster cluster = TestClusters.single();

    @Test
    void theSameApplicationCodeGivesTheSameResults() throws Exception {
        List<String> kafka = run("kafka", KafkaProducer::new);
        List<String> vltava = run("vltava", VltavaKafkaProducer::new);
        assertEquals(kafka, vltava);
        assertEquals("delivered=50 retriable=1 fatal=1", vltava.get(vltava.size() - 1));
    }

    private List<String> run(String name, Function<Properties, Producer<String, String>> constructor)
            throws Exception {
        String topic = "sample-" + name + "-" + System.nanoTime();
        cluster.createTopic(topic, 3);
        List<String> observed = new ArrayList<>();
        try (OrderEvents app = new OrderEvents(cluster.bootstrapServers(), constructor)) {
            app.publishAll(topic, 100);
            observed.add("sync " + app.publishAndWait(topic, "order-7", "paid").replace(topic, "T"));
            observed.add("sync oversized " + app.publishAndWait(topic, "order-8", "x".repeat(200_000)));
            for (int i = 0; i < 50; i++) {
                app.publishAsync(topic, "order-" + i, "shipped");
            }
            app.publishAsync("sample-no-such-topic-" + System.nanoTime(), "order-1", "lost"); // retriable timeout
            app.publishAsync(topic, "order-9", "x".repeat(200_000)); // record too large: not retriable
            app.flush();
            observed.add(app.counts());
        }
        int expected = 100 + 1 + 50;
        assertEquals(expected, OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60)).size(), name);
        assertTrue(observed.get(0).startsWith("sync T-"), observed.get(0));
        return observed;
    }
}
