package dev.vltava.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic creation and readiness checks with the official admin client (a benchmark tool may use it). */
final class Topics {
    private Topics() {
    }

    static Admin admin(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(p);
    }

    /** Creates the topic unless it exists, then waits up to 60 s until every partition has a leader. */
    static void create(String bootstrapServers, String name, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(Map.of())))
                        .all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
                    if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // not known yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("partitions of " + name + " have no leader after 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to {@code timeout} until the cluster answers with at least one broker. */
    static void awaitBroker(String bootstrapServers, Duration timeout, Runnable checkAlive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin(bootstrapServers)) {
            while (System.nanoTime() < deadline) {
                checkAlive.run();
                try {
                    java.util.Collection<Node> nodes = admin.describeCluster().nodes().get();
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("broker at " + bootstrapServers + " not ready after " + timeout
                + " (last error: " + last + ")");
    }

    /** Deletes a topic, best effort (benchmarks clean up after themselves on clusters they did not start). */
    static void delete(String bootstrapServers, String name) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.deleteTopics(List.of(name)).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            System.err.println("could not delete topic " + name + ": " + e.getCause());
        }
    }
}
