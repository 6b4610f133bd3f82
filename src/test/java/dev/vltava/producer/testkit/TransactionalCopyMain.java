package dev.vltava.producer.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Entry point of a child JVM running the consume-transform-produce loop: an official consumer (group, read_committed,
 * no auto-commit) reads the input topic; each poll becomes one transaction of the producer ({@code client} as in
 * {@link TransactionalProducerMain}) holding the transformed records (value {@code out-<input value>}, same key and
 * partition) and the consumer's next offsets, committed with {@code sendOffsetsToTransaction}.
 *
 * <p>Arguments: client, bootstrap servers, input topic, output topic, group id, transactional id, records per
 * transaction (max.poll.records), stop after this many commits (-1: run until the input's end offsets, as they were
 * at start, are consumed and committed), transaction.timeout.ms.
 *
 * <p>Markers: {@value TransactionalProducerMain#INITIALIZED_MARKER}, {@value TransactionalProducerMain#COMMITTED_MARKER}
 * {@code n} after each commit, {@value TransactionalProducerMain#OPEN_MARKER} when it stopped inside a transaction
 * (records and offsets sent and flushed, not committed; then it waits to be killed), {@value #DONE_MARKER} at the
 * end of the input. Exit code 2 when something threw.
 */
public final class TransactionalCopyMain {
    public static final String DONE_MARKER = "DONE";
    public static final String OUTPUT_PREFIX = "out-";

    private TransactionalCopyMain() {
    }

    public static void main(String[] args) throws Exception {
        PausableProducerMain.watchParent();
        String client = args[0];
        String bootstrap = args[1];
        String input = args[2];
        String output = args[3];
        String group = args[4];
        String transactionalId = args[5];
        int perTransaction = Integer.parseInt(args[6]);
        int stopAfterCommits = Integer.parseInt(args[7]);
        int transactionTimeoutMs = Integer.parseInt(args[8]);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group, perTransaction);
                Producer<byte[], byte[]> producer = TransactionalProducerMain.create(client, bootstrap,
                        transactionalId, transactionTimeoutMs)) {
            producer.initTransactions();
            say(TransactionalProducerMain.INITIALIZED_MARKER);
            List<TopicPartition> partitions = consumer.partitionsFor(input, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(input, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.subscribe(List.of(input));
            int commits = 0;
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (reachedEnd(consumer, partitions, end)) {
                        break;
                    }
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    byte[] value = (OUTPUT_PREFIX + new String(r.value(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(output, r.partition(), r.key(), value));
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                if (commits == stopAfterCommits) {
                    producer.flush();
                    say(TransactionalProducerMain.OPEN_MARKER);
                    new CountDownLatch(1).await(); // until kill -9
                }
                producer.commitTransaction();
                commits++;
                say(TransactionalProducerMain.COMMITTED_MARKER + commits);
            }
            say(DONE_MARKER + " commits=" + commits);
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
        System.exit(0);
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        if (!consumer.assignment().containsAll(partitions)) {
            return false;
        }
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, int maxPollRecords) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", group);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", Integer.toString(maxPollRecords));
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "1000");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
