package dev.vltava.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The tables of the drop-in suite ({@link BenchCase#dropIn}, issue 16): the facade's cost over the core API, small
 * heaps against our own 512 MiB run, many partitions and many threads against our own single case, the record-size
 * sweep, and the targets. Every number is a median over the pairs of one invocation; ratios come from runs
 * of the same invocation only.
 */
final class DropInTables {
    private static final String US = "facade";

    private DropInTables() {
    }

    static String all(Map<BenchCase, List<Map<String, String>>> results) {
        return facadeOverhead(results) + '\n' + smallHeaps(results) + '\n' + partitionsAndThreads(results) + '\n'
                + sizes(results) + '\n' + targets(results);
    }

    static String facadeOverhead(Map<BenchCase, List<Map<String, String>>> results) {
        StringBuilder sb = new StringBuilder("### The facade's cost over the core API (medians)\n\n");
        sb.append("| configuration | facade CPU-s/M | core API CPU-s/M | facade overhead | facade B/rec | core B/rec "
                + "| facade rec/s | core rec/s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            if (!e.getKey().shape().clients().contains("vltava") || !e.getKey().shape().clients().contains(US)) {
                continue;
            }
            List<Map<String, String>> runs = e.getValue();
            double f = med(runs, US, "cpuSecondsPerMillion");
            double c = med(runs, "vltava", "cpuSecondsPerMillion");
            sb.append("| ").append(e.getKey().label()).append(" | ").append(fmt(f, "%.3f")).append(" | ")
                    .append(fmt(c, "%.3f")).append(" | ").append(fmt((f / c - 1) * 100, "%+.1f %%")).append(" | ")
                    .append(fmt(med(runs, US, "allocatedBytesPerRecord"), "%.0f")).append(" | ")
                    .append(fmt(med(runs, "vltava", "allocatedBytesPerRecord"), "%.0f")).append(" | ")
                    .append(fmt(med(runs, US, "recordsPerSecond"), "%,.0f")).append(" | ")
                    .append(fmt(med(runs, "vltava", "recordsPerSecond"), "%,.0f")).append(" |\n");
        }
        return sb.toString();
    }

    static String smallHeaps(Map<BenchCase, List<Map<String, String>>> results) {
        StringBuilder sb = new StringBuilder("### 64 MiB heap against 512 MiB, unlimited rate (medians)\n\n");
        sb.append("| configuration | client | rec/s 512 MiB | rec/s 64 MiB | 64/512 | GCs 512 MiB | GCs 64 MiB | 64/512 |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String profile : new String[] {"config b", "defaults"}) {
            List<Map<String, String>> big = runs(results, c -> smallHeapCase(c, profile, "512m"));
            List<Map<String, String>> small = runs(results, c -> smallHeapCase(c, profile, "64m"));
            if (big == null || small == null) {
                continue;
            }
            for (String client : new String[] {US, "kafka"}) {
                double r1 = med(big, client, "recordsPerSecond");
                double r2 = med(small, client, "recordsPerSecond");
                double g1 = med(big, client, "gcCount");
                double g2 = med(small, client, "gcCount");
                sb.append("| ").append(profile).append(", 100 B | ").append(SideBySideTables.name(client)).append(" | ")
                        .append(fmt(r1, "%,.0f")).append(" | ").append(fmt(r2, "%,.0f")).append(" | ")
                        .append(fmt(r2 / r1, "%.2fx")).append(" | ").append(fmt(g1, "%.0f")).append(" | ")
                        .append(fmt(g2, "%.0f")).append(" | ").append(fmt(g2 / g1, "%.2fx")).append(" |")
                        .append(SideBySideTables.failures(small)).append('\n');
            }
        }
        return sb.toString();
    }

    static String partitionsAndThreads(Map<BenchCase, List<Map<String, String>>> results) {
        List<Map<String, String>> base = headline(results, "random");
        List<Map<String, String>> base25 = runs(results, c -> oneThreadOnJava25(c, false));
        List<Map<String, String>> base25Sink = runs(results, c -> oneThreadOnJava25(c, true));
        StringBuilder sb = new StringBuilder("### Many partitions, many threads (medians; \"vs 1\" = against the same "
                + "client's single-thread, 6-partition case of the same JVM)\n\n");
        sb.append("| configuration | vltava (facade) rec/s | kafka rec/s | ratio | facade vs 1 | kafka vs 1 "
                + "| facade CPU-s/M vs 1 | facade B/rec vs 1 | facade GCs | kafka GCs |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            Shape s = e.getKey().shape();
            boolean interesting = s.partitions() * s.topics() > 6 || s.threads() > 1 || s.java25();
            if (!interesting || e.getKey().halfRate() || e.getKey().sizeSweep()) {
                continue;
            }
            List<Map<String, String>> runs = e.getValue();
            List<Map<String, String>> ref = !s.java25() ? base : e.getKey().sink() ? base25Sink : base25;
            sb.append("| ").append(e.getKey().label()).append(" | ")
                    .append(SideBySideTables.triple(runs, "recordsPerSecond", "%,.0f", US)).append(" | ")
                    .append(versus(runs, ref, US, "recordsPerSecond")).append(" | ")
                    .append(versus(runs, ref, "kafka", "recordsPerSecond")).append(" | ")
                    .append(versus(runs, ref, US, "cpuSecondsPerMillion")).append(" | ")
                    .append(versus(runs, ref, US, "allocatedBytesPerRecord")).append(" | ")
                    .append(SideBySideTables.pair(runs, "gcCount", "%.0f", US)).append(" |")
                    .append(SideBySideTables.failures(runs)).append('\n');
        }
        return sb.toString();
    }

    static String sizes(Map<BenchCase, List<Map<String, String>>> results) {
        StringBuilder sb = new StringBuilder("### Record size sweep, config b, unlimited rate (medians)\n\n");
        sb.append("| record size | records per run | vltava (facade) rec/s | kafka rec/s | ratio | facade MiB/s "
                + "| kafka MiB/s | facade CPU-s/M | kafka CPU-s/M |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            if (!e.getKey().sizeSweep()) {
                continue;
            }
            List<Map<String, String>> runs = e.getValue();
            sb.append("| ").append(BenchCase.size(e.getKey().recordSizeBytes())).append(" | ")
                    .append(fmt(med(runs, "kafka", "records"), "%,.0f")).append(" | ")
                    .append(SideBySideTables.triple(runs, "recordsPerSecond", "%,.0f", US)).append(" | ")
                    .append(SideBySideTables.pair(runs, "mibPerSecond", "%,.1f", US)).append(" | ")
                    .append(SideBySideTables.pair(runs, "cpuSecondsPerMillion", "%.2f", US)).append(" |")
                    .append(SideBySideTables.failures(runs)).append('\n');
        }
        return sb.toString();
    }

    /** Issue 16's targets, reported (never asserted). */
    static String targets(Map<BenchCase, List<Map<String, String>>> results) {
        StringBuilder sb = new StringBuilder("### Issue 16's targets (reported, not asserted)\n\n");
        sb.append("| target | wanted | measured | met? |\n|---|---:|---:|---|\n");
        for (String payload : new String[] {"random", "json"}) {
            List<Map<String, String>> h = headline(results, payload);
            target(sb, "facade records/s vs official, config b, " + payload, ">= 1.60x",
                    SideBySideTables.ratio(h, "recordsPerSecond", US), true, 1.6);
            target(sb, "facade CPU-s/M vs official, config b, " + payload, "<= 0.45x",
                    SideBySideTables.ratio(h, "cpuSecondsPerMillion", US), false, 0.45);
            target(sb, "facade CPU-s/M over the core API, " + payload, "<= 1.05x",
                    med(h, US, "cpuSecondsPerMillion") / med(h, "vltava", "cpuSecondsPerMillion"), false, 1.05);
            List<Map<String, String>> half = runs(results, c -> c.halfRate() && payload.equals(c.shape().payload()));
            target(sb, "p99 at half the official max vs official, " + payload, "<= 0.70x",
                    SideBySideTables.ratio(half, "latencyP99Ms", US), false, 0.7);
            target(sb, "facade p99.9 / official p99 at half rate, " + payload, "<= 1.00x",
                    med(half, US, "latencyP999Ms") / med(half, "kafka", "latencyP99Ms"), false, 1.0);
        }
        for (String profile : new String[] {"config b", "defaults"}) {
            List<Map<String, String>> big = runs(results, c -> smallHeapCase(c, profile, "512m"));
            List<Map<String, String>> small = runs(results, c -> smallHeapCase(c, profile, "64m"));
            target(sb, "64 MiB rate vs our 512 MiB rate, " + profile, ">= 0.90x",
                    med(small, US, "recordsPerSecond") / med(big, US, "recordsPerSecond"), true, 0.9);
            target(sb, "64 MiB GC count vs our 512 MiB count, " + profile, "<= 2.00x",
                    med(small, US, "gcCount") / med(big, US, "gcCount"), false, 2.0);
        }
        List<Map<String, String>> base = headline(results, "random");
        List<Map<String, String>> many = runs(results, c -> thousandPartitions(c) && "1g".equals(c.heap()));
        target(sb, "1,000 partitions keyed: facade records/s vs official", ">= 3.00x",
                SideBySideTables.ratio(many, "recordsPerSecond", US), true, 3.0);
        target(sb, "1,000 partitions: facade CPU-s/M vs our 6-partition", "<= 2.00x",
                med(many, US, "cpuSecondsPerMillion") / med(base, US, "cpuSecondsPerMillion"), false, 2.0);
        target(sb, "1,000 partitions: facade B/rec vs our 6-partition", "<= 2.00x",
                med(many, US, "allocatedBytesPerRecord") / med(base, US, "allocatedBytesPerRecord"), false, 2.0);
        completes(sb, "1,000 partitions keyed in a 64 MiB heap (facade)",
                runs(results, c -> thousandPartitions(c) && "64m".equals(c.heap())));
        completes(sb, "10,000 partitions over 100 topics (facade)", runs(results, c -> c.shape().topics() == 100));
        List<Map<String, String>> eight = runs(results, c -> c.shape().threads() == 8);
        target(sb, "8 platform threads vs 1 thread (facade)", ">= 0.90x",
                med(eight, US, "recordsPerSecond") / med(base, US, "recordsPerSecond"), true, 0.9);
        for (boolean sink : new boolean[] {false, true}) {
            List<Map<String, String>> base25 = runs(results, c -> oneThreadOnJava25(c, sink));
            List<Map<String, String>> virtual = runs(results, c -> c.shape().virtualThreads() && c.sink() == sink);
            target(sb, "10,000 virtual threads vs 1 thread, Java 25 (facade)" + (sink ? ", against the sink" : ""),
                    ">= 0.90x", med(virtual, US, "recordsPerSecond") / med(base25, US, "recordsPerSecond"), true, 0.9);
        }
        return sb.toString();
    }

    /**
     * A target row that a case completes: how many of the facade's runs ended without an error ("yes" only if every
     * one did, since a run that fails in a small heap fails the target however many others pass).
     */
    private static void completes(StringBuilder sb, String what, List<Map<String, String>> runs) {
        long ours = runs == null ? 0 : runs.stream().filter(r -> US.equals(r.get("client"))).count();
        long ok = runs == null ? 0 : runs.stream().filter(r -> US.equals(r.get("client"))
                && "0".equals(r.get("exitCode"))).count();
        sb.append("| ").append(what).append(" | completes | ")
                .append(runs == null ? "not run" : ok + " of " + ours + " runs").append(" | ")
                .append(runs == null ? "?" : ok == ours && ours > 0 ? "yes" : "NO").append(" |\n");
    }

    /** The small-heap table's cases: the profile's 6-partition, one-topic, one-thread case in that heap. */
    private static boolean smallHeapCase(BenchCase c, String profile, String heap) {
        return c.profile().equals(profile) && heap.equals(c.heap()) && c.shape().partitions() == 6
                && c.shape().topics() == 1 && c.shape().threads() == 1;
    }

    private static boolean oneThreadOnJava25(BenchCase c, boolean sink) {
        return c.shape().java25() && c.shape().threads() == 1 && c.sink() == sink;
    }

    private static boolean thousandPartitions(BenchCase c) {
        return c.shape().partitions() == 1_000 && c.shape().topics() == 1;
    }

    /** The unlimited-rate config b case with 6 partitions, one thread, 1 GiB, that payload (runs the core API too). */
    private static List<Map<String, String>> headline(Map<BenchCase, List<Map<String, String>>> results,
            String payload) {
        return runs(results, c -> c.shape().clients().contains("vltava") && !c.halfRate()
                && payload.equals(c.shape().payload()));
    }

    private static List<Map<String, String>> runs(Map<BenchCase, List<Map<String, String>>> results,
            Predicate<BenchCase> which) {
        for (Map.Entry<BenchCase, List<Map<String, String>>> e : results.entrySet()) {
            if (which.test(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String versus(List<Map<String, String>> runs, List<Map<String, String>> ref, String client,
            String field) {
        return fmt(med(runs, client, field) / med(ref, client, field), "%.2fx");
    }

    private static double med(List<Map<String, String>> runs, String client, String field) {
        return SideBySideReport.median(runs, client, field);
    }

    private static String fmt(double v, String format) {
        return SideBySideTables.fmt(v, format);
    }

    private static void target(StringBuilder sb, String what, String wanted, double measured, boolean atLeast,
            double bound) {
        String met = Double.isNaN(measured) || Double.isInfinite(measured) ? "?"
                : (atLeast ? measured >= bound : measured <= bound) ? "yes" : "NO";
        sb.append("| ").append(what).append(" | ").append(wanted).append(" | ")
                .append(Double.isNaN(measured) || Double.isInfinite(measured) ? "not run"
                        : String.format(Locale.ROOT, "%.2fx", measured)).append(" | ").append(met).append(" |\n");
    }
}
