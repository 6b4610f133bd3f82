package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * In a small heap the engine charges each queued record more than {@link RecordAccumulator#QUEUED_RECORD_HEAP_BYTES}
 * ({@code QueuedRecordCharge}); the accumulator charges closed batches with it, gives it back with their buffers,
 * and the callback backlog counts the same.
 */
class SmallHeapRecordChargeTest {
    private static final String TOPIC = "t";
    private static final int NODE = 1;
    private static final int CHARGE = 641;
    private static final byte[] VALUE = new byte[100];
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;

    @Test
    void closedBatchesAreChargedTheRaisedAmountPerRecord() throws InterruptedException {
        int batch = 16 * 1024;
        long memory = 4L << 20;
        BufferPool pool = new BufferPool(memory, batch);
        RecordAccumulator acc = new RecordAccumulator(batch, TimeUnit.HOURS.toNanos(1), pool);
        acc.chargePerQueuedRecord(CHARGE);
        PartitionQueue q = acc.queue(new TopicPartition(TOPIC, 0));
        while (q.queuedBatches() < 2) {
            acc.append(q, 0L, null, VALUE, new RecordHeader[0], new RecordFuture(TOPIC, null, -1, VALUE.length, 0L),
                    0, false, 0L);
        }
        acc.beginFlush();
        List<ProducerBatch> drained = new ArrayList<>(acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L));
        drained.addAll(acc.drain(cluster(), NODE, Integer.MAX_VALUE, ANY, 0L));
        assertEquals(2, drained.size());
        long records = drained.get(0).recordCount() + drained.get(1).recordCount();
        assertEquals(memory - 2L * batch - records * CHARGE, pool.availableMemoryBytes(),
                "two buffers and " + records + " records at " + CHARGE + " B");
        ProducerBatch first = drained.get(0);
        assertEquals(first.sizeInBytes() + first.recordCount() * CHARGE, first.backlogBytes(),
                "the callback backlog counts the same charge");
        for (ProducerBatch b : drained) {
            acc.deallocate(b);
        }
        assertEquals(memory, pool.availableMemoryBytes(), "buffers and charges all came back");
    }

    @Test
    void lessThanARecordsHeapObjectsIsRefused() {
        RecordAccumulator acc = new RecordAccumulator(1024, 0, new BufferPool(1 << 20, 1024));
        assertThrows(IllegalArgumentException.class,
                () -> acc.chargePerQueuedRecord(RecordAccumulator.QUEUED_RECORD_HEAP_BYTES - 1));
    }

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE, new BrokerAddress(NODE, "b1", 9092, null));
        PartitionState[] partitions = {new PartitionState(0, NODE, 0, new int[] {NODE}, new int[] {NODE}, (short) 0)};
        return new ClusterSnapshot("c", nodes,
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }
}
