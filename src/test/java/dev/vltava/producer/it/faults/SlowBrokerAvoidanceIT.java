package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.testkit.StderrTap;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * partitioner.availability.timeout.ms (KIP-794): when one broker stops answering produce requests, records without
 * a key stop going to its partitions once its batches have waited that long, and flow to the healthy broker.
 *
 * <p>The moment the producer starts avoiding the broker is observed, not guessed: it logs it (INFO, on System.err
 * through slf4j-simple, tapped for the test). Records sent after that, beyond the sticky batch being filled at that
 * moment, must all land on the healthy broker.
 */
@Timeout(90)
class SlowBrokerAvoidanceIT {
    private static final String TOPIC = "avoid";
    private static final int BATCH_SIZE = 1024;
    private static final String AVOIDING_NODE_0 = "avoiding the partitions of broker(s) [0]";

    @Test
    void stickyRecordsLeaveAStalledBrokersPartitions() throws Exception {
        try (StderrTap stderr = StderrTap.install(); MockBroker broker = MockBroker.start(2);
                Producer<String, String> producer = MockProducers.builder(broker).requestTimeoutMs(30_000)
                        .deliveryTimeoutMs(60_000).lingerMs(5).batchSizeBytes(BATCH_SIZE)
                        .partitionerAvailabilityTimeoutMs(200).build()) {
            broker.createTopic(TOPIC, 4); // partitions 0, 2 on node 0; 1, 3 on node 1
            producer.send(new ProducerRecord<>(TOPIC, 0, null, "warm-0")).get();
            producer.send(new ProducerRecord<>(TOPIC, 1, null, "warm-1")).get();
            broker.onProduce().onNode(0).always().stall(); // node 0 takes requests but never answers

            String value = "v".repeat(100);
            // Until the producer says it avoids node 0: node 0's in-flight slots fill, its next batches wait past
            // the availability timeout. A steady trickle of records (paced, not timed) keeps batches waiting there.
            long giveUp = System.nanoTime() + Duration.ofSeconds(25).toNanos();
            while (stderr.linesWith(AVOIDING_NODE_0).isEmpty()) {
                if (System.nanoTime() - giveUp > 0) {
                    fail("the producer never started avoiding the stalled node 0 (no log line \"" + AVOIDING_NODE_0
                            + "\"); node 0 got " + broker.requestCount(0, ApiKeys.PRODUCE) + " produce requests");
                }
                producer.send(new ProducerRecord<>(TOPIC, value));
                Thread.sleep(1);
            }
            // The sticky batch open at that moment may be on node 0 and is filled first (the sticky partition
            // moves on when its batch is full): more than a batch's worth of records, where they land is not checked.
            for (int i = 0; i < 3 * BATCH_SIZE / value.length(); i++) {
                producer.send(new ProducerRecord<>(TOPIC, value));
            }
            List<CompletableFuture<RecordMetadata>> later = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                later.add(producer.send(new ProducerRecord<>(TOPIC, value)));
            }
            try {
                CompletableFuture.allOf(later.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                long stuck = later.stream().filter(f -> !f.isDone()).count();
                fail(stuck + " of 2000 records sent after the producer avoided node 0 still went to its partitions");
            }
            for (CompletableFuture<RecordMetadata> f : later) {
                assertTrue(f.get().partition() % 2 == 1, "on node 1's partitions");
            }
            producer.close(Duration.ZERO); // do not wait for node 0's stalled requests
        }
    }
}
