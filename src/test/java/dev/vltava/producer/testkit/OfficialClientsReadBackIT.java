package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read-back every delivery test relies on reads each partition up to its end offset, not up to the count the
 * test expects: a record beyond that count (a duplicate at a partition's tail) is read, so the caller's exact-count
 * and no-duplicate checks can see it. The official producer writes the topics here.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class OfficialClientsReadBackIT {
    /** The read-back's max.poll.records: one poll can bring exactly this many records. */
    private static final int ONE_POLL = 5000;

    private final TestCluster cluster = TestClusters.single();

    @Test
    void aDuplicateAtAPartitionsTailIsReadBack() throws Exception {
        String topic = "readback-tail-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        int sent = ONE_POLL; // a test expecting this many once stopped after its first poll
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < sent; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, bytes("value-" + i)));
            }
            producer.send(new ProducerRecord<>(topic, 0, null, bytes("value-" + (sent - 1)))); // the duplicate
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(sent + 1, read.size(), "records read back: all sent, and the duplicate at the tail");
        Map<String, List<Long>> offsetsByValue = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            offsetsByValue.computeIfAbsent(new String(r.value(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(r.offset());
        }
        assertEquals(List.of((long) sent - 1, (long) sent), offsetsByValue.get("value-" + (sent - 1)),
                "the duplicated record is seen at both offsets");
        assertEquals(sent, offsetsByValue.size(), "distinct records");
    }

    @Test
    void everyPartitionIsReadToItsEndOffset() throws Exception {
        String topic = "readback-ends-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1, Map.of());
        int[] counts = {2 * ONE_POLL + 17, 1, 0}; // several polls, a single record, nothing
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int p = 0; p < counts.length; p++) {
                for (int i = 0; i < counts[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, bytes(p + "-" + i)));
                }
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        int[] readCounts = new int[counts.length];
        long[] nextOffset = new long[counts.length];
        for (ConsumerRecord<byte[], byte[]> r : read) {
            assertEquals(nextOffset[r.partition()], r.offset(), "records in partition, then offset order");
            assertEquals(r.partition() + "-" + readCounts[r.partition()], new String(r.value(),
                    StandardCharsets.UTF_8));
            nextOffset[r.partition()]++;
            readCounts[r.partition()]++;
        }
        for (int p = 0; p < counts.length; p++) {
            assertEquals(counts[p], readCounts[p], "records read from partition " + p);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        return OfficialClients.producer(cluster.bootstrapServers(), p);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
