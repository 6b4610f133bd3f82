package dev.vltava.producer.internal.accumulate;

import static dev.vltava.producer.internal.accumulate.RecordAccumulator.QUEUED_RECORD_HEAP_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.completion.Completions;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 (64 MiB heap): buffer.memory bounds the heap objects of the queued records too, not only their bytes
 * (which sit in direct buffers outside the heap). A batch's records are charged {@code QUEUED_RECORD_HEAP_BYTES} each
 * from when the batch closes until its buffer goes back to the pool, and again in the callback backlog (bounded by
 * buffer.memory too) until their callbacks have run; a completed batch lets go of its records.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueuedRecordHeapChargeTest {
    private static final String TOPIC = "t";
    private static final int NODE = 1;
    private static final long TS = 1_700_000_000_000L;
    private static final long NO_LINGER_EVER = TimeUnit.HOURS.toNanos(1);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;
    private static final byte[] VALUE = new byte[100];

    @Test
    void aClosedBatchChargesItsRecordsUntilItsBufferGoesBack() throws InterruptedException {
        int batch = 64 * 1024;
        long memory = 32L << 20;
        BufferPool pool = new BufferPool(memory, batch);
        RecordAccumulator acc = new RecordAccumulator(batch, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(new TopicPartition(TOPIC, 0));
        while (q.queuedBatches() < 2) {
            acc.append(q, TS, null, VALUE, NO_HEADERS, future(), 0, false, 0L);
        }
        ProducerBatch closed = q.first();
        ProducerBatch open = q.last();
        assertEquals(BatchState.CLOSED, closed.state());
        assertEquals(memory - 2L * batch - (long) closed.recordCount() * QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes(), "two buffers and the closed batch's " + closed.recordCount()
                        + " records");

        acc.beginFlush();
        List<ProducerBatch> drained = new ArrayList<>(acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L));
        drained.addAll(acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L));
        assertEquals(List.of(closed, open), drained, "the open batch is closed (and charged) by the drain");
        assertEquals(memory - 2L * batch - (long) (closed.recordCount() + open.recordCount()) * QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes());
        for (ProducerBatch b : drained) {
            acc.deallocate(b);
        }
        assertEquals(memory, pool.availableMemoryBytes(), "buffers and charges all came back");
    }

    @Test
    void aFullBufferMemoryOfSmallRecordsQueuesAsManyRecordsAsItsHeapObjectsAllow() throws InterruptedException {
        int batch = 16 * 1024;
        long memory = 1L << 20;
        BufferPool pool = new BufferPool(memory, batch);
        RecordAccumulator acc = new RecordAccumulator(batch, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(new TopicPartition(TOPIC, 0));
        int records = 0;
        // maxBlockMs 0: null when send() would have to wait for memory
        while (acc.append(q, TS, null, VALUE, NO_HEADERS, future(), 0, false, 0L) != null) {
            records++;
        }
        // Without the charge about memory / 108 B = 9,700 records; with it, about memory / (108 + 80) B, plus the
        // open batch's records (charged only when it closes).
        long bound = memory / (VALUE.length + QUEUED_RECORD_HEAP_BYTES) + batch / VALUE.length;
        assertTrue(records <= bound, records + " records queued in " + memory + " bytes of buffer.memory (at most "
                + bound + ")");
        assertTrue(records > bound / 2, "and not far fewer: " + records);
    }

    @Test
    void aCompletedBatchLetsGoOfItsRecordsAndItsCallbackBacklogCountsTheirHeapObjects() throws Exception {
        BufferPool pool = new BufferPool(32L << 20, 64 * 1024);
        RecordAccumulator acc = new RecordAccumulator(64 * 1024, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(new TopicPartition(TOPIC, 0));
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        acc.append(q, TS, null, VALUE, NO_HEADERS, new RecordFuture(TOPIC, (md, e) -> {
            inCallback.countDown();
            awaitQuietly(release);
        }, -1, VALUE.length, TS), 0, false, 0L);
        for (int i = 1; i < 10; i++) {
            acc.append(q, TS, null, VALUE, NO_HEADERS, future(), 0, false, 0L);
        }
        acc.beginFlush();
        ProducerBatch b = acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L).get(0);
        Completions completions = new Completions("heap-charge-test");
        try {
            assertTrue(b.complete(100L, -1L, completions, AckListener.NONE));
            inCallback.await();
            assertEquals(b.sizeInBytes() + 10L * QUEUED_RECORD_HEAP_BYTES, completions.backlogBytes(),
                    "the batch's bytes and its 10 records' heap objects wait for the callbacks");
            assertNull(b.future(0), "a completed record is no longer the batch's");
            release.countDown();
            assertTrue(b.awaitDone(1, TimeUnit.MINUTES));
            for (int i = 0; i < 10; i++) {
                assertNull(b.future(i), "record " + i);
            }
        } finally {
            release.countDown();
            completions.close();
        }
        acc.deallocate(b);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RecordFuture future() {
        return new RecordFuture(TOPIC, null, -1, VALUE.length, TS);
    }

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE, new BrokerAddress(NODE, "b1", 9092, null));
        PartitionState[] partitions = {new PartitionState(0, NODE, 0, new int[] {NODE}, new int[] {NODE}, (short) 0)};
        return new ClusterSnapshot("c", nodes,
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }
}
