package dev.vltava.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.SideBySide [--quick | --tls] [--records N] [--pairs N]
 *        [--payload random|json] [--out docs/benchmarks.md] [--work-dir benchmarks/target/side-by-side]
 * </pre>
 */
public final class SideBySide {
    private static final long RUN_TIMEOUT_MINUTES = 20;
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
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: SideBySide "
                        + "[--quick] [--tls] [--records N] [--pairs N] [--payload random|json] [--warmup-seconds S] [--out FILE] "
                        + "[--work-dir DIR]");
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
    }

    public static void main(String[] args) throws Exception {
        new SideBySide(args).runAll();
        System.exit(0);
    }

    private void runAll() throws IOException, InterruptedException {
        Files.createDirectories(workDir.resolve("logs"));
        List<BenchCase> cases = new ArrayList<>(tlsOnly ? BenchCase.tlsPair()
                : quick ? BenchCase.quick() : BenchCase.full());
        cases.sort((a, b) -> Boolean.compare(a.halfRate(), b.halfRate())); // rate sources first
        double loadBefore = Machine.loadAverage();
        long startMs = System.currentTimeMillis();
        double busyStart = ProcessCpu.machineBusySeconds();
        double ownStart = ProcessCpu.selfAndWaitedChildrenSeconds();
        double foreignShare;
        try (EmbeddedBroker broker = EmbeddedBroker.start("2g", true);
             SinkProcess sink = SinkProcess.start(PARTITIONS)) {
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
        }
        double minutes = (System.currentTimeMillis() - startMs) / 60_000.0;
        SideBySideReport report = new SideBySideReport(results, commandLine, quick, records, pairs, payload,
                warmupSeconds, loadBefore, foreignShare, minutes);
        report.write(out);
        System.out.println("wrote " + out + " and " + report.svgPath(out));
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
        for (int pair = 0; pair < pairs; pair++) {
            for (String client : List.of("vltava", "kafka")) {
                runs.add(runOne(c, cluster, client, rate));
            }
        }
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
                for (String client : List.of("vltava", "kafka")) {
                    results.get(c).add(runOne(c, cluster, client, -1));
                }
            }
        }
    }

    /** The unlimited-rate case whose official throughput sets the half rate (the defaults case uses lz4/100 B). */
    private Map<String, String> runOne(BenchCase c, Cluster cluster, String client, double rate)
            throws IOException, InterruptedException {
        int n = ++runNumber;
        String topic = "sbs-" + n + "-" + Long.toHexString(System.nanoTime() & 0xfffffL);
        if (!c.sink()) {
            cluster.createTopic(topic, PARTITIONS);
        }
        Path json = workDir.resolve(String.format(Locale.ROOT, "run-%03d-%s.json", n, client));
        Path log = workDir.resolve("logs").resolve(String.format(Locale.ROOT, "run-%03d-%s.log", n, client));
        Files.deleteIfExists(json);
        List<String> cmd = perfCommand(c, cluster, client, rate, topic, json);
        System.out.printf(Locale.ROOT, "[%d] %s: %s%s%n", n, client, c.label(),
                rate > 0 ? String.format(Locale.ROOT, " at %,.0f records/s", rate) : "");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        if (!c.sink()) {
            Topics.delete(cluster.bootstrapServers(), topic);
        }
        Map<String, String> result = new LinkedHashMap<>();
        if (finished && Files.exists(json)) {
            result.putAll(FlatJson.read(Files.readString(json, StandardCharsets.UTF_8)));
            System.out.printf(Locale.ROOT, "      %,.0f records/s, p99 %.1f ms, %.2f CPU-s/M, %.0f B/record%n",
                    num(result, "recordsPerSecond"), num(result, "latencyP99Ms"), num(result, "cpuSecondsPerMillion"),
                    num(result, "allocatedBytesPerRecord"));
        } else {
            System.out.println("      FAILED (" + (finished ? "exit " + p.exitValue() : "timed out") + "); see " + log);
        }
        result.put("client", client);
        result.put("exitCode", finished ? Integer.toString(p.exitValue()) : "timeout");
        return result;
    }

    private List<String> perfCommand(BenchCase c, Cluster cluster, String client, double rate, String topic,
            Path json) {
        List<String> cmd = new ArrayList<>(List.of(Classpath.javaExecutable(), "-Xms" + c.heap(), "-Xmx" + c.heap(),
                "-cp", Classpath.full(), PerfTool.class.getName(),
                "--client", client, "--bootstrap-servers", cluster.producerBootstrapServers(c.tls()),
                "--broker-pid", Long.toString(cluster.brokerPid()), "--skip-topic-creation", "--topic", topic,
                "--partitions", Integer.toString(PARTITIONS), "--records", Long.toString(records),
                "--warmup-records", Long.toString(warmupRecords(records)),
                "--warmup-seconds", Double.toString(warmupSeconds),
                "--record-size", Integer.toString(c.recordSizeBytes()), "--payload", payload,
                "--throughput", rate > 0 ? Double.toString(rate) : "-1",
                "--json", json.toAbsolutePath().toString(), "--label", c.label()));
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
