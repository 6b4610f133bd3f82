package dev.vltava.producer.compat;

import dev.vltava.producer.PartitionInfo;
import dev.vltava.producer.Partitioner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Cluster;

/**
 * An official partitioner used as Vltava's. It sees a {@link Cluster} holding the partitions of the topic being
 * sent to (not the whole cluster: the engine only hands over that topic), rebuilt only when those partitions
 * change.
 *
 * <p>Vltava's partitioner contract reads -1 as "use the built-in logic"; Kafka's has no such value and rejects any
 * negative result, so this adapter rejects it too, with {@link InvalidPartitionException} (see
 * {@link VltavaKafkaProducer}, which throws it from {@code send()} as Kafka does).
 */
final class PartitionerAdapter implements Partitioner {

    private final org.apache.kafka.clients.producer.Partitioner official;
    private final Map<String, TopicCluster> clusters = new ConcurrentHashMap<>();

    PartitionerAdapter(org.apache.kafka.clients.producer.Partitioner official) {
        this.official = official;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
            List<PartitionInfo> partitions) {
        int p = official.partition(topic, key, keyBytes, value, valueBytes, cluster(topic, partitions));
        if (p < 0) {
            throw new InvalidPartitionException(p);
        }
        return p;
    }

    private Cluster cluster(String topic, List<PartitionInfo> partitions) {
        TopicCluster cached = clusters.get(topic);
        if (cached != null && cached.partitions.equals(partitions)) {
            return cached.cluster;
        }
        TopicCluster fresh = new TopicCluster(List.copyOf(partitions), KafkaTypes.cluster(partitions));
        clusters.put(topic, fresh);
        return fresh.cluster;
    }

    /** Nothing: {@link VltavaKafkaProducer} closes the official plugins itself, in Kafka's order. */
    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        official.configure(configs);
    }

    private record TopicCluster(List<PartitionInfo> partitions, Cluster cluster) {
    }

    /** The official partitioner returned a negative partition number. */
    static final class InvalidPartitionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidPartitionException(int partition) {
            super("The partitioner returned an invalid partition number " + partition
                    + "; partition numbers are never negative.");
        }
    }
}
