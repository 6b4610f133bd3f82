package dev.vltava.producer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import dev.vltava.producer.testkit.BrokerLogsOnFailure;
import dev.vltava.producer.testkit.BrokerNode;
import dev.vltava.producer.testkit.KafkaCluster;
import dev.vltava.producer.testkit.OfficialClients;
import dev.vltava.producer.testkit.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Idempotence under fire: keyed records produced with acks=all, idempotence and 5 requests in flight while brokers
 * of a 3-node cluster are killed (-9), restarted, paused and resumed. Afterwards the official consumer reads the
 * topic and every record whose future succeeded must be there exactly once, at the offset its metadata gave, in send
 * order per partition; every future must have completed; no record may appear twice. The official producer runs the
 * same scenario as a control, which validates the harness.
 */
@ExtendWith(BrokerLogsOnFailure.class)
class IdempotentChaosIT {
    private static final int RECORDS = 200_000;
    private static final int PARTITIONS = 12;

    /** What one run needs from a producer; two implementations: ours and the official one. */
    private interface SendFn {
        void send(int i, byte[] key, byte[] value, Outcome outcome);

        void flushAndClose();
    }

    private interface Outcome {
        void done(int partition, long offset, Exception error);
    }

    @Test
    void vltavaLosesDuplicatesAndReordersNothingWhileBrokersFail() throws Exception {
        KafkaCluster cluster = TestClusters.triple();
        Map<String, Object> props = baseProps(cluster);
        Producer<byte[], byte[]> p = Producer.<byte[], byte[]>builder().configs(props)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
        run(cluster, "chaos-vltava-" + System.nanoTime(), true, new SendFn() {
            @Override
            public void send(int i, byte[] key, byte[] value, Outcome o) {
                p.send(new ProducerRecord<>(currentTopic, key, value), (md, e) -> o.done(
                        md == null ? -1 : md.partition(), md == null ? -1 : md.offset(), e));
            }

            @Override
            public void flushAndClose() {
                p.flush();
                p.close(Duration.ofSeconds(30));
            }
        });
    }

    @Test
    void theOfficialProducerPassesTheSameHarness() throws Exception {
        KafkaCluster cluster = TestClusters.triple();
        Properties props = new Properties();
        baseProps(cluster).forEach((k, v) -> props.put(k, String.valueOf(v)));
        KafkaProducer<byte[], byte[]> p = OfficialClients.producer(cluster.bootstrapServers(), props);
        // Order is not asserted for the official client: under this chaos it was seen to put an early record after
        // later ones (partition 4 had record 1472 before 14). The broker accepts any sequence on the first request
        // of a producer id on a partition, and the official client pipelines before a first success there; Vltava
        // sends one batch per partition until then. Reorderings are counted and printed instead.
        run(cluster, "chaos-official-" + System.nanoTime(), false, new SendFn() {
            @Override
            public void send(int i, byte[] key, byte[] value, Outcome o) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(currentTopic, key, value),
                        (md, e) -> o.done(md == null ? -1 : md.partition(), md == null ? -1 : md.offset(), e));
            }

            @Override
            public void flushAndClose() {
                p.flush();
                p.close(Duration.ofSeconds(30));
            }
        });
    }

    private static volatile String currentTopic;

    private static Map<String, Object> baseProps(KafkaCluster cluster) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("max.in.flight.requests.per.connection", 5);
        props.put("linger.ms", 5);
        props.put("request.timeout.ms", 8000);
        props.put("delivery.timeout.ms", 120_000);
        props.put("retry.backoff.ms", 100);
        props.put("metadata.max.age.ms", 5000);
        return props;
    }

    private void run(KafkaCluster cluster, String topic, boolean assertOrder, SendFn producer) throws Exception {
        currentTopic = topic;
        cluster.createTopic(topic, PARTITIONS, 3, Map.of("min.insync.replicas", "2"));
        AtomicInteger completions = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger doubleCompletions = new AtomicInteger();
        AtomicLongArray offsets = new AtomicLongArray(RECORDS);
        AtomicReferenceArray<Object> outcome = new AtomicReferenceArray<>(RECORDS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger faults = new AtomicInteger();
        Thread chaos = new Thread(() -> chaos(cluster, topic, stop, faults), "chaos");
        chaos.start();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < RECORDS; i++) {
                int idx = i;
                byte[] key = ("key-" + (i % 5000)).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("value-" + i).getBytes(StandardCharsets.UTF_8);
                producer.send(i, key, value, (partition, offset, error) -> {
                    Object result = error != null ? error : (Object) ((long) partition << 40 | offset);
                    if (!outcome.compareAndSet(idx, null, result)) {
                        doubleCompletions.incrementAndGet();
                    }
                    if (error == null) {
                        offsets.set(idx, (long) partition << 40 | offset);
                    } else {
                        failures.incrementAndGet();
                    }
                    completions.incrementAndGet();
                });
                if (i % 2000 == 1999) {
                    pace(start, i); // spread the records over the chaos (about 5,000 records/s)
                }
            }
        } finally {
            stop.set(true);
            chaos.join(TimeUnit.MINUTES.toMillis(3));
            healAll(cluster);
        }
        producer.flushAndClose();
        // the chaos waits for full in-sync replica sets before each fault: make sure that left room for some
        assertTrue(faults.get() >= 2, "only " + faults.get() + " faults injected while sending");
        assertEquals(0, doubleCompletions.get(), "futures completed more than once");
        assertEquals(RECORDS, completions.get(), "every future completed");
        int succeeded = RECORDS - failures.get();
        // Vltava must deliver nearly everything; the control only has to deliver enough to exercise the checks
        // below (the official client can stall a partition until delivery.timeout.ms, see the note above).
        double minimumShare = assertOrder ? 0.9 : 0.5;
        assertTrue(succeeded > RECORDS * minimumShare, "too many records failed: " + failures.get()
                + " first failure: " + firstFailure(outcome));

        List<ConsumerRecord<byte[], byte[]>> read = OfficialClients.readAll(cluster.bootstrapServers(), topic,
                Duration.ofSeconds(90));
        Map<Integer, ConsumerRecord<byte[], byte[]>> seen = new HashMap<>();
        Map<Integer, Integer> lastIndexPerPartition = new HashMap<>();
        int reorderings = 0;
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int i = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).substring("value-".length()));
            ConsumerRecord<byte[], byte[]> before = seen.put(i, r);
            assertTrue(before == null, "record " + i + " is in the topic twice: offsets " + (before == null ? -1
                    : before.offset()) + " and " + r.offset() + " of partition " + r.partition());
            Integer last = lastIndexPerPartition.put(r.partition(), i);
            if (last != null && last > i) {
                reorderings++;
                assertTrue(!assertOrder, "partition " + r.partition() + " has record " + last + " before " + i
                        + ": reordered");
                System.err.println("[chaos] " + topic + ": partition " + r.partition() + " has record " + last
                        + " before " + i);
            }
        }
        System.err.println("[chaos] " + topic + ": " + failures.get() + " failed record(s), " + reorderings
                + " reordering(s)");
        for (int i = 0; i < RECORDS; i++) {
            if (outcome.get(i) instanceof Exception) {
                continue;
            }
            ConsumerRecord<byte[], byte[]> r = seen.get(i);
            assertTrue(r != null, "acknowledged record " + i + " is missing from the topic");
            long expected = offsets.get(i);
            assertEquals(expected >>> 40, r.partition(), "partition of record " + i);
            assertEquals(expected & ((1L << 40) - 1), r.offset(), "offset of record " + i);
        }
    }

    private static Object firstFailure(AtomicReferenceArray<Object> outcome) {
        for (int i = 0; i < outcome.length(); i++) {
            if (outcome.get(i) instanceof Exception e) {
                return e;
            }
        }
        return null;
    }

    private static void pace(long startNs, int sent) throws InterruptedException {
        long dueNs = startNs + TimeUnit.MILLISECONDS.toNanos(sent / 5);
        long waitNs = dueNs - System.nanoTime();
        if (waitNs > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNs);
        }
    }

    /**
     * Kills, restarts, pauses and resumes nodes in turn until told to stop (bounded to 25 rounds), each time once the
     * topic's replicas are all in sync again (see {@link KafkaCluster#awaitFullIsr}).
     */
    private static void chaos(KafkaCluster cluster, String topic, AtomicBoolean stop, AtomicInteger faults) {
        Random random = new Random(42);
        try {
            for (int round = 0; round < 25 && !stop.get(); round++) {
                if (!cluster.awaitFullIsr(List.of(topic), stop::get)) {
                    return;
                }
                BrokerNode victim = cluster.nodes().get(random.nextInt(cluster.size()));
                System.err.println("[chaos] round " + round + ": " + (round % 3 == 2 ? "pause" : "kill -9") + " node "
                        + victim.nodeId());
                faults.incrementAndGet();
                if (round % 3 == 2) {
                    victim.pause();
                    Thread.sleep(3000);
                    victim.resume();
                } else {
                    victim.kill();
                    Thread.sleep(2000);
                    victim.start();
                    cluster.awaitNode(victim.nodeId());
                }
                Thread.sleep(2500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void healAll(KafkaCluster cluster) {
        for (BrokerNode n : cluster.nodes()) {
            n.resume();
            if (!n.isRunning()) {
                n.start();
                cluster.awaitNode(n.nodeId());
            }
        }
    }
}
