package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transaction that outlives {@code transaction.timeout.ms}: the coordinator aborts it on its own and bumps the
 * producer's epoch (KIP-588 on transactions v1; every transaction's epoch on v2). The facade and the official
 * {@link KafkaProducer} side by side on brokers with {@code transaction.version} 1 and 2 (the shared transactional
 * nodes abort timed-out transactions every 500 ms): the same outcome from each call afterwards (the next send, the
 * commit, the abort, a fresh transaction) and the same records visible to read_committed. The official client's
 * behaviour is recorded at run time, never hard-coded.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TransactionTimeoutIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int TRANSACTION_TIMEOUT_MS = 1_000;

    enum Impl { KAFKA, VLTAVA }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void aTransactionAbortedByTheCoordinatorAfterItsTimeoutCanBeAbortedAndTheProducerGoesOn(int transactionVersion)
            throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        Map<Impl, List<String>> outcomes = new LinkedHashMap<>();
        Map<Impl, List<String>> visible = new LinkedHashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = "txn-timeout-v" + transactionVersion + "-" + impl.name().toLowerCase() + "-"
                    + System.nanoTime();
            cluster.createTopic(topic, 1, 1, Map.of());
            List<String> steps = new ArrayList<>();
            try (Producer<String, String> producer = producer(cluster, impl, topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, 0, null, "timed-out")).get(30, TimeUnit.SECONDS);
                // The coordinator aborts the transaction after transaction.timeout.ms (its markers make the last
                // stable offset catch up with the high watermark).
                OfficialClients.awaitNoOpenTransaction(cluster.bootstrapServers(), topic, WAIT);
                steps.add("send after the timeout: " + send(producer, topic, "late"));
                steps.add("commit: " + call(producer::commitTransaction));
                steps.add("abort: " + call(producer::abortTransaction));
                steps.add("begin: " + call(producer::beginTransaction));
                steps.add("send: " + send(producer, topic, "next"));
                steps.add("commit: " + call(producer::commitTransaction));
            }
            outcomes.put(impl, steps);
            visible.put(impl, OfficialClients.committedValues(cluster.bootstrapServers(), topic, WAIT));
        }
        System.out.println("[txn-timeout] transaction.version=" + transactionVersion + ": " + outcomes + ", visible "
                + visible);
        assertEquals(outcomes.get(Impl.KAFKA), outcomes.get(Impl.VLTAVA),
                "the same outcome of each call after the coordinator aborted the transaction (official first)");
        assertEquals(visible.get(Impl.KAFKA), visible.get(Impl.VLTAVA), "records visible to read_committed");
    }

    private static Producer<String, String> producer(KafkaCluster cluster, Impl impl, String transactionalId) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("max.block.ms", 30_000);
        p.put("transactional.id", transactionalId);
        p.put("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        return impl == Impl.KAFKA ? new KafkaProducer<>(p) : new VltavaKafkaProducer<>(p);
    }

    private static String call(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName();
        }
    }

    /** Sends and waits: "ok", "threw X" (send itself threw) or "failed X" (the future failed). */
    private static String send(Producer<String, String> producer, String topic, String value) {
        java.util.concurrent.Future<?> f;
        try {
            f = producer.send(new ProducerRecord<>(topic, 0, null, value));
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName();
        }
        try {
            f.get(60, TimeUnit.SECONDS);
            return "ok";
        } catch (ExecutionException e) {
            return "failed " + e.getCause().getClass().getName();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("send of " + value + " did not complete", e);
        }
    }
}
