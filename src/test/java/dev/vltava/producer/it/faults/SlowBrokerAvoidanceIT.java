package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * partitioner.availability.timeout.ms (KIP-794): when one broker stops answering produce requests, records without
 * a key stop going to its partitions once its batches have waited that long, and flow to the healthy broker.
 */
@Timeout(90)
class SlowBrokerAvoidanceIT {
    private static final String TOPIC = "avoid";

    @Test
    void stickyRecordsLeaveAStalledBrokersPartitions() throws Exception {
        try (MockBroker broker = MockBroker.start(2); Producer<String, String> producer = MockProducers.builder(broker)
                .requestTimeoutMs(30_000).deliveryTimeoutMs(60_000).lingerMs(5).batchSizeBytes(1024)
                .partitionerAvailabilityTimeoutMs(200).build()) {
            broker.createTopic(TOPIC, 4); // partitions 0, 2 on node 0; 1, 3 on node 1
            producer.send(new ProducerRecord<>(TOPIC, 0, null, "warm-0")).get();
            producer.send(new ProducerRecord<>(TOPIC, 1, null, "warm-1")).get();
            broker.onProduce().onNode(0).always().stall(); // node 0 takes requests but never answers

            String value = "v".repeat(100);
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) { // long enough for node 0's in-flight slots to fill and time out
                producer.send(new ProducerRecord<>(TOPIC, value));
                Thread.sleep(1);
            }
            List<CompletableFuture<RecordMetadata>> later = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                later.add(producer.send(new ProducerRecord<>(TOPIC, value)));
                if (i % 100 == 0) {
                    Thread.sleep(2);
                }
            }
            try {
                CompletableFuture.allOf(later.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                long stuck = later.stream().filter(f -> !f.isDone()).count();
                fail(stuck + " of 2000 records sent after the timeout still went to the stalled broker's partitions");
            }
            for (CompletableFuture<RecordMetadata> f : later) {
                assertTrue(f.get().partition() % 2 == 1, "on node 1's partitions");
            }
            producer.close(Duration.ZERO); // do not wait for node 0's stalled requests
        }
    }
}
