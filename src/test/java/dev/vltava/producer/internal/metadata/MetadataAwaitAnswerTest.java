package dev.vltava.producer.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.protocol.MetadataResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting for the next metadata answer (what partitionsFor does instead of polling). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataAwaitAnswerTest {
    private static final List<BrokerAddress> BOOTSTRAP = List.of(new BrokerAddress(-1, "localhost", 9092, null));

    @Test
    void aResponseAndAFailureEachWakeTheWaiterAndAreCounted() throws Exception {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        assertEquals(0, m.answers());

        long seen = m.answers();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return m.awaitAnswer(seen, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        m.onResponse(response(), 1);
        assertTrue(woken.get(30, TimeUnit.SECONDS), "woken by the response");
        assertEquals(1, m.answers());
        assertTrue(m.snapshot().partitionCount("t") > 0, "the snapshot is published before the waiter wakes");

        m.onFailure(2);
        assertEquals(2, m.answers(), "a failure is an answer too: the waiter looks again and asks anew");
        assertTrue(m.awaitAnswer(1, 0), "an answer already counted returns at once");
    }

    @Test
    void withoutAnAnswerTheWaitEndsAfterItsBound() throws Exception {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        m.requestUpdate();
        m.onRequestSent(1); // a request sent is not an answer
        assertFalse(m.awaitAnswer(m.answers(), TimeUnit.MILLISECONDS.toNanos(20)));
    }

    @Test
    void anInterruptEndsTheWait() {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> m.awaitAnswer(m.answers(), TimeUnit.SECONDS.toNanos(30)));
        assertFalse(Thread.interrupted(), "the flag is consumed by the exception, as Object.wait does");
    }

    private static MetadataResponse response() {
        MetadataResponse.PartitionMetadata p = new MetadataResponse.PartitionMetadata((short) 0, 0, 1, 0,
                new int[] {1}, new int[] {1}, new int[0]);
        return new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "b1", 9092, null)), "c", 1,
                List.of(new MetadataResponse.TopicMetadata((short) 0, "t", null, false, List.of(p))), (short) 0);
    }
}
