package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.ClusterSnapshot;
import dev.vltava.producer.internal.metadata.PartitionState;
import dev.vltava.producer.internal.metadata.TopicPartition;
import dev.vltava.producer.internal.metadata.TopicState;
import dev.vltava.producer.internal.record.RecordHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: while a partition has a request in flight, its lingered batch stays open and fills instead of going out
 * as another small batch (the broker's cost is per batch); full batches still pipeline, and so does everything
 * during a flush.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FillBehindInFlightTest {
    private static final String TOPIC = "t";
    private static final int NODE = 1;
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final int BATCH = 64 * 1024;
    private static final long TS = 1_700_000_000_000L;
    private static final long LINGER = 5_000_000L;
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];
    /** No in-flight limit at all: only the fill rule holds a batch back. */
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;
    private static final ClusterSnapshot CLUSTER = cluster();

    @Test
    void aLingeredBatchFillsWhileItsPartitionHasARequestInFlightAndGoesWhenItEnds() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(32L << 20, BATCH));
        append(acc, 0, 0L);
        ProducerBatch first = single(acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, LINGER));

        append(acc, 1, LINGER + 1);
        long lingered = 3 * LINGER;
        assertTrue(acc.ready(CLUSTER, ANY, lingered).readyNodes.isEmpty(), "held behind the request in flight");
        assertTrue(acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, lingered).isEmpty());
        for (int i = 2; i < 10; i++) {
            append(acc, i, lingered);
        }
        assertEquals(1, acc.queue(P0).queuedBatches(), "the records went into the open batch");
        acc.ready(CLUSTER, ANY, lingered);
        assertEquals(0, acc.queuesVisitedByLastReady, "parked: the loop does not look at it until its request ends");

        acc.requestEnded(first, true);
        assertEquals(Set.of(NODE), acc.ready(CLUSTER, ANY, lingered).readyNodes);
        ProducerBatch second = single(acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, lingered));
        assertEquals(9, second.recordCount(), "one batch of nine records, not nine batches");
    }

    @Test
    void aBatchWithNoRoomForAnotherRecordStillPipelines() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(32L << 20, BATCH));
        append(acc, 0, 0L);
        single(acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, LINGER));
        byte[] big = new byte[40_000]; // a second one would not fit 64 KiB
        acc.append(P0, TS, null, big, NO_HEADERS, future(), 0, LINGER + 1);
        assertEquals(1, acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, 3 * LINGER).size(),
                "as good as full: pipelined behind the request in flight");
    }

    @Test
    void aFlushSendsTheBatchBehindTheRequestInFlight() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(BATCH, LINGER, new BufferPool(32L << 20, BATCH));
        append(acc, 0, 0L);
        single(acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, LINGER));
        append(acc, 1, LINGER + 1);
        assertTrue(acc.ready(CLUSTER, ANY, 3 * LINGER).readyNodes.isEmpty(), "parked behind the request");
        acc.beginFlush();
        assertEquals(Set.of(NODE), acc.ready(CLUSTER, ANY, 3 * LINGER).readyNodes, "the flush un-parks it");
        assertEquals(1, acc.drain(CLUSTER, NODE, Integer.MAX_VALUE, ANY, 3 * LINGER).size());
        acc.endFlush();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ProducerBatch single(List<ProducerBatch> drained) {
        assertEquals(1, drained.size());
        return drained.get(0);
    }

    private static void append(RecordAccumulator acc, int i, long nowNs) throws InterruptedException {
        acc.append(P0, TS, null, ("value-" + i).getBytes(StandardCharsets.UTF_8), NO_HEADERS, future(), 0, nowNs);
    }

    private static RecordFuture future() {
        return new RecordFuture(TOPIC, null, -1, 10, TS);
    }

    private static ClusterSnapshot cluster() {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE, new BrokerAddress(NODE, "b1", 9092, null));
        PartitionState[] partitions = {new PartitionState(0, NODE, 0, new int[] {NODE}, new int[] {NODE}, (short) 0)};
        return new ClusterSnapshot("c", nodes,
                Map.of(TOPIC, new TopicState(TOPIC, UUID.randomUUID(), (short) 0, partitions)));
    }
}
