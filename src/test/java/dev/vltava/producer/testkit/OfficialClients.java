package dev.vltava.producer.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The official client, used in tests only as a verifier (and as a control). */
public final class OfficialClients {
    private OfficialClients() {
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap, Properties extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    /**
     * Reads every partition of the topic from its beginning up to the end offset it has when this is called, so call
     * it after the producer flushed or closed. It reads everything there is, never stopping at an expected count, so
     * the caller can assert exact counts and that nothing is there twice (a duplicate at a partition's tail included).
     * Returns the records ordered by partition, then offset; fails if the end offsets are not reached within
     * {@code timeout}.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, Duration timeout) {
        return readAll(bootstrap, topic, timeout, Map.of());
    }

    /**
     * As {@link #readAll(String, String, Duration)}, with extra consumer settings (e.g. the security settings of a
     * secured listener, whose {@code bootstrap.servers} may replace {@code bootstrap}).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, Duration timeout,
            Map<String, Object> extra) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, extra)) {
            List<TopicPartition> tps = partitions(consumer, topic);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            Set<TopicPartition> behind = new HashSet<>(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                behind.removeIf(tp -> consumer.position(tp, Duration.ofSeconds(30)) >= end.get(tp));
                if (behind.isEmpty()) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("read-back of " + topic + " did not reach the end offsets " + end
                            + " within " + timeout + "; behind: " + behind.stream().map(tp -> tp.partition() + "@"
                            + consumer.position(tp)).collect(Collectors.joining(", ")) + "; read " + out.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        out.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    /**
     * As {@link #readAll(String, String, Duration)} with {@code isolation.level=read_committed}: records of committed
     * transactions and non-transactional records, read up to each partition's last stable offset (an open
     * transaction stops the read there, so call {@link #awaitNoOpenTransaction} first when one may be open).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic,
            Duration timeout) {
        return readAll(bootstrap, topic, timeout, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }

    /** The record values read by {@link #readCommitted}, as UTF-8 strings, in partition then offset order. */
    public static List<String> committedValues(String bootstrap, String topic, Duration timeout) {
        return readCommitted(bootstrap, topic, timeout).stream()
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    /** Fails unless some partition's last stable offset is below its high watermark. */
    public static void assertTransactionOpen(String bootstrap, String topic) {
        Properties base = new Properties();
        base.put("bootstrap.servers", bootstrap);
        base.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        base.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        Properties committed = new Properties();
        committed.putAll(base);
        committed.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> high = new KafkaConsumer<>(base);
                KafkaConsumer<byte[], byte[]> stable = new KafkaConsumer<>(committed)) {
            List<TopicPartition> tps = high.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> highs = high.endOffsets(tps, Duration.ofSeconds(30));
            Map<TopicPartition, Long> stables = stable.endOffsets(tps, Duration.ofSeconds(30));
            if (highs.equals(stables)) {
                throw new AssertionError("no open transaction on " + topic + ": last stable offsets = high watermarks "
                        + highs);
            }
        }
    }

    /**
     * Waits (polling; a hang guard, not a timing assertion) until no partition of the topic has an open transaction:
     * every partition's last stable offset (a read_committed consumer's end offset) has reached its high watermark.
     */
    public static void awaitNoOpenTransaction(String bootstrap, String topic, Duration timeout)
            throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> uncommitted = consumer(bootstrap, Map.of());
                KafkaConsumer<byte[], byte[]> committed = consumer(bootstrap,
                        Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> tps = partitions(uncommitted, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(tps, Duration.ofSeconds(30));
                Map<TopicPartition, Long> high = uncommitted.endOffsets(tps, Duration.ofSeconds(30));
                if (stable.equals(high)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(topic + " still has an open transaction after " + timeout
                            + ": last stable offsets " + stable + ", high watermarks " + high);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Waits (polling; a hang guard, not a timing assertion) until the topic's end offsets add up to at least
     * {@code records}. For acks=0, where a flushed producer has only written its requests: once the broker has
     * appended them all, {@link #readAll} sees everything (and anything beyond).
     */
    public static void awaitEndOffsets(String bootstrap, String topic, long records, Duration timeout)
            throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, Map.of())) {
            List<TopicPartition> tps = partitions(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            long total;
            while ((total = consumer.endOffsets(tps, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue).sum()) < records) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(topic + " holds " + total + " records after " + timeout + ", expected at "
                            + "least " + records);
                }
                Thread.sleep(100);
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putAll(extra);
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        return IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i))
                .collect(Collectors.toList());
    }
}
