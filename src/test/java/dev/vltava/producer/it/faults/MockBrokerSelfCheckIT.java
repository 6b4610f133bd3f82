package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.testkit.mock.MockBroker;
import dev.vltava.producer.testkit.mock.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The mock broker is a fair stand-in: the official KafkaProducer works against it, and so does ours. */
@Timeout(90)
class MockBrokerSelfCheckIT {
    private static final String TOPIC = "self-check";

    private static KafkaProducer<String, String> official(MockBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p);
    }

    @Test
    void officialProducerRecordsAreStoredWithOffsetsAndSequences() throws Exception {
        try (MockBroker broker = MockBroker.start(2)) {
            broker.createTopic(TOPIC, 2);
            broker.onProduce().forPartition(TOPIC, 1).times(2).respondWith(Errors.NOT_ENOUGH_REPLICAS);
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            try (KafkaProducer<String, String> producer = official(broker)) {
                for (int i = 0; i < 20; i++) {
                    futures.add(producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "v" + i)));
                }
                for (int i = 0; i < 20; i++) {
                    RecordMetadata md = futures.get(i).get(30, TimeUnit.SECONDS);
                    assertEquals(i % 2, md.partition());
                    assertEquals(i / 2, md.offset(), "offset of record " + i);
                }
            }
            for (int p = 0; p < 2; p++) {
                List<StoredRecord> stored = broker.records(TOPIC, p);
                assertEquals(10, stored.size());
                long pid = stored.get(0).producerId();
                assertTrue(pid >= 0, "the official producer is idempotent by default");
                for (int j = 0; j < 10; j++) {
                    StoredRecord r = stored.get(j);
                    assertEquals(j, r.offset());
                    assertEquals("v" + (2 * j + p), r.valueString());
                    assertEquals("k" + (2 * j + p), r.keyString());
                    assertEquals(pid, r.producerId());
                    assertEquals(j, r.sequence(), "sequence of " + r);
                }
            }
            assertTrue(broker.pendingRules().isEmpty(), "the scripted errors were used: " + broker.pendingRules());
            assertEquals(1, broker.requestCount(ApiKeys.INIT_PRODUCER_ID));
        }
    }

    @Test
    void vltavaRecordsAreStoredWithOffsetsAndSequences() throws Exception {
        try (MockBroker broker = MockBroker.start(2); Producer<String, String> producer = MockProducers.producer(broker)) {
            broker.createTopic(TOPIC, 2);
            SendTracker sends = new SendTracker(producer);
            for (int i = 0; i < 40; i++) {
                sends.send(TOPIC, i % 2, "v" + i);
            }
            sends.awaitAll();
            sends.assertCallbacksOncePerRecordInSendOrder();
            sends.assertSuccessesStoredOnceInOrder(broker, TOPIC);
            for (int p = 0; p < 2; p++) {
                List<StoredRecord> stored = broker.records(TOPIC, p);
                assertEquals(20, stored.size());
                for (int j = 0; j < 20; j++) {
                    assertEquals(j, stored.get(j).sequence(), "sequence of " + stored.get(j));
                    assertEquals(stored.get(0).producerId(), stored.get(j).producerId());
                }
            }
        }
    }
}
