package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.StderrTap;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A topic whose broker-side compression.type is neither {@code producer} nor the producer's codec makes the broker
 * recompress every batch: Vltava says so once per topic (a WARN), and delivery is unaffected.
 *
 * <p>The warning is observed where users see it: the slf4j-simple output on System.err, tapped for the test. Checks
 * run one request at a time in the order topics appear, so a warning for a topic used later proves that the check of
 * every earlier topic has finished; that is how "no warning" and "only once" are asserted without sleeping.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class CompressionMismatchIT {
    private static final String WARNING_SOURCE = "TopicCompressionCheck";
    private static final Duration WARNING_WAIT = Duration.ofSeconds(60);

    private final TestCluster cluster = TestClusters.single();
    private StderrTap stderr;

    @BeforeEach
    void tapStderr() {
        stderr = StderrTap.install();
    }

    @AfterEach
    void untapStderr() {
        stderr.close();
    }

    private Producer<byte[], byte[]> lz4Producer() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("compression.type", "lz4");
        props.put("linger.ms", 5);
        props.put("metadata.max.age.ms", 1_000); // fresh metadata snapshots keep coming: must not re-warn
        return Producer.<byte[], byte[]>builder().configs(props).keySerializer(Serializers.byteArray())
                .valueSerializer(Serializers.byteArray()).build();
    }

    private String createTopic(String prefix, String compressionType) {
        String topic = prefix + "-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1, Map.of("compression.type", compressionType));
        return topic;
    }

    @Test
    void warnsOnceWhenTheTopicRecompressesAndTheRecordsStillArriveIntact() throws Exception {
        String gzipTopic = createTopic("mismatch-gzip", "gzip");
        String laterTopic = createTopic("mismatch-later", "zstd");
        int count = 500;
        try (Producer<byte[], byte[]> producer = lz4Producer()) {
            List<CompletableFuture<?>> sent = sendNumbered(producer, gzipTopic, 0, count / 2);
            producer.flush();
            stderr.awaitLine(WARNING_WAIT, WARNING_SOURCE, gzipTopic);

            sent.addAll(sendNumbered(producer, gzipTopic, count / 2, count));
            sendNumbered(producer, laterTopic, 0, 10);
            producer.flush();
            stderr.awaitLine(WARNING_WAIT, WARNING_SOURCE, laterTopic); // every earlier check is done
            for (CompletableFuture<?> f : sent) {
                assertTrue(f.isDone() && !f.isCompletedExceptionally(), "a record failed: " + f);
            }
        }
        List<String> warnings = stderr.linesWith(WARNING_SOURCE, gzipTopic);
        assertEquals(1, warnings.size(), "one warning for the topic, got: " + warnings);
        String warning = warnings.get(0);
        assertTrue(warning.contains("WARN"), warning);
        assertTrue(warning.contains("compression.type=gzip on the broker"), warning);
        assertTrue(warning.contains("uses compression.type=lz4"), warning);
        assertTrue(warning.contains("recompresses every batch"), warning);

        // lz4 batches, stored as gzip by the broker, read back by the official consumer exactly as sent
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), gzipTopic,
                Duration.ofSeconds(60));
        assertEquals(count, read.size(), "records read back");
        boolean[] seen = new boolean[count];
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
            assertArrayEquals(value(i), r.value(), "value of record " + i);
            assertTrue(!seen[i], "record " + i + " is in the topic twice");
            seen[i] = true;
        }
        for (int i = 0; i < count; i++) {
            assertTrue(seen[i], "record " + i + " missing");
        }
    }

    @Test
    void staysQuietWhenTheTopicKeepsTheProducerCodec() throws Exception {
        String producerTopic = createTopic("match-producer", "producer");
        String sameCodecTopic = createTopic("match-lz4", "lz4");
        String sentinelTopic = createTopic("match-sentinel", "gzip");
        try (Producer<byte[], byte[]> producer = lz4Producer()) {
            sendNumbered(producer, producerTopic, 0, 50);
            sendNumbered(producer, sameCodecTopic, 0, 50);
            producer.flush();
            sendNumbered(producer, sentinelTopic, 0, 1);
            producer.flush();
            // the sentinel is checked after the other two, so their verdicts are in once it warns
            stderr.awaitLine(WARNING_WAIT, WARNING_SOURCE, sentinelTopic);
        }
        assertEquals(List.of(), stderr.linesWith(WARNING_SOURCE, producerTopic));
        assertEquals(List.of(), stderr.linesWith(WARNING_SOURCE, sameCodecTopic));
        assertEquals(50, OfficialClients.readAll(cluster.bootstrapServers(), producerTopic,
                Duration.ofSeconds(60)).size());
    }

    private static List<CompletableFuture<?>> sendNumbered(Producer<byte[], byte[]> producer, String topic, int from,
            int to) {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                    value(i))));
        }
        return futures;
    }

    /** Compressible and distinct per record, so a codec mix-up would show. */
    private static byte[] value(int i) {
        return ("record " + i + " ").repeat(1 + i % 20).getBytes(StandardCharsets.UTF_8);
    }
}
