package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each suite owns its own marked section of docs/benchmarks.md: session 5's drop-in run replaced the core-API matrix
 * section (they shared one pair of markers) and it had to be restored by hand.
 */
class SideBySideReportTest {
    private static final String MATRIX = SideBySideReport.MATRIX_SECTION;
    private static final String DROP_IN = SideBySideReport.DROP_IN_SECTION;

    private static String doc() {
        return "# Benchmarks\n\nhand-written intro\n\n"
                + SideBySideReport.begin(MATRIX) + "\n## Side by side\nmatrix tables\n" + SideBySideReport.end(MATRIX)
                + "\n\n## Microbenchmarks\nhand-written JMH notes\n";
    }

    @Test
    void theDropInSuiteAddsItsOwnSectionAndKeepsTheMatrix() {
        String once = SideBySideReport.replaceSection(doc(), DROP_IN, "## Drop-in\nfirst run\n");
        String twice = SideBySideReport.replaceSection(once, DROP_IN, "## Drop-in\nsecond run\n");

        assertTrue(twice.contains("matrix tables"), twice);
        assertTrue(twice.contains("hand-written intro") && twice.contains("hand-written JMH notes"), twice);
        assertTrue(twice.contains("second run") && !twice.contains("first run"), twice);
        assertEquals(1, count(twice, SideBySideReport.begin(DROP_IN)), twice);
        assertEquals(1, count(twice, SideBySideReport.begin(MATRIX)), twice);
    }

    @Test
    void theMatrixReplacesOnlyItsOwnSection() {
        String withDropIn = SideBySideReport.replaceSection(doc(), DROP_IN, "## Drop-in\ndrop-in tables\n");
        String text = SideBySideReport.replaceSection(withDropIn, MATRIX, "## Side by side\nnew matrix\n");

        assertTrue(text.contains("drop-in tables"), text);
        assertTrue(text.contains("new matrix") && !text.contains("matrix tables"), text);
        assertTrue(text.indexOf("new matrix") < text.indexOf("## Microbenchmarks"), "replaced in place: " + text);
    }

    /** The TLS pair runs the facade too: the targets still find its cases and report both Vltava APIs. */
    @Test
    void theTlsTargetsComeFromTheThreeClientPair() {
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        List<BenchCase> pair = BenchCase.tlsPair();
        results.put(pair.get(0), List.of(run("facade", 1200, 1.0), run("vltava", 1300, 0.9), run("kafka", 1000, 1.25)));
        results.put(pair.get(1), List.of(run("facade", 1100, 1.2), run("vltava", 1400, 0.875), run("kafka", 1000, 1.25)));

        String targets = SideBySideTables.targets(results);

        assertTrue(targets.contains("| records/s vs official, real broker, 100 B, acks=all idem lz4 | >= 1.60x | 1.30x |"),
                targets);
        assertTrue(targets.contains("| records/s vs official, same case over TLS | >= 1.30x | 1.40x | yes |"), targets);
        assertTrue(targets.contains("| producer CPU-s per million vs official, over TLS | <= 0.70x | 0.70x | yes |"),
                targets);
        assertTrue(targets.contains("through the facade: records/s | >= 1.30x | 1.10x | NO |"), targets);
        assertTrue(targets.contains("through the facade: CPU-s per million | <= 0.70x | 0.96x | NO |"), targets);
    }

    /** The CPU split per million records: medians of each run's figure, n/a for runs written before the split. */
    @Test
    void theCpuSplitIsPerMillionRecords() {
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        List<BenchCase> pair = BenchCase.tlsPair();
        Map<String, String> ours = new LinkedHashMap<>(Map.of("client", "facade", "exitCode", "0",
                "records", "2000000", "cpuSeconds", "2.0", "javaThreadsCpuSeconds", "1.2",
                "networkThreadCpuSeconds", "0.2", "callbackThreadsCpuSeconds", "0.2", "otherThreadsCpuSeconds", "0.8"));
        ours.putAll(Map.of("jitThreadsCpuSeconds", "0.1", "gcThreadsCpuSeconds", "0.6", "gcTimeMs", "300"));
        Map<String, String> older = Map.of("client", "kafka", "exitCode", "0", "records", "1000000",
                "cpuSeconds", "1.5", "javaThreadsCpuSeconds", "1.0");
        results.put(pair.get(0), List.of(ours, older));

        String table = SideBySideTables.cpuSplitTable(results);

        assertTrue(table.contains("| vltava (facade) | 1.00 | 0.60 | 0.10 | 0.10 | 0.40 | 0.05 | 0.30 | 150 |"), table);
        assertTrue(table.contains("| kafka | 1.50 | 1.00 | n/a | n/a | n/a | n/a | n/a | n/a |"), table);
    }

    /** Session 11: a slowdown outside the JVMs left cores idle at an unlimited rate; the report names such runs. */
    @Test
    void unlimitedRateRunsWithIdleCoresAreNamed() {
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        List<BenchCase> pair = BenchCase.tlsPair();
        results.put(pair.get(0), List.of(idleRun("1", "-1.0", "0.05"), idleRun("2", "-1.0", "0.40"),
                idleRun("3", "1000000.0", "0.60"), idleRun("4", "-1.0", "0.07")));

        String summary = SideBySideReport.idleSummary(results);

        assertTrue(summary.contains("the 3 unlimited-rate runs: median 7.0 %, highest 40.0 %"), summary);
        assertTrue(summary.contains("run 2 (facade, tls case, 40.0 %)") && !summary.contains("run 3"),
                "only the unlimited-rate run above 25 % is named: " + summary);
        assertEquals("", SideBySideReport.idleSummary(Map.of(pair.get(0), List.of(run("facade", 1, 1)))),
                "older results without the field: nothing");
    }

    /**
     * Session 17: every run of the 1,000-partition case idles 23-27 % (the broker bounds it), so an absolute limit named
     * nearly all of them; there a run is held up only well above its case's median.
     */
    @Test
    void aBrokerBoundCaseIsHeldUpOnlyAboveItsOwnMedian() {
        BenchCase thousand = new BenchCase("config b", BenchCase.LZ4, 100, false, false, "1g", false,
                Shape.DROP_IN.payload("random").keyed(1_000, 100_000, 1));
        BenchCase six = new BenchCase("config b", BenchCase.LZ4, 100, false, false, "1g", false,
                Shape.DROP_IN.payload("random"));
        assertTrue(thousand.brokerBound() && !six.brokerBound());
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        results.put(thousand, List.of(idleRun("1", "-1.0", "0.26"), idleRun("2", "-1.0", "0.27"),
                idleRun("3", "-1.0", "0.24"), idleRun("4", "-1.0", "0.40")));
        results.put(six, List.of(idleRun("5", "-1.0", "0.26"), idleRun("6", "-1.0", "0.05")));

        String summary = SideBySideReport.idleSummary(results);

        assertTrue(summary.contains("run 4 (") && !summary.contains("run 1 (") && !summary.contains("run 2 ("),
                "the 1,000-partition case's limit is its median 26.5 % + 10 points: " + summary);
        assertTrue(summary.contains("run 5 ("), "the 6-partition case keeps the absolute 25 %: " + summary);
        assertTrue(summary.contains("limit 36.5 %"), summary);
    }

    @Test
    void procStatsCpuLineGivesIdlePlusIowaitAndTheTotal() {
        long[] v = MachineCpu.parse("cpu  100 5 50 800 20 3 2 1 0 0");
        assertEquals(820, v[0]);
        assertEquals(981, v[1]);
        assertEquals(0.5, MachineCpu.idleShare(new long[] {0, 0}, new long[] {50, 100}));
        assertTrue(Double.isNaN(MachineCpu.idleShare(null, v)));
        assertEquals(null, MachineCpu.parse("cpu0 1 2 3 4 5"), "a single core's line is not the aggregate");
    }

    private static Map<String, String> idleRun(String run, String throughputLimit, String idleShare) {
        return Map.of("client", "facade", "exitCode", "0", "run", run, "case", "tls case",
                "throughputLimit", throughputLimit, "machineIdleShare", idleShare);
    }

    private static Map<String, String> run(String client, double recordsPerSecond, double cpuPerMillion) {
        return Map.of("client", client, "exitCode", "0", "recordsPerSecond", Double.toString(recordsPerSecond),
                "cpuSecondsPerMillion", Double.toString(cpuPerMillion));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
