package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.RecordTooLargeException;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A topic whose max.message.bytes is below batch.size: the broker rejects full batches with MESSAGE_TOO_LARGE, the
 * producer splits them until they fit, and every record lands exactly once (read back up to the end offsets), in
 * send order where Kafka promises order (idempotence, or one request in flight); a record too large on its own
 * fails alone with a RecordTooLargeException.
 */
@ExtendWith(BrokerLogsOnFailure.class)
@Timeout(180)
class MessageTooLargeSplitIT {
    private static final int MAX_MESSAGE_BYTES = 2_000;
    private static final int COUNT = 3_000;
    private static final int PARTITIONS = 2;
    private static final int TOO_LARGE_INDEX = 1_500;
    private final TestCluster cluster = TestClusters.single();

    @ParameterizedTest(name = "idempotence={0}, in flight={1}, compression={2}, order checked={3}")
    @CsvSource({"true, 5, none, true", "true, 5, lz4, true", "false, 1, none, true", "false, 5, none, false"})
    void batchesAboveTheTopicLimitAreSplitAndEveryRecordLandsOnce(boolean idempotent, int inFlight,
            String compression, boolean orderPromised) throws Exception {
        String topic = "split-" + idempotent + "-" + inFlight + "-" + compression + "-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS, 1, Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", cluster.bootstrapServers());
        cfg.put("enable.idempotence", String.valueOf(idempotent));
        cfg.put("acks", idempotent ? "all" : "1");
        cfg.put("max.in.flight.requests.per.connection", inFlight);
        cfg.put("compression.type", compression);
        cfg.put("batch.size", 16_384);
        cfg.put("linger.ms", 50); // full 16 KB batches: each is rejected at first
        Random random = new Random(42);
        Map<Integer, List<String>> sent = new HashMap<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (Producer<String, String> p = Producer.<String, String>builder().configs(cfg)
                .keySerializer(Serializers.string()).valueSerializer(Serializers.string()).build()) {
            for (int i = 0; i < COUNT; i++) {
                int partition = i % PARTITIONS;
                String value = i == TOO_LARGE_INDEX ? "too-large-" + randomHex(random, 6 * MAX_MESSAGE_BYTES)
                        : "r" + i + "-" + Long.toHexString(random.nextLong()) + "-" + "p".repeat(60);
                values.add(value);
                if (i != TOO_LARGE_INDEX) {
                    sent.computeIfAbsent(partition, k -> new ArrayList<>()).add(value);
                }
                futures.add(p.send(new ProducerRecord<>(topic, partition, null, value)));
            }
            p.flush();
            for (int i = 0; i < COUNT; i++) {
                assertTrue(futures.get(i).isDone(), "flush returned before record " + i + " completed");
            }
        }
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> futures.get(TOO_LARGE_INDEX).get(0, TimeUnit.SECONDS));
        RecordTooLargeException tooLarge = assertInstanceOf(RecordTooLargeException.class, e.getCause());
        assertTrue(tooLarge.recordSizeBytes() > 3 * MAX_MESSAGE_BYTES, tooLarge.getMessage());
        assertTrue(tooLarge.getMessage().contains(topic + "-0"), tooLarge.getMessage());

        Map<Integer, List<String>> read = ReadToEnd.values(cluster.bootstrapServers(), topic, Duration.ofSeconds(60));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            List<String> stored = read.getOrDefault(partition, List.of());
            List<String> expected = sent.get(partition);
            assertEquals(expected.size(), stored.size(), "partition " + partition + ": every record exactly once");
            assertEquals(expected.size(), new HashSet<>(stored).size(), "partition " + partition + ": no duplicate");
            assertEquals(new HashSet<>(expected), new HashSet<>(stored), "partition " + partition + ": the records sent");
            if (orderPromised) {
                assertEquals(expected, stored, "partition " + partition + ": in send order");
            }
        }
        for (int i = 0; i < COUNT; i++) {
            if (i == TOO_LARGE_INDEX) {
                continue;
            }
            RecordMetadata md = futures.get(i).get();
            assertEquals(values.get(i), read.get(md.partition()).get((int) md.offset()),
                    "record " + i + " is stored at the offset its future reports");
        }
    }

    /** Hex digits compress to about half: still above the limit with compression. */
    private static String randomHex(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.append(Long.toHexString(random.nextLong()));
        }
        return sb.substring(0, length);
    }
}
