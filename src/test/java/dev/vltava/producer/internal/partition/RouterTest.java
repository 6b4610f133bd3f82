package dev.vltava.producer.internal.partition;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Partitioner;
import dev.vltava.producer.PartitionerException;
import dev.vltava.producer.internal.accumulate.RecordAccumulator;
import dev.vltava.producer.internal.accumulate.RecordFuture;
import dev.vltava.producer.internal.accumulate.WaitingRecords;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.BrokerAddress;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.protocol.MetadataResponse;
import dev.vltava.producer.internal.record.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Partition choice and the sticky partitioner's move-on-new-batch, on the real accumulator (no network). */
class RouterTest {
    private static final int PARTITIONS = 3;
    private static final byte[] VALUE = new byte[100];
    private static final RecordHeader[] NO_HEADERS = new RecordHeader[0];

    private final BufferPool pool = new BufferPool(1 << 20, 1024);
    private final RecordAccumulator accumulator = new RecordAccumulator(1024, 1_000_000_000L, pool);
    private final Metadata metadata = new Metadata(List.of(new BrokerAddress(-1, "h", 1, null)), 300_000, 300_000, 100);

    RouterTest() {
        List<MetadataResponse.PartitionMetadata> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new MetadataResponse.PartitionMetadata((short) 0, p, 1, 0, new int[] {1}, new int[] {1},
                    new int[0]));
        }
        metadata.onResponse(new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "h", 1, null)), "c", 1,
                List.of(new MetadataResponse.TopicMetadata((short) 0, "t", UUID.randomUUID(), false, parts)),
                (short) 0), 0);
    }

    private Router router(Partitioner user) {
        return new Router(new DefaultPartitioning(false, new StickyPartitionTracker(1024)), user, accumulator,
                metadata, true, () -> { });
    }

    private List<RecordFuture> send(Router router, int records, byte[] key) throws Exception {
        List<RecordFuture> futures = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            TopicRoute route = router.route("t", i);
            int p = router.partition(route, DefaultPartitioning.NO_PARTITION, null, key, null, VALUE);
            RecordFuture f = new RecordFuture("t", null, key == null ? -1 : key.length, VALUE.length, 0);
            router.append(route, p, DefaultPartitioning.NO_PARTITION, key, VALUE, NO_HEADERS, 0, f, 0, i);
            futures.add(f);
        }
        return futures;
    }

    @Test
    void aRouteIsReusedForItsTopicUntilTheMetadataChanges() {
        Router router = router(null);
        TopicRoute t = router.route("t", 0);
        assertSame(t, router.route(new String("t"), 1), "the last route, for an equal topic name");
        TopicRoute other = router.route("other", 2);
        assertNotSame(t, other);
        assertEquals("other", other.topic);
        assertSame(t, router.route("t", 3), "back to the first topic: its route from the map");
        assertSame(other, router.route("other", 4));

        metadata.onResponse(new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "h", 1, null)), "c", 1,
                List.of(), (short) 0), 5);
        TopicRoute afterUpdate = router.route("other", 6);
        assertNotSame(other, afterUpdate, "a new snapshot makes a new route");
        assertSame(metadata.snapshot(), afterUpdate.cluster);
        assertSame(afterUpdate, router.route("other", 7));
    }

    @Test
    void aUserPartitionersChoiceStaysEvenWhenBatchesFill() throws Exception {
        Partitioner alwaysOne = (topic, key, keyBytes, value, valueBytes, partitions) -> 1;
        for (RecordFuture f : send(router(alwaysOne), 100, null)) {
            assertEquals(1, f.partition());
        }
    }

    @Test
    void stickyRecordsMoveOnInsteadOfLeavingAOneRecordBatchBehind() throws Exception {
        Router router = router(null);
        int previous = -1;
        int switches = 0;
        for (int i = 0; i < 200; i++) {
            int partition = send(router, 1, null).get(0).partition();
            if (previous >= 0 && partition != previous) {
                switches++;
                // The record that did not fit went to the new partition: the old one must not have a fresh batch
                // holding just that record.
                int p = previous;
                long batchesOnOld = accumulator.incompleteBatches().stream()
                        .filter(b -> b.topicPartition.partition() == p && b.recordCount() == 1).count();
                assertEquals(0, batchesOnOld, "a one-record batch was left on partition " + p);
            }
            previous = partition;
        }
        assertTrue(switches >= 3, "200 records of 100 B with 1 KiB batches should switch partitions; saw " + switches);
    }

    @Test
    void whatAUserPartitionerThrowsComesOutTypedOnTheCallersAndOnTheSendersPath() {
        AssertionError thrown = new AssertionError("an assert inside the partitioner");
        Partitioner failing = new Partitioner() {
            @Override
            public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                    List<dev.vltava.producer.PartitionInfo> partitions) {
                throw thrown;
            }
        };
        Router router = router(failing);
        PartitionerException inSend = assertThrows(PartitionerException.class, () -> router.partition(
                router.route("t", 0), DefaultPartitioning.NO_PARTITION, null, null, null, VALUE));
        WaitingRecords.Waiting waited = new WaitingRecords.Waiting(null, null, null, VALUE, NO_HEADERS, 0,
                DefaultPartitioning.NO_PARTITION, new RecordFuture("t", null, -1, VALUE.length, 0), 0, 0);
        PartitionerException later = assertThrows(PartitionerException.class,
                () -> router.choosePartition("t", waited, metadata.snapshot()));
        for (PartitionerException e : List.of(inSend, later)) {
            assertSame(thrown, e.getCause());
            assertEquals(failing.getClass().getName(), e.partitionerClass());
            assertEquals("t", e.topic());
        }
    }

    @Test
    void keyedRecordsKeepTheirHashPartition() throws Exception {
        byte[] key = "customer-7".getBytes();
        int expected = dev.vltava.producer.internal.partition.Murmur2.partitionForKey(key, PARTITIONS);
        for (RecordFuture f : send(router(null), 50, key)) {
            assertEquals(expected, f.partition());
        }
    }

    @Test
    void stickyRecordsAvoidBrokersReportedUnavailableAndReturnWhenTheyRecover() throws Exception {
        // 4 partitions: even ones led by broker 1, odd ones by broker 2
        Metadata twoBrokers = new Metadata(List.of(new BrokerAddress(-1, "h", 1, null)), 300_000, 300_000, 100);
        List<MetadataResponse.PartitionMetadata> parts = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int leader = p % 2 == 0 ? 1 : 2;
            parts.add(new MetadataResponse.PartitionMetadata((short) 0, p, leader, 0, new int[] {leader},
                    new int[] {leader}, new int[0]));
        }
        twoBrokers.onResponse(new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "h", 1, null),
                new MetadataResponse.Broker(2, "h", 2, null)), "c", 1,
                List.of(new MetadataResponse.TopicMetadata((short) 0, "t", UUID.randomUUID(), false, parts)),
                (short) 0), 0);
        Router router = new Router(new DefaultPartitioning(false, new StickyPartitionTracker(1024)), null,
                accumulator, twoBrokers, true, 1_000, () -> { });
        assertEquals(TimeUnit.SECONDS.toNanos(1), router.nodeAvailabilityTimeoutNs());

        router.onUnavailableNodes(new int[] {1});
        Set<Integer> used = partitionsOf(send(router, 200, null));
        assertEquals(Set.of(1, 3), used, "only broker 2's partitions while broker 1 is avoided");

        router.onUnavailableNodes(new int[0]);
        assertTrue(partitionsOf(send(router, 400, null)).stream().anyMatch(p -> p % 2 == 0),
                "broker 1's partitions are used again once it recovers");

        router.onUnavailableNodes(new int[] {1, 2});
        assertEquals(200, send(router, 200, null).size(), "avoiding every broker would help nobody: all are used");
    }

    @Test
    void withoutAdaptivePartitioningTheAvailabilityTimeoutIsOff() {
        Router router = new Router(new DefaultPartitioning(false, new StickyPartitionTracker(1024)), null,
                accumulator, metadata, false, 1_000, () -> { });
        assertEquals(0, router.nodeAvailabilityTimeoutNs(), "as in Kafka: it only works with adaptive partitioning");
    }

    private static Set<Integer> partitionsOf(List<RecordFuture> futures) {
        Set<Integer> out = new TreeSet<>();
        for (RecordFuture f : futures) {
            out.add(f.partition());
        }
        return out;
    }
}
