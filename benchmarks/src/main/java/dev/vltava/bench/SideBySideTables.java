package dev.vltava.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown tables of the side-by-side report. */
final class SideBySideTables {
    private SideBySideTables() {
    }

    static String throughputTable(Map<BenchCase, List<Map<String, String>>> results) {
        return throughputTable(results, "vltava");
    }

    /** @param ours the Vltava client the official one is compared with: "vltava" (core API) or "facade" */
    static String throughputTable(Map<BenchCase, List<Map<String, String>>> results, String ours) {
        StringBuilder sb = new StringBuilder("### Throughput and latency (medians)\n\n");
        String v = name(ours);
        sb.append("| configuration | rate | " + v + " rec/s | kafka rec/s | ratio | " + v + " p50 ms | kafka p50 ms | "
                + v + " p99 ms | kafka p99 ms | ratio | " + v + " p99.9 ms | kafka p99.9 ms |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            List<Map<String, String>> runs = e.getValue();
            double limit = SideBySideReport.median(runs, "kafka", "throughputLimit");
            sb.append("| ").append(e.getKey().label()).append(" | ")
                    .append(limit > 0 ? String.format(Locale.ROOT, "%,.0f/s", limit) : "max").append(" | ")
                    .append(triple(runs, "recordsPerSecond", "%,.0f", ours)).append(" | ")
                    .append(pair(runs, "latencyP50Ms", "%.1f", ours)).append(" | ")
                    .append(triple(runs, "latencyP99Ms", "%.1f", ours)).append(" | ")
                    .append(pair(runs, "latencyP999Ms", "%.1f", ours)).append(" |").append(failures(runs))
                    .append('\n');
        }
        return sb.toString();
    }

    static String resourceTable(Map<BenchCase, List<Map<String, String>>> results) {
        return resourceTable(results, "vltava");
    }

    static String resourceTable(Map<BenchCase, List<Map<String, String>>> results, String ours) {
        StringBuilder sb = new StringBuilder("### Producer resources (medians)\n\n");
        String v = name(ours);
        sb.append("| configuration | " + v + " CPU-s/M | kafka CPU-s/M | ratio | " + v + " B/rec | kafka B/rec | ratio "
                + "| " + v + " GCs | kafka GCs | " + v + " peak heap MiB | kafka peak heap MiB "
                + "| broker CPU-s/M (v / k) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            List<Map<String, String>> runs = e.getValue();
            sb.append("| ").append(e.getKey().label()).append(" | ")
                    .append(triple(runs, "cpuSecondsPerMillion", "%.2f", ours)).append(" | ")
                    .append(triple(runs, "allocatedBytesPerRecord", "%.0f", ours)).append(" | ")
                    .append(pair(runs, "gcCount", "%.0f", ours)).append(" | ")
                    .append(fmt(SideBySideReport.median(runs, ours, "peakHeapBytes") / 1048576.0, "%.0f"))
                    .append(" | ")
                    .append(fmt(SideBySideReport.median(runs, "kafka", "peakHeapBytes") / 1048576.0, "%.0f"))
                    .append(" | ")
                    .append(pair(runs, "brokerCpuSecondsPerMillion", "%.2f", ours).replace(" | ", " / "))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** The JSON fields of the CPU split, in column order (each per million records in the table). */
    private static final List<String> CPU_SPLIT = List.of("cpuSeconds", "javaThreadsCpuSeconds",
            "networkThreadCpuSeconds", "callbackThreadsCpuSeconds", "otherThreadsCpuSeconds", "jitThreadsCpuSeconds",
            "gcThreadsCpuSeconds", "gcTimeMs");

    /**
     * Where each client's CPU went, per million records (medians of each run's figure): the Java threads by role and
     * the JVM's own threads (JIT compilers, garbage collector), with the GC pause time. A CPU ratio moved by a
     * collection or by compiles that happened to fall in the measured window shows here. Runs without the split
     * (older JSON) show n/a.
     */
    static String cpuSplitTable(Map<BenchCase, List<Map<String, String>>> results) {
        StringBuilder sb = new StringBuilder("### Where the CPU went (medians, CPU-s per million records)\n\n");
        sb.append("| configuration | client | process | Java threads | network thread | callback threads "
                + "| sending threads | JIT | GC threads | GC pauses ms/M |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            for (String client : List.of("vltava", "facade", "kafka")) {
                if (!hasClient(e.getValue(), client)) {
                    continue;
                }
                List<Map<String, String>> perMillion = new ArrayList<>();
                for (Map<String, String> r : e.getValue()) {
                    Map<String, String> m = new HashMap<>(r);
                    double millions = SideBySide.num(r, "records") / 1e6;
                    for (String f : CPU_SPLIT) {
                        m.put(f, Double.toString(SideBySide.num(r, f) / millions));
                    }
                    perMillion.add(m);
                }
                sb.append("| ").append(e.getKey().label()).append(" | ").append(name(client));
                for (String f : CPU_SPLIT) {
                    sb.append(" | ").append(fmt(SideBySideReport.median(perMillion, client, f),
                            "gcTimeMs".equals(f) ? "%.0f" : "%.2f"));
                }
                sb.append(" |\n");
            }
        }
        return sb.toString();
    }

    /** The targets, reported (never asserted) against the measured medians. */
    static String targets(Map<BenchCase, List<Map<String, String>>> results) {
        BenchCase headline = new BenchCase("acks=all idem lz4", BenchCase.LZ4, 100, false, false, "1g");
        BenchCase sinkCase = new BenchCase("acks=all idem lz4", BenchCase.LZ4, 100, true, false, "1g");
        List<Map<String, String>> h = runsOf(results, headline);
        StringBuilder sb = new StringBuilder("### Targets (from the issue; reported, not asserted)\n\n");
        sb.append("| target | wanted | measured | met? |\n|---|---:|---:|---|\n");
        target(sb, "records/s vs official, real broker, 100 B, acks=all idem lz4", ">= 1.60x",
                ratio(h, "recordsPerSecond"), true, 1.6);
        target(sb, "producer CPU-s per million vs official, same case", "<= 0.45x",
                ratio(h, "cpuSecondsPerMillion"), false, 0.45);
        target(sb, "records/s vs official, sink broker, same producer config", ">= 2.00x",
                ratio(runsOf(results, sinkCase), "recordsPerSecond"), true, 2.0);
        target(sb, "allocated bytes per record vs official, real broker", "<= 0.25x",
                ratio(h, "allocatedBytesPerRecord"), false, 0.25);
        target(sb, "p99 at half the official max rate vs official", "<= 1.00x",
                ratio(runsOf(results, headline.atHalfRate()), "latencyP99Ms"), false, 1.0);
        List<Map<String, String>> tls = runsOf(results, BenchCase.overTls());
        target(sb, "records/s vs official, same case over TLS", ">= 1.30x", ratio(tls, "recordsPerSecond"), true,
                1.3);
        target(sb, "producer CPU-s per million vs official, over TLS", "<= 0.70x", ratio(tls, "cpuSecondsPerMillion"),
                false, 0.7);
        if (hasClient(tls, "facade")) {
            target(sb, "the same over TLS through the facade: records/s", ">= 1.30x",
                    ratio(tls, "recordsPerSecond", "facade"), true, 1.3);
            target(sb, "the same over TLS through the facade: CPU-s per million", "<= 0.70x",
                    ratio(tls, "cpuSecondsPerMillion", "facade"), false, 0.7);
        }
        List<Map<String, String>> small = results.get(BenchCase.defaultsInSmallHeap());
        String heapResult = "not run";
        String met = "?";
        if (small != null) {
            long ok = small.stream().filter(r -> "vltava".equals(r.get("client")) && "0".equals(r.get("exitCode"))
                    && SideBySide.num(r, "failed") == 0).count();
            long all = small.stream().filter(r -> "vltava".equals(r.get("client"))).count();
            heapResult = ok + " of " + all + " runs completed";
            met = ok == all && all > 0 ? "yes" : "NO";
        }
        sb.append("| default config, steady load, -Xmx64m (vltava) | completes | ").append(heapResult).append(" | ")
                .append(met).append(" |\n");
        return sb.toString();
    }

    /**
     * The runs of {@code wanted}, or of the case that differs from it only in which clients ran it (the TLS pair runs
     * the facade too); null if neither ran.
     */
    static List<Map<String, String>> runsOf(Map<BenchCase, List<Map<String, String>>> results, BenchCase wanted) {
        List<Map<String, String>> runs = results.get(wanted);
        if (runs != null) {
            return runs;
        }
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            if (e.getKey().coreVsOfficial().equals(wanted.coreVsOfficial())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** True if some run of {@code runs} (may be null) is of {@code client}. */
    static boolean hasClient(List<Map<String, String>> runs, String client) {
        return runs != null && runs.stream().anyMatch(r -> client.equals(r.get("client")));
    }

    static String legend() {
        return "Ratios are vltava / kafka. CPU-s/M: the producer JVM's process CPU time (all threads, GC and JIT "
                + "included) per million records. B/rec: bytes allocated by all threads of the producer JVM per "
                + "record, harness included (one record object and one callback object per send for both clients). "
                + "Peak heap: the sum of the heap pools' peaks (an upper bound; with -Xms1g it mostly shows how far the GC "
                + "let the young generation grow, not the live set: the -Xmx64m case is the memory test). "
                + "At an unlimited rate the producer outruns the broker, so latency there is mostly time spent "
                + "queued in buffer.memory; compare latency at the fixed rate. Latency: send() call to callback. "
                + "Broker CPU: the broker process's utime+stime from /proc. Per-run JSON and logs: "
                + "`benchmarks/target/side-by-side/`.\n";
    }

    private static void target(StringBuilder sb, String what, String wanted, double measured, boolean atLeast,
            double bound) {
        String met = Double.isNaN(measured) ? "?" : (atLeast ? measured >= bound : measured <= bound) ? "yes" : "NO";
        sb.append("| ").append(what).append(" | ").append(wanted).append(" | ")
                .append(Double.isNaN(measured) ? "not run" : String.format(Locale.ROOT, "%.2fx", measured))
                .append(" | ").append(met).append(" |\n");
    }

    static double ratio(List<Map<String, String>> runs, String field) {
        return ratio(runs, field, "vltava");
    }

    static double ratio(List<Map<String, String>> runs, String field, String ours) {
        return SideBySideReport.median(runs, ours, field) / SideBySideReport.median(runs, "kafka", field);
    }

    static String triple(List<Map<String, String>> runs, String field, String format, String ours) {
        return pair(runs, field, format, ours) + " | " + fmt(ratio(runs, field, ours), "%.2fx");
    }

    static String pair(List<Map<String, String>> runs, String field, String format, String ours) {
        return fmt(SideBySideReport.median(runs, ours, field), format) + " | "
                + fmt(SideBySideReport.median(runs, "kafka", field), format);
    }

    /** Column name of a client. */
    static String name(String client) {
        return "facade".equals(client) ? "vltava (facade)" : client;
    }

    static String failures(List<Map<String, String>> runs) {
        long failed = runs.stream().filter(r -> !"0".equals(r.get("exitCode"))).count();
        return failed == 0 ? "" : " " + failed + " run(s) failed";
    }

    static String fmt(double v, String format) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, format, v);
    }
}
