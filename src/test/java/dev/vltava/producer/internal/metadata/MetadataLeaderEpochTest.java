package dev.vltava.producer.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.protocol.MetadataResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * KIP-320: a metadata response from a broker that lags must not move a partition back to a leader older than one we
 * know (by leader epoch), whether we learnt it from a newer response or from a produce response's leader hint.
 */
class MetadataLeaderEpochTest {
    private static final List<BrokerAddress> BOOTSTRAP = List.of(new BrokerAddress(-1, "localhost", 9092, null));
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final UUID ID = UUID.randomUUID();

    @Test
    void aResponseWithAnOlderLeaderEpochKeepsTheNewerLeaderAndAsksAgain() {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        m.onResponse(response(ID, 1, 5, 1, 2), 1);
        assertEquals(1, m.snapshot().leaderFor(TP));

        m.onResponse(response(ID, 2, 7, 1, 2), 2);
        assertEquals(2, m.snapshot().leaderFor(TP));
        m.onRequestSent(3);
        assertFalse(m.updateRequested());

        m.onResponse(response(ID, 1, 6, 1, 2), 4); // a lagging broker still names leader 1 at epoch 6
        assertEquals(2, m.snapshot().leaderFor(TP), "epoch 7's leader stays");
        assertEquals(7, m.snapshot().partition(TP).leaderEpoch());
        assertTrue(m.updateRequested(), "the stale answer makes the producer ask again");

        m.onResponse(response(ID, 1, 8, 1, 2), 5);
        assertEquals(1, m.snapshot().leaderFor(TP), "a newer epoch moves the leader");
    }

    @Test
    void aLeaderHintIsNotUndoneByALaggingResponse() {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        m.onResponse(response(ID, 1, 5, 1, 2), 1);
        assertTrue(m.applyLeaderHint(TP, 3, 6, List.of(new BrokerAddress(3, "b3", 9092, null))));
        assertEquals(3, m.snapshot().leaderFor(TP));

        m.onResponse(response(ID, 1, 5, 1, 2), 2); // the response does not list broker 3 either
        assertEquals(3, m.snapshot().leaderFor(TP), "the hinted leader of epoch 6 stays");
        assertEquals("b3", m.snapshot().nodes().get(3).host(), "and so does its address");
    }

    @Test
    void aTopicCreatedAgainStartsItsEpochsAgain() {
        Metadata m = new Metadata(BOOTSTRAP, 300_000, 300_000, 100);
        m.onResponse(response(ID, 2, 9, 1, 2), 1);
        m.onResponse(response(UUID.randomUUID(), 1, 0, 1, 2), 2);
        assertEquals(1, m.snapshot().leaderFor(TP), "a new topic id: its epoch 0 is not older than the old topic's 9");
        assertEquals(0, m.snapshot().partition(TP).leaderEpoch());
    }

    /** Topic t with one partition led by {@code leader} at {@code epoch}; the brokers listed are {@code nodes}. */
    private static MetadataResponse response(UUID topicId, int leader, int epoch, int... nodes) {
        List<MetadataResponse.Broker> brokers = java.util.Arrays.stream(nodes)
                .mapToObj(n -> new MetadataResponse.Broker(n, "b" + n, 9092, null)).toList();
        MetadataResponse.PartitionMetadata p = new MetadataResponse.PartitionMetadata((short) 0, 0, leader, epoch,
                nodes, nodes, new int[0]);
        return new MetadataResponse(0, brokers, "c", nodes[0],
                List.of(new MetadataResponse.TopicMetadata((short) 0, "t", topicId, false, List.of(p))), (short) 0);
    }
}
