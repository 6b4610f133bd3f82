package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vltava.producer.internal.metadata.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sender reads a queue's first batch and count without the monitor ({@link PartitionQueue#head()},
 * {@link PartitionQueue#queuedBatches()}), so every change of the deque must publish them. The deque is private and
 * each method that changes it publishes: after each one, what is published matches what is queued.
 */
class PartitionQueuePublishTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void everyChangeOfTheDequePublishesItsHeadAndCount() {
        PartitionQueue q = new PartitionQueue(TP);
        assertPublished(q, 0);

        ProducerBatch a = batch();
        ProducerBatch b = batch();
        ProducerBatch c = batch();
        q.addLast(a);
        assertPublished(q, 1);
        assertSame(a, q.head());
        q.addLast(b);
        assertPublished(q, 2);

        assertSame(a, q.pollFirst());
        assertPublished(q, 1);
        assertSame(b, q.head());

        a.orderKey = 0; // drained before b: put back ahead of it
        q.putBackInOrder(a);
        assertPublished(q, 2);
        assertSame(a, q.head());

        c.orderKey = 10; // drained after a: goes behind a, ahead of the never-drained b
        q.putBackInOrder(c);
        assertPublished(q, 3);
        assertSame(a, q.head());
        assertSame(c, new ArrayList<>(q.batches()).get(1));

        assertSame(a, q.pollFirst());
        assertSame(c, q.pollFirst());
        assertPublished(q, 1);
        q.putBackInOrder(c); // into a queue whose first batch was never drained: at the front
        assertPublished(q, 2);
        assertSame(c, q.head());

        List<ProducerBatch> out = new ArrayList<>();
        q.removeAllInto(out);
        assertEquals(List.of(c, b), out);
        assertPublished(q, 0);
        assertEquals(BatchState.CLOSED, b.state(), "removed batches take no more appends");

        q.putBackInOrder(a); // into an empty queue
        assertPublished(q, 1);
        assertSame(a, q.pollFirst());
        assertPublished(q, 0);
        assertNull(q.pollFirst());
        assertPublished(q, 0);
    }

    @Test
    void theBatchesAreReadOnlyOutsideTheQueue() {
        PartitionQueue q = new PartitionQueue(TP);
        q.addLast(batch());
        assertThrows(UnsupportedOperationException.class, () -> q.batches().clear());
        assertThrows(UnsupportedOperationException.class, () -> q.batches().iterator().remove());
        assertThrows(UnsupportedOperationException.class, () -> q.batches().add(batch()));
        assertPublished(q, 1);
    }

    /** What the sender reads without the monitor equals the deque. */
    private static void assertPublished(PartitionQueue q, int expectedSize) {
        assertEquals(expectedSize, q.size(), "queued");
        assertEquals(q.size(), q.queuedBatches(), "published count");
        assertSame(q.first(), q.head(), "published first batch");
        assertEquals(q.size() > 1, q.moreThanOne(), "published 'more than one'");
    }

    private static ProducerBatch batch() {
        return new ProducerBatch(TP, ByteBuffer.allocate(1024), 0L, false, 0L);
    }
}
