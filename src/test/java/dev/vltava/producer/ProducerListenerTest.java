package dev.vltava.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.StderrTap;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * ProducerListener: the events arrive (connection, metadata, batch sent/acknowledged/retried), and a listener that
 * throws from every method, or takes its time, harms nothing: every record completes exactly once and each kind of
 * failure is logged at WARN once.
 */
class ProducerListenerTest {
    private static final int RECORDS = 40;

    /** Records every event; optionally throws from every method after recording it, or dawdles. */
    static final class Recording implements ProducerListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final boolean fail;
        final boolean slow;

        Recording(boolean fail, boolean slow) {
            this.fail = fail;
            this.slow = slow;
        }

        private void on(String event) {
            events.add(event);
            if (slow) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // a slow listener, not synchronisation
            }
            if (fail) {
                throw new IllegalStateException("listener bug in " + event);
            }
        }

        @Override
        public void onConnectionUp(int nodeId, String host, int port) {
            on("up");
        }

        @Override
        public void onMetadataChanged(int brokers, int topics) {
            on("metadata");
        }

        @Override
        public void onBatchSent(String topic, int partition, int records, int bytes, int attempt) {
            on("sent " + topic + " attempt=" + attempt);
        }

        @Override
        public void onBatchAcknowledged(String topic, int partition, int records, long baseOffset) {
            on("acked " + topic);
        }

        @Override
        public void onBatchRetried(String topic, int partition, int records, String error) {
            on("retried " + topic);
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    @Test
    void eventsArriveAndRecordsCompleteOnce() throws Exception {
        Recording listener = run(new Recording(false, false));
        assertTrue(listener.count("up") >= 1, listener.events.toString());
        assertTrue(listener.count("metadata") >= 1, listener.events.toString());
        assertTrue(listener.count("retried t") >= 1, "the NOT_ENOUGH_REPLICAS answer is retried: " + listener.events);
        assertTrue(listener.events.contains("sent t attempt=2"), listener.events.toString());
        assertTrue(listener.count("acked t") >= 1, listener.events.toString());
    }

    @Test
    void aThrowingListenerHarmsNothingAndIsLoggedOncePerKind() throws Exception {
        try (StderrTap err = StderrTap.install()) {
            Recording listener = run(new Recording(true, false));
            assertTrue(listener.count("acked t") >= 2, "the listener was called repeatedly: " + listener.events);
            for (String kind : List.of("CONNECTION_UP", "BATCH_SENT", "BATCH_ACKNOWLEDGED", "BATCH_RETRIED")) {
                assertEquals(1, err.linesWith("WARN", "ProducerListener", "threw in its " + kind + " event").size(),
                        kind + " logged once");
            }
        }
    }

    @Test
    void aSlowListenerHarmsNothing() throws Exception {
        Recording listener = run(new Recording(false, true));
        assertTrue(listener.count("acked t") >= 1, listener.events.toString());
    }

    /** Sends RECORDS records one at a time (so there are many batches), the first answered NOT_ENOUGH_REPLICAS. */
    private static Recording run(Recording listener) throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("t", 1);
            broker.onProduce().times(1).respondWith(Errors.NOT_ENOUGH_REPLICAS);
            Map<Integer, AtomicInteger> completions = new ConcurrentHashMap<>();
            try (Producer<byte[], byte[]> p = Producer.<byte[], byte[]>builder()
                    .configs(Map.of("bootstrap.servers", broker.bootstrapServers(), "linger.ms", 0,
                            "retry.backoff.ms", 1))
                    .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray())
                    .listener(listener).build()) {
                for (int i = 0; i < RECORDS; i++) {
                    int n = i;
                    completions.put(n, new AtomicInteger());
                    p.send(new ProducerRecord<>("t", null, new byte[] {(byte) n}),
                            (md, e) -> completions.get(n).incrementAndGet()).get(30, TimeUnit.SECONDS);
                }
            }
            completions.forEach((n, c) -> assertEquals(1, c.get(), "record " + n + " completed once"));
            assertEquals(RECORDS, broker.records("t").size(), "every record stored once");
        }
        return listener;
    }
}
