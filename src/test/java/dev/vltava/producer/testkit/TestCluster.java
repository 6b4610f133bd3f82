package dev.vltava.producer.testkit;

import java.util.Map;

/**
 * A running Kafka cluster for tests: child-process brokers ({@link KafkaCluster}) by default, or a Testcontainers
 * broker where a Docker engine exists ({@link ContainerCluster}).
 */
public interface TestCluster extends AutoCloseable {
    String bootstrapServers();

    int size();

    /** Creates a topic and waits until every partition has a leader. */
    void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs);

    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, 1, Map.of());
    }

    /** Broker log tails for failure reports. */
    String describeForFailure();

    /** True when the nodes can be killed, restarted and paused (child-process brokers). */
    boolean supportsFaults();

    @Override
    void close();
}
