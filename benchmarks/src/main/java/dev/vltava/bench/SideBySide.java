package dev.vltava.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Vltava and the official client alternately (A B A B ...), each run a fresh {@link PerfTool} JVM, on the same
 * broker, over a matrix of record sizes, producer profiles, targets (real broker, sink) and rates (unlimited, and
 * half of the official client's measured maximum for latency); then writes the medians, the ratios and an SVG chart
 * into a Markdown report.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.SideBySide [--quick | --tls | --suite drop-in]
 *        [--records N] [--pairs N] [--payload random|json] [--out docs/benchmarks.md]
 *        [--work-dir benchmarks/target/side-by-side] [--results benchmarks/results/DATE-WHAT] [--java25 PATH]
 * </pre>
 *
 * <p>Within each pair the clients run in turn, and the order rotates from pair to pair (vltava, kafka; then kafka,
 * vltava; ...), so no client always meets a broker the other has just warmed or loaded. {@code --suite drop-in} runs
 * issue 16's cases ({@link BenchCase#dropIn}): Vltava through its facade beside the official client, the headline
 * cases also through the core API. {@code --results DIR} writes every run's JSON (with its case, pair and order) and
 * the generated report there, for committing.
 */
public final class SideBySide {
    private static final long RUN_TIMEOUT_MINUTES = 20;
    /** Partitions of the sink (the sink answers for any topic with this many). */
    private static final int PARTITIONS = 6;

    private final List<String> commandLine;
    private final boolean quick;
    private final boolean tlsOnly;
    private final long records;
    private final int pairs;
    private final String payload;
    private final double warmupSeconds;
    private final Path out;
    private final Path workDir;
    private final boolean dropIn;
    /** Only the first N cases of the suite (0: all), e.g. the drop-in suite's headline cases when time is short. */
    private final int cases;
    /** Only the cases whose label contains this text (null: all), e.g. {@code "-Xmx64m"} or {@code "virtual"}. */
    private final String match;
    /** Where raw results go for committing, or null. */
    private final Path resultsDir;
    /** The java launcher of Java 25 for virtual-thread cases, or null when none was found. */
    private final String java25;
    /** A fixed-rate run lasts at least this long, so that its percentiles rest on more than a hiccup or two. */
    static final int FIXED_RATE_MIN_SECONDS = 20;
    /** How long the broker is loaded, unmeasured, before the first measured run. */
    static final long BROKER_WARMUP_SECONDS = 60;
    private final Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
    private int runNumber;

    private SideBySide(String[] args) {
        commandLine = List.of(args);
        boolean q = false;
        boolean t = false;
        long n = -1;
        int p = -1;
        String pay = "random";
        double ws = -1;
        Path o = Path.of("docs", "benchmarks.md");
        Path w = Path.of("benchmarks", "target", "side-by-side");
        String suite = "";
        Path results = null;
        String j25 = null;
        int firstCases = 0;
        String m = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> q = true;
                case "--tls" -> t = true;
                case "--records" -> n = Long.parseLong(args[++i]);
                case "--pairs" -> p = Integer.parseInt(args[++i]);
                case "--payload" -> pay = args[++i];
                case "--warmup-seconds" -> ws = Double.parseDouble(args[++i]);
                case "--out" -> o = Path.of(args[++i]);
                case "--work-dir" -> w = Path.of(args[++i]);
                case "--suite" -> suite = args[++i];
                case "--results" -> results = Path.of(args[++i]);
                case "--java25" -> j25 = args[++i];
                case "--cases" -> firstCases = Integer.parseInt(args[++i]);
                case "--match" -> m = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: SideBySide "
                        + "[--quick] [--tls] [--suite drop-in] [--records N] [--pairs N] [--payload random|json] "
                        + "[--warmup-seconds S] [--out FILE] [--work-dir DIR] [--results DIR] [--java25 PATH] [--cases N] [--match TEXT]");
            }
        }
        quick = q;
        tlsOnly = t;
        records = n > 0 ? n : (q ? 200_000 : 5_000_000);
        pairs = p > 0 ? p : (q ? 1 : 3);
        payload = pay;
        warmupSeconds = ws >= 0 ? ws : (q ? 1 : 5);
        // A TLS-only run writes its own report, so it never replaces the whole matrix's section.
        out = t && o.equals(Path.of("docs", "benchmarks.md")) ? Path.of("docs", "benchmarks-tls.md") : o;
        workDir = w;
        if (!suite.isEmpty() && !"drop-in".equals(suite)) {
            throw new IllegalArgumentException("--suite takes drop-in, not " + suite);
        }
        dropIn = "drop-in".equals(suite);
        resultsDir = results;
        java25 = j25 != null ? j25 : Java25.find();
        cases = firstCases;
        match = m;
    }

    /**
     * Whether a case's label is picked by {@code --match}: alternatives separated by {@code |}, each contained in the
     * label, or, ending with {@code $}, ending it ({@code "broker, random$|8 platform threads"}: the single-thread
     * reference on Java 17 and the 8-thread case in one invocation).
     */
    static boolean matches(String label, String match) {
        for (String alt : match.split("\\|")) {
            if (alt.endsWith("$") ? label.endsWith(alt.substring(0, alt.length() - 1)) : label.contains(alt)) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        new SideBySide(args).runAll();
        System.exit(0);
    }

    private void runAll() throws IOException, InterruptedException {
        Files.createDirectories(workDir.resolve("logs"));
        if (resultsDir != null) {
            Files.createDirectories(resultsDir);
        }
        List<BenchCase> cases = new ArrayList<>(tlsOnly ? BenchCase.tlsPair()
                : dropIn ? BenchCase.dropIn() : quick ? BenchCase.quick() : BenchCase.full());
        if (this.cases > 0 && this.cases < cases.size()) {
            cases.subList(this.cases, cases.size()).clear();
        }
        if (match != null) {
            List<BenchCase> all = List.copyOf(cases);
            cases.removeIf(c -> !matches(c.label(), match));
            for (BenchCase c : List.copyOf(cases)) { // a half-rate case needs the case that measures its rate
                if (c.halfRate() && !cases.contains(c.rateSource()) && all.contains(c.rateSource())) {
                    cases.add(c.rateSource());
                }
            }
            if (cases.isEmpty()) {
                throw new IllegalArgumentException("no case's label contains \"" + match + "\"");
            }
        }
        if (java25 == null) {
            System.err.println("no Java 25 found (give --java25 PATH): skipping the cases that need it");
            cases.removeIf(c -> c.shape().java25());
        }
        cases.sort((a, b) -> Boolean.compare(a.halfRate(), b.halfRate())); // rate sources first
        double loadBefore = Machine.loadAverage();
        long startMs = System.currentTimeMillis();
        double busyStart = ProcessCpu.machineBusySeconds();
        double ownStart = ProcessCpu.selfAndWaitedChildrenSeconds();
        double foreignShare;
        String brokerMemoryNote;
        try (EmbeddedBroker broker = EmbeddedBroker.start("2g", true);
             SinkProcess sink = SinkProcess.start(PARTITIONS)) {
            warmUpBroker(cases, broker);
            if (tlsOnly) {
                runInterleaved(cases, broker);
            } else {
                for (BenchCase c : cases) {
                    runCase(c, c.sink() ? sink : broker);
                }
            }
            // Everything busy on the machine that was not this run (its JVMs, broker and sink): other work.
            double own = ProcessCpu.selfAndWaitedChildrenSeconds() - ownStart + ProcessCpu.cpuSeconds(broker.brokerPid())
                    + ProcessCpu.cpuSeconds(sink.brokerPid());
            double wallSeconds = (System.currentTimeMillis() - startMs) / 1000.0;
            foreignShare = (ProcessCpu.machineBusySeconds() - busyStart - own) / (wallSeconds * Machine.cores());
            brokerMemoryNote = broker.memoryNote();
        }
        double minutes = (System.currentTimeMillis() - startMs) / 60_000.0;
        SideBySideReport report = new SideBySideReport(results, commandLine, quick, dropIn, records, pairs, payload,
                warmupSeconds, loadBefore, foreignShare, minutes, java25 == null ? null : Java25.version(java25),
                brokerMemoryNote);
        report.write(out);
        System.out.println("wrote " + out + " and " + report.svgPath(out));
        if (resultsDir != null) {
            report.writeSection(resultsDir.resolve("report.md"));
            Files.writeString(resultsDir.resolve("report.md"), PooledRatios.pairsSection(resultsDir,
                    dropIn ? "facade" : "vltava"), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            System.out.println("raw results and the report in " + resultsDir);
        }
    }

    /**
     * Unmeasured runs of the first broker case with the official client for at least {@link #BROKER_WARMUP_SECONDS}:
     * the first measured runs otherwise meet a broker whose own JIT has not settled (session 7: the first two or three
     * runs of an invocation were 35-55 % slower than the same client's later ones, whichever client they were; one
     * warm-up run was not enough).
     */
    private void warmUpBroker(List<BenchCase> cases, Cluster broker) throws IOException, InterruptedException {
        for (BenchCase c : cases) {
            if (!c.sink() && !c.halfRate() && c.shape().topics() == 1) {
                long start = System.nanoTime();
                do {
                    System.out.println("broker warm-up, not measured:");
                    runOne(c, broker, "kafka", -1, null);
                } while (System.nanoTime() - start < BROKER_WARMUP_SECONDS * 1_000_000_000L);
                return;
            }
        }
    }

    private void runCase(BenchCase c, Cluster cluster) throws IOException, InterruptedException {
        double rate = -1;
        if (c.halfRate()) {
            rate = Math.floor(SideBySideReport.median(results.get(c.rateSource()), "kafka", "recordsPerSecond") / 2);
            if (!(rate > 0)) {
                System.err.println("skipping " + c.label() + ": no official maximum rate measured");
                return;
            }
        }
        List<Map<String, String>> runs = new ArrayList<>();
        results.put(c, runs);
        String sharedTopic = null;
        if (c.shape().topics() > 1 && !c.sink()) {
            // Many topics: created once for the case (creating 10,000 partitions per run would dominate the run).
            sharedTopic = "sbs-" + (runNumber + 1) + "-" + Long.toHexString(System.nanoTime() & 0xfffffL);
            for (int t = 0; t < c.shape().topics(); t++) {
                cluster.createTopic(sharedTopic + "-" + t, c.shape().partitions());
            }
        }
        for (int pair = 0; pair < pairs; pair++) {
            List<String> order = c.shape().clientsOfPair(pair);
            for (int k = 0; k < order.size(); k++) {
                Map<String, String> r = runOne(c, cluster, order.get(k), rate, sharedTopic);
                r.put("pair", Integer.toString(pair));
                r.put("orderInPair", Integer.toString(k));
                runs.add(r);
                saveRaw(r);
            }
        }
        if (sharedTopic != null) {
            for (int t = 0; t < c.shape().topics(); t++) {
                Topics.delete(cluster.bootstrapServers(), sharedTopic + "-" + t);
            }
        }
    }

    /** The run's JSON with its case, client, pair and order, into --results (one file per run). */
    private void saveRaw(Map<String, String> r) throws IOException {
        if (resultsDir == null) {
            return;
        }
        Path file = resultsDir.resolve(String.format(Locale.ROOT, "run-%03d-%s.json", runNumber, r.get("client")));
        Map<String, Object> typed = new LinkedHashMap<>();
        r.forEach((k, v) -> typed.put(k, typed(v)));
        Files.writeString(file, FlatJson.write(typed) + "\n", StandardCharsets.UTF_8);
    }

    /** Numbers, booleans and nulls back to their JSON types (FlatJson.read gives strings). */
    private static Object typed(String v) {
        if (v == null || "null".equals(v)) {
            return Double.NaN; // written as null
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.valueOf(v);
        }
        if (v.matches("-?[0-9]{1,18}")) {
            return Long.valueOf(v);
        }
        if (v.matches("-?[0-9]+\\.[0-9]+([eE]-?[0-9]+)?|-?[0-9]+[eE]-?[0-9]+")) {
            return Double.valueOf(v);
        }
        return v;
    }

    /**
     * Pair by pair, each case once per pair (case A's pair, case B's pair, case A's next pair, ...), so that no case
     * always runs on a colder broker than the other. For cases at unlimited rate only (no half-rate dependencies).
     */
    private void runInterleaved(List<BenchCase> cases, Cluster cluster) throws IOException, InterruptedException {
        for (BenchCase c : cases) {
            results.put(c, new ArrayList<>());
        }
        for (int pair = 0; pair < pairs; pair++) {
            for (BenchCase c : cases) {
                List<String> order = c.shape().clientsOfPair(pair);
                for (int k = 0; k < order.size(); k++) {
                    Map<String, String> r = runOne(c, cluster, order.get(k), -1, null);
                    r.put("pair", Integer.toString(pair));
                    r.put("orderInPair", Integer.toString(k));
                    results.get(c).add(r);
                    saveRaw(r);
                }
            }
        }
    }

    /** The unlimited-rate case whose official throughput sets the half rate (the defaults case uses lz4/100 B). */
    private Map<String, String> runOne(BenchCase c, Cluster cluster, String client, double rate, String sharedTopic)
            throws IOException, InterruptedException {
        int n = ++runNumber;
        String topic = sharedTopic != null ? sharedTopic : "sbs-" + n + "-" + Long.toHexString(System.nanoTime() & 0xfffffL);
        if (!c.sink() && sharedTopic == null) {
            cluster.createTopic(topic, c.shape().partitions());
        }
        Path json = workDir.resolve(String.format(Locale.ROOT, "run-%03d-%s.json", n, client));
        Path log = workDir.resolve("logs").resolve(String.format(Locale.ROOT, "run-%03d-%s.log", n, client));
        Files.deleteIfExists(json);
        List<String> cmd = perfCommand(c, cluster, client, rate, topic, json);
        System.out.printf(Locale.ROOT, "[%d] %s: %s%s%n", n, client, c.label(),
                rate > 0 ? String.format(Locale.ROOT, " at %,.0f records/s", rate) : "");
        // Tracked: stopping SideBySide (SIGTERM, Ctrl-C) destroys the run in progress and its descendants.
        Process p = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        boolean finished = p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            ChildProcesses.destroyTree(p.toHandle(), Duration.ZERO);
        }
        if (!c.sink() && sharedTopic == null) {
            Topics.delete(cluster.bootstrapServers(), topic);
        }
        Map<String, String> result = new LinkedHashMap<>();
        if (finished && Files.exists(json)) {
            result.putAll(FlatJson.read(Files.readString(json, StandardCharsets.UTF_8)));
            System.out.printf(Locale.ROOT, "      %,.0f records/s, p99 %.1f ms, %.2f CPU-s/M, %.0f B/record, "
                    + "machine idle %.0f %%%n", num(result, "recordsPerSecond"), num(result, "latencyP99Ms"),
                    num(result, "cpuSecondsPerMillion"), num(result, "allocatedBytesPerRecord"),
                    num(result, "machineIdleShare") * 100);
        } else {
            Path kept = keepFailedLog(resultsDir, log);
            System.out.println("      FAILED (" + (finished ? "exit " + p.exitValue() : "timed out") + "); see "
                    + (kept != null ? kept : log));
        }
        result.put("client", client);
        result.put("exitCode", finished ? Integer.toString(p.exitValue()) : "timeout");
        result.put("case", c.label());
        result.put("run", Integer.toString(n));
        return result;
    }

    /**
     * A failed run's log, copied beside the raw results (into {@code resultsDir/logs}), since its JSON cannot say why it
     * failed and the work dir is neither committed nor kept (the next invocation reuses its run numbers). Returns the
     * copy, or null without a results dir or a log.
     */
    static Path keepFailedLog(Path resultsDir, Path log) throws IOException {
        if (resultsDir == null || !Files.exists(log)) {
            return null;
        }
        Path dir = Files.createDirectories(resultsDir.resolve("logs"));
        return Files.copy(log, dir.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Records measured per run: {@code records}, capped by the case's own count; at a fixed rate at least
     * {@link #FIXED_RATE_MIN_SECONDS} of them. Session 12: at 5 M records a half-rate run lasted under 5 s, and one or
     * two hiccups of the broker decided its p99 (ours with JSON-like values 1.8, 5.0 and 7.6 ms in three runs).
     */
    static long measuredRecords(Shape shape, long records, double rate) {
        long n = shape.records() > 0 ? Math.min(shape.records(), records) : records;
        return rate > 0 ? Math.max(n, (long) Math.ceil(rate * FIXED_RATE_MIN_SECONDS)) : n;
    }

    private List<String> perfCommand(BenchCase c, Cluster cluster, String client, double rate, String topic,
            Path json) {
        Shape shape = c.shape();
        long n = measuredRecords(shape, records, rate);
        List<String> cmd = new ArrayList<>(List.of(shape.java25() ? java25 : Classpath.javaExecutable(),
                // Heap pages touched before the run: a long-running service's heap is, and a short run's first
                // pass over fresh pages (kernel page zeroing) was up to a third of the sending thread's profile.
                "-Xms" + c.heap(), "-Xmx" + c.heap(), "-XX:+AlwaysPreTouch",
                "-cp", Classpath.full(), PerfTool.class.getName(),
                "--client", client, "--bootstrap-servers", cluster.producerBootstrapServers(c.tls()),
                "--broker-pid", Long.toString(cluster.brokerPid()), "--skip-topic-creation", "--topic", topic,
                "--partitions", Integer.toString(shape.partitions()), "--records", Long.toString(n),
                "--warmup-records", Long.toString(warmupRecords(n)),
                "--warmup-seconds", Double.toString(warmupSeconds),
                "--record-size", Integer.toString(c.recordSizeBytes()),
                "--payload", shape.payload() != null ? shape.payload() : payload,
                "--key-count", Integer.toString(shape.keyCount()), "--topics", Integer.toString(shape.topics()),
                "--threads", Integer.toString(shape.threads()),
                "--throughput", rate > 0 ? Double.toString(rate) : "-1",
                "--json", json.toAbsolutePath().toString(), "--label", c.label()));
        if (shape.virtualThreads()) {
            cmd.add("--virtual-threads");
        }
        List<String> props = new ArrayList<>(c.producerProps());
        if (c.tls()) {
            cluster.tlsClientProps().forEach((k, v) -> props.add(k + "=" + v));
        }
        if (!props.isEmpty()) {
            cmd.add("--producer-props");
            cmd.addAll(props);
        }
        return cmd;
    }

    /** Warm-up records per round (PerfTool repeats rounds until --warmup-seconds have passed). */
    static long warmupRecords(long records) {
        return Math.min(records / 5, 500_000);
    }

    static double num(Map<String, String> m, String key) {
        try {
            String v = m.get(key);
            return v == null || "null".equals(v) ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
