package dev.vltava.producer.internal.accumulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;

/**
 * The sender's ready check and drain remember each partition's leader per cluster snapshot (so that a look at a ready
 * partition does not search the snapshot's maps); a new snapshot must be asked again: a batch goes to the partition's
 * leader in the snapshot the sender passes, never to the leader of an earlier one.
 */
class LeaderFollowsNewSnapshotsTest {
    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final int NODE_1 = 1;
    private static final int NODE_2 = 2;
    private static final UUID TOPIC_ID = UUID.randomUUID();
    private static final RecordAccumulator.InFlightPolicy ANY = (inFlight, hadSuccess) -> true;

    @Test
    void aBatchGoesToTheLeaderOfTheSnapshotTheSenderPasses() throws InterruptedException {
        RecordAccumulator acc = new RecordAccumulator(1024, 0L, new BufferPool(64 * 1024, 1024)); // no linger
        ClusterSnapshot ledBy1 = clusterWithLeader(NODE_1);
        ClusterSnapshot ledBy2 = clusterWithLeader(NODE_2);
        ClusterSnapshot leaderless = clusterWithLeader(-1);
        acc.append(P0, 1_000L, null, "v".getBytes(StandardCharsets.UTF_8), new RecordHeader[0],
                new RecordFuture(TOPIC, null, -1, 1, 1_000L), 0, 0L);

        assertEquals(Set.of(NODE_1), acc.ready(ledBy1, ANY, 1L).readyNodes);
        assertTrue(acc.drain(ledBy1, NODE_2, Integer.MAX_VALUE, ANY, 1L).isEmpty(), "node 2 does not lead it");

        RecordAccumulator.ReadyCheck noLeader = acc.ready(leaderless, ANY, 2L);
        assertTrue(noLeader.readyNodes.isEmpty(), "no node leads it in this snapshot");
        assertTrue(noLeader.unknownLeaders);

        RecordAccumulator.ReadyCheck moved = acc.ready(ledBy2, ANY, 3L);
        assertEquals(Set.of(NODE_2), moved.readyNodes, "the leader moved to node 2");
        assertFalse(moved.unknownLeaders);
        assertTrue(acc.drain(ledBy2, NODE_1, Integer.MAX_VALUE, ANY, 3L).isEmpty(), "node 1 no longer leads it");
        List<ProducerBatch> drained = acc.drain(ledBy2, NODE_2, Integer.MAX_VALUE, ANY, 3L);
        assertEquals(1, drained.size());
        assertEquals(P0, drained.get(0).topicPartition);
    }

    @Test
    void snapshotsAreNumberedInTheOrderTheyAreMade() {
        ClusterSnapshot first = clusterWithLeader(NODE_1);
        ClusterSnapshot second = clusterWithLeader(NODE_1);
        assertTrue(first.version() > 0);
        assertTrue(second.version() > first.version(), "an equal snapshot made later is another one");
    }

    private static ClusterSnapshot clusterWithLeader(int leader) {
        Map<Integer, BrokerAddress> nodes = Map.of(NODE_1, new BrokerAddress(NODE_1, "b1", 9092, null),
                NODE_2, new BrokerAddress(NODE_2, "b2", 9092, null));
        int[] replicas = leader < 0 ? new int[0] : new int[] {leader};
        PartitionState[] partitions = {new PartitionState(0, leader, 0, replicas, replicas, (short) 0)};
        return new ClusterSnapshot("c", nodes, Map.of(TOPIC, new TopicState(TOPIC, TOPIC_ID, (short) 0, partitions)));
    }
}
