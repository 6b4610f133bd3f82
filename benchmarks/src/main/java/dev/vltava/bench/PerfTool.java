package dev.vltava.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * End-to-end producer benchmark in the spirit of kafka-producer-perf-test, for Vltava or the official client:
 * records/s, MiB/s, send-to-callback latency (HdrHistogram), producer CPU per million records, bytes allocated per
 * record, peak heap and, when it started the broker (or was told its pid), the broker's CPU.
 *
 * <p>It sends to an existing cluster ({@code --bootstrap-servers}), a sink that acks without storing
 * ({@code --sink}), or by default a single-node broker it starts itself. Warm-up records are sent first and not
 * measured. Prints a table and a line {@code RESULT_JSON {...}}; {@code --json FILE} writes the JSON to a file.
 */
public final class PerfTool {
    static final String JSON_PREFIX = "RESULT_JSON ";

    private PerfTool() {
    }

    public static void main(String[] args) throws Exception {
        PerfOptions o;
        try {
            o = PerfOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(PerfOptions.USAGE);
            System.exit(2);
            return;
        }
        PerfResult result;
        try (Cluster cluster = openCluster(o)) {
            if (!o.skipTopicCreation) {
                for (String t : o.topicNames()) {
                    cluster.createTopic(t, o.partitions);
                }
            }
            long brokerPid = o.brokerPid > 0 ? o.brokerPid : cluster.brokerPid();
            Map<String, Object> props = new LinkedHashMap<>(o.producerProps);
            if (o.tls) {
                props.putAll(cluster.tlsClientProps());
            }
            props.put("bootstrap.servers", cluster.producerBootstrapServers(o.tls));
            result = run(o, props, cluster.kind() + (o.tls ? " over TLS" : ""), brokerPid);
        }
        System.out.print(result.table());
        System.out.println(JSON_PREFIX + result.json());
        if (o.jsonFile != null) {
            Files.writeString(Path.of(o.jsonFile), result.json() + "\n", StandardCharsets.UTF_8);
        }
        System.exit(result.number("failed") > 0 ? 1 : 0);
    }

    static Cluster openCluster(PerfOptions o) {
        if (o.sink) {
            return SinkProcess.start(o.partitions);
        }
        if (o.bootstrapServers != null) {
            return new ExternalCluster(o.bootstrapServers);
        }
        System.err.println("starting a single-node Kafka broker (-Xmx" + o.brokerHeap + ") ...");
        return EmbeddedBroker.start(o.brokerHeap, o.tls);
    }

    /** Warm-up, then the measured interval, then close. */
    static PerfResult run(PerfOptions o, Map<String, Object> props, String target, long brokerPid)
            throws InterruptedException {
        byte[][] values = Payloads.create(o.payload, o.recordSizeBytes, 42, o.threads);
        byte[][] keys = Payloads.keys(o.keyCount);
        LatencyStats stats = new LatencyStats();
        JvmMeter meter = new JvmMeter();
        try (BenchClient client = BenchClient.create(o.client, props)) {
            long warmupSent = 0;
            // The --warmup-seconds clock starts once the first round completed: that round also waits for
            // connections, metadata and (on a fresh topic) the broker creating its partitions' logs, which took
            // 10-16 s at 1,000 partitions and left the JIT still compiling through the measured run (half of the
            // client's measured CPU there was JIT threads).
            long warmupStartNs = 0;
            long runStartNs = System.nanoTime();
            while (o.warmupRecords > 0 && (warmupSent == 0
                    || System.nanoTime() - warmupStartNs < (long) (o.warmupSeconds * 1e9))) {
                send(client, o, values, keys, stats, o.warmupRecords);
                warmupSent += o.warmupRecords;
                client.flush();
                stats.awaitCompleted(warmupSent, 120_000);
                if (Boolean.getBoolean("vltava.bench.printWarmup")) {
                    System.err.printf("warm-up round done at %.2f s%n", (System.nanoTime() - runStartNs) / 1e9);
                }
                if (warmupStartNs == 0) {
                    warmupStartNs = System.nanoTime();
                }
            }
            long warmupFailed = stats.failed();
            if (warmupFailed > 0) { // reported, not hidden: a stall here once cost every run a minute
                System.err.println(warmupFailed + " of " + warmupSent + " warm-up records failed; first error: "
                        + stats.firstError());
            }
            stats.reset();
            System.gc();
            double brokerCpuStart = ProcessCpu.cpuSeconds(brokerPid);
            MeasuredIntervalProfiler profiler = MeasuredIntervalProfiler.fromSystemProperties();
            if (profiler != null) {
                profiler.start();
            }
            meter.start();
            long startNs = System.nanoTime();
            long payloadBytes = send(client, o, values, keys, stats, o.records, meter);
            client.flush();
            stats.awaitCompleted(o.records, 120_000);
            double elapsed = (stats.lastCompletionNs() - startNs) / 1e9;
            JvmMeter.Usage usage = meter.stop();
            if (profiler != null) {
                profiler.stop();
            }
            double brokerCpu = ProcessCpu.cpuSeconds(brokerPid) - brokerCpuStart;
            Histogram latency = stats.histogram();
            if (stats.failed() > 0) {
                System.err.println(stats.failed() + " records failed; first error: " + stats.firstError());
            }
            PerfResult result = PerfResult.of(o, target, o.records, stats.failed(), elapsed, payloadBytes, latency,
                    usage, brokerCpu);
            result.fields.put("warmupRecords", warmupSent);
            result.fields.put("warmupFailed", warmupFailed);
            result.fields.put("topics", o.topics);
            result.fields.put("threads", o.threads);
            result.fields.put("virtualThreads", o.virtualThreads);
            // The client's own counts (windowed averages of about the last 30 s, i.e. mostly the measured run):
            // how it batched, which rates alone do not show (issue 16: records per request, JSON payload).
            Map<String, Double> metrics = client.producerMetrics();
            putMetric(result, metrics, "records-per-request-avg", "recordsPerRequestAvg");
            putMetric(result, metrics, "batch-size-avg", "batchSizeAvg");
            putMetric(result, metrics, "compression-rate-avg", "compressionRateAvg");
            putMetric(result, metrics, "request-size-avg", "requestSizeAvg");
            // Stages of a record's latency: queued in the producer (linger, full in-flight window) and the request.
            putMetric(result, metrics, "record-queue-time-avg", "recordQueueTimeAvgMs");
            putMetric(result, metrics, "record-queue-time-max", "recordQueueTimeMaxMs");
            putMetric(result, metrics, "request-latency-avg", "requestLatencyAvgMs");
            putMetric(result, metrics, "request-latency-max", "requestLatencyMaxMs");
            if (Boolean.getBoolean("vltava.bench.printMetrics")) {
                metrics.forEach((name, value) -> System.err.println("metric " + name + " = " + value));
            }
            return result;
        }
    }

    private static void putMetric(PerfResult result, Map<String, Double> metrics, String name, String field) {
        Double v = metrics.get(name);
        result.fields.put(field, v == null ? Double.NaN : v);
    }

    /**
     * Sends {@code count} records from {@code --threads} threads (platform or virtual) sharing the client, each its
     * share at its share of the rate; returns the payload bytes sent. With one thread, the calling thread sends.
     */
    private static long send(BenchClient client, PerfOptions o, byte[][] values, byte[][] keys, LatencyStats stats,
            long count) throws InterruptedException {
        return send(client, o, values, keys, stats, count, null);
    }

    /**
     * As above; with a {@code meter}, each platform sending thread reports what it used at its end (it ends before the
     * meter stops, and would be missing from its thread sums: the 8-thread case showed 0.00 CPU-s/M for its sending
     * threads and a fifth of the single thread's allocation per record).
     */
    private static long send(BenchClient client, PerfOptions o, byte[][] values, byte[][] keys, LatencyStats stats,
            long count, JvmMeter meter) throws InterruptedException {
        String[] topics = o.topicNames();
        if (o.threads == 1) {
            return sendAll(client, topics, values, keys, stats, 0, count, 1, new Throttle(o.throughput));
        }
        long[] bytes = new long[o.threads];
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[o.threads];
        for (int t = 0; t < o.threads; t++) {
            int index = t;
            Runnable task = () -> {
                long[] usedBefore = meter != null && !o.virtualThreads ? meter.ownUsage() : null;
                try {
                    // Thread t sends records t, t + N, t + 2N, ...: the same records (keys, topics) as one thread.
                    bytes[index] = sendAll(client, topics, values, keys, stats, index, count, o.threads,
                            new Throttle(o.throughput / o.threads));
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = failure[0] == null ? e : failure[0];
                    }
                } finally {
                    if (usedBefore != null && usedBefore[0] >= 0) {
                        long[] usedAfter = meter.ownUsage();
                        meter.addEndedThread(usedAfter[0] - usedBefore[0], usedAfter[1] - usedBefore[1]);
                    }
                }
            };
            threads[t] = o.virtualThreads ? VirtualThreads.unstarted(task) : new Thread(task, "sender-" + t);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a sending thread failed", failure[0]);
        }
        long sum = 0;
        for (long b : bytes) {
            sum += b;
        }
        return sum;
    }

    /** The send loop: nothing is allocated here but the record object and the callback. */
    private static long sendAll(BenchClient client, String[] topics, byte[][] values, byte[][] keys,
            LatencyStats stats, long first, long count, int step, Throttle throttle) {
        long bytes = 0;
        throttle.start();
        long n = 0;
        // Each thread walks the whole pool from its own starting point (thread t of N at t * pool / N), so that a
        // thread repeats a value only after pool.length records, as one thread does; i % pool would give thread t
        // only the values of its residue class (8 threads: a period of 128 records, and batches compressing to 0.3
        // where one thread's compress to 0.97).
        long offset = first * (values.length / step);
        for (long i = first; i < count; i += step, n++) {
            throttle.await(n);
            byte[] value = values[(int) ((n + offset) % values.length)];
            byte[] key = keys == null ? null : keys[(int) (i % keys.length)];
            client.send(topics[(int) (i % topics.length)], key, value, new SendCallback(stats, System.nanoTime()));
            bytes += value.length;
        }
        return bytes;
    }
}
