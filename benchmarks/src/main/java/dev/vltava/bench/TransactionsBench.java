package dev.vltava.bench;

import dev.vltava.producer.Producer;
import dev.vltava.producer.ProducerRecord;
import dev.vltava.producer.Serializers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Transactions side by side: Vltava and the official client run transactions of N records (begin, N sends, commit;
 * the commit waits for every record) against the same broker, for each transaction size (default 100 and 10,000
 * records). Honest like {@link SideBySide}: every run is a fresh child JVM; the clients run in pairs whose order
 * rotates (kafka, vltava; then vltava, kafka; ...), several pairs per size, and the report gives the medians and
 * the ratio of the medians. Each run writes its raw JSON (rates, CPU seconds of the child, and what the client's
 * own metrics say about its requests: records per request, batch size, produce requests, time blocked in commit)
 * into {@code --results DIR}. The machine's load and the CPU share of other work during the run are printed: on a
 * busy machine the rates mean nothing (compare the counts and shares only).
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.TransactionsBench
 *        [--sizes 100,10000] [--records-per-size N] [--pairs 3] [--record-size 100] [--partitions 6]
 *        [--heap 1g] [--results DIR] [--jfr DIR] [--jvm-arg ARG ...] [--bootstrap-servers H:P]
 *        [--producer-props k=v ...]
 * </pre>
 * Records per size default to 200,000 below 10,000 records per transaction and 1,000,000 from there (a
 * transaction of 10,000 records takes tens of milliseconds: a few dozen of them measure mostly the JIT). Each run
 * warms up with a fifth of its transactions (at least one) before it measures. Without {@code --bootstrap-servers} it
 * starts a single-node broker (transaction.version as formatted by the broker's defaults: 2 with 4.x).
 * {@code --jfr DIR} records a JFR profile per run (with -XX:+DebugNonSafepoints) into DIR; read it with
 * {@link JfrShares}. {@code --jvm-arg} (repeatable) passes one argument to every child JVM (e.g. a log level:
 * {@code -Dorg.slf4j.simpleLogger.log.dev.vltava=debug}); with {@code --results} each child's output is kept in
 * {@code DIR/logs}.
 */
public final class TransactionsBench {
    static final String RESULT_PREFIX = "TXN_RESULT_JSON ";
    private static final long RUN_TIMEOUT_MINUTES = 20;
    private static final List<String> CLIENTS = List.of("kafka", "vltava");

    /** One transactional producer, either client, reduced to what the loop needs. */
    interface TxnClient extends AutoCloseable {
        void init();

        void begin();

        void send(String topic, byte[] key, byte[] value);

        void commit();

        /** The producer-metrics value of {@code name} (NaN when the client has none). */
        double metric(String name);

        @Override
        void close();
    }

    private List<Integer> sizes = List.of(100, 10_000);
    private long recordsPerSize = -1;
    private int pairs = 3;
    private int recordSize = 100;
    private int partitions = 6;
    private String heap = "1g";
    private String bootstrap;
    private Path resultsDir;
    private Path jfrDir;
    private final List<String> producerProps = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();

    private TransactionsBench(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = parseSizes(args[++i]);
                case "--records-per-size" -> recordsPerSize = Long.parseLong(args[++i]);
                case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                case "--record-size" -> recordSize = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--results" -> resultsDir = Path.of(args[++i]);
                case "--jfr" -> jfrDir = Path.of(args[++i]);
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                case "--producer-props" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        producerProps.add(keyValue(args[++i]));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the javadoc of "
                        + TransactionsBench.class.getName());
            }
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("--pairs must be at least 1");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        new TransactionsBench(args).runAll();
        System.exit(0);
    }

    long records(int size) {
        long n = recordsPerSize > 0 ? recordsPerSize : size >= 10_000 ? 1_000_000 : 200_000;
        return Math.max(1, n / size) * size;
    }

    private void runAll() throws Exception {
        if (resultsDir != null) {
            Files.createDirectories(resultsDir);
        }
        if (jfrDir != null) {
            Files.createDirectories(jfrDir);
        }
        double loadBefore = Machine.loadAverage();
        long startMs = System.currentTimeMillis();
        double busyStart = ProcessCpu.machineBusySeconds();
        double ownStart = ProcessCpu.selfAndWaitedChildrenSeconds();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, load average %.2f before the run; commit %s%n",
                Machine.cores(), Machine.memory(), loadBefore, Machine.gitCommit());
        Map<Integer, List<Map<String, String>>> bySize = new LinkedHashMap<>();
        double foreignShare;
        int run = 0;
        try (Cluster cluster = bootstrap == null ? EmbeddedBroker.start("1g") : new ExternalCluster(bootstrap)) {
            for (int size : sizes) {
                List<Map<String, String>> runs = new ArrayList<>();
                bySize.put(size, runs);
                for (int pair = 0; pair < pairs; pair++) {
                    List<String> order = new ArrayList<>(CLIENTS);
                    if (pair % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (int k = 0; k < order.size(); k++) {
                        Map<String, String> r = runChild(cluster, ++run, order.get(k), size);
                        r.put("pair", Integer.toString(pair));
                        r.put("orderInPair", Integer.toString(k));
                        runs.add(r);
                        save(r);
                    }
                }
            }
            double own = ProcessCpu.selfAndWaitedChildrenSeconds() - ownStart
                    + (cluster.brokerPid() > 0 ? ProcessCpu.cpuSeconds(cluster.brokerPid()) : 0);
            double wallSeconds = (System.currentTimeMillis() - startMs) / 1000.0;
            foreignShare = (ProcessCpu.machineBusySeconds() - busyStart - own) / (wallSeconds * Machine.cores());
        }
        List<String> report = report(bySize, loadBefore, foreignShare);
        report.forEach(System.out::println);
        if (resultsDir != null) {
            Files.write(resultsDir.resolve("summary.txt"), report, StandardCharsets.UTF_8);
            System.out.println("raw results and summary in " + resultsDir);
        }
    }

    private List<String> report(Map<Integer, List<Map<String, String>>> bySize, double loadBefore,
            double foreignShare) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "TransactionsBench: %d pair(s) per size, order rotating, a fresh JVM per "
                + "run (-Xmx%s), %d-byte records on %d partitions", pairs, heap, recordSize, partitions));
        out.add(String.format(Locale.ROOT, "load average before %.2f; other work's CPU share during the run %.1f %%%s",
                loadBefore, foreignShare * 100, foreignShare > 0.05 || loadBefore > 0.5
                        ? "  -- NOT QUIET: compare counts and shares only, not rates" : "  (quiet)"));
        out.add(String.format(Locale.ROOT, "%-7s %9s %8s %12s %14s %10s %9s %9s %11s %9s", "client", "rec/txn",
                "txns", "commits/s", "records/s", "CPU-s/M", "rec/req", "batch B", "produce/txn", "commit %"));
        for (Map.Entry<Integer, List<Map<String, String>>> e : bySize.entrySet()) {
            Map<String, Double> medianRate = new LinkedHashMap<>();
            for (String client : CLIENTS) {
                List<Map<String, String>> runs = e.getValue().stream()
                        .filter(r -> client.equals(r.get("client")) && r.containsKey("recordsPerSecond")).toList();
                if (runs.isEmpty()) {
                    out.add(String.format(Locale.ROOT, "%-7s %9d   no successful run", client, e.getKey()));
                    continue;
                }
                double rate = median(runs, "recordsPerSecond");
                medianRate.put(client, rate);
                out.add(String.format(Locale.ROOT, "%-7s %9d %8.0f %12.1f %14.0f %10.2f %9.1f %9.0f %11.1f %9.1f",
                        client, e.getKey(), median(runs, "transactions"), median(runs, "commitsPerSecond"), rate,
                        median(runs, "cpuSecondsPerMillion"), median(runs, "recordsPerRequest"),
                        median(runs, "batchSizeAvg"), median(runs, "produceRequestsPerTransaction"),
                        median(runs, "commitBlockedShare") * 100));
            }
            if (medianRate.size() == 2) {
                StringBuilder perPair = new StringBuilder();
                for (int pair = 0; pair < pairs; pair++) {
                    Double v = pairValue(e.getValue(), pair, "vltava");
                    Double k = pairValue(e.getValue(), pair, "kafka");
                    perPair.append(v != null && k != null ? String.format(Locale.ROOT, " %.2fx", v / k) : " -");
                }
                out.add(String.format(Locale.ROOT, "        %9d rec/txn vltava/kafka records/s (medians): %.2fx; per "
                        + "pair:%s", e.getKey(), medianRate.get("vltava") / medianRate.get("kafka"), perPair));
            }
        }
        out.add("rec/req, batch B: the client's records-per-request-avg and batch-size-avg (last metrics window); "
                + "produce/txn: produce requests per transaction; commit %: share of the measured time the caller was "
                + "blocked in commitTransaction.");
        return out;
    }

    private static Double pairValue(List<Map<String, String>> runs, int pair, String client) {
        for (Map<String, String> r : runs) {
            if (Integer.toString(pair).equals(r.get("pair")) && client.equals(r.get("client"))
                    && r.containsKey("recordsPerSecond")) {
                return Double.valueOf(r.get("recordsPerSecond"));
            }
        }
        return null;
    }

    static double median(List<Map<String, String>> runs, String field) {
        List<Double> values = new ArrayList<>();
        for (Map<String, String> r : runs) {
            String v = r.get(field);
            if (v != null && !v.equals("null")) {
                values.add(Double.valueOf(v));
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private Map<String, String> runChild(Cluster cluster, int run, String client, int size)
            throws IOException, InterruptedException {
        String topic = String.format(Locale.ROOT, "txn-bench-%03d-%s-%d-%x", run, client, size,
                System.nanoTime() & 0xfffffL);
        cluster.createTopic(topic, partitions);
        List<String> cmd = new ArrayList<>(List.of(Classpath.javaExecutable(), "-Xms" + heap, "-Xmx" + heap));
        cmd.addAll(jvmArgs);
        if (jfrDir != null) {
            cmd.add("-XX:+UnlockDiagnosticVMOptions");
            cmd.add("-XX:+DebugNonSafepoints");
            cmd.add(String.format(Locale.ROOT, "-XX:StartFlightRecording=filename=%s,settings=profile",
                    jfrDir.resolve(String.format(Locale.ROOT, "run-%03d-%s-%d.jfr", run, client, size))
                            .toAbsolutePath()));
        }
        cmd.addAll(List.of("-D" + ChildMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid(),
                "-cp", Classpath.full(), ChildMain.class.getName(), TransactionsBench.class.getName(), "--child",
                "--client", client, "--size", Integer.toString(size), "--records", Long.toString(records(size)),
                "--record-size", Integer.toString(recordSize), "--topic", topic,
                "--bootstrap-servers", cluster.bootstrapServers()));
        if (!producerProps.isEmpty()) {
            cmd.add("--producer-props");
            cmd.addAll(producerProps);
        }
        System.out.printf(Locale.ROOT, "[%d] %s: %d records in transactions of %d%n", run, client, records(size),
                size);
        Path log = resultsDir != null
                ? Files.createDirectories(resultsDir.resolve("logs")).resolve(String.format(Locale.ROOT,
                        "run-%03d-%s-%d.log", run, client, size))
                : Files.createTempFile("txn-bench-" + run + "-", ".log");
        // Tracked: stopping the bench (SIGTERM, Ctrl-C) destroys the run in progress and its descendants.
        Process p = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        boolean finished = p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            ChildProcesses.destroyTree(p.toHandle(), Duration.ZERO);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.startsWith(RESULT_PREFIX)) {
                result.putAll(FlatJson.read(line.substring(RESULT_PREFIX.length())));
            }
        }
        if (result.isEmpty()) {
            System.out.println("      FAILED (" + (finished ? "exit " + p.exitValue() : "timed out") + "); see " + log);
        } else {
            System.out.printf(Locale.ROOT, "      %,.0f records/s, %.1f commits/s, %.1f records/request, "
                    + "%.1f produce requests/transaction, %.0f record retries%n",
                    Double.parseDouble(result.get("recordsPerSecond")),
                    Double.parseDouble(result.get("commitsPerSecond")),
                    Double.parseDouble(result.get("recordsPerRequest")),
                    Double.parseDouble(result.get("produceRequestsPerTransaction")),
                    Double.parseDouble(result.get("recordRetries")));
            if (resultsDir == null) {
                Files.deleteIfExists(log);
            }
        }
        result.put("client", client);
        result.put("run", Integer.toString(run));
        result.put("exitCode", finished ? Integer.toString(p.exitValue()) : "timeout");
        Topics.delete(cluster.bootstrapServers(), topic);
        return result;
    }

    private void save(Map<String, String> r) throws IOException {
        if (resultsDir == null) {
            return;
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        r.forEach((k, v) -> typed.put(k, v.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?") ? Double.valueOf(v) : v));
        Path file = resultsDir.resolve(String.format(Locale.ROOT, "run-%03d-%s-%s.json",
                Integer.parseInt(r.get("run")), r.get("client"), r.getOrDefault("recordsPerTransaction", "x")));
        Files.writeString(file, FlatJson.write(typed) + "\n", StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------- the child JVM

    /** One client, one transaction size, in this JVM: warm-up, then the measured transactions; prints one JSON. */
    private static void child(String[] args) {
        String client = null;
        String topic = null;
        String bootstrap = null;
        int size = 0;
        long records = 0;
        int recordSize = 100;
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--client" -> client = args[++i];
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--record-size" -> recordSize = Integer.parseInt(args[++i]);
                case "--topic" -> topic = args[++i];
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--producer-props" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        String kv = keyValue(args[++i]);
                        props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                default -> throw new IllegalArgumentException("unknown child option " + args[i]);
            }
        }
        byte[][] values = Payloads.create("random", recordSize, 42);
        byte[][] keys = Payloads.keys(1024);
        props.put("bootstrap.servers", bootstrap);
        props.put("transactional.id", topic);
        long transactions = Math.max(1, records / size);
        try (TxnClient c = create(client, props)) {
            c.init();
            run(c, topic, size, Math.max(1, transactions / 5), values, keys); // warm-up
            double sentBefore = c.metric("record-send-total");
            double commitNsBefore = c.metric("txn-commit-time-ns-total");
            double retriesBefore = c.metric("record-retry-total");
            double errorsBefore = c.metric("record-error-total");
            long cpuBefore = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                    .getProcessCpuTime();
            long startNs = System.nanoTime();
            run(c, topic, size, transactions, values, keys);
            long elapsedNs = System.nanoTime() - startNs;
            double cpuSeconds = (ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                    .getProcessCpuTime() - cpuBefore) / 1e9;
            double seconds = elapsedNs / 1e9;
            long n = transactions * size;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("client", client);
            out.put("recordsPerTransaction", (long) size);
            out.put("transactions", transactions);
            out.put("records", n);
            out.put("recordSizeBytes", (long) recordSize);
            out.put("seconds", seconds);
            out.put("commitsPerSecond", transactions / seconds);
            out.put("recordsPerSecond", n / seconds);
            out.put("cpuSeconds", cpuSeconds);
            out.put("cpuSecondsPerMillion", cpuSeconds / (n / 1e6));
            out.put("recordsSent", c.metric("record-send-total") - sentBefore);
            out.put("recordsPerRequest", c.metric("records-per-request-avg"));
            out.put("batchSizeAvg", c.metric("batch-size-avg"));
            // Estimated from the steady state's average (the last metrics window): the same estimate for both.
            double produce = (c.metric("record-send-total") - sentBefore) / c.metric("records-per-request-avg");
            out.put("produceRequests", produce);
            out.put("produceRequestsPerTransaction", produce / transactions);
            out.put("recordRetries", c.metric("record-retry-total") - retriesBefore);
            out.put("recordErrors", c.metric("record-error-total") - errorsBefore);
            out.put("commitBlockedShare", (c.metric("txn-commit-time-ns-total") - commitNsBefore) / elapsedNs);
            System.out.println(RESULT_PREFIX + FlatJson.write(out));
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

    private static String keyValue(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--producer-props takes key=value, not " + kv);
        }
        return kv;
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
            public double metric(String name) {
                for (var e : p.metrics().entrySet()) {
                    if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                        return e.getValue().value() instanceof Number v ? v.doubleValue() : Double.NaN;
                    }
                }
                return Double.NaN;
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
            public double metric(String name) {
                for (var e : p.metrics().entrySet()) {
                    if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                        return e.getValue().metricValue() instanceof Number v ? v.doubleValue() : Double.NaN;
                    }
                }
                return Double.NaN;
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }
}
