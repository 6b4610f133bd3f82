package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Header;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.RecordMetadata;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.ProducerMetricValues;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.StoredBatches;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Vltava produces, the official consumer reads: what was sent is what arrives, where and in the order sent. */
@ExtendWith(BrokerLogsOnFailure.class)
class ProducerDeliveryIT {
    private final TestCluster cluster = TestClusters.single();

    private Producer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.putAll(extra);
        return Producer.<byte[], byte[]>builder().configs(props).keySerializer(Serializers.byteArray())
                .valueSerializer(Serializers.byteArray()).build();
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void deliversEveryRecordWithItsKeyValueHeadersAndTimestampInOrder(String acks) throws Exception {
        String topic = "delivery-acks-" + acks + "-" + System.nanoTime();
        cluster.createTopic(topic, 4, 1, Map.of());
        int count = 2_000;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("acks", acks);
        if (!acks.equals("all")) {
            cfg.put("enable.idempotence", "false");
            // Without idempotence, order survives a retry only with one request in flight (as in Kafka).
            cfg.put("max.in.flight.requests.per.connection", 1);
        }
        long baseTs = System.currentTimeMillis() - 100_000;
        try (Producer<byte[], byte[]> p = producer(cfg)) {
            for (int i = 0; i < count; i++) {
                byte[] key = i % 10 == 0 ? null : bytes("key-" + i);
                byte[] value = i % 17 == 0 ? null : (i % 13 == 0 ? new byte[0] : bytes("value-" + i + "-ünïcødé"));
                List<Header> headers = i % 3 == 0 ? List.of(new Header("h1", bytes("x" + i)), new Header("empty", null))
                        : List.of();
                int partition = i % 4;
                futures.add(p.send(new ProducerRecord<>(topic, partition, baseTs + i, key, value, headers)));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertTrue(f.isDone(), "flush returned before every record completed");
            }
        }
        if (acks.equals("0")) {
            // flush returned once the requests were written; the broker may still be appending them
            OfficialClients.awaitEndOffsets(cluster.bootstrapServers(), topic, count, Duration.ofSeconds(60));
        }
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(count, read.size(), "records read back");
        Map<Integer, Integer> lastIndexByPartition = new HashMap<>();
        Map<String, ConsumerRecord<byte[], byte[]>> byPartitionOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = (int) (r.timestamp() - baseTs);
            assertEquals(TimestampType.CREATE_TIME, r.timestampType());
            assertEquals(i % 4, r.partition(), "partition of record " + i);
            Integer last = lastIndexByPartition.put(r.partition(), i);
            assertTrue(last == null || last < i, "per-partition order: " + last + " then " + i);
            byte[] expectedKey = i % 10 == 0 ? null : bytes("key-" + i);
            byte[] expectedValue = i % 17 == 0 ? null : (i % 13 == 0 ? new byte[0] : bytes("value-" + i + "-ünïcødé"));
            assertArrayEquals(expectedKey, r.key());
            assertArrayEquals(expectedValue, r.value());
            if (i % 3 == 0) {
                assertArrayEquals(bytes("x" + i), r.headers().lastHeader("h1").value());
                assertNull(r.headers().lastHeader("empty").value());
            } else {
                assertEquals(0, r.headers().toArray().length);
            }
            byPartitionOffset.put(r.partition() + "@" + r.offset(), r);
        }
        for (int i = 0; i < count; i++) {
            RecordMetadata md = futures.get(i).get();
            assertEquals(i % 4, md.partition());
            if (acks.equals("0")) {
                assertEquals(-1, md.offset(), "acks=0 gives no offsets");
            } else {
                ConsumerRecord<byte[], byte[]> r = byPartitionOffset.get(md.partition() + "@" + md.offset());
                assertTrue(r != null, "metadata offset " + md.offset() + " of record " + i + " not consumed");
                assertEquals(baseTs + i, r.timestamp(), "the record at the metadata's offset");
                assertEquals(baseTs + i, md.timestamp());
            }
        }
    }

    @Test
    void keyedRecordsLandWhereTheOfficialProducerPutsThem() throws Exception {
        String topic = "keyed-" + System.nanoTime();
        cluster.createTopic(topic, 7, 1, Map.of());
        try (Producer<byte[], byte[]> ours = producer(Map.of());
                KafkaProducer<byte[], byte[]> theirs = OfficialClients.producer(cluster.bootstrapServers(),
                        new Properties())) {
            for (int i = 0; i < 300; i++) {
                byte[] key = bytes("customer-" + i * 7919);
                int ourPartition = ours.send(new ProducerRecord<>(topic, key, bytes("v"))).get().partition();
                int theirPartition = theirs.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key,
                        bytes("v"))).get().partition();
                assertEquals(theirPartition, ourPartition, "partition of key " + i);
            }
        }
    }

    @Test
    void logAppendTimeTopicsReportTheBrokersTimestamp() throws Exception {
        String topic = "log-append-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long before = System.currentTimeMillis();
        RecordMetadata md;
        try (Producer<byte[], byte[]> p = producer(Map.of())) {
            md = p.send(new ProducerRecord<>(topic, 0, 1L, null, bytes("v"))).get(30, TimeUnit.SECONDS);
        }
        assertTrue(md.timestamp() >= before, "log append time " + md.timestamp() + " should be >= " + before);
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertEquals(1, read.size(), "records in the topic");
        ConsumerRecord<byte[], byte[]> r = read.get(0);
        assertEquals(TimestampType.LOG_APPEND_TIME, r.timestampType());
        assertEquals(r.timestamp(), md.timestamp());
    }

    @Test
    void manyThreadsSharingOneProducerLoseAndDuplicateNothing() throws Exception {
        String topic = "threads-" + System.nanoTime();
        cluster.createTopic(topic, 6, 1, Map.of());
        int threads = 8;
        int perThread = 5_000;
        ConcurrentHashMap<String, Long> offsets = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        try (Producer<byte[], byte[]> p = producer(Map.of("linger.ms", 2))) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            String id = thread + "-" + i;
                            p.send(new ProducerRecord<>(topic, bytes(id), bytes(id)), (md, e) -> {
                                if (e == null) {
                                    offsets.put(id, ((long) md.partition() << 40) | md.offset());
                                }
                            });
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            assertTrue(done.await(120, TimeUnit.SECONDS));
            p.flush();
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;
        assertEquals(total, offsets.size(), "every record acknowledged");
        assertEquals(total, new java.util.HashSet<>(offsets.values()).size(), "distinct offsets");
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(total, read.size(), "records in the topic");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            String id = new String(r.value(), StandardCharsets.UTF_8);
            assertTrue(ids.add(id), "duplicate " + id);
            assertEquals(offsets.get(id), ((long) r.partition() << 40) | r.offset(), "offset of " + id);
        }
    }

    /**
     * Each codec, at its default and at explicit levels: every batch the broker stored carries that codec in its
     * attributes (read from the broker's segment files: the topic keeps the producer's codec, so what is on disk is
     * what was sent), the stored batches hold every record once, and the official consumer reads them all back.
     */
    @ParameterizedTest(name = "compression={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd", "gzip:1", "gzip:9", "lz4:1", "lz4:17",
            "zstd:-5", "zstd:1", "zstd:19"})
    void everyCodecAndLevelIsStoredWithItsCodecAndReadableByTheOfficialConsumer(String codecAndLevel)
            throws Exception {
        String codec = codecAndLevel.split(":")[0];
        Map<String, Object> cfg = new HashMap<>(Map.of("compression.type", codec, "linger.ms", 20));
        if (codecAndLevel.contains(":")) {
            cfg.put("compression." + codec + ".level", codecAndLevel.split(":")[1]);
        }
        String topic = "codec-" + codecAndLevel.replace(":", "-L") + "-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1, Map.of());
        int count = 3_000;
        try (Producer<byte[], byte[]> p = producer(cfg)) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(topic, null, bytes("k" + i), bytes("{\"id\":" + i + ",\"name\":\"record " + i
                        + "\",\"tags\":[\"a\",\"b\",\"c\"]}"), List.of(new Header("trace", bytes("t" + i)))));
            }
            p.flush();
            double ratio = ProducerMetricValues.value(p, "compression-rate-avg");
            if (codec.equals("none")) {
                assertEquals(1.0, ratio, 1e-9, "uncompressed batches");
            } else {
                assertTrue(ratio < 0.8, "batches were not compressed: compression-rate-avg " + ratio);
            }
        }
        List<StoredBatches.Batch> stored = StoredBatches.read(cluster, topic);
        assertTrue(!stored.isEmpty(), "no batch found in the broker's segment files");
        for (StoredBatches.Batch b : stored) {
            assertEquals(StoredBatches.codecBits(codec), b.codec(), "codec bits of stored batch " + b);
        }
        assertEquals(count, stored.stream().mapToInt(StoredBatches.Batch::recordCount).sum(),
                "records in the stored batches");
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(count, read.size(), "records in the topic");
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            String k = new String(r.key(), StandardCharsets.UTF_8);
            int i = Integer.parseInt(k.substring(1));
            assertTrue(ids.add(i), "record " + i + " is in the topic twice");
            assertArrayEquals(bytes("t" + i), r.headers().lastHeader("trace").value());
            assertTrue(new String(r.value(), StandardCharsets.UTF_8).startsWith("{\"id\":" + i + ","));
        }
    }

    /**
     * Session 18: with compression, batch.size bounds a batch as compressed (as the official client fills its
     * batches), so batches of records that compress well hold more than batch.size of records before compression;
     * the broker stores them and the official consumer reads every record back once, in order.
     */
    @Test
    void batchesOfRecordsThatCompressWellHoldMoreThanBatchSizeBeforeCompression() throws Exception {
        String topic = "compressed-size-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        int count = 5_000;
        int valueBytes = 100;
        int batchSize = 16_384;
        try (Producer<byte[], byte[]> p = producer(Map.of("compression.type", "lz4", "batch.size", batchSize,
                "linger.ms", 50))) {
            for (int i = 0; i < count; i++) {
                String prefix = "{\"id\":" + i + ",\"event\":\"page_view\",\"pad\":\"";
                String value = prefix + "a".repeat(valueBytes - prefix.length() - 2) + "\"}";
                p.send(new ProducerRecord<>(topic, bytes(value)));
            }
            p.flush();
        }
        List<StoredBatches.Batch> stored = StoredBatches.read(cluster, topic);
        int most = stored.stream().mapToInt(StoredBatches.Batch::recordCount).max().orElse(0);
        // Each record takes at least its 100-byte value in the batch before compression.
        assertTrue(most > batchSize / valueBytes, "the largest stored batch holds " + most + " records, no more than "
                + "batch.size holds before compression: " + stored);
        assertEquals(count, stored.stream().mapToInt(StoredBatches.Batch::recordCount).sum(), "records stored");
        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(60));
        assertEquals(count, read.size(), "records in the topic");
        for (int i = 0; i < count; i++) {
            assertTrue(new String(read.get(i).value(), StandardCharsets.UTF_8).startsWith("{\"id\":" + i + ","),
                    "record " + i + " in its place");
        }
    }

    /**
     * The level is applied: the same records, sent as one batch (a 60 s linger and a 1 MiB batch.size hold them
     * until flush; identical timestamps, keys, values and headers), are stored smaller at the codec's highest level
     * than at its lowest, and each stored batch carries the codec.
     */
    @ParameterizedTest(name = "compression={0} levels {1} and {2}")
    @CsvSource({"gzip, 1, 9", "lz4, 1, 17", "zstd, -5, 19"})
    void aHigherCompressionLevelStoresTheSameBatchSmaller(String codec, int lowLevel, int highLevel)
            throws Exception {
        int low = storedBatchSize(codec, lowLevel);
        int high = storedBatchSize(codec, highLevel);
        assertTrue(high < low, codec + ": the batch stored at level " + highLevel + " has " + high + " bytes, at level "
                + lowLevel + " " + low + " bytes: the level made no difference");
    }

    /** Sends the same 2,000 compressible records as one batch at this level; returns the stored batch's size. */
    private int storedBatchSize(String codec, int level) throws Exception {
        String topic = "level-" + codec + "-L" + level + "-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        int count = 2_000;
        long baseTs = 1_700_000_000_000L;
        try (Producer<byte[], byte[]> p = producer(Map.of("compression.type", codec, "compression." + codec + ".level",
                level, "linger.ms", 60_000, "batch.size", 1 << 20))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(p.send(new ProducerRecord<>(topic, 0, baseTs + i, bytes("k" + i), bytes("{\"id\":" + i
                        + ",\"name\":\"record " + i + "\",\"tags\":[\"a\",\"b\",\"c\"],\"score\":" + (i * 7919 % 1000)
                        + "}"), List.of(new Header("trace", bytes("t" + i))))));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get();
            }
        }
        List<StoredBatches.Batch> stored = StoredBatches.read(cluster, topic);
        assertEquals(1, stored.size(), codec + " level " + level + ": one batch expected, stored " + stored);
        StoredBatches.Batch batch = stored.get(0);
        assertEquals(count, batch.recordCount(), "records in " + batch);
        assertEquals(StoredBatches.codecBits(codec), batch.codec(), "codec bits of " + batch);
        return batch.sizeInBytes();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
