package dev.vltava.producer.it;

import static dev.vltava.producer.it.ProducerDeliveryIT.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ConfigException;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.ProducerInterceptor;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.SerializationException;
import dev.vltava.producer.Serializer;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets its own clear error, and the other records still land. */
@ExtendWith(BrokerLogsOnFailure.class)
class ProducerErrorsIT {
    private final TestCluster cluster = TestClusters.single();

    private Producer<String, String> producer(Map<String, Object> extra) {
        return Producer.<String, String>builder().bootstrapServers(cluster.bootstrapServers()).configs(extra)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build();
    }

    private static Throwable causeOf(CompletableFuture<RecordMetadata> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("future did not complete", e);
        }
    }

    @Test
    void badRecordsFailAloneAndGoodRecordsAroundThemLand() throws Exception {
        String topic = "errors-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1, Map.of());
        AtomicReference<Exception> callbackError = new AtomicReference<>();
        try (Producer<String, String> p = producer(Map.of("max.request.size", 10_000))) {
            List<CompletableFuture<RecordMetadata>> good = new ArrayList<>();
            good.add(p.send(new ProducerRecord<>(topic, "k", "before")));
            CompletableFuture<RecordMetadata> big = p.send(new ProducerRecord<>(topic, "k", "x".repeat(20_000)),
                    (md, e) -> callbackError.set(e));
            good.add(p.send(new ProducerRecord<>(topic, "k", "after")));
            Throwable e = causeOf(big);
            RecordTooLargeException tooLarge = assertInstanceOf(RecordTooLargeException.class, e);
            assertTrue(tooLarge.getMessage().contains("max.request.size"), tooLarge.getMessage());
            assertInstanceOf(RecordTooLargeException.class, callbackError.get(), "callback got the same error");
            assertThrows(NullPointerException.class, () -> p.send(null));
            assertThrows(IllegalArgumentException.class, () -> new ProducerRecord<>(topic, -1, "k", "v"));
            assertThrows(IllegalArgumentException.class, () -> new ProducerRecord<String, String>(null, "v"));
            for (CompletableFuture<RecordMetadata> f : good) {
                assertEquals(topic, f.get(30, TimeUnit.SECONDS).topic());
            }
        }
        assertEquals(List.of("before", "after"), OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(30)).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList(),
                "what the topic holds: the good records once each, in send order, and not the bad one");
    }

    @Test
    void serializerFailureIsThrownAndNamesTheSerializer() throws Exception {
        String topic = "serializer-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        Serializer<String> failing = (t, data) -> {
            if (data.equals("boom")) {
                throw new IllegalStateException("cannot encode boom");
            }
            return data.getBytes();
        };
        try (Producer<String, String> p = Producer.<String, String>builder()
                .bootstrapServers(cluster.bootstrapServers()).keySerializer(Serializers.string())
                .valueSerializer(failing).build()) {
            SerializationException e = assertThrows(SerializationException.class,
                    () -> p.send(new ProducerRecord<>(topic, "k", "boom")));
            assertTrue(e.getMessage().contains("value") && e.getMessage().contains(topic), e.getMessage());
            assertEquals(0, p.send(new ProducerRecord<>(topic, "k", "fine")).get(30, TimeUnit.SECONDS).offset());
        }
    }

    @Test
    void throwingInterceptorIsIsolated() throws Exception {
        String topic = "interceptor-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        AtomicInteger acks = new AtomicInteger();
        ProducerInterceptor<String, String> bad = new ProducerInterceptor<>() {
            @Override
            public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
                throw new IllegalStateException("interceptor bug");
            }

            @Override
            public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
                acks.incrementAndGet();
                throw new IllegalStateException("interceptor bug on ack");
            }
        };
        try (Producer<String, String> p = Producer.<String, String>builder()
                .bootstrapServers(cluster.bootstrapServers()).keySerializer(Serializers.string())
                .valueSerializer(Serializers.string()).interceptor(bad).build()) {
            p.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(1, acks.get());
        assertEquals(1, OfficialClients.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(30)).size(),
                "records in the topic");
    }

    /**
     * The record waits for metadata of a topic that does not exist for max.block.ms (3 s), then fails with the
     * cause; send() itself returns at once. The failure must come after about max.block.ms, not early and not much
     * later: the bounds are generous (a real broker, a busy machine), but a producer that gave up at once or waited
     * for another deadline (delivery.timeout.ms: 120 s) fails them.
     */
    @Test
    void unknownTopicFailsAfterMaxBlockWithTheCauseAndSendDoesNotBlock() throws Exception {
        long maxBlockMs = 3000;
        try (Producer<String, String> p = producer(Map.of("max.block.ms", maxBlockMs))) {
            AtomicLong failedAtNs = new AtomicLong();
            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>("no-such-topic-" + System.nanoTime(),
                    "v"), (md, e) -> failedAtNs.set(System.nanoTime()));
            long sendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            TimeoutException e = assertInstanceOf(TimeoutException.class, causeOf(f));
            long failedAfterMs = TimeUnit.NANOSECONDS.toMillis(failedAtNs.get() - start);
            assertEquals(TimeoutException.What.METADATA, e.what());
            assertTrue(e.getMessage().contains("UNKNOWN_TOPIC_OR_PARTITION") && e.getMessage().contains("no-such-topic"),
                    e.getMessage());
            assertTrue(sendMs < maxBlockMs, "send() returned only after " + sendMs + " ms: it blocked on metadata");
            assertTrue(failedAfterMs >= maxBlockMs - 100, "failed after " + failedAfterMs + " ms, before max.block.ms ("
                    + maxBlockMs + " ms) had passed");
            assertTrue(failedAfterMs < maxBlockMs + 4000, "failed only after " + failedAfterMs + " ms, long after "
                    + "max.block.ms (" + maxBlockMs + " ms)");
        }
    }

    @Test
    void sendAfterCloseThrowsIllegalState() {
        Producer<String, String> p = producer(Map.of());
        p.close();
        assertThrows(IllegalStateException.class, () -> p.send(new ProducerRecord<>("t", "v")));
    }

    @Test
    void invalidConfigurationFailsConstructionNamingTheKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> producer(Map.of("delivery.timeout.ms", 1000,
                "linger.ms", 500, "request.timeout.ms", 30000)));
        assertTrue(e.getMessage().contains("delivery.timeout.ms"), e.getMessage());
        ConfigException acks = assertThrows(ConfigException.class, () -> producer(Map.of("acks", "2")));
        assertTrue(acks.getMessage().contains("acks"), acks.getMessage());
    }

    @Test
    void closeWhileNoBrokerIsReachableReturnsWithinItsTimeoutAndFailsTheRecords() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Producer<String, String> p = Producer.<String, String>builder().bootstrapServers("127.0.0.1:" + deadPort)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build();
        CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>("t", "v"));
        long start = System.nanoTime();
        p.close(Duration.ofSeconds(2));
        long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(closeMs < 2_000 + 2_000, "close(2s) took " + closeMs + " ms");
        assertTrue(f.isDone(), "close returned before the pending record was completed");
        assertTrue(f.isCompletedExceptionally());
    }

    @Test
    void flushWaitsForEveryRecordAndCloseZeroFailsPendingAtOnce() throws Exception {
        String topic = "flush-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1, Map.of());
        try (Producer<String, String> p = producer(Map.of("linger.ms", 60_000, "batch.size", 1_000_000))) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            p.flush(); // a 60 s linger would hold them without flush
            for (CompletableFuture<RecordMetadata> f : fs) {
                assertTrue(f.isDone() && !f.isCompletedExceptionally());
            }
        }
        // close(0) with a record held by a 60 s linger: the record fails, and has failed when close returns
        Producer<String, String> p = producer(Map.of("linger.ms", 60_000, "batch.size", 1_000_000));
        p.partitionsFor(topic);
        CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>(topic, "k", "v"));
        long start = System.nanoTime();
        p.close(Duration.ZERO);
        long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(f.isDone(), "close(0) returned before the pending record was completed");
        assertInstanceOf(ProducerClosedException.class, causeOf(f), "close(0) fails pending records");
        assertTrue(closeMs < 2_000, "close(0) took " + closeMs + " ms: it waited instead of failing at once");
    }
}
