package dev.vltava.producer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.protocol.ApiKey;
import dev.vltava.producer.internal.protocol.ApiVersionsRequest;
import dev.vltava.producer.internal.protocol.ApiVersionsResponse;
import dev.vltava.producer.internal.protocol.ApiVersionsTable;
import dev.vltava.producer.internal.protocol.RequestFramer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transaction fixture, proven with the official client: clusters formatted with {@code transaction.version} 1 and
 * 2 report that level, a read_committed consumer sees committed records and never aborted ones, and a producer
 * child JVM killed mid-transaction has its transaction aborted by the coordinator after its timeout.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class TransactionalClustersIT {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void clusterReportsTheTransactionVersionItWasFormattedWith(int transactionVersion) throws IOException {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        assertEquals(transactionVersion, cluster.finalizedFeatureLevel("transaction.version"), "admin client");
        // and our own ApiVersions codec reads the same level from the broker (what the engine decides v1/v2 on)
        ApiVersionsResponse ours = apiVersions(cluster.nodes().get(0).brokerPort());
        assertEquals(0, ours.errorCode());
        assertTrue(ours.finalizedFeaturesEpoch() >= 0, "valid feature information: " + ours.finalizedFeaturesEpoch());
        assertEquals(transactionVersion, new ApiVersionsTable(ours).finalizedTransactionVersion(), "our codec");
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void officialProducerCommittedRecordsAreVisibleAndAbortedOnesAreNot(int transactionVersion) {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String topic = "fixture-commit-abort-v" + transactionVersion + "-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1, Map.of());
        Properties props = new Properties();
        props.put("transactional.id", topic);
        props.put("transaction.timeout.ms", "30000");
        try (KafkaProducer<byte[], byte[]> producer = OfficialClients.producer(cluster.bootstrapServers(), props)) {
            producer.initTransactions();
            producer.beginTransaction();
            sendAll(producer, topic, "committed-a", 10);
            producer.commitTransaction();
            producer.beginTransaction();
            sendAll(producer, topic, "aborted", 10);
            producer.flush(); // the aborted records reach the log before the abort
            producer.abortTransaction();
            producer.beginTransaction();
            sendAll(producer, topic, "committed-b", 5);
            producer.commitTransaction();
        }
        List<String> expected = new ArrayList<>(values("committed-a", 10));
        expected.addAll(values("committed-b", 5));
        assertEquals(sorted(expected), sorted(OfficialClients.committedValues(cluster.bootstrapServers(), topic,
                READ_TIMEOUT)), "read_committed sees exactly the committed records");
        List<String> everything = OfficialClients.readAll(cluster.bootstrapServers(), topic, READ_TIMEOUT).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertTrue(everything.containsAll(values("aborted", 10)),
                "read_uncommitted sees the aborted records, so they were written and then aborted: " + everything);
        assertEquals(25, everything.size());
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {1, 2})
    void officialProducerKilledMidTransactionIsAbortedAfterItsTimeout(int transactionVersion) throws Exception {
        KafkaCluster cluster = TestClusters.transactions(transactionVersion);
        String topic = "fixture-kill-v" + transactionVersion + "-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1, Map.of());
        TransactionalProducerProcess.killMidTransactionAndAwaitItsAbort(cluster, TransactionalProducerMain.OFFICIAL,
                topic, 2, 30, 20_000, READ_TIMEOUT);
    }

    private static ApiVersionsResponse apiVersions(int port) throws IOException {
        short version = ApiKey.API_VERSIONS.maxVersion();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            for (ByteBuffer piece : RequestFramer.frame(new ApiVersionsRequest("vltava-fixture", "0"), version, 7,
                    "fixture")) {
                byte[] bytes = new byte[piece.remaining()];
                piece.duplicate().get(bytes);
                out.write(bytes);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            ByteBuffer buffer = ByteBuffer.wrap(body);
            assertEquals(7, RequestFramer.readResponseCorrelationId(buffer, ApiKey.API_VERSIONS, version));
            return ApiVersionsResponse.parse(buffer, version);
        }
    }

    private static void sendAll(KafkaProducer<byte[], byte[]> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, i % 2, null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }


    static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
