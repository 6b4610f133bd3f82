package dev.vltava.producer.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka broker in a container (the {@code apache/kafka} image), for machines that have a Docker engine.
 * Node faults (kill, pause) are not offered here; tests that need them run on {@link KafkaCluster} only.
 */
public final class ContainerCluster implements TestCluster {
    /**
     * The {@code apache/kafka} image of the same version as the child-process brokers: the Kafka on the test
     * classpath (pom property {@code kafka.version}, passed as {@code vltava.kafka.version}).
     * {@code -Dvltava.broker.image} picks another.
     */
    public static final String IMAGE = System.getProperty("vltava.broker.image",
            "apache/kafka:" + TestBrokers.kafkaVersion());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final KafkaContainer container;
    private final Admin admin;

    private ContainerCluster(KafkaContainer container) {
        this.container = container;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, container.getBootstrapServers());
        this.admin = Admin.create(p);
    }

    /** Whether a Docker engine answers here; never throws. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    public static ContainerCluster start() {
        KafkaContainer c = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        c.start();
        return new ContainerCluster(c);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicationFactor).configs(configs)))
                    .all().get();
            List<Integer> brokerIds = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            // the same wait as the child-process clusters: leaders known and every replica's log created
            TopicReadiness.await(admin, name, partitions, replicationFactor, brokerIds, READY_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("create topic " + name + " failed: " + e.getCause(), e);
        }
    }

    @Override
    public String describeForFailure() {
        String logs = container.getLogs();
        return "----- container " + IMAGE + " last log -----\n"
                + logs.substring(Math.max(0, logs.length() - 6000));
    }

    @Override
    public boolean supportsFaults() {
        return false;
    }

    @Override
    public void close() {
        admin.close();
        container.stop();
    }
}
