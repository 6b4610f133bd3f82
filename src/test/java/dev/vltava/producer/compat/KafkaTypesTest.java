package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Header;
import dev.vltava.producer.Headers;
import dev.vltava.producer.Node;
import dev.vltava.producer.PartitionInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KafkaTypesTest {
    private static final Node B1 = new Node(1, "b1", 9092, "rack-a");
    private static final Node B2 = new Node(2, "b2", 9093, null);

    @Test
    void officialHeadersAreCopiedInOrder() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", bytes("abc"));
        headers.add("empty", null);
        headers.add("trace", bytes("def"));

        Headers ours = KafkaTypes.headers(headers, false);

        List<Header> h = ours.asList();
        assertEquals(3, h.size());
        assertEquals("trace", h.get(0).key());
        assertArrayEquals(bytes("abc"), h.get(0).value());
        assertNull(h.get(1).value());
        assertArrayEquals(bytes("def"), ours.lastHeader("trace").value());
    }

    @Test
    void noHeadersAreNoObjectUnlessSomethingReadsThem() {
        assertNull(KafkaTypes.headers(new RecordHeaders(), false));
        assertNull(KafkaTypes.headers(null, false));
        Headers forAReader = KafkaTypes.headers(new RecordHeaders(), true);
        assertTrue(forAReader.isEmpty());
        forAReader.add("added-by-serializer", bytes("x")); // writable: a serializer may add headers
        assertEquals(1, forAReader.asList().size());
    }

    @Test
    void failedMetadataTellsOnlyWhereTheRecordWasHeaded() {
        RecordMetadata m = KafkaTypes.failedMetadata("t", -1);
        assertEquals("t", m.topic());
        assertEquals(-1, m.partition());
        assertEquals(-1, m.offset());
        assertFalse(m.hasTimestamp());
        assertEquals(-1, m.serializedKeySize());
        assertEquals(-1, m.serializedValueSize());
    }

    @Test
    void partitionInfoAndNodesConvert() {
        PartitionInfo ours = new PartitionInfo("t", 1, B1, List.of(B1, B2), List.of(B2));
        org.apache.kafka.common.PartitionInfo theirs = KafkaTypes.partitionInfo(ours);
        assertEquals("t", theirs.topic());
        assertEquals(1, theirs.partition());
        assertEquals(new org.apache.kafka.common.Node(1, "b1", 9092, "rack-a"), theirs.leader());
        assertEquals(2, theirs.replicas().length);
        assertEquals(2, theirs.inSyncReplicas()[0].id());
        assertEquals(0, theirs.offlineReplicas().length);
        assertNull(KafkaTypes.partitionInfo(new PartitionInfo("t", 0, null, List.of(), List.of())).leader());
    }

    @Test
    void theClusterForAPartitionerHoldsTheTopicsPartitionsAndBrokers() {
        List<PartitionInfo> partitions = new ArrayList<>();
        partitions.add(new PartitionInfo("t", 0, B1, List.of(B1, B2), List.of(B1, B2)));
        partitions.add(new PartitionInfo("t", 1, null, List.of(B2, new Node(9, "", -1, null)), List.of()));
        partitions.add(new PartitionInfo("t", 2, B2, List.of(B2), List.of(B2)));

        Cluster cluster = KafkaTypes.cluster(partitions);

        assertEquals(3, cluster.partitionCountForTopic("t"));
        assertEquals(2, cluster.availablePartitionsForTopic("t").size(), "partition 1 has no leader");
        assertEquals(2, cluster.nodes().size(), "replicas known only by id are not brokers");
        assertEquals("b2", cluster.leaderFor(new org.apache.kafka.common.TopicPartition("t", 2)).host());
        assertNull(cluster.partitionCountForTopic("other"));
    }

    @Test
    void theHeadersViewWritesThroughAndHonoursReadOnly() {
        Headers ours = new Headers();
        HeadersView view = new HeadersView(ours);
        view.add("a", bytes("1")).add(new RecordHeader("b", bytes("2"))).add("a", bytes("3"));
        assertEquals(3, ours.size());
        assertArrayEquals(bytes("3"), view.lastHeader("a").value());
        assertEquals(2, count(view.headers("a")));
        assertEquals(3, view.toArray().length);
        assertEquals(3, count(view));
        view.remove("a");
        assertEquals(1, ours.size());
        assertNull(view.lastHeader("a"));

        ours.setReadOnly();
        assertThrows(IllegalStateException.class, () -> view.add("c", null));
        assertThrows(IllegalStateException.class, () -> view.remove("b"));
    }

    private static int count(Iterable<?> it) {
        int n = 0;
        for (Object ignored : it) {
            n++;
        }
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
