package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The ProducerListener events that ProducerListenerTest does not provoke, each caused for real against the mock
 * broker: a connection that ends, a batch that expires (delivery.timeout.ms), a batch split because the broker found
 * it too large, a send that fails because buffer.memory stayed full, and a new producer epoch after the broker lost
 * the producer's state.
 */
class ProducerListenerEventsTest {

    /** Every event as a line. */
    static final class Events implements ProducerListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void onConnectionDown(int nodeId, String host, int port, String reason) {
            lines.add("down " + nodeId);
        }

        @Override
        public void onBatchExpired(String topic, int partition, int records) {
            lines.add("expired " + topic + "-" + partition + " records=" + records);
        }

        @Override
        public void onBatchSplit(String topic, int partition, int records) {
            lines.add("split " + topic + "-" + partition + " records=" + records);
        }

        @Override
        public void onBufferExhausted(String topic) {
            lines.add("exhausted " + topic);
        }

        @Override
        public void onProducerIdReset(long producerId, short epoch) {
            lines.add("pid " + producerId + "/" + epoch);
        }

        boolean has(String prefix) {
            return lines.stream().anyMatch(l -> l.startsWith(prefix));
        }
    }

    private static Producer<byte[], byte[]> producer(MockBroker broker, Events events, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("linger.ms", 0);
        p.put("retry.backoff.ms", 10);
        p.putAll(extra);
        return Producer.<byte[], byte[]>builder().configs(p).keySerializer(Serializers.byteArray())
                .valueSerializer(Serializers.byteArray()).listener(events).build();
    }

    /** Waits (bounded) for a condition the producer's threads make true. */
    private static void await(BooleanSupplier condition, Object what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not seen in 30 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls the condition; no fixed wait
        }
    }

    @Test
    void aConnectionThatEndsIsReported() throws Exception {
        Events events = new Events();
        try (MockBroker broker = MockBroker.start(1); Producer<byte[], byte[]> p = producer(broker, events, Map.of())) {
            broker.createTopic("t", 1);
            p.send(new ProducerRecord<>("t", new byte[] {1})).get(30, TimeUnit.SECONDS);
            int leader = broker.leaderOf("t", 0);
            broker.dropConnections(leader);
            await(() -> events.has("down " + leader), events.lines);
            p.send(new ProducerRecord<>("t", new byte[] {2})).get(30, TimeUnit.SECONDS); // and it reconnects
        }
    }

    @Test
    void aBatchRetriedPastTheDeliveryTimeoutIsReportedExpired() throws Exception {
        Events events = new Events();
        try (MockBroker broker = MockBroker.start(1); Producer<byte[], byte[]> p = producer(broker, events,
                Map.of("delivery.timeout.ms", 600, "request.timeout.ms", 500))) {
            broker.createTopic("t", 1);
            broker.onProduce().always().respondWith(Errors.NOT_ENOUGH_REPLICAS);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> p.send(new ProducerRecord<>("t", new byte[] {1})).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(events.lines.contains("expired t-0 records=1"), events.lines.toString());
        }
    }

    @Test
    void aBatchTheBrokerFindsTooLargeIsReportedSplit() throws Exception {
        Events events = new Events();
        try (MockBroker broker = MockBroker.start(1); Producer<byte[], byte[]> p = producer(broker, events,
                Map.of("linger.ms", 60_000, "enable.idempotence", false))) {
            broker.createTopic("t", 1);
            broker.onProduce().times(1).respondWith(Errors.MESSAGE_TOO_LARGE);
            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(p.send(new ProducerRecord<>("t", 0, null, new byte[] {(byte) i})));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertTrue(events.lines.contains("split t-0 records=4"), events.lines.toString());
            assertEquals(4, broker.records("t").size(), "every record stored once, after the split");
        }
    }

    @Test
    void aSendThatFindsBufferMemoryFullIsReportedExhausted() throws Exception {
        Events events = new Events();
        try (MockBroker broker = MockBroker.start(1); Producer<byte[], byte[]> p = producer(broker, events,
                Map.of("buffer.memory", 4096, "batch.size", 1024, "max.block.ms", 0, "linger.ms", 60_000))) {
            broker.createTopic("t", 1);
            // Metadata first, so that the sends below go straight into buffer memory. With max.block.ms=0 a send fails
            // at once while the topic is not known yet (the producer asks for it then): send until one is stored.
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                CompletableFuture<RecordMetadata> first = p.send(new ProducerRecord<>("t", 0, null, new byte[1]));
                p.flush();
                if (!first.isCompletedExceptionally()) {
                    break;
                }
                assertTrue(System.nanoTime() - deadlineNs < 0, "the topic's metadata within 30 s");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            // linger.ms keeps every batch in the buffer: the sends fill it, then one finds no memory (max.block.ms=0)
            Throwable failure = null;
            for (int i = 0; i < 20 && failure == null; i++) {
                CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>("t", 0, null, new byte[900]));
                if (f.isCompletedExceptionally()) {
                    failure = assertThrows(ExecutionException.class, f::get).getCause();
                }
            }
            assertInstanceOf(TimeoutException.class, failure, "a send failed for lack of buffer memory");
            String message = failure.getMessage().toLowerCase(java.util.Locale.ROOT);
            assertEquals(message.indexOf("raise buffer.memory"), message.lastIndexOf("raise buffer.memory"),
                    "the advice once, not twice: " + failure.getMessage());
            assertTrue(message.contains("raise buffer.memory"), failure.getMessage());
            assertTrue(events.lines.contains("exhausted t"), events.lines.toString());
        }
    }

    @Test
    void aNewProducerEpochIsReportedAsAProducerIdReset() throws Exception {
        Events events = new Events();
        try (MockBroker broker = MockBroker.start(1); Producer<byte[], byte[]> p = producer(broker, events,
                Map.of("enable.idempotence", true))) {
            broker.createTopic("t", 1);
            p.send(new ProducerRecord<>("t", new byte[] {1})).get(30, TimeUnit.SECONDS);
            assertTrue(events.lines.stream().noneMatch(l -> l.startsWith("pid")), "the first id is no reset");
            broker.onProduce().times(1).respondWith(Errors.UNKNOWN_PRODUCER_ID);
            p.send(new ProducerRecord<>("t", new byte[] {2})).get(30, TimeUnit.SECONDS);
            await(() -> events.has("pid "), events.lines);
        }
    }
}
