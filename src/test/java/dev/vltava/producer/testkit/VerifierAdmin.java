package dev.vltava.producer.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

/**
 * The official admin client that a broker fixture ({@link KafkaCluster}, {@link VersionedBroker}) keeps for its own
 * checks (test verifier only; kafka-clients 4.4 talks to brokers from 2.1 on): created on first use, closed with the
 * fixture. Creates topics and waits for brokers to register; what "ready" means for a topic stays with the fixture.
 */
final class VerifierAdmin implements AutoCloseable {
    private final Supplier<String> bootstrapServers;
    private Admin admin;

    VerifierAdmin(Supplier<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    synchronized Admin get() {
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
            admin = Admin.create(p);
        }
        return admin;
    }

    /** Creates the topic; the caller then waits for whatever readiness its tests need. */
    void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs, String where) {
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor).configs(configs);
        await(get().createTopics(List.of(topic)).all(), "create topic " + name + where);
    }

    /**
     * Waits until at least {@code count} brokers are registered (unfenced); {@code checkProcesses} runs before each
     * attempt and throws if a broker process has exited, so that a start-up failure is reported at once.
     */
    void awaitBrokers(int count, Duration timeout, Runnable checkProcesses, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            checkProcesses.run();
            try {
                Collection<Node> live = get().describeCluster().nodes().get();
                if (live.size() >= count) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaCluster.sleep(200);
        }
        throw new IllegalStateException(what + " not ready after " + timeout + " (last error: " + last + ")");
    }

    /** The future's value; a failure becomes an IllegalStateException naming {@code what}. */
    static <T> T await(KafkaFuture<T> f, String what) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
