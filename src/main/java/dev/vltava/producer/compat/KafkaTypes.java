package dev.vltava.producer.compat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Converts records, headers, metadata, partitions and nodes between the official types and Vltava's. */
final class KafkaTypes {

    private static final Node[] NO_NODES = new Node[0];
    private static final Header[] NO_HEADERS = new Header[0];

    private KafkaTypes() {
    }

    /**
     * The official headers as Vltava's {@code Headers} (copied, in order); for none, empty headers if
     * {@code evenIfNone}, else null (no object per record when nothing reads them).
     */
    static dev.vltava.producer.Headers headers(org.apache.kafka.common.header.Headers headers, boolean evenIfNone) {
        Header[] all = headers == null ? NO_HEADERS : headers.toArray();
        if (all.length == 0) {
            return evenIfNone ? new dev.vltava.producer.Headers() : null;
        }
        dev.vltava.producer.Headers out = new dev.vltava.producer.Headers();
        for (Header h : all) {
            out.add(header(h));
        }
        return out;
    }

    static dev.vltava.producer.Header header(Header h) {
        return new dev.vltava.producer.Header(h.key(), h.value());
    }

    /**
     * What Kafka hands a callback or interceptor for a failed record: the topic and partition it was headed to
     * (-1 if none was chosen), everything else unknown (-1).
     */
    static RecordMetadata failedMetadata(String topic, int partition) {
        return new RecordMetadata(new TopicPartition(topic, partition), -1L, -1, -1L, -1, -1);
    }

    static List<PartitionInfo> partitionInfos(List<dev.vltava.producer.PartitionInfo> partitions) {
        List<PartitionInfo> out = new ArrayList<>(partitions.size());
        for (dev.vltava.producer.PartitionInfo p : partitions) {
            out.add(partitionInfo(p));
        }
        return out;
    }

    static PartitionInfo partitionInfo(dev.vltava.producer.PartitionInfo p) {
        return new PartitionInfo(p.topic(), p.partition(), p.leader() == null ? null : node(p.leader()),
                nodes(p.replicas()), nodes(p.inSyncReplicas()), NO_NODES);
    }

    static Node node(dev.vltava.producer.Node n) {
        return new Node(n.id(), n.host(), n.port(), n.rack());
    }

    private static Node[] nodes(List<dev.vltava.producer.Node> nodes) {
        Node[] out = new Node[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node(nodes.get(i));
        }
        return out;
    }

    /**
     * A {@link Cluster} holding the partitions of one topic and the brokers they name: what an official partitioner
     * needs to choose among that topic's partitions. The cluster id is unknown to the engine, so it is null.
     */
    static Cluster cluster(List<dev.vltava.producer.PartitionInfo> partitions) {
        List<PartitionInfo> infos = partitionInfos(partitions);
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (PartitionInfo p : infos) {
            addNode(nodes, p.leader());
            for (Node n : p.replicas()) {
                addNode(nodes, n);
            }
            for (Node n : p.inSyncReplicas()) {
                addNode(nodes, n);
            }
        }
        Collection<Node> brokers = nodes.values();
        return new Cluster(null, brokers, infos, Set.of(), Set.of());
    }

    private static void addNode(Map<Integer, Node> nodes, Node n) {
        // Replicas the engine knows only by id carry port -1; they are not brokers one could connect to.
        if (n != null && n.port() >= 0) {
            nodes.putIfAbsent(n.id(), n);
        }
    }
}
