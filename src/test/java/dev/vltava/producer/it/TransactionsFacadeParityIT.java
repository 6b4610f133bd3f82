package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The facade side by side with the official {@link KafkaProducer}, through the official {@link Producer} interface,
 * on brokers with {@code transaction.version} 1 and 2: the same transactional scenario leaves the same records
 * visible to a read_committed consumer, and the same misuse (commit without begin, send before initTransactions,
 * begin twice, ...) or fencing ends the same way: the same exception type from the same call, and the same outcome
 * of a proper transaction tried afterwards. The official client's behaviour is recorded at run time, never
 * hard-coded, so this checks parity with the kafka-clients version the build uses.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TransactionsFacadeParityIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    enum Impl { KAFKA, VLTAVA }

    private static Producer<String, String> producer(KafkaCluster cluster, Impl impl, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("linger.ms", 5);
        p.put("max.block.ms", 30_000);
        if (transactionalId != null) {
            p.put("transactional.id", transactionalId);
            p.put("transaction.timeout.ms", 30_000);
        }
        return impl == Impl.KAFKA ? new KafkaProducer<>(p) : new VltavaKafkaProducer<>(p);
    }

    private static String topic(KafkaCluster cluster, String scenario, Impl impl) {
        String topic = "txn-parity-" + scenario + "-" + impl.name().toLowerCase() + "-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 1, Map.of());
        return topic;
    }

    // ------------------------------------------------------------------------------------------ visible records

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void sameRecordsVisibleToReadCommitted(int transactionVersion) {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        Map<Impl, List<String>> visible = new LinkedHashMap<>();
        Map<Impl, List<String>> everything = new LinkedHashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic(cluster, "visible", impl);
            try (Producer<String, String> producer = producer(cluster, impl, topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                sendAll(producer, topic, "c1", 20);
                producer.commitTransaction();
                producer.beginTransaction();
                sendAll(producer, topic, "aborted", 20);
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                sendAll(producer, topic, "c2", 10);
                producer.commitTransaction(); // flushes first
            }
            visible.put(impl, valuesByPartition(OfficialClients.readCommitted(cluster.bootstrapServers(), topic,
                    READ_TIMEOUT)));
            everything.put(impl, valuesByPartition(OfficialClients.readAll(cluster.bootstrapServers(), topic,
                    READ_TIMEOUT)));
        }
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (String prefix : List.of("c1", "c2")) {
                for (int i = p; i < (prefix.equals("c1") ? 20 : 10); i += PARTITIONS) {
                    expected.add(p + ":" + prefix + "-" + i);
                }
            }
        }
        assertEquals(expected, visible.get(Impl.KAFKA), "the official client: committed records, in order");
        assertEquals(visible.get(Impl.KAFKA), visible.get(Impl.VLTAVA), "read_committed view, partition by partition");
        assertEquals(everything.get(Impl.KAFKA), everything.get(Impl.VLTAVA),
                "read_uncommitted view (aborted records written, then aborted)");
    }

    // ------------------------------------------------------------------------------------------ misuse

    /** What one call did: returned, threw (class), or (for send) returned a future that failed (class). */
    record Outcome(String what) {
        static final Outcome OK = new Outcome("ok");

        static Outcome threw(Throwable t) {
            return new Outcome("threw " + t.getClass().getName());
        }
    }

    private static Outcome call(Runnable call) {
        try {
            call.run();
            return Outcome.OK;
        } catch (RuntimeException e) {
            return Outcome.threw(e);
        }
    }

    private static Outcome send(Producer<String, String> producer, String topic, String value) {
        Future<RecordMetadata> future;
        try {
            future = producer.send(new ProducerRecord<>(topic, 0, null, value));
        } catch (RuntimeException e) {
            return Outcome.threw(e);
        }
        try {
            future.get(60, TimeUnit.SECONDS);
            return Outcome.OK;
        } catch (ExecutionException e) {
            return new Outcome("future failed " + e.getCause().getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            return new Outcome("future not done in 60 s");
        }
    }

    /** The scenario: a producer and its topic; returns the outcomes of its calls in order. */
    interface Misuse {
        void run(Producer<String, String> producer, String topic, List<Outcome> outcomes);
    }

    static Stream<Arguments> misuses() {
        Map<String, Misuse> cases = new LinkedHashMap<>();
        cases.put("send before initTransactions", (p, t, o) -> o.add(send(p, t, "early")));
        cases.put("beginTransaction before initTransactions", (p, t, o) -> o.add(call(p::beginTransaction)));
        cases.put("commitTransaction before initTransactions", (p, t, o) -> o.add(call(p::commitTransaction)));
        cases.put("abortTransaction before initTransactions", (p, t, o) -> o.add(call(p::abortTransaction)));
        cases.put("commitTransaction without beginTransaction", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(call(p::commitTransaction));
        });
        cases.put("abortTransaction without beginTransaction", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(call(p::abortTransaction));
        });
        cases.put("beginTransaction twice", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(call(p::beginTransaction));
            o.add(call(p::beginTransaction));
        });
        cases.put("initTransactions twice", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(call(p::initTransactions));
        });
        cases.put("send after initTransactions without beginTransaction", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(send(p, t, "outside"));
        });
        cases.put("sendOffsetsToTransaction without beginTransaction", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(call(() -> p.sendOffsetsToTransaction(Map.of(new TopicPartition(t, 0), new OffsetAndMetadata(5)),
                    new ConsumerGroupMetadata("parity-group"))));
        });
        cases.put("sendOffsetsToTransaction with null group metadata", (p, t, o) -> {
            o.add(call(p::initTransactions));
            o.add(call(p::beginTransaction));
            o.add(call(() -> p.sendOffsetsToTransaction(Map.of(new TopicPartition(t, 0), new OffsetAndMetadata(5)),
                    null)));
        });
        return Stream.of(1, 2).flatMap(v -> cases.entrySet().stream()
                .map(e -> Arguments.of(v, e.getKey(), e.getValue())));
    }

    @ParameterizedTest(name = "transaction.version={0}: {1}")
    @MethodSource("misuses")
    void sameExceptionsForTheSameMisuse(int transactionVersion, String name, Misuse misuse) {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        Map<Impl, List<Outcome>> outcomes = new LinkedHashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic(cluster, "misuse", impl);
            List<Outcome> seen = new ArrayList<>();
            try (Producer<String, String> producer = producer(cluster, impl, topic)) {
                misuse.run(producer, topic, seen);
                // afterwards: does a proper transaction still work, and how does it end?
                seen.add(new Outcome("then:"));
                seen.add(call(producer::initTransactions));
                seen.add(call(producer::beginTransaction));
                seen.add(send(producer, topic, "after"));
                seen.add(call(producer::commitTransaction));
            }
            outcomes.put(impl, seen);
        }
        List<Outcome> officialMisuse = outcomes.get(Impl.KAFKA).subList(0,
                outcomes.get(Impl.KAFKA).indexOf(new Outcome("then:")));
        assertTrue(officialMisuse.stream().anyMatch(o -> !o.equals(Outcome.OK)),
                "the misuse fails with the official client: " + outcomes);
        assertEquals(outcomes.get(Impl.KAFKA), outcomes.get(Impl.VLTAVA), name);
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void transactionalMethodsWithoutTransactionalIdFailAlike(int transactionVersion) {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        Map<Impl, List<Outcome>> outcomes = new LinkedHashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic(cluster, "no-id", impl);
            List<Outcome> seen = new ArrayList<>();
            try (Producer<String, String> producer = producer(cluster, impl, null)) {
                seen.add(call(producer::initTransactions));
                seen.add(call(producer::beginTransaction));
                seen.add(call(producer::commitTransaction));
                seen.add(call(producer::abortTransaction));
                seen.add(send(producer, topic, "plain"));
            }
            outcomes.put(impl, seen);
        }
        assertEquals(Outcome.threw(new IllegalStateException()), outcomes.get(Impl.KAFKA).get(0));
        assertEquals(outcomes.get(Impl.KAFKA), outcomes.get(Impl.VLTAVA));
    }

    // ------------------------------------------------------------------------------------------ fencing

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void fencedProducerFailsAlikeAndItsRecordsStayInvisible(int transactionVersion) {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        Map<Impl, List<Outcome>> outcomes = new LinkedHashMap<>();
        Map<Impl, List<String>> visible = new LinkedHashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic(cluster, "fenced", impl);
            List<Outcome> seen = new ArrayList<>();
            try (Producer<String, String> zombie = producer(cluster, impl, topic)) {
                zombie.initTransactions();
                zombie.beginTransaction();
                sendAll(zombie, topic, "zombie", 6);
                zombie.flush();
                try (Producer<String, String> successor = producer(cluster, impl, topic)) {
                    successor.initTransactions(); // fences the zombie and aborts its transaction
                    seen.add(send(zombie, topic, "zombie-late"));
                    seen.add(call(zombie::commitTransaction));
                    seen.add(call(zombie::abortTransaction));
                    seen.add(call(zombie::beginTransaction));
                    successor.beginTransaction();
                    sendAll(successor, topic, "successor", 6);
                    successor.commitTransaction();
                }
            }
            outcomes.put(impl, seen);
            visible.put(impl, valuesByPartition(OfficialClients.readCommitted(cluster.bootstrapServers(), topic,
                    READ_TIMEOUT)));
        }
        assertNotEquals(Outcome.OK, outcomes.get(Impl.KAFKA).get(1), "the official zombie cannot commit");
        assertEquals(outcomes.get(Impl.KAFKA), outcomes.get(Impl.VLTAVA), "the zombie's calls after fencing");
        assertTrue(visible.get(Impl.KAFKA).stream().noneMatch(v -> v.contains("zombie")), visible.toString());
        assertEquals(6, visible.get(Impl.KAFKA).size());
        assertEquals(visible.get(Impl.KAFKA), visible.get(Impl.VLTAVA));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void sendAll(Producer<String, String> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, prefix + "-" + i));
        }
    }

    private static List<String> valuesByPartition(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[],
            byte[]>> records) {
        return records.stream().map(r -> r.partition() + ":" + new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
