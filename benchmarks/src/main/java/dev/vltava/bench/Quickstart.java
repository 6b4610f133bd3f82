package dev.vltava.bench;

import dev.vltava.producer.Acks;
import dev.vltava.producer.Compression;
import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.HdrHistogram.Histogram;

/**
 * The first thing to run: starts a real single-node Kafka broker (or uses {@code --bootstrap-servers}), creates a
 * topic, produces keyed 100-byte records with Vltava while drawing a progress bar, reads them all back with the
 * official consumer to check the count and a checksum, prints the results and stops the broker.
 *
 * <pre>
 *   benchmarks/quickstart.sh [--records N] [--bootstrap-servers host:port] [--partitions N]
 * </pre>
 */
public final class Quickstart {
    static final int VALUE_SIZE_BYTES = 100;
    static final int DISTINCT_KEYS = 10_000;

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        long records = 1_000_000;
        int partitions = 3;
        String bootstrap = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: Quickstart [--records N] [--bootstrap-servers host:port] [--partitions N]");
            }
        }
        String topic = "vltava-quickstart-" + Long.toHexString(System.currentTimeMillis());
        Cluster cluster;
        if (bootstrap == null) {
            System.out.println("Starting a single-node Apache Kafka broker (KRaft) on 127.0.0.1 ...");
            cluster = EmbeddedBroker.start("1g");
        } else {
            cluster = new ExternalCluster(bootstrap);
        }
        try (cluster) {
            System.out.println("Broker: " + cluster.bootstrapServers() + " (" + cluster.kind() + ")");
            cluster.createTopic(topic, partitions);
            System.out.printf(Locale.ROOT, "Topic:  %s (%d partitions)%n%n", topic, partitions);
            Produced produced = produce(cluster.bootstrapServers(), topic, records);
            QuickstartVerifier.Read read = QuickstartVerifier.readBack(cluster.bootstrapServers(), topic, partitions,
                    records);
            boolean ok = report(produced, read, records);
            if (bootstrap != null) {
                Topics.delete(cluster.bootstrapServers(), topic);
            }
            if (!ok) {
                throw new IllegalStateException("verification failed: see above");
            }
        }
    }

    record Produced(long acked, long failed, long checksum, double seconds, Histogram latencyNs, String config) {
    }

    private static Produced produce(String bootstrap, String topic, long records) throws InterruptedException {
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long checksum = 0;
        String config = "acks=all, enable.idempotence=true, compression.type=lz4, linger.ms=5, batch.size=65536";
        long start = System.nanoTime();
        try (Producer<byte[], byte[]> producer = Producer.builder().bootstrapServers(bootstrap).acks(Acks.ALL)
                .enableIdempotence(true).compression(Compression.LZ4).lingerMs(5).batchSizeBytes(65536)
                .keySerializer(Serializers.byteArray()).valueSerializer(Serializers.byteArray()).build();
             ProgressBar bar = new ProgressBar(System.out, "produce", records, acked::get)) {
            for (long i = 0; i < records; i++) {
                byte[] key = key(i);
                byte[] value = value(i);
                checksum += checksum(key, value);
                long sendNs = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                    if (error != null) {
                        if (failed.getAndIncrement() == 0) {
                            System.out.println("\nfirst failure: " + error);
                        }
                    } else {
                        latency.recordValue(System.nanoTime() - sendNs); // callbacks run on one thread
                    }
                    acked.incrementAndGet();
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Produced(acked.get() - failed.get(), failed.get(), checksum, seconds, latency, config);
    }

    static byte[] key(long i) {
        return ("key-" + (i % DISTINCT_KEYS)).getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] VALUE_PREFIX = "record-".getBytes(StandardCharsets.US_ASCII);
    private static final int VALUE_DIGITS = 10;

    /** 100 bytes: "record-" and the record number in 10 digits, then letters that depend on it (all differ). */
    static byte[] value(long i) {
        byte[] v = new byte[VALUE_SIZE_BYTES];
        System.arraycopy(VALUE_PREFIX, 0, v, 0, VALUE_PREFIX.length);
        long n = i;
        for (int d = VALUE_PREFIX.length + VALUE_DIGITS - 1; d >= VALUE_PREFIX.length; d--) {
            v[d] = (byte) ('0' + n % 10);
            n /= 10;
        }
        v[VALUE_PREFIX.length + VALUE_DIGITS] = ':';
        long x = i * 0x9E3779B97F4A7C15L + 1;
        for (int j = VALUE_PREFIX.length + VALUE_DIGITS + 1; j < v.length; j++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            v[j] = (byte) ('a' + (int) ((x >>> 33) % 26));
        }
        return v;
    }

    /** Order-independent: the sum of each record's CRC-32C over key and value. */
    static long checksum(byte[] key, byte[] value) {
        CRC32C crc = new CRC32C();
        if (key != null) {
            crc.update(key);
        }
        crc.update(value);
        return crc.getValue();
    }

    private static boolean report(Produced p, QuickstartVerifier.Read r, long records) {
        boolean countOk = r.count() == records && p.failed() == 0;
        boolean sumOk = r.checksum() == p.checksum();
        Histogram h = p.latencyNs();
        System.out.println();
        System.out.println("Vltava producer (" + p.config() + ")");
        line("records sent", String.format(Locale.ROOT, "%,d x %d B, keyed (%,d keys)", records, VALUE_SIZE_BYTES,
                DISTINCT_KEYS));
        line("throughput", String.format(Locale.ROOT, "%,.0f records/s  %.1f MB/s  (%.2f s)", records / p.seconds(),
                records * (double) VALUE_SIZE_BYTES / p.seconds() / 1e6, p.seconds()));
        line("latency", String.format(Locale.ROOT, "p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms",
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6));
        line("", "(sent as fast as possible: latency includes the time records queue in buffer.memory)");
        line("read back", String.format(Locale.ROOT, "%,d records with the official consumer (%.2f s)", r.count(),
                r.seconds()));
        line("count", countOk ? "OK" : String.format(Locale.ROOT, "MISMATCH: sent %,d (%,d failed), read %,d",
                records, p.failed(), r.count()));
        line("checksum", sumOk ? String.format("OK (%016x)", p.checksum())
                : String.format("MISMATCH: sent %016x, read %016x", p.checksum(), r.checksum()));
        return countOk && sumOk;
    }

    private static void line(String name, String value) {
        System.out.printf(Locale.ROOT, "  %-12s %s%n", name, value);
    }
}
