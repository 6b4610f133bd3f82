package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.Spin;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * One thread waits in {@code close()} for a record the broker never answers; another calls {@code close(ZERO)}, which
 * cuts the wait short. The official plugins must be closed after the last record completed (its interceptor
 * {@code onAcknowledgement} ran), once, by the closing thread that owns the close, not by the one that only hurried it.
 */
class FacadeCloseRaceTest {

    /** Records the interceptor calls, and whether any came after its close. */
    public static final class OrderCheckingInterceptor implements ProducerInterceptor<byte[], byte[]> {
        static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());
        static volatile boolean closed;

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            EVENTS.add(closed ? "onAcknowledgement after close" : "onAcknowledgement");
        }

        @Override
        public void close() {
            closed = true;
            EVENTS.add("close");
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void closeZeroFromAnotherThreadLeavesThePluginsToTheCloserThatWaits() throws Exception {
        OrderCheckingInterceptor.EVENTS.clear();
        OrderCheckingInterceptor.closed = false;
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic("t", 1);
            broker.onProduce().always().stall();
            Map<String, Object> p = new HashMap<>();
            p.put("bootstrap.servers", broker.bootstrapServers());
            p.put("linger.ms", 0);
            p.put("request.timeout.ms", 120_000);
            p.put("delivery.timeout.ms", 120_000);
            p.put("interceptor.classes", OrderCheckingInterceptor.class.getName());
            Producer<byte[], byte[]> producer =
                    new VltavaKafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            Future<RecordMetadata> sent = producer.send(new ProducerRecord<>("t", new byte[] {1}));
            Spin.until(() -> broker.requestCount(org.apache.kafka.common.protocol.ApiKeys.PRODUCE) > 0,
                    "the record is in flight, unanswered");
            Thread waiting = new Thread(producer::close, "waiting-closer");
            waiting.start();
            Spin.until(() -> {
                assertTrue(waiting.isAlive(), "close() must wait for the unanswered record");
                return waiting.getState() == Thread.State.WAITING || waiting.getState() == Thread.State.TIMED_WAITING;
            }, "close() waits");

            producer.close(Duration.ZERO);
            waiting.join(TimeUnit.SECONDS.toMillis(60));

            assertFalse(waiting.isAlive(), "close(ZERO) cut the waiting close() short");
            assertTrue(sent.isDone());
            assertTrue(assertThrowsExecution(sent), "the unanswered record failed");
            assertEquals(List.of("onAcknowledgement", "close"), OrderCheckingInterceptor.EVENTS,
                    "the interceptor saw the record's end, then one close");
        }
    }

    private static boolean assertThrowsExecution(Future<RecordMetadata> f) throws InterruptedException {
        try {
            f.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
