package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.record.RecordHeader;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A send reads no clock (issue 16): it passes {@link RecordAccumulator#READ_CLOCK}, and the accumulator reads the
 * engine's clock only when the record opens a batch, whose creation time (for linger.ms and delivery.timeout.ms) it
 * is. A batch must never be created at the marker's time.
 */
class BatchCreationTimeTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final long NOW = 5_000_000_000L;
    private static final long DELIVERY_TIMEOUT = 100;

    private final AtomicInteger clockReads = new AtomicInteger();
    private final RecordAccumulator accumulator = new RecordAccumulator(1024, 1_000_000L,
            new BufferPool(1 << 20, 1024), () -> {
                clockReads.incrementAndGet();
                return NOW;
            });

    private void append() throws InterruptedException {
        accumulator.append(accumulator.queue(TP), 0L, null, new byte[10], new RecordHeader[0],
                new RecordFuture("t", null, -1, 10, 0L), 1_000, false, RecordAccumulator.READ_CLOCK);
    }

    @Test
    void aBatchOpenedWithoutATimeIsCreatedAtTheClocksTime() throws InterruptedException {
        append();
        assertEquals(1, clockReads.get(), "the record opened a batch: one clock read");
        append();
        append();
        assertEquals(1, clockReads.get(), "records that join the open batch read no clock");

        assertEquals(List.of(), accumulator.expired(DELIVERY_TIMEOUT, NOW + DELIVERY_TIMEOUT - 1),
                "created at the clock's time: not expired one nanosecond before the timeout");
        List<ProducerBatch> expired = accumulator.expired(DELIVERY_TIMEOUT, NOW + DELIVERY_TIMEOUT);
        assertEquals(1, expired.size());
        assertEquals(NOW, expired.get(0).createdNs());
        assertEquals(3, expired.get(0).recordCount());
    }
}
