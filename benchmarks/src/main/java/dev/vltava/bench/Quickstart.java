package dev.vltava.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import org.HdrHistogram.Histogram;

/**
 * The first thing to run: starts a real single-node Kafka broker (or uses {@code --bootstrap-servers}), then runs the
 * official client and Vltava side by side on it with the same settings (acks=all, idempotence, lz4, linger.ms=5,
 * batch.size=64 KiB; keyed 100-byte records): a short unmeasured warm-up of each, both as fast as they go (records/s
 * and CPU per record), then both at a fixed rate that both sustain (half the slower one's maximum: latency
 * percentiles). It prints one table, reads Vltava's records back with the official consumer to check count and
 * checksum, and stops the broker.
 *
 * <pre>
 *   benchmarks/quickstart.sh [--records N] [--bootstrap-servers host:port] [--partitions N]
 * </pre>
 */
public final class Quickstart {
    static final int VALUE_SIZE_BYTES = 100;
    static final int DISTINCT_KEYS = 10_000;
    /** The fixed-rate runs last about this long (fewer records than --records when the rate is low). */
    private static final double FIXED_RATE_SECONDS = 4;
    private static final String CONFIG = "acks=all, enable.idempotence=true, compression.type=lz4, linger.ms=5, "
            + "batch.size=65536";

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
        String stamp = Long.toHexString(System.currentTimeMillis());
        String ourTopic = "vltava-quickstart-" + stamp;
        String theirTopic = "vltava-quickstart-official-" + stamp;
        Cluster cluster;
        if (bootstrap == null) {
            System.out.println("Starting a single-node Apache Kafka broker (KRaft) on 127.0.0.1 ...");
            cluster = EmbeddedBroker.start("1g");
        } else {
            cluster = new ExternalCluster(bootstrap);
        }
        try (cluster) {
            System.out.println("Broker: " + cluster.bootstrapServers() + " (" + cluster.kind() + ")");
            cluster.createTopic(ourTopic, partitions);
            cluster.createTopic(theirTopic, partitions);
            System.out.printf(Locale.ROOT, "Topics: %s and %s (%d partitions each)%n", ourTopic, theirTopic,
                    partitions);
            System.out.println("Producer settings for both clients: " + CONFIG + "\n");
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("bootstrap.servers", cluster.bootstrapServers());
            for (String kv : CONFIG.split(", ")) {
                props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            Sent ours = new Sent();
            Results results;
            try (BenchClient official = BenchClient.create("kafka", props);
                 BenchClient vltava = BenchClient.create("vltava", props)) {
                results = compare(official, vltava, theirTopic, ourTopic, ours, records);
            }
            QuickstartVerifier.Read read = QuickstartVerifier.readBack(cluster.bootstrapServers(), ourTopic,
                    partitions, ours.count);
            boolean ok = report(results, ours, read);
            if (bootstrap != null) {
                Topics.delete(cluster.bootstrapServers(), ourTopic);
                Topics.delete(cluster.bootstrapServers(), theirTopic);
            }
            if (!ok) {
                throw new IllegalStateException("verification failed: see above");
            }
        }
    }

    /** What was sent to one topic over all runs: for the read-back check. */
    static final class Sent {
        long count;
        long checksum;
        long failed;
    }

    record Run(double recordsPerSecond, double cpuMicrosPerRecord, Histogram latencyNs, long failed) {
    }

    record Results(Run officialMax, Run vltavaMax, double fixedRate, Run officialFixed, Run vltavaFixed) {
    }

    private static Results compare(BenchClient official, BenchClient vltava, String theirTopic, String ourTopic,
            Sent ours, long records) throws InterruptedException {
        Sent theirs = new Sent();
        long warmup = Math.max(1, Math.min(records / 2, 300_000));
        System.out.printf(Locale.ROOT, "warm-up (unmeasured): %,d records each ...%n", warmup);
        run(official, theirTopic, warmup, -1, theirs);
        run(vltava, ourTopic, warmup, -1, ours);
        System.out.printf(Locale.ROOT, "as fast as each goes: %,d records each ...%n", records);
        Run officialMax = run(official, theirTopic, records, -1, theirs);
        Run vltavaMax = run(vltava, ourTopic, records, -1, ours);
        double rate = Math.floor(Math.min(officialMax.recordsPerSecond(), vltavaMax.recordsPerSecond()) / 2);
        long fixed = Math.max(1, Math.min(records, (long) (rate * FIXED_RATE_SECONDS)));
        System.out.printf(Locale.ROOT, "at a fixed %,.0f records/s (half the slower maximum): %,d records each ...%n",
                rate, fixed);
        Run vltavaFixed = run(vltava, ourTopic, fixed, rate, ours);
        Run officialFixed = run(official, theirTopic, fixed, rate, theirs);
        return new Results(officialMax, vltavaMax, rate, officialFixed, vltavaFixed);
    }

    /** One run: sends, flushes, waits for every callback; CPU is this JVM's (the broker runs in its own). */
    private static Run run(BenchClient client, String topic, long records, double rate, Sent sent)
            throws InterruptedException {
        LatencyStats stats = new LatencyStats();
        Throttle throttle = new Throttle(rate);
        long base = sent.count;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        throttle.start();
        for (long i = 0; i < records; i++) {
            throttle.await(i);
            byte[] key = key(base + i);
            byte[] value = value(base + i);
            sent.checksum += checksum(key, value);
            client.send(topic, key, value, new SendCallback(stats, System.nanoTime()));
        }
        client.flush();
        stats.awaitCompleted(records, 120_000);
        double seconds = (stats.lastCompletionNs() - start) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1e3 / records;
        sent.count += records;
        sent.failed += stats.failed();
        if (stats.failed() > 0) {
            System.out.println("  " + client.name() + ": " + stats.failed() + " records failed; first error: "
                    + stats.firstError());
        }
        return new Run(records / seconds, cpuMicros, stats.histogram(), stats.failed());
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

    private static boolean report(Results r, Sent ours, QuickstartVerifier.Read read) {
        boolean countOk = read.count() == ours.count && ours.failed == 0;
        boolean sumOk = read.checksum() == ours.checksum;
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-34s %18s %18s %8s%n", "", "official client", "Vltava", "ratio");
        row("records/s, as fast as each goes", r.officialMax().recordsPerSecond(), r.vltavaMax().recordsPerSecond(),
                "%,.0f");
        row("CPU per record, µs", r.officialMax().cpuMicrosPerRecord(), r.vltavaMax().cpuMicrosPerRecord(), "%.2f");
        System.out.printf(Locale.ROOT, "  at a fixed %,.0f records/s:%n", r.fixedRate());
        for (double pct : new double[] {50, 99, 99.9}) {
            row(String.format(Locale.ROOT, "  latency p%s, ms", pct == 99.9 ? "99.9" : String.valueOf((int) pct)),
                    r.officialFixed().latencyNs().getValueAtPercentile(pct) / 1e6,
                    r.vltavaFixed().latencyNs().getValueAtPercentile(pct) / 1e6, "%.1f");
        }
        System.out.println();
        System.out.println("  records/s: records acknowledged per second, send() of the first to the callback of the"
                + " last, each client alone on the broker.");
        System.out.println("  CPU per record: this JVM's CPU time (all threads: the client, GC, JIT, this harness) "
                + "during that run, per record.");
        System.out.println("  latency: send() call to callback, at a rate both sustain (at full speed latency is "
                + "mostly time queued in buffer.memory).");
        System.out.println("  One short run on one machine: rerun for a steadier picture; SideBySide (docs/"
                + "DEVELOPMENT.md) runs alternating pairs.");
        System.out.println();
        line("read back", String.format(Locale.ROOT, "%,d Vltava records with the official consumer (%.2f s)",
                read.count(), read.seconds()));
        line("count", countOk ? "OK" : String.format(Locale.ROOT, "MISMATCH: sent %,d (%,d failed), read %,d",
                ours.count, ours.failed, read.count()));
        line("checksum", sumOk ? String.format("OK (%016x)", ours.checksum)
                : String.format("MISMATCH: sent %016x, read %016x", ours.checksum, read.checksum()));
        return countOk && sumOk;
    }

    private static void row(String name, double official, double vltava, String format) {
        System.out.printf(Locale.ROOT, "  %-34s %18s %18s %7.2fx%n", name, String.format(Locale.ROOT, format, official),
                String.format(Locale.ROOT, format, vltava), vltava / official);
    }

    private static void line(String name, String value) {
        System.out.printf(Locale.ROOT, "  %-12s %s%n", name, value);
    }
}
