package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A record for an explicit partition the topic does not have waits for it up to max.block.ms and then fails naming
 * the partition count (as in Kafka); it must hold back no other record of the topic, from any thread. Before, every
 * later record of the topic queued behind it for max.block.ms.
 */
@Timeout(90)
class MissingPartitionIT {
    private static final String TOPIC = "missing-partition";

    @Test
    void aRecordForAPartitionTheTopicLacksHoldsBackNoOtherRecordOfTheTopic() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .maxBlockMs(600_000).build()) { // far beyond @Timeout: records held behind it would trip it
            try {
                sendPastIt(broker, producer);
            } finally {
                producer.close(Duration.ZERO); // a graceful close would wait for max.block.ms
            }
        }
    }

    private static void sendPastIt(MockBroker broker, Producer<String, String> producer) throws Exception {
        broker.createTopic(TOPIC, 2);
        awaitMetadata(producer);
        CompletableFuture<RecordMetadata> beyond = producer.send(new ProducerRecord<>(TOPIC, 5, null, "to-5"));
        CompletableFuture<List<CompletableFuture<RecordMetadata>>> otherThread = CompletableFuture.supplyAsync(
                () -> sendTen(producer, "other-"));
        List<CompletableFuture<RecordMetadata>> later = new ArrayList<>(sendTen(producer, "same-"));
        later.addAll(otherThread.get());
        for (CompletableFuture<RecordMetadata> f : later) {
            f.get();
        }
        assertEquals(20, broker.records(TOPIC).stream().filter(r -> !r.valueString().equals("first")).count());
        assertFalse(beyond.isDone(), "still waiting for partition 5");

        producer.close(Duration.ZERO);
        ExecutionException e = assertThrows(ExecutionException.class, beyond::get);
        assertInstanceOf(ProducerClosedException.class, e.getCause());
    }

    @Test
    void itFailsAfterMaxBlockMsNamingThePartitionCount() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .maxBlockMs(2_000).build()) {
            broker.createTopic(TOPIC, 2);
            awaitMetadata(producer);
            CompletableFuture<RecordMetadata> beyond = producer.send(new ProducerRecord<>(TOPIC, 2, null, "to-2"));
            ExecutionException e = assertThrows(ExecutionException.class, beyond::get);
            TimeoutException timeout = assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(timeout.getMessage().contains("Partition 2 of topic " + TOPIC + " (which has 2 partitions)"),
                    timeout.getMessage());
            assertTrue(broker.records(TOPIC).stream().noneMatch(r -> r.partition() == 2));
        }
    }

    /** The topic's metadata is known once a record of it landed (a busy machine may need more than max.block.ms). */
    private static void awaitMetadata(Producer<String, String> producer) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.send(new ProducerRecord<>(TOPIC, 1, null, "first")).get();
                return;
            } catch (ExecutionException e) {
                if (attempt == 10) {
                    throw new AssertionError("the topic's metadata never arrived", e);
                }
            }
        }
    }

    private static List<CompletableFuture<RecordMetadata>> sendTen(Producer<String, String> producer, String prefix) {
        List<CompletableFuture<RecordMetadata>> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(producer.send(new ProducerRecord<>(TOPIC, i % 2, null, prefix + i)));
        }
        return out;
    }
}
