package dev.vltava.producer.it;

import static dev.vltava.producer.it.TransactionsIT.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestClusters;
import dev.vltava.producer.testkit.TransactionalCopyMain;
import dev.vltava.producer.testkit.TransactionalProducerMain;
import dev.vltava.producer.testkit.TransactionalProducerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions across the death of the producing process, on brokers with {@code transaction.version} 1 and 2: a
 * producer child JVM killed with {@code kill -9} mid-transaction leaves that transaction aborted after its
 * {@code transaction.timeout.ms}, and a consume-transform-produce loop killed mid-transaction and restarted with the
 * same transactional id and group gives every input record exactly once in the output. The children drive Vltava
 * through its facade (the same engine as the core API); the official client runs the restart case as a control.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TransactionsRestartIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(180);
    private static final int PARTITIONS = 3;

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void producerKilledMidTransactionHasItAbortedAfterTheTimeout(int transactionVersion) throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String topic = "txn-kill-v" + transactionVersion + "-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 1, Map.of());
        List<String> expected = new ArrayList<>(TransactionalProducerProcess.killMidTransactionAndAwaitItsAbort(
                cluster, TransactionalProducerMain.VLTAVA, topic, 3, 40, 20_000, READ_TIMEOUT));

        // the transactional id is usable again by a new instance
        try (Producer<byte[], byte[]> next = Producer.<byte[], byte[]>builder()
                .configs(Map.of("bootstrap.servers", cluster.bootstrapServers())).transactionalId(topic)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build()) {
            next.initTransactions();
            next.beginTransaction();
            next.send(new ProducerRecord<>(topic, 0, null, "after-restart".getBytes(StandardCharsets.UTF_8)));
            next.commitTransaction();
        }
        expected.add("after-restart");
        assertEquals(sorted(expected), sorted(OfficialClients.committedValues(cluster.bootstrapServers(), topic,
                READ_TIMEOUT)));
    }

    static Stream<Arguments> copyCases() {
        return Stream.of(1, 2).flatMap(v -> Stream.of(TransactionalProducerMain.VLTAVA,
                TransactionalProducerMain.OFFICIAL).map(client -> Arguments.of(v, client)));
    }

    @ParameterizedTest(name = "transaction.version={0}, {1}")
    @MethodSource("copyCases")
    void consumeTransformProduceIsExactlyOnceAcrossARestart(int transactionVersion, String client) throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String input = "ctp-restart-in-v" + transactionVersion + "-" + client + "-" + System.nanoTime();
        String output = input.replace("-in-", "-out-");
        cluster.createTopic(input, PARTITIONS, 1, Map.of());
        cluster.createTopic(output, PARTITIONS, 1, Map.of());
        int records = 900;
        TransactionsIT.writeInput(cluster, input, records);
        String group = output + "-group";
        String transactionalId = output + "-txn";
        try (TransactionalProducerProcess first = TransactionalProducerProcess.startCopy(client,
                cluster.bootstrapServers(), input, output, group, transactionalId, 50, 3, 60_000, "first")) {
            first.awaitOutputLine(TransactionalProducerMain.OPEN_MARKER, CHILD_TIMEOUT);
            first.kill(); // mid-transaction: records and offsets of the fourth poll sent, not committed
        }
        try (TransactionalProducerProcess second = TransactionalProducerProcess.startCopy(client,
                cluster.bootstrapServers(), input, output, group, transactionalId, 50, -1, 60_000, "second")) {
            second.awaitOutputLine(TransactionalCopyMain.DONE_MARKER, CHILD_TIMEOUT);
            assertEquals(0, second.awaitExit(Duration.ofSeconds(60)), second.tailLog(40));
        }
        List<String> expected = IntStream.range(0, records)
                .mapToObj(i -> TransactionalCopyMain.OUTPUT_PREFIX + "in-" + i).toList();
        assertEquals(sorted(expected), sorted(OfficialClients.committedValues(cluster.bootstrapServers(), output,
                READ_TIMEOUT)), "read_committed output: every input record exactly once");
        long written = OfficialClients.readAll(cluster.bootstrapServers(), output, READ_TIMEOUT).size();
        assertTrue(written > records, "the killed run's open transaction was written and then aborted, so the "
                + "restart really re-processed records (" + written + " in the log for " + records + " inputs)");
    }

}
