package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.TimeoutException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.BrokerNode;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions under fire on a 3-node cluster formatted with {@code transaction.version} 1 or 2: transactions of
 * 1 to 1,000 records while brokers, the transaction coordinator's first among them, are killed (-9) and restarted.
 * Each transaction ends committed (commit returned), aborted (an abortable error, then abort), or unknown (a fatal
 * error: the producer is replaced). Afterwards a read_committed consumer must see every committed transaction
 * completely and exactly once, nothing of an aborted one, every unknown one all or nothing, and every record future
 * must have completed.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TransactionsChaosIT {
    private static final int PARTITIONS = 6;
    private static final int TRANSACTIONS = 60;
    private static final int[] SIZES = {1, 1000, 17, 250, 3, 600, 100, 42, 999, 8};

    enum End { COMMITTED, ABORTED, UNKNOWN }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void everyCommittedTransactionIsThereOnceAndNothingOfAnAbortedOne(int transactionVersion) throws Exception {
        try (KafkaCluster cluster = KafkaCluster.startWithTransactionVersion(3, transactionVersion)) {
            BrokerLogsOnFailure.alsoDescribe(cluster::describeForFailure);
            String topic = "txn-chaos-v" + transactionVersion + "-" + System.nanoTime();
            String transactionalId = topic + "-txn";
            cluster.createTopic(topic, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
            End[] ends = new End[TRANSACTIONS];
            int[] sizes = new int[TRANSACTIONS];
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread chaos = new Thread(() -> chaos(cluster, topic, transactionalId, stop), "txn-chaos");
            Producer<byte[], byte[]> producer = producer(cluster, transactionalId);
            int replaced = 0;
            chaos.start();
            try {
                producer.initTransactions();
                for (int t = 0; t < TRANSACTIONS; t++) {
                    sizes[t] = SIZES[t % SIZES.length];
                    try {
                        producer.beginTransaction();
                        for (int i = 0; i < sizes[t]; i++) {
                            futures.add(producer.send(new ProducerRecord<>(topic, null, null,
                                    value(t, i, sizes[t]).getBytes(StandardCharsets.UTF_8))));
                        }
                        commit(producer);
                        ends[t] = End.COMMITTED;
                    } catch (VltavaException e) {
                        VltavaException unknown = e;
                        if (e.kind() != VltavaException.Kind.FATAL && !(e instanceof TimeoutException)) {
                            try {
                                abort(producer);
                                ends[t] = End.ABORTED;
                                unknown = null;
                                System.err.println("[txn-chaos] transaction " + t + " aborted: " + e);
                            } catch (VltavaException abortFailed) {
                                unknown = abortFailed; // the abort itself failed: the end is not known
                            }
                        }
                        if (unknown != null) {
                            ends[t] = End.UNKNOWN;
                            System.err.println("[txn-chaos] transaction " + t + " unknown (" + e
                                    + "), producer replaced: " + unknown);
                            producer.close(Duration.ofSeconds(30));
                            producer = producer(cluster, transactionalId);
                            producer.initTransactions();
                            replaced++;
                        }
                    }
                }
            } finally {
                stop.set(true);
                chaos.join(TimeUnit.MINUTES.toMillis(3));
                healAll(cluster);
                producer.close(Duration.ofSeconds(60));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertTrue(f.isDone(), "every record future completed");
            }
            int committed = 0;
            for (End end : ends) {
                committed += end == End.COMMITTED ? 1 : 0;
            }
            assertTrue(committed > TRANSACTIONS / 2, "most transactions commit despite the chaos: " + committed
                    + " (producer replaced " + replaced + " times)");
            verify(cluster, topic, ends, sizes);
        }
    }

    private static void verify(KafkaCluster cluster, String topic, End[] ends, int[] sizes) throws Exception {
        OfficialClients.awaitNoOpenTransaction(cluster.bootstrapServers(), topic, Duration.ofSeconds(120));
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readCommitted(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(120));
        Map<String, Integer> copies = new HashMap<>();
        int[] perTransaction = new int[ends.length];
        for (ConsumerRecord<byte[], byte[]> r : read) {
            String v = new String(r.value(), StandardCharsets.UTF_8);
            copies.merge(v, 1, Integer::sum);
            perTransaction[Integer.parseInt(v.substring(1, v.indexOf('-')))]++;
        }
        copies.forEach((v, n) -> assertEquals(1, n, v + " is visible " + n + " times"));
        for (int t = 0; t < ends.length; t++) {
            switch (ends[t]) {
                case COMMITTED -> assertEquals(sizes[t], perTransaction[t], "committed transaction " + t);
                case ABORTED -> assertEquals(0, perTransaction[t], "aborted transaction " + t);
                case UNKNOWN -> assertTrue(perTransaction[t] == 0 || perTransaction[t] == sizes[t],
                        "transaction " + t + " with an unknown end is all or nothing: " + perTransaction[t] + " of "
                        + sizes[t]);
                default -> throw new AssertionError(ends[t]);
            }
        }
        System.err.println("[txn-chaos] " + topic + ": " + read.size() + " committed records verified");
    }

    /** Commit, calling again after a timeout (the documented way to wait on), at most 5 times. */
    private static void commit(Producer<byte[], byte[]> producer) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static void abort(Producer<byte[], byte[]> producer) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.abortTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static String value(int transaction, int index, int size) {
        return "t" + transaction + "-" + index + "-of-" + size;
    }

    private static Producer<byte[], byte[]> producer(KafkaCluster cluster, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("linger.ms", 5);
        props.put("request.timeout.ms", 8000);
        props.put("delivery.timeout.ms", 120_000);
        props.put("max.block.ms", 60_000);
        props.put("retry.backoff.ms", 100);
        props.put("metadata.max.age.ms", 5000);
        return Producer.<byte[], byte[]>builder().configs(props).transactionalId(transactionalId)
                .transactionTimeoutMs(60_000)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
    }

    /** Kills and restarts nodes in turn, every other round the transaction coordinator, until told to stop. */
    private static void chaos(KafkaCluster cluster, String topic, String transactionalId, AtomicBoolean stop) {
        Random random = new Random(7);
        try {
            Thread.sleep(2000);
            for (int round = 0; round < 20 && !stop.get(); round++) {
                if (!cluster.awaitFullIsr(List.of(topic, "__transaction_state"), stop::get)) {
                    return;
                }
                BrokerNode victim = round % 2 == 0 ? coordinator(cluster, transactionalId)
                        : cluster.nodes().get(random.nextInt(cluster.size()));
                System.err.println("[txn-chaos] round " + round + ": kill -9 node " + victim.nodeId());
                victim.kill();
                Thread.sleep(2000);
                victim.start();
                cluster.awaitNode(victim.nodeId());
                Thread.sleep(3000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node coordinating the transactional id, or a random one while it is not known yet. */
    private static BrokerNode coordinator(KafkaCluster cluster, String transactionalId) {
        try {
            int id = cluster.admin().describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(10, TimeUnit.SECONDS).coordinatorId();
            return cluster.node(id);
        } catch (Exception e) {
            return cluster.nodes().get(0);
        }
    }

    private static void healAll(KafkaCluster cluster) {
        for (BrokerNode n : cluster.nodes()) {
            if (!n.isRunning()) {
                n.start();
                cluster.awaitNode(n.nodeId());
            }
        }
    }
}
