package dev.vltava.producer.testkit;

import dev.vltava.producer.compat.VltavaKafkaProducer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Entry point of a child JVM that commits some transactions and then leaves one open, so that a test can kill it
 * ({@code kill -9}) mid-transaction. Started by {@link TransactionalProducerProcess}. It drives the official
 * {@code Producer} interface, implemented by the official {@code KafkaProducer} ({@value #OFFICIAL}) or by Vltava's
 * facade ({@value #VLTAVA}), so the same scenario checks both.
 *
 * <p>Arguments: client, bootstrap servers, topic, transactional id, transaction.timeout.ms, committed transactions,
 * records per transaction. Record {@code i} of transaction {@code t} has value {@code txn-t-i} (the open one has
 * {@code t = }{@value #OPEN}) and goes to partition {@code i % partitions}.
 *
 * <p>Standard output carries the markers the test waits for: {@value #INITIALIZED_MARKER} after
 * initTransactions, {@value #COMMITTED_MARKER}{@code t} after each commit, and {@value #OPEN_MARKER} once the
 * records of the open transaction are flushed to the brokers; then the child waits to be killed. Exit code 2
 * when something threw. The child halts when the test JVM dies.
 */
public final class TransactionalProducerMain {
    public static final String OFFICIAL = "official";
    public static final String VLTAVA = "vltava";
    public static final String OPEN = "open";
    public static final String INITIALIZED_MARKER = "INITIALIZED";
    public static final String COMMITTED_MARKER = "COMMITTED ";
    public static final String OPEN_MARKER = "OPEN_TRANSACTION_FLUSHED";

    private TransactionalProducerMain() {
    }

    public static void main(String[] args) throws Exception {
        PausableProducerMain.watchParent();
        String client = args[0];
        String bootstrap = args[1];
        String topic = args[2];
        String transactionalId = args[3];
        int transactionTimeoutMs = Integer.parseInt(args[4]);
        int committed = Integer.parseInt(args[5]);
        int perTransaction = Integer.parseInt(args[6]);
        try {
            Producer<byte[], byte[]> producer = create(client, bootstrap, transactionalId, transactionTimeoutMs);
            int partitions = producer.partitionsFor(topic).size();
            producer.initTransactions();
            say(INITIALIZED_MARKER);
            for (int t = 0; t < committed; t++) {
                producer.beginTransaction();
                send(producer, topic, partitions, Integer.toString(t), perTransaction);
                producer.commitTransaction();
                say(COMMITTED_MARKER + t);
            }
            producer.beginTransaction();
            send(producer, topic, partitions, OPEN, perTransaction);
            producer.flush();
            say(OPEN_MARKER);
            new CountDownLatch(1).await(); // until kill -9
        } catch (Throwable t) {
            System.out.println("FAILED " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
    }

    /** The values of the first {@code count} records of transaction {@code transaction}. */
    public static java.util.List<String> values(String transaction, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> value(transaction, i)).toList();
    }

    /** The value of record {@code index} of transaction {@code transaction} ({@value #OPEN} for the open one). */
    public static String value(String transaction, int index) {
        return "txn-" + transaction + "-" + index;
    }

    static Producer<byte[], byte[]> create(String client, String bootstrap, String transactionalId,
            int transactionTimeoutMs) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "txn-child-" + client);
        props.put("transactional.id", transactionalId);
        props.put("transaction.timeout.ms", transactionTimeoutMs);
        props.put("linger.ms", 5);
        props.put("max.block.ms", 60_000);
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        return switch (client) {
            case OFFICIAL -> new KafkaProducer<>(props);
            case VLTAVA -> new VltavaKafkaProducer<>(props);
            default -> throw new IllegalArgumentException("client must be " + OFFICIAL + " or " + VLTAVA + ": " + client);
        };
    }

    private static void send(Producer<byte[], byte[]> producer, String topic, int partitions, String transaction,
            int records) {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(topic, i % partitions, null,
                    value(transaction, i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
