package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.DecodedRecord;
import dev.vltava.producer.internal.record.RecordBatchReader;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: batch buffers sized by what they hold. A new batch takes the smallest size class that holds what its
 * partition's last batch held, and an open batch grows (by copy) up to batch.size before a new one starts; so 1,000
 * partitions with a few records each fit a 32 MiB budget of 64 KiB batches instead of blocking after 512.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchGrowthTest {
    private static final String TOPIC = "t";
    private static final int NODE = 1;
    private static final int BATCH = 64 * 1024;
    private static final long MEMORY = 32L << 20;
    private static final long TS = 1_700_000_000_000L;
    private static final long NO_LINGER_EVER = TimeUnit.HOURS.toNanos(1);
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;
    /** 100-byte values, the benchmark's records. */
    private static final int VALUE_BYTES = 100;

    @Test
    void aThousandPartitionsWithARecordEachFitBufferMemoryWithoutWaiting() throws InterruptedException {
        BufferPool pool = new BufferPool(MEMORY, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        for (int p = 0; p < 1000; p++) {
            // maxBlockMs 0: null if the pool had no memory right now (with batch.size buffers: from the 513th on)
            assertNotNull(acc.append(tp(p), TS, key(p), value(p), NO_HEADERS, future(), 0, 0L),
                    "partition " + p + " got a buffer without waiting");
        }
        assertEquals(MEMORY - 1000L * BufferPool.MIN_CLASS_BYTES, pool.availableMemoryBytes(),
                "each batch holds one small record and takes the smallest size class");
    }

    @Test
    void anOpenBatchGrowsByCopyThroughTheClassesUpToBatchSizeThenANewBatchStarts() throws InterruptedException {
        BufferPool pool = new BufferPool(MEMORY, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(tp(0));
        List<Integer> capacities = new ArrayList<>();
        List<AppendResult> results = new ArrayList<>();
        int n = 0;
        while (q.queuedBatches() < 2) {
            results.add(acc.append(q, TS + n, key(n), value(n), NO_HEADERS, future(), 0, false, 0L));
            ProducerBatch first = q.first();
            if (capacities.isEmpty() || capacities.get(capacities.size() - 1) != first.capacityBytes()) {
                capacities.add(first.capacityBytes());
            }
            n++;
        }
        assertEquals(List.of(1024, 2048, 4096, 8192, 16384, 32768, 65536), capacities,
                "one batch moved through every class; a copy per class, not per record");
        assertEquals(AppendResult.NEW_BATCH, results.get(0));
        assertEquals(AppendResult.NEW_BATCH, results.get(results.size() - 1), "only batch.size is too small");
        assertEquals(1, results.stream().filter(r -> r == AppendResult.NEW_BATCH).count() - 1,
                "growing is not a new batch (the sticky partitioner must not move on)");
        ProducerBatch first = q.first();
        ProducerBatch second = q.last();
        assertEquals(BatchState.CLOSED, first.state());
        assertTrue(first.sizeInBytes() > BATCH - 200, "filled up to batch.size: " + first.sizeInBytes());
        assertEquals(BATCH, second.capacityBytes(), "the next batch starts as big as the last one needed");
        assertEquals(MEMORY - 2L * BATCH - (long) first.recordCount() * RecordAccumulator.QUEUED_RECORD_HEAP_BYTES,
                pool.availableMemoryBytes(), "the buffers it grew out of went back (the closed batch's records are "
                        + "charged)");
        assertEquals(6, pool.freeBufferCount(), "one buffer of each smaller class, kept for reuse");

        // Every record survived the moves, in order.
        acc.beginFlush();
        List<ProducerBatch> drained = acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L);
        List<DecodedRecord> records = decode(drained.get(0));
        assertEquals(first.recordCount(), records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(new String(value(i), StandardCharsets.UTF_8),
                    new String(records.get(i).value(), StandardCharsets.UTF_8));
            assertEquals(TS + i, records.get(i).timestamp());
        }
        acc.deallocate(drained.get(0));
    }

    @Test
    void aBatchBelowBatchSizeIsNotFullWhileItCanGrowAndSoLingers() throws InterruptedException {
        long linger = 5_000_000L;
        BufferPool pool = new BufferPool(MEMORY, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, linger, pool);
        PartitionQueue q = acc.queue(tp(0));
        // Fill the 1 KiB buffer to its last bytes (13-byte records): before growth this was "full", sendable at once.
        ProducerBatch b;
        do {
            acc.append(q, TS, null, new byte[8], NO_HEADERS, future(), 0, false, 0L);
            b = q.first();
        } while (b.capacityBytes() - b.sizeInBytes() >= 32);
        assertEquals(1024, b.capacityBytes());
        assertEquals(1, q.queuedBatches());
        assertFalse(b.isFull());
        assertTrue(acc.ready(cluster(), ANY, 1).readyNodes.isEmpty(), "lingers: it can still take records");
        assertEquals(Map.of(NODE, 1), Map.of(NODE, acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, linger)
                .size()), "sendable once linger.ms passed");
    }

    @Test
    void theNextBatchStartsInTheClassWhatTheLastOneHeldNeeds() throws InterruptedException {
        BufferPool pool = new BufferPool(MEMORY, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, 0, pool);
        PartitionQueue q = acc.queue(tp(0));
        // About 5 KiB in one batch, then it is drained (linger 0): the next one starts at 8 KiB.
        for (int i = 0; i < 40; i++) {
            acc.append(q, TS, key(i), value(i), NO_HEADERS, future(), 0, false, 0L);
        }
        ProducerBatch big = acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 1).get(0);
        assertEquals(8192, big.capacityBytes());
        acc.requestEnded(big, true);
        acc.append(q, TS, key(0), value(0), NO_HEADERS, future(), 0, false, 0L);
        ProducerBatch next = q.first();
        assertEquals(8192, next.capacityBytes(), "sized like the last batch of the partition");

        // A batch drained with one record: the one after it goes back to the smallest class.
        assertEquals(List.of(next), acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 2));
        acc.requestEnded(next, true);
        acc.append(q, TS, key(0), value(0), NO_HEADERS, future(), 0, false, 0L);
        assertEquals(1024, q.first().capacityBytes());
        acc.deallocate(big);
        acc.deallocate(next);
    }

    @Test
    void theStickyAppendGrowsTheOpenBatchInsteadOfAskingForANewOne() throws InterruptedException {
        BufferPool pool = new BufferPool(MEMORY, BATCH);
        RecordAccumulator acc = new RecordAccumulator(BATCH, NO_LINGER_EVER, pool);
        PartitionQueue q = acc.queue(tp(0));
        assertEquals(AppendResult.NEW_BATCH, acc.append(q, TS, key(0), value(0), NO_HEADERS, future(), 0, true, 0L));
        for (int i = 1; i < 100; i++) { // about 11 KiB: past three classes
            AppendResult r = acc.append(q, TS, key(i), value(i), NO_HEADERS, future(), 0, true, 0L);
            assertTrue(r == AppendResult.APPENDED, "record " + i + ": " + r);
        }
        assertEquals(1, q.queuedBatches());
        assertEquals(100, q.first().recordCount());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static TopicPartition tp(int p) {
        return new TopicPartition(TOPIC, p);
    }

    private static byte[] key(int i) {
        return String.format("key-%06d", i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        byte[] v = new byte[VALUE_BYTES];
        byte[] tag = String.format("value-%06d", i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, v, 0, tag.length);
        return v;
    }

    private static RecordFuture future() {
        return new RecordFuture(TOPIC, null, -1, VALUE_BYTES, TS);
    }

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE, new BrokerAddress(NODE, "b1", 9092, null));
        PartitionState[] partitions = new PartitionState[1000];
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new PartitionState(p, NODE, 0, new int[] {NODE}, new int[] {NODE}, (short) 0);
        }
        return new ClusterSnapshot("c", nodes,
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }

    private static List<DecodedRecord> decode(ProducerBatch b) {
        b.prepareForSend(null, -1L, (short) -1, -1);
        RecordBatchReader reader = new RecordBatchReader(b.wireBuffer());
        reader.ensureValid();
        return reader.records();
    }
}
