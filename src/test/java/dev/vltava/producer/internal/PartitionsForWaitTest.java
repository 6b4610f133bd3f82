package dev.vltava.producer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.InterruptException;
import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.Producer;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code partitionsFor} waits for metadata answers (no 5 ms polling) and asks for another refresh only after an answer
 * that did not bring the topic, against the scriptable mock broker (which counts the Metadata requests it gets).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartitionsForWaitTest {
    private static final long RETRY_BACKOFF_MS = 20;

    private static Producer<String, String> producer(MockBroker broker, long maxBlockMs) {
        return Producer.<String, String>builder().bootstrapServers(broker.bootstrapServerList())
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string())
                .retryBackoffMs(RETRY_BACKOFF_MS).retryBackoffMaxMs(100).maxBlockMs(maxBlockMs).build();
    }

    /** The topic appears on the broker while partitionsFor waits: it returns the partitions then. */
    @Test
    void returnsOnceTheBrokerHasTheTopic() throws Exception {
        try (MockBroker broker = MockBroker.start(1);
             Producer<String, String> producer = producer(broker, 30_000)) {
            CompletableFuture<List<PartitionInfo>> waiting =
                    CompletableFuture.supplyAsync(() -> producer.partitionsFor("late"));
            awaitMetadataRequests(broker, 3); // asked at least twice about "late" without it existing
            broker.createTopic("late", 3);
            List<PartitionInfo> partitions = waiting.get(30, TimeUnit.SECONDS);
            assertEquals(3, partitions.size());
            assertEquals("late", partitions.get(0).topic());
        }
    }

    /**
     * Metadata answers take 200 ms. The old loop asked for a refresh every 5 ms while the answer was on its way, so
     * the updater sent one more request after the answer that brought the topic, for nothing. Now a refresh is
     * asked for only after an answer without the topic: once partitionsFor has returned, no request follows.
     */
    @Test
    void asksNoMoreOnceTheAnswerBroughtTheTopic() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("t", 2);
            broker.onMetadata().always().delay(Duration.ofMillis(200));
            try (Producer<String, String> producer = producer(broker, 30_000)) {
                assertEquals(2, producer.partitionsFor("t").size());
                int atReturn = broker.requestCount(ApiKeys.METADATA);
                assertTrue(atReturn <= 2, "the first request and the one about t: " + atReturn);
                // An absence: wait many refresh backoffs (and several answer delays) for a request that must not come.
                Thread.sleep(20 * RETRY_BACKOFF_MS + 3 * 200);
                assertEquals(atReturn, broker.requestCount(ApiKeys.METADATA),
                        "metadata requests after partitionsFor returned: " + broker.events());
            }
        }
    }

    /** While the topic does not exist, each request waits for the answer to the previous one plus the backoff. */
    @Test
    void waitingForAMissingTopicSendsOneRequestPerAnswerAndBackoff() throws Exception {
        long maxBlockMs = 1_500;
        try (MockBroker broker = MockBroker.start(1)) {
            broker.onMetadata().always().delay(Duration.ofMillis(100));
            try (Producer<String, String> producer = producer(broker, maxBlockMs)) {
                long startNs = System.nanoTime();
                TimeoutException timeout = assertThrows(TimeoutException.class, () -> producer.partitionsFor("none"));
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                assertTrue(timeout.getMessage().contains("Topic none not present in metadata after 1500 ms"),
                        timeout.getMessage());
                int requests = broker.requestCount(ApiKeys.METADATA);
                // One in flight at a time, each after the previous answer (100 ms) and the backoff (20 ms): at most
                // waited / 120 ms of them, plus the first. The old 5 ms loop could not go beyond this either (the
                // updater paced it), so this bound guards against a loop that sends without waiting for answers.
                assertTrue(requests <= waitedMs / (100 + RETRY_BACKOFF_MS) + 2,
                        requests + " metadata requests in " + waitedMs + " ms");
                assertTrue(requests >= 2, "it kept asking: " + requests);
            }
        }
    }

    /** An interrupt ends the wait with the same InterruptException as before, the flag set again. */
    @Test
    void anInterruptEndsTheWait() throws Exception {
        try (MockBroker broker = MockBroker.start(1);
             Producer<String, String> producer = producer(broker, 30_000)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    producer.partitionsFor("never");
                } catch (Throwable t) {
                    thrown.set(t);
                    flagAfter.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            awaitMetadataRequests(broker, 2);
            caller.interrupt();
            caller.join(TimeUnit.SECONDS.toMillis(30));
            assertInstanceOf(InterruptException.class, thrown.get());
            assertTrue(flagAfter.get(), "the interrupt flag is set again");
        }
    }

    private static void awaitMetadataRequests(MockBroker broker, int count) throws InterruptedException,
            ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (broker.requestCount(ApiKeys.METADATA) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the broker got only " + broker.requestCount(ApiKeys.METADATA)
                        + " metadata requests: " + broker.events());
            }
            Thread.sleep(5);
        }
    }
}
