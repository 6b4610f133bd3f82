package dev.vltava.producer.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestCluster;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same scenarios, through the official {@link Producer} interface, against {@link KafkaProducer} and
 * {@link VltavaKafkaProducer} on the real broker: the observable results must be identical (each producer writes to
 * its own fresh topic, so offsets are comparable). The one deliberate difference, metadata never blocking send(),
 * is asserted explicitly.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class CompatParityIT {
    private static final int PARTITIONS = 6;

    private final TestCluster cluster = TestClusters.single();

    enum Impl { KAFKA, VLTAVA }

    private Producer<String, String> producer(Impl impl, Object... extra) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        for (int i = 0; i < extra.length; i += 2) {
            p.put((String) extra[i], extra[i + 1]);
        }
        return impl == Impl.KAFKA ? new KafkaProducer<>(p) : new VltavaKafkaProducer<>(p);
    }

    private String topic(String scenario, Impl impl) {
        String topic = "parity-" + scenario + "-" + impl.name().toLowerCase() + "-" + System.nanoTime();
        cluster.createTopic(topic, PARTITIONS);
        return topic;
    }

    /** How one send turned out: thrown from send(), or reported through callback and future. */
    record Outcome(String thrown, String callbackError, String futureError, int partition, long offset,
            boolean doneWhenSendReturned) {
    }

    private static Outcome sendOne(Producer<String, String> p, ProducerRecord<String, String> record) {
        CompletableFuture<String> callbackError = new CompletableFuture<>();
        CompletableFuture<RecordMetadata> callbackMetadata = new CompletableFuture<>();
        Future<RecordMetadata> f;
        try {
            f = p.send(record, (md, e) -> {
                RecordingPlugins.EVENTS.add("callback partition=" + md.partition() + " error="
                        + (e == null ? "none" : e.getClass().getSimpleName()));
                callbackMetadata.complete(md);
                callbackError.complete(e == null ? "none" : e.getClass().getName());
            });
        } catch (RuntimeException e) {
            return new Outcome(e.getClass().getName(), "not called", "no future", -9, -9, false);
        }
        boolean doneAtReturn = f.isDone();
        String futureError = "none";
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            futureError = e.getCause().getClass().getName();
        } catch (Exception e) {
            throw new AssertionError("the future did not complete", e);
        }
        RecordMetadata md = callbackMetadata.join();
        return new Outcome("nothing", callbackError.join(), futureError, md.partition(), md.offset(), doneAtReturn);
    }

    @Test
    void keyedRecordsLandOnTheSamePartitionsAndOffsetsAndReadBackIdentically() throws Exception {
        Map<Impl, List<String>> acks = new HashMap<>();
        Map<Impl, List<String>> read = new HashMap<>();
        Map<Impl, Map<Integer, List<Long>>> callbackOrder = new HashMap<>();
        long baseTs = System.currentTimeMillis() - 60_000;
        int count = 600;
        for (Impl impl : Impl.values()) {
            String topic = topic("keyed", impl);
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            Map<Integer, List<Long>> order = new TreeMap<>();
            try (Producer<String, String> p = producer(impl, "linger.ms", 5)) {
                for (int i = 0; i < count; i++) {
                    futures.add(p.send(record(topic, i, baseTs), (md, e) -> {
                        synchronized (order) {
                            order.computeIfAbsent(md.partition(), k -> new ArrayList<>()).add(md.offset());
                        }
                    }));
                }
                p.flush();
                for (Future<RecordMetadata> f : futures) {
                    assertTrue(f.isDone(), impl + ": flush returned before every record completed");
                }
            }
            List<String> mds = new ArrayList<>();
            for (Future<RecordMetadata> f : futures) {
                RecordMetadata md = f.get();
                mds.add(md.partition() + "@" + md.offset() + " ts=" + md.timestamp() + " k=" + md.serializedKeySize()
                        + " v=" + md.serializedValueSize());
            }
            acks.put(impl, mds);
            callbackOrder.put(impl, order);
            read.put(impl, OfficialClients.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(60))
                    .stream().map(CompatParityIT::describe).sorted().collect(Collectors.toList()));
        }
        assertEquals(count, read.get(Impl.KAFKA).size());
        assertEquals(acks.get(Impl.KAFKA), acks.get(Impl.VLTAVA), "partition, offset, timestamp, sizes per record");
        assertEquals(read.get(Impl.KAFKA), read.get(Impl.VLTAVA), "what the official consumer reads");
        assertEquals(callbackOrder.get(Impl.KAFKA), callbackOrder.get(Impl.VLTAVA), "callback order per partition");
        for (List<Long> offsets : callbackOrder.get(Impl.VLTAVA).values()) {
            List<Long> sorted = new ArrayList<>(offsets);
            Collections.sort(sorted);
            assertEquals(sorted, offsets, "callbacks of a partition run in offset order");
        }
    }

    /** Keyed records (murmur2), records with an explicit partition, null keys and values, headers, timestamps. */
    private static ProducerRecord<String, String> record(String topic, int i, long baseTs) {
        String key = i % 5 == 0 ? null : "customer-" + (i * 7919 % 1000);
        Integer partition = null;
        if (key == null) {
            partition = i % PARTITIONS;
        } else if (i % 7 == 0) {
            partition = 2;
        }
        String value = i % 11 == 0 ? null : "value-" + i + "-ünïcødé";
        List<Header> headers = i % 3 == 0
                ? List.of(new RecordHeader("trace", bytes("t" + i)), new RecordHeader("empty", null))
                : List.of();
        return new ProducerRecord<>(topic, partition, baseTs + i, key, value, headers);
    }

    private static String describe(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder headers = new StringBuilder();
        for (Header h : r.headers()) {
            headers.append(h.key()).append('=').append(h.value() == null ? "null" : str(h.value())).append(';');
        }
        return r.partition() + "@" + r.offset() + " ts=" + r.timestamp() + " " + r.timestampType() + " key="
                + (r.key() == null ? "null" : str(r.key())) + " value=" + (r.value() == null ? "null" : str(r.value()))
                + " headers=" + headers;
    }

    @Test
    void badInputFailsWithTheSameTypeInTheSamePlace() {
        Map<String, Map<Impl, Outcome>> outcomes = new TreeMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic("bad", impl);
            try (Producer<String, String> p = producer(impl, "max.request.size", 10_000, "max.block.ms", 2_000)) {
                outcomes.computeIfAbsent("oversized", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, "k", "x".repeat(20_000))));
                outcomes.computeIfAbsent("good after oversized", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, 1, "k", "fine")));
                outcomes.computeIfAbsent("partition out of range", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, PARTITIONS + 3, "k", "v")));
            }
            Producer<String, String> closed = producer(impl);
            closed.close();
            outcomes.computeIfAbsent("closed producer", k -> new HashMap<>())
                    .put(impl, sendOne(closed, new ProducerRecord<>(topic, "k", "v")));
            try (Producer<String, String> p = producer(impl, "value.serializer",
                    RecordingPlugins.FailingSerializer.class.getName())) {
                outcomes.computeIfAbsent("serializer throws", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, "k", "v")));
            }
            try (Producer<String, String> p = producer(impl, "value.serializer", IntegerSerializer.class.getName())) {
                outcomes.computeIfAbsent("value of the wrong type", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, "k", "not an integer")));
            }
            try (Producer<String, String> p = producer(impl, "partitioner.class",
                    RecordingPlugins.LastPartitionPartitioner.class.getName())) {
                outcomes.computeIfAbsent("custom partitioner", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, "k", "v")));
                outcomes.computeIfAbsent("custom partitioner returns -1", k -> new HashMap<>())
                        .put(impl, sendOne(p, new ProducerRecord<>(topic, "negative", "v")));
            }
        }
        outcomes.forEach((scenario, byImpl) -> {
            Outcome theirs = byImpl.get(Impl.KAFKA);
            Outcome ours = byImpl.get(Impl.VLTAVA);
            if (scenario.equals("partition out of range")) {
                // Both fail through the future; see the dedicated test for the blocking difference.
                assertEquals(theirs.futureError(), ours.futureError(), scenario);
                assertEquals(theirs.callbackError(), ours.callbackError(), scenario);
                return;
            }
            assertEquals(theirs, ours, scenario);
        });
        assertEquals(org.apache.kafka.common.errors.RecordTooLargeException.class.getName(),
                outcomes.get("oversized").get(Impl.VLTAVA).futureError());
        assertEquals(IllegalStateException.class.getName(), outcomes.get("closed producer").get(Impl.VLTAVA).thrown());
        assertEquals(org.apache.kafka.common.errors.SerializationException.class.getName(),
                outcomes.get("value of the wrong type").get(Impl.VLTAVA).thrown());
        assertEquals(PARTITIONS - 1, outcomes.get("custom partitioner").get(Impl.VLTAVA).partition());
    }

    @Test
    void anUnknownTopicFailsWithTimeoutButOnlyKafkaBlocksInSend() {
        Map<Impl, Outcome> outcomes = new HashMap<>();
        Map<Impl, String> partitionsFor = new HashMap<>();
        for (Impl impl : Impl.values()) {
            String missing = "parity-missing-" + impl + "-" + System.nanoTime();
            try (Producer<String, String> p = producer(impl, "max.block.ms", 1_500)) {
                outcomes.put(impl, sendOne(p, new ProducerRecord<>(missing, "k", "v")));
                try {
                    p.partitionsFor(missing);
                    partitionsFor.put(impl, "returned");
                } catch (RuntimeException e) {
                    partitionsFor.put(impl, e.getClass().getName());
                }
            }
        }
        Outcome theirs = outcomes.get(Impl.KAFKA);
        Outcome ours = outcomes.get(Impl.VLTAVA);
        String timeout = TimeoutException.class.getName();
        assertEquals(timeout, theirs.futureError());
        assertEquals(timeout, ours.futureError());
        assertEquals(timeout, theirs.callbackError());
        assertEquals(timeout, ours.callbackError());
        assertEquals("nothing", ours.thrown(), "neither throws from send()");
        assertEquals(theirs.thrown(), ours.thrown());
        // The deliberate difference: Kafka blocked in send() until max.block.ms ran out, so its future was already
        // failed when send() returned; Vltava returned at once and failed the future after max.block.ms.
        assertTrue(theirs.doneWhenSendReturned(), "KafkaProducer blocks in send() for metadata");
        assertFalse(ours.doneWhenSendReturned(), "VltavaKafkaProducer never blocks in send() for metadata");
        assertEquals(timeout, partitionsFor.get(Impl.KAFKA));
        assertEquals(timeout, partitionsFor.get(Impl.VLTAVA), "partitionsFor blocks and times out in both");
    }

    @Test
    void aCustomPartitionBeyondTheTopicFailsAtOnceInVltavaButExpiresInKafka() {
        Map<Impl, Outcome> outcomes = new HashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic("beyond", impl);
            try (Producer<String, String> p = producer(impl, "partitioner.class",
                    BeyondLastPartitioner.class.getName(), "linger.ms", 0, "request.timeout.ms", 1_000,
                    "delivery.timeout.ms", 1_500)) {
                p.partitionsFor(topic);
                outcomes.put(impl, sendOne(p, new ProducerRecord<>(topic, "k", "v")));
            }
        }
        // A documented difference: both report through callback and future, not by throwing, but Kafka queues the
        // record for a partition that does not exist until delivery.timeout.ms expires it; Vltava rejects it.
        assertEquals("nothing", outcomes.get(Impl.KAFKA).thrown());
        assertEquals("nothing", outcomes.get(Impl.VLTAVA).thrown());
        assertEquals(TimeoutException.class.getName(), outcomes.get(Impl.KAFKA).futureError());
        assertEquals(IllegalArgumentException.class.getName(), outcomes.get(Impl.VLTAVA).futureError());
    }

    /** Returns the partition count: one past the last partition. */
    public static final class BeyondLastPartitioner implements org.apache.kafka.clients.producer.Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                org.apache.kafka.common.Cluster cluster) {
            return cluster.partitionCountForTopic(topic);
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void closeSendsWhatIsBufferedAndCloseZeroFailsItAlike() throws Exception {
        Map<Impl, List<String>> graceful = new HashMap<>();
        Map<Impl, List<String>> forced = new HashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic("close", impl);
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            Producer<String, String> p = producer(impl, "linger.ms", 60_000);
            for (int i = 0; i < 20; i++) {
                pending.add(p.send(new ProducerRecord<>(topic, i % PARTITIONS, "k", "v" + i)));
            }
            p.close();
            graceful.put(impl, outcomes(pending));

            List<Future<RecordMetadata>> abandoned = new ArrayList<>();
            Producer<String, String> q = producer(impl, "linger.ms", 60_000);
            q.partitionsFor(topic); // metadata known, so records sit in the accumulator
            for (int i = 0; i < 20; i++) {
                abandoned.add(q.send(new ProducerRecord<>(topic, i % PARTITIONS, "k", "v" + i)));
            }
            q.close(Duration.ZERO);
            forced.put(impl, outcomes(abandoned));
        }
        assertEquals(graceful.get(Impl.KAFKA), graceful.get(Impl.VLTAVA), "close() completes every record");
        assertTrue(graceful.get(Impl.VLTAVA).stream().allMatch(s -> s.startsWith("ok")), graceful.toString());
        assertEquals(forced.get(Impl.KAFKA), forced.get(Impl.VLTAVA), "close(0) fails what was pending");
        assertTrue(forced.get(Impl.VLTAVA).stream().allMatch(s -> s.equals(KafkaException.class.getName())),
                forced.toString());
    }

    private static List<String> outcomes(List<Future<RecordMetadata>> futures) {
        List<String> out = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            assertTrue(f.isDone(), "close returned before a record completed");
            try {
                RecordMetadata md = f.get();
                out.add("ok " + md.partition() + "@" + md.offset());
            } catch (ExecutionException e) {
                out.add(e.getCause().getClass().getName());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void interceptorsAndHeaderWritingSerializersSeeAndWriteTheSame() {
        Map<Impl, List<String>> events = new HashMap<>();
        Map<Impl, List<String>> read = new HashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic("plugins", impl);
            RecordingPlugins.reset();
            try (Producer<String, String> p = producer(impl, "client.id", "parity-plugins", "key.serializer",
                    RecordingPlugins.TaggingSerializer.class.getName(), "value.serializer",
                    RecordingPlugins.TaggingSerializer.class.getName(), "interceptor.classes",
                    RecordingPlugins.LoggingInterceptor.class.getName(), "max.request.size", 10_000)) {
                for (int i = 0; i < 5; i++) {
                    sendOne(p, new ProducerRecord<>(topic, i % 2, 1_000L + i, "k" + i, "v" + i));
                }
                sendOne(p, new ProducerRecord<>(topic, 0, "big", "x".repeat(20_000)));
            }
            events.put(impl, new ArrayList<>(RecordingPlugins.EVENTS));
            read.put(impl, OfficialClients.readAll(cluster.bootstrapServers(), topic, Duration.ofSeconds(30))
                    .stream().map(CompatParityIT::describe).sorted().collect(Collectors.toList()));
        }
        assertEquals(events.get(Impl.KAFKA), events.get(Impl.VLTAVA), "configure, acknowledgements, close");
        assertEquals(read.get(Impl.KAFKA), read.get(Impl.VLTAVA), "headers added by interceptor and serializers");
        assertTrue(read.get(Impl.VLTAVA).get(0).contains("intercepted=null;serialized-key=null;serialized-value=null"),
                read.get(Impl.VLTAVA).get(0));
    }

    @Test
    void partitionsForAndMetricsLookAlike() throws Exception {
        Map<Impl, String> partitions = new HashMap<>();
        for (Impl impl : Impl.values()) {
            String topic = topic("meta", impl);
            try (Producer<String, String> p = producer(impl, "client.id", "parity-meta-" + impl)) {
                List<PartitionInfo> infos = p.partitionsFor(topic);
                partitions.put(impl, infos.stream().map(i -> i.partition() + ":" + i.leader().id() + ":"
                        + i.replicas().length + ":" + i.inSyncReplicas().length).sorted()
                        .collect(Collectors.joining(",")));
                for (int i = 0; i < 10; i++) {
                    p.send(new ProducerRecord<>(topic, "k" + i, "v")).get(30, TimeUnit.SECONDS);
                }
                MetricName sent = new MetricName("record-send-total", "producer-metrics", "",
                        Map.of("client-id", "parity-meta-" + impl));
                Metric metric = p.metrics().get(sent);
                assertNotNull(metric, impl + " has " + sent);
                assertEquals(10.0, (Double) metric.metricValue(), impl + " counted the records");
            }
        }
        assertEquals(partitions.get(Impl.KAFKA), partitions.get(Impl.VLTAVA));
    }

    @Test
    void theFutureIsACompletableFutureWithOfficialExceptions() throws Exception {
        String topic = topic("future", Impl.VLTAVA);
        try (Producer<String, String> p = producer(Impl.VLTAVA, "max.request.size", 10_000)) {
            Future<RecordMetadata> ok = p.send(new ProducerRecord<>(topic, "k", "v"));
            CompletableFuture<RecordMetadata> cf = assertInstanceOf(CompletableFuture.class, ok);
            assertEquals(topic, cf.thenApply(RecordMetadata::topic).get(30, TimeUnit.SECONDS));
            CompletableFuture<?> big = (CompletableFuture<?>) p.send(new ProducerRecord<>(topic, "k",
                    "x".repeat(20_000)));
            Throwable viaJoin = big.handle((v, e) -> e).get(30, TimeUnit.SECONDS);
            assertSame(org.apache.kafka.common.errors.RecordTooLargeException.class, viaJoin.getClass());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
