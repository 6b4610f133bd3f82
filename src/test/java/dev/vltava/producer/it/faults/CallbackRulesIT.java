package dev.vltava.producer.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerClosedException;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.testkit.mock.MockBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The callback rules, end to end through a real producer: close() from a callback completes every record; a
 * callback that waits for an incomplete record gets an IllegalStateException instead of a deadlock; callbacks
 * that fall behind hold send() back (bounded by max.block.ms) instead of queueing without bound.
 */
@Timeout(120)
class CallbackRulesIT {
    private static final String TOPIC = "callback-rules";

    @Test
    void closeFromACallbackCompletesEveryRecord() throws Exception {
        try (MockBroker broker = MockBroker.start(1)) {
            broker.createTopic(TOPIC, 3);
            Producer<String, String> producer = MockProducers.builder(broker).lingerMs(50).build();
            AtomicInteger callbacks = new AtomicInteger();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            futures.add(producer.send(new ProducerRecord<>(TOPIC, "k", "first"), (md, e) -> {
                callbacks.incrementAndGet();
                producer.close(); // from the completion thread: becomes close(0), must not wait for itself
            }));
            futures.get(0).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 500; i++) {
                try {
                    futures.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i),
                            (md, e) -> callbacks.incrementAndGet()));
                } catch (IllegalStateException closed) {
                    break; // send after close is refused at once, as documented
                }
            }
            int succeeded = 0;
            for (CompletableFuture<RecordMetadata> f : futures) {
                try {
                    f.get(30, TimeUnit.SECONDS); // every future completes; none is left pending
                    succeeded++;
                } catch (ExecutionException e) {
                    assertInstanceOf(ProducerClosedException.class, e.getCause());
                }
            }
            assertTrue(succeeded >= 1);
            awaitCount(callbacks, futures.size());
            producer.close(); // a second close returns
        }
    }

    @Test
    void aCallbackWaitingForAnIncompleteRecordGetsAnErrorNotADeadlock() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .lingerMs(200).build()) {
            broker.createTopic(TOPIC, 1);
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", "warm-up")).get(30, TimeUnit.SECONDS);
            AtomicReference<Throwable> inCallback = new AtomicReference<>();
            CompletableFuture<RecordMetadata>[] later = new CompletableFuture[1];
            CountDownLatch laterSent = new CountDownLatch(1);
            CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord<>(TOPIC, 0, "k", "a"),
                    (md, e) -> {
                        try {
                            laterSent.await();
                            later[0].get(); // not complete yet: it can only complete on this very thread
                        } catch (Throwable t) {
                            inCallback.set(t);
                        }
                    });
            // "b" shares a's batch (linger 200 ms), so it completes only after a's callback has returned
            later[0] = producer.send(new ProducerRecord<>(TOPIC, 0, "k", "b"));
            laterSent.countDown();
            first.get(30, TimeUnit.SECONDS);
            later[0].get(30, TimeUnit.SECONDS);
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, inCallback.get());
            assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
        }
    }

    @Test
    void callbacksThatFallBehindHoldSendBackWithinMaxBlockMs() throws Exception {
        try (MockBroker broker = MockBroker.start(1); Producer<String, String> producer = MockProducers.builder(broker)
                .bufferMemoryBytes(64 * 1024).batchSizeBytes(4 * 1024).lingerMs(1).maxBlockMs(500).build()) {
            broker.createTopic(TOPIC, 1);
            producer.send(new ProducerRecord<>(TOPIC, 0, "k", "warm-up")).get(30, TimeUnit.SECONDS);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger callbacks = new AtomicInteger();
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            futures.add(producer.send(new ProducerRecord<>(TOPIC, 0, "k", "slow"), (md, e) -> {
                try {
                    release.await(); // a callback stuck on something slow
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }));
            String value = "x".repeat(1_000);
            TimeoutException heldBack = null;
            for (int i = 0; i < 10_000 && heldBack == null; i++) {
                CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(TOPIC, 0, "k", value),
                        (md, e) -> callbacks.incrementAndGet());
                futures.add(f);
                if (f.isCompletedExceptionally()) {
                    try {
                        f.getNow(null);
                    } catch (java.util.concurrent.CompletionException ce) {
                        heldBack = assertInstanceOf(TimeoutException.class, ce.getCause());
                    }
                }
            }
            assertTrue(heldBack != null, "send() was held back and then failed after max.block.ms");
            assertTrue(heldBack.getMessage().contains("Callbacks are behind"), heldBack.getMessage());
            release.countDown();
            for (CompletableFuture<RecordMetadata> f : futures) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertInstanceOf(TimeoutException.class, e.getCause());
                }
            }
            awaitCount(callbacks, futures.size() - 1);
        }
    }

    private static void awaitCount(AtomicInteger n, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (n.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5); // polls an observable count, bounded
        }
        assertEquals(expected, n.get());
    }
}
