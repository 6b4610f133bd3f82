package dev.vltava.producer.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The wait after creating a topic, shared by every kind of test cluster (child processes of any Kafka version,
 * containers): every partition has a leader, and every replica's log exists on its broker.
 *
 * <p>The controller names leaders a moment before the brokers have applied that and created the logs; a produce
 * request in between gets NOT_LEADER_OR_FOLLOWER. The official producer does not recover from that cleanly when it
 * pipelines the first requests of a fresh producer id (a later batch is accepted as the first, and the retried
 * earlier one then fails with OUT_OF_ORDER_SEQUENCE_NUMBER until it expires), which made tests that use it as a
 * control flaky.
 */
final class TopicReadiness {
    private TopicReadiness() {
    }

    /** Waits until every partition of the topic has a leader. */
    static void awaitLeaders(Admin admin, String topic, int partitions, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                if (d.partitions().size() == partitions && d.partitions().stream().map(TopicPartitionInfo::leader)
                        .allMatch(l -> l != null && !l.isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // not yet known: retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaCluster.sleep(100);
        }
        throw new IllegalStateException("partitions of " + topic + " have no leader after " + timeout);
    }

    /** Waits until {@code replicas} logs of the topic exist on the brokers {@code brokerIds}. */
    static void awaitReplicasOnDisk(Admin admin, String topic, int replicas, Collection<Integer> brokerIds,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                long found = admin.describeLogDirs(brokerIds).allDescriptions().get().values().stream()
                        .flatMap(dirs -> dirs.values().stream())
                        .flatMap(dir -> dir.replicaInfos().keySet().stream())
                        .filter(tp -> tp.topic().equals(topic)).count();
                if (found >= replicas) {
                    return;
                }
            } catch (ExecutionException e) {
                // a broker not ready yet: retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaCluster.sleep(50);
        }
        throw new IllegalStateException("the " + replicas + " replicas of " + topic + " were not on disk within "
                + timeout);
    }

    /** Both waits, for a topic just created on brokers {@code brokerIds}. */
    static void await(Admin admin, String topic, int partitions, int replicationFactor, Collection<Integer> brokerIds,
            Duration timeout) {
        awaitLeaders(admin, topic, partitions, timeout);
        awaitReplicasOnDisk(admin, topic, partitions * replicationFactor, brokerIds, timeout);
    }
}
