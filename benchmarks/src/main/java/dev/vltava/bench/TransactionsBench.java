package dev.vltava.bench;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Transactions side by side: Vltava and the official client each run transactions of N records (begin, N sends,
 * commit; the commit waits for every record) against the same broker, one client after the other, after a warm-up
 * of the same shape. Reports commits/s and records/s per client and transaction size (default 100 and 10,000
 * records), plus the ratio. Records are {@code --record-size} random bytes (A-Z) on {@code --partitions}
 * partitions, round-robin by key.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.TransactionsBench
 *        [--sizes 100,10000] [--records-per-size N] [--record-size B] [--partitions N]
 *        [--bootstrap-servers H:P] [--producer-props k=v ...]
 * </pre>
 * Without {@code --bootstrap-servers} it starts a single-node broker (transaction.version as formatted by the
 * broker's defaults: 2 with 4.x). Each line of output {@code RESULT_JSON {...}} is one client and size. On a shared
 * or noisy machine the numbers mean nothing; quote only quiet runs.
 */
public final class TransactionsBench {
    /** One transactional producer, either client, reduced to what the loop needs. */
    interface TxnClient extends AutoCloseable {
        void init();

        void begin();

        void send(String topic, byte[] key, byte[] value);

        void commit();

        @Override
        void close();
    }

    private TransactionsBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(100, 10_000);
        long recordsPerSize = 200_000;
        int recordSize = 100;
        int partitions = 6;
        String bootstrap = null;
        Map<String, Object> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = parseSizes(args[++i]);
                case "--records-per-size" -> recordsPerSize = Long.parseLong(args[++i]);
                case "--record-size" -> recordSize = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--producer-props" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        String kv = args[++i];
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--producer-props takes key=value, not " + kv);
                        }
                        extra.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        byte[][] values = Payloads.create("random", recordSize, 42);
        byte[][] keys = Payloads.keys(1024);
        try (Cluster cluster = bootstrap == null ? EmbeddedBroker.start("1g") : new ExternalCluster(bootstrap)) {
            List<String> lines = new ArrayList<>();
            for (int size : sizes) {
                long transactions = Math.max(1, recordsPerSize / size);
                Map<String, Double> recordsPerSecond = new LinkedHashMap<>();
                for (String client : List.of("kafka", "vltava")) {
                    String topic = "txn-bench-" + client + "-" + size + "-" + Long.toHexString(System.nanoTime());
                    cluster.createTopic(topic, partitions);
                    Map<String, Object> props = new LinkedHashMap<>(extra);
                    props.put("bootstrap.servers", cluster.bootstrapServers());
                    props.put("transactional.id", topic);
                    try (TxnClient c = create(client, props)) {
                        c.init();
                        run(c, topic, size, Math.max(1, transactions / 5), values, keys); // warm-up
                        long startNs = System.nanoTime();
                        run(c, topic, size, transactions, values, keys);
                        double seconds = (System.nanoTime() - startNs) / 1e9;
                        recordsPerSecond.put(client, transactions * size / seconds);
                        String json = String.format(Locale.ROOT, "{\"client\":\"%s\",\"recordsPerTransaction\":%d,"
                                + "\"transactions\":%d,\"recordSizeBytes\":%d,\"seconds\":%.3f,"
                                + "\"commitsPerSecond\":%.1f,\"recordsPerSecond\":%.1f}", client, size, transactions,
                                recordSize, seconds, transactions / seconds, transactions * size / seconds);
                        System.out.println(PerfTool.JSON_PREFIX + json);
                        lines.add(String.format(Locale.ROOT, "%-7s %8d rec/txn %8d txns %12.1f commits/s %14.1f rec/s",
                                client, size, transactions, transactions / seconds, transactions * size / seconds));
                    }
                }
                lines.add(String.format(Locale.ROOT, "        %8d rec/txn vltava/kafka records/s: %.2fx", size,
                        recordsPerSecond.get("vltava") / recordsPerSecond.get("kafka")));
            }
            lines.forEach(System.out::println);
        }
    }

    private static void run(TxnClient client, String topic, int size, long transactions, byte[][] values,
            byte[][] keys) {
        long n = 0;
        for (long t = 0; t < transactions; t++) {
            client.begin();
            for (int i = 0; i < size; i++, n++) {
                client.send(topic, keys[(int) (n % keys.length)], values[(int) (n % values.length)]);
            }
            client.commit();
        }
    }

    private static List<Integer> parseSizes(String text) {
        List<Integer> out = new ArrayList<>();
        for (String s : text.split(",")) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }

    static TxnClient create(String client, Map<String, Object> props) {
        return switch (client) {
            case "vltava" -> vltava(props);
            case "kafka" -> kafka(props);
            default -> throw new IllegalArgumentException("client must be vltava or kafka, not " + client);
        };
    }

    private static TxnClient vltava(Map<String, Object> props) {
        Producer<byte[], byte[]> p = Producer.<byte[], byte[]>builder().configs(props)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
        return new TxnClient() {
            @Override
            public void init() {
                p.initTransactions();
            }

            @Override
            public void begin() {
                p.beginTransaction();
            }

            @Override
            public void send(String topic, byte[] key, byte[] value) {
                p.send(new ProducerRecord<>(topic, key, value));
            }

            @Override
            public void commit() {
                p.commitTransaction();
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }

    private static TxnClient kafka(Map<String, Object> props) {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
        return new TxnClient() {
            @Override
            public void init() {
                p.initTransactions();
            }

            @Override
            public void begin() {
                p.beginTransaction();
            }

            @Override
            public void send(String topic, byte[] key, byte[] value) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value));
            }

            @Override
            public void commit() {
                p.commitTransaction();
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }
}
