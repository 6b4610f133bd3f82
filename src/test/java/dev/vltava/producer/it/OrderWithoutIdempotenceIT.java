package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * acks=1 without idempotence and 5 requests in flight: records of a partition are stored in send order even when the
 * first requests to a topic just created fail with NOT_LEADER_OR_FOLLOWER, and across leader moves (the partition's
 * first batch, and its first batch to a new leader, go alone until they succeed; after a retriable failure, one
 * request at a time until the retried batches have succeeded).
 */
@ExtendWith(BrokerLogsOnFailure.class)
@Timeout(300)
class OrderWithoutIdempotenceIT {
    private static final int PARTITIONS = 6;

    private static Producer<String, String> producer(String bootstrap) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", bootstrap);
        cfg.put("acks", "1");
        cfg.put("enable.idempotence", "false");
        cfg.put("max.in.flight.requests.per.connection", 5);
        cfg.put("batch.size", 512); // many small batches: several of a partition in flight at once
        cfg.put("linger.ms", 0);
        cfg.put("retry.backoff.ms", 20);
        return Producer.<String, String>builder().configs(cfg).keySerializer(Serializers.string())
                .valueSerializer(Serializers.string()).build();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static String value(int i) {
        return String.format("%08d-%s", i, "o".repeat(40));
    }

    @ParameterizedTest(name = "replication factor {0}")
    @ValueSource(ints = {1, 3})
    void aTopicProducedToAsSoonAsItIsCreatedStoresEveryPartitionInSendOrder(int replicationFactor) throws Exception {
        TestCluster cluster = replicationFactor == 1 ? TestClusters.single() : TestClusters.triple();
        String topic = "fresh-order-" + System.nanoTime();
        int count = 30_000;
        Map<Integer, List<String>> sent = new HashMap<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(count);
        try (Admin admin = admin(cluster.bootstrapServers());
                Producer<String, String> p = producer(cluster.bootstrapServers())) {
            // The first half waits for the topic, and goes out as soon as the producer's metadata names its leaders,
            // which can be before the leaders have created the logs (their first requests fail, later ones land).
            for (int i = 0; i < count; i++) {
                if (i == count / 2) {
                    // Not TestCluster.createTopic: it waits until the replicas are on disk, the very window tested.
                    admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) replicationFactor))).all()
                            .get(60, TimeUnit.SECONDS);
                }
                int partition = i % PARTITIONS;
                sent.computeIfAbsent(partition, k -> new ArrayList<>()).add(value(i));
                futures.add(p.send(new ProducerRecord<>(topic, partition, null, value(i))));
            }
            p.flush();
        }
        for (int i = 0; i < count; i++) {
            assertTrue(futures.get(i).isDone() && !futures.get(i).isCompletedExceptionally(), "record " + i);
        }
        Map<Integer, List<String>> read = ReadToEnd.values(cluster.bootstrapServers(), topic, Duration.ofSeconds(60));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<String> stored = read.getOrDefault(partition, List.of());
            assertEquals(0, outOfOrder(stored), "partition " + partition + ": records out of send order");
            assertEquals(sent.get(partition), stored, "partition " + partition + ": every record once, in send order");
        }
    }

    /**
     * Was disabled after one CI run stored 16 records of a partition out of send order: the producer learnt a new
     * leader from metadata (another partition's move triggers the refresh) while its requests to the old leader all
     * succeeded, so it pipelined to the new leader at once, and the new leader, which had not applied its election
     * yet, rejected the first of those requests and appended the ones behind it. A new leader now gets one request at
     * a time until a first one succeeded there (SenderPartitionOrderTest, and the simulation's order check).
     */
    @Test
    void leaderMovesWhileProducingKeepEveryPartitionInSendOrder() throws Exception {
        KafkaCluster cluster = TestClusters.triple();
        String topic = "moved-order-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 3, Map.of());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sentCount = new AtomicInteger();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        int moves = 0;
        try (Admin admin = admin(cluster.bootstrapServers());
                Producer<String, String> p = producer(cluster.bootstrapServers())) {
            Thread sender = new Thread(() -> {
                for (int i = 0; !stop.get() && i < 2_000_000; i++) {
                    futures.add(p.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value(i))));
                    sentCount.incrementAndGet();
                }
            }, "order-it-sender");
            sender.start();
            for (int round = 0; round < 3; round++) {
                awaitMoreSent(sentCount, 20_000);
                moveEveryLeader(admin, topic);
                moves++;
            }
            awaitMoreSent(sentCount, 20_000);
            stop.set(true);
            sender.join(60_000);
            p.flush();
        }
        assertEquals(3, moves);
        int failed = 0;
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertTrue(f.isDone(), "every future completed");
            failed += f.isCompletedExceptionally() ? 1 : 0;
        }
        assertEquals(0, failed, "no record failed");
        Map<Integer, List<String>> read = ReadToEnd.values(cluster.bootstrapServers(), topic, Duration.ofSeconds(60));
        int stored = 0;
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<String> log = read.getOrDefault(partition, List.of());
            stored += log.size();
            // acks=1 may lose or duplicate a record when leadership moves; order is what this test is about.
            assertEquals(0, outOfOrder(log), "partition " + partition + ": records out of send order");
        }
        // Not 100 %: with acks=1 the old leader acknowledges records its followers may not have yet, and it drops
        // them when it follows the new leader (2 % in a run on a loaded machine). This only guards against a vacuous
        // order check.
        assertTrue(stored > 0.8 * futures.size(), stored + " of " + futures.size() + " stored");
    }

    /** Records whose first occurrence comes after a record sent later (duplicates of earlier records are skipped). */
    private static int outOfOrder(List<String> log) {
        Set<String> seen = new HashSet<>();
        int highest = -1;
        int bad = 0;
        for (String v : log) {
            if (!seen.add(v)) {
                continue;
            }
            int index = Integer.parseInt(v.substring(0, 8));
            if (index < highest) {
                bad++;
            }
            highest = Math.max(highest, index);
        }
        return bad;
    }

    private static void awaitMoreSent(AtomicInteger sentCount, int more) throws InterruptedException {
        int target = sentCount.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sentCount.get() < target && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(1); // pacing a poll of a counter, not synchronisation: the loop waits for the count
        }
        assertTrue(sentCount.get() >= target, "the sender thread made no progress");
    }

    /** Rotates each partition's replica list (no data moves) and elects the new preferred leaders. */
    private static void moveEveryLeader(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
        Map<TopicPartition, Integer> newLeaders = new HashMap<>();
        for (TopicPartitionInfo info : d.partitions()) {
            List<Integer> replicas = new ArrayList<>(info.replicas().stream().map(Node::id).toList());
            int leader = info.leader().id();
            replicas.remove(Integer.valueOf(leader));
            replicas.add(leader); // the current leader goes last: the first of the others is preferred now
            TopicPartition tp = new TopicPartition(topic, info.partition());
            moves.put(tp, Optional.of(new NewPartitionReassignment(replicas)));
            newLeaders.put(tp, replicas.get(0));
        }
        admin.alterPartitionReassignments(moves).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                admin.electLeaders(ElectionType.PREFERRED, newLeaders.keySet()).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // ELECTION_NOT_NEEDED for partitions already moved, or reassignment still settling: check below
            }
            TopicDescription now = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            boolean moved = now.partitions().stream().allMatch(i -> i.leader() != null
                    && i.leader().id() == newLeaders.get(new TopicPartition(topic, i.partition())));
            if (moved) {
                return;
            }
            Thread.sleep(100); // between polls of the observable leader state
        }
        throw new AssertionError("leaders did not move to " + newLeaders);
    }
}
