package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records sent before their topic's metadata is known wait with reserved buffer memory. When they fill the whole
 * budget, the sender must still be able to build batches for them: their own reservations pay for those batches.
 * Before that was so, every record waited until max.block.ms and failed with a buffer-memory timeout (found by the
 * sink-broker benchmark, which sends at full speed from the first record).
 */
@Timeout(90)
class WaitingForMetadataMemoryIT {
    private static final String TOPIC = "waiting-memory";
    private static final int RECORDS = 20_000;

    @Test
    void maxBlockMsOfLongMaxValueMeansWaitNotFailAtOnce() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .maxBlockMs(Long.MAX_VALUE).build()) {
            broker.createTopic(TOPIC, 1);
            broker.onMetadata().always().delay(Duration.ofMillis(300)); // the record has to wait for metadata
            RecordMetadata md = producer.send(new ProducerRecord<>(TOPIC, "patient")).get();
            assertEquals(0, md.partition());
            assertEquals(1, broker.records(TOPIC).size());
        }
    }

    @Test
    void recordsHoldingTheWholeBudgetWhileWaitingForMetadataAllLand() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .bufferMemoryBytes(256 * 1024).batchSizeBytes(64 * 1024).lingerMs(5).maxBlockMs(20_000).build()) {
            broker.createTopic(TOPIC, 3);
            // Metadata answers come late, so the first sends all wait and reserve the whole 256 KiB.
            broker.onMetadata().always().delay(Duration.ofMillis(300));
            String value = "v".repeat(100);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                futures.add(producer.send(new ProducerRecord<>(TOPIC, value)));
            }
            int failed = 0;
            String firstFailure = null;
            for (CompletableFuture<RecordMetadata> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failed++;
                    firstFailure = firstFailure != null ? firstFailure : String.valueOf(e.getCause());
                }
            }
            assertEquals(0, failed, "failed records; first: " + firstFailure);
            assertEquals(RECORDS, broker.records(TOPIC).size());
            assertTrue(broker.records(TOPIC).stream().allMatch(r -> r.value().length == 100));
        }
    }
}
