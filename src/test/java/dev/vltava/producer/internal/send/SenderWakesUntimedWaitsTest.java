package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.memory.BufferPoolTimeoutException;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's sender loop keeps the deadlines of sends that wait for memory without a timer (virtual threads; here a
 * platform thread made to wait the same way): a send past its max.block.ms fails in the sender's next turns. Without
 * the loop's sweep it would wait until memory came back, however long that took.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderWakesUntimedWaitsTest {
    private static final long MAX_BLOCK_MS = 100;

    @Test
    void aSendWaitingUntimedForMemoryFailsAtItsDeadlineThroughTheSendersTurns() throws Exception {
        SenderHarness h = new SenderHarness(SenderHarness.config(true, 5, 30_000, 90_000), 1, 1024, 60_000).warmUp();
        h.pool.untimedWaits().waitUntimed(t -> true);
        h.pool.reserve(h.pool.availableMemoryBytes(), 0); // no memory: the next append waits for it
        long start = System.nanoTime();
        CompletableFuture<Object> send = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                byte[] v = "v".getBytes(StandardCharsets.UTF_8);
                send.complete(h.accumulator.append(new TopicPartition(SenderHarness.TOPIC, 0), 0L, null, v,
                        new RecordHeader[0], new RecordFuture(SenderHarness.TOPIC, null, -1, v.length, 0L),
                        MAX_BLOCK_MS, 0L));
            } catch (Throwable e) {
                send.completeExceptionally(e);
            }
        }, "untimed-send");
        t.setDaemon(true);
        t.start();
        long turns = 0;
        while (!send.isDone()) {
            h.step(); // (the harness's transport answers at once: a turn does not sleep, so the test does)
            Thread.sleep(1);
            assertTrue(++turns < 20_000, "the send never failed");
        }
        ExecutionException failed = assertThrows(ExecutionException.class, send::get);
        assertInstanceOf(BufferPoolTimeoutException.class, failed.getCause());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMs >= MAX_BLOCK_MS, "not before its deadline: " + waitedMs + " ms");
    }
}
