package dev.vltava.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic back with the official consumer: record count and the quickstart's checksum. */
final class QuickstartVerifier {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private QuickstartVerifier() {
    }

    record Read(long count, long checksum, double seconds) {
    }

    static Read readBack(String bootstrap, String topic, int partitions, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        AtomicLong count = new AtomicLong();
        long checksum = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             ProgressBar bar = new ProgressBar(System.out, "read back", expected, count::get)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long lastProgress = System.nanoTime();
            while (count.get() < expected && System.nanoTime() - lastProgress < IDLE_TIMEOUT.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    lastProgress = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    checksum += Quickstart.checksum(r.key(), r.value());
                    count.incrementAndGet();
                }
            }
        }
        return new Read(count.get(), checksum, (System.nanoTime() - start) / 1e9);
    }
}
