package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.ConsumerGroupMetadata;
import dev.vltava.producer.OffsetAndMetadata;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.TopicPartition;
import dev.vltava.producer.TransactionAbortedException;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vltava's transactions through the core API on real brokers formatted with {@code transaction.version} 1 (the v1
 * protocol: AddPartitionsToTxn, AddOffsetsToTxn) and 2 (KIP-890: partitions added by Produce, epoch bumped per
 * transaction), checked with read_committed consumers: committed records visible, aborted ones never; a second
 * producer with the same transactional.id fences the first; consume-transform-produce with the offsets committed
 * in the transaction. The kill -9 and restart cases are in {@link TransactionsRestartIT}.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TransactionsIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    private static Producer<byte[], byte[]> producer(KafkaCluster cluster, String transactionalId) {
        return Producer.<byte[], byte[]>builder()
                .configs(Map.of("bootstrap.servers", cluster.bootstrapServers(), "linger.ms", 5,
                        "max.block.ms", 60_000))
                .transactionalId(transactionalId).transactionTimeoutMs(30_000)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
    }

    private static String topic(KafkaCluster cluster, String scenario, int transactionVersion) {
        String topic = "txn-" + scenario + "-v" + transactionVersion + "-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 1, Map.of());
        return topic;
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void committedRecordsAreVisibleAndAbortedOnesNever(int transactionVersion) throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String topic = topic(cluster, "commit-abort", transactionVersion);
        List<CompletableFuture<RecordMetadata>> committed = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> aborted = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> abortedUnflushed = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = producer(cluster, topic)) {
            producer.initTransactions();
            for (int t = 0; t < 5; t++) {
                producer.beginTransaction();
                committed.addAll(sendAll(producer, topic, "c" + t, 40));
                producer.commitTransaction();
            }
            producer.beginTransaction();
            aborted.addAll(sendAll(producer, topic, "flushed-aborted", 40));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            abortedUnflushed.addAll(sendAll(producer, topic, "aborted", 40));
            producer.abortTransaction();
            producer.beginTransaction();
            committed.addAll(sendAll(producer, topic, "last", 7));
            producer.commitTransactionAsync().get(60, TimeUnit.SECONDS);
        }
        for (CompletableFuture<RecordMetadata> f : committed) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "a committed record's future succeeded");
        }
        for (CompletableFuture<RecordMetadata> f : aborted) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "flushed before the abort: written");
        }
        for (CompletableFuture<RecordMetadata> f : abortedUnflushed) {
            assertTrue(f.isDone(), "every future completes");
            if (f.isCompletedExceptionally()) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertInstanceOf(TransactionAbortedException.class, e.getCause());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            expected.addAll(values("c" + t, 40));
        }
        expected.addAll(values("last", 7));
        assertEquals(sorted(expected), sorted(OfficialClients.committedValues(cluster.bootstrapServers(), topic,
                READ_TIMEOUT)), "read_committed: every committed record once, nothing aborted");
        List<String> everything = OfficialClients.readAll(cluster.bootstrapServers(), topic, READ_TIMEOUT).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertTrue(everything.containsAll(values("flushed-aborted", 40)),
                "the flushed aborted records are in the log (read_uncommitted), so read_committed filtered them");
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst(int transactionVersion) throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String topic = topic(cluster, "fencing", transactionVersion);
        try (Producer<byte[], byte[]> zombie = producer(cluster, topic)) {
            zombie.initTransactions();
            zombie.beginTransaction();
            sendAll(zombie, topic, "zombie", 30);
            zombie.flush();
            try (Producer<byte[], byte[]> successor = producer(cluster, topic)) {
                successor.initTransactions(); // fences the zombie and aborts its open transaction
                successor.beginTransaction();
                sendAll(successor, topic, "successor", 30);
                successor.commitTransaction();
            }
            ProducerFencedException fenced = assertThrows(ProducerFencedException.class, zombie::commitTransaction,
                    "the zombie's next call fails with the fenced error");
            assertEquals(dev.vltava.producer.VltavaException.Kind.FATAL, fenced.kind());
            assertThrows(ProducerFencedException.class, zombie::beginTransaction, "fenced stays fenced");
        }
        assertEquals(sorted(values("successor", 30)), sorted(OfficialClients.committedValues(
                cluster.bootstrapServers(), topic, READ_TIMEOUT)), "only the successor's transaction is visible");
    }

    /**
     * Consume-transform-produce in one process: an official read_committed consumer of a group reads the input, and
     * each poll becomes a transaction with the transformed records and the consumer's next offsets. Afterwards the
     * output holds every input record exactly once and the group's committed offsets are the input's end offsets.
     */
    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void consumeTransformProduceCommitsOffsetsInTheTransaction(int transactionVersion) throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String input = topic(cluster, "ctp-in", transactionVersion);
        String output = topic(cluster, "ctp-out", transactionVersion);
        String group = output + "-group";
        int records = 600;
        writeInput(cluster, input, records);
        int transactions = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, group);
                Producer<byte[], byte[]> producer = producer(cluster, output)) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            int copied = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (copied < records) {
                assertTrue(System.nanoTime() < deadline, "copied only " + copied + " of " + records);
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    producer.send(new ProducerRecord<>(output, r.partition(), r.key(),
                            ("out-" + new String(r.value(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
                    next.put(new TopicPartition(r.topic(), r.partition()), OffsetAndMetadata.of(r.offset() + 1));
                    copied++;
                }
                org.apache.kafka.clients.consumer.ConsumerGroupMetadata official = consumer.groupMetadata();
                producer.sendOffsetsToTransaction(next, new ConsumerGroupMetadata(official.groupId(),
                        official.generationId(), official.memberId(), official.groupInstanceId().orElse(null)));
                producer.commitTransaction();
                transactions++;
            }
        }
        assertTrue(transactions > 1, "several transactions: " + transactions);
        assertEquals(sorted(IntStream.range(0, records).mapToObj(i -> "out-in-" + i).toList()),
                sorted(OfficialClients.committedValues(cluster.bootstrapServers(), output, READ_TIMEOUT)),
                "every input record exactly once in the output");
        Map<org.apache.kafka.common.TopicPartition, Long> committedOffsets = new HashMap<>();
        Admin admin = cluster.admin();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS)
                .forEach((tp, om) -> committedOffsets.put(tp, om.offset()));
        Map<org.apache.kafka.common.TopicPartition, Long> expectedOffsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expectedOffsets.put(new org.apache.kafka.common.TopicPartition(input, p), (long) records / PARTITIONS);
        }
        assertEquals(expectedOffsets, committedOffsets, "the group's offsets, committed by the transactions");
    }

    // ------------------------------------------------------------------------------------------ helpers

    static void writeInput(KafkaCluster cluster, String input, int records) {
        try (KafkaProducer<byte[], byte[]> official = OfficialClients.producer(cluster.bootstrapServers(),
                new Properties())) {
            for (int i = 0; i < records; i++) {
                official.send(new org.apache.kafka.clients.producer.ProducerRecord<>(input, i % PARTITIONS,
                        ("k" + i).getBytes(StandardCharsets.UTF_8), ("in-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            official.flush();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaCluster cluster, String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("group.id", group);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", "100");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static List<CompletableFuture<RecordMetadata>> sendAll(Producer<byte[], byte[]> producer, String topic,
            String prefix, int count) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null,
                    (prefix + "-" + i).getBytes(StandardCharsets.UTF_8))));
        }
        return futures;
    }

    static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
