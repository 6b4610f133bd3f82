package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 20: one invocation's three pairs moved a ratio by a fifth between runs an hour apart, so targets near the
 * measured ratio are judged on pairs pooled over invocations. The tool must pair runs within an invocation, leave out
 * noisy invocations and failed runs, and compare latency only where both clients ran at the same fixed rate.
 */
class PooledRatiosTest {
    private static final String CASE = "config b, 100 B, broker, random";
    private static final String HALF = "config b, 100 B, broker, random, ½ max rate";

    @TempDir
    Path root;

    @Test
    void poolsThePairsOfQuietInvocationsAndLeavesOutNoisyOnes() throws IOException {
        Path first = invocation("s1", true);
        run(first, 1, "facade", CASE, 0, 3_000_000, 0.50, 80);
        run(first, 2, "kafka", CASE, 0, 2_000_000, 0.80, 80); // pair 1: 1.50x
        run(first, 3, "kafka", CASE, 0, 1_000_000, 1.00, 80);
        run(first, 4, "facade", CASE, 0, 1_600_000, 0.50, 80); // pair 2: 1.60x
        Path second = invocation("s2", true);
        run(second, 1, "facade", CASE, 0, 2_100_000, 0.50, 80);
        run(second, 2, "kafka", CASE, 0, 1_500_000, 0.80, 80); // pair 3: 1.40x
        Path noisy = invocation("s3", false);
        run(noisy, 1, "facade", CASE, 0, 9_000_000, 0.10, 80);
        run(noisy, 2, "kafka", CASE, 0, 1_000_000, 1.00, 80);

        String report = PooledRatios.report(List.of(first, second, noisy), "facade", "kafka", Pattern.compile(""));

        assertTrue(report.contains("Pooled over 2 quiet invocation(s): s1, s2; left out: s3 (machine not quiet)"),
                report);
        assertTrue(report.contains("| " + CASE + " | 3 (2) | records/s | 1.50x ["), report);
        assertTrue(report.contains("| 1.55x, 1.40x |"), "per invocation, the median of its own pairs: " + report);
        assertFalse(report.contains("9.00x"), report);
        assertFalse(report.contains("| p99 |"), "no latency ratio at full speed: " + report);
    }

    @Test
    void aFailedRunLeavesItsPairOutAndLatencyIsComparedOnlyAtAFixedRate() throws IOException {
        Path dir = invocation("s1", true);
        failedRun(dir, 1, "facade", HALF, 0); // ran out of memory: its pair is left out
        pairedRun(dir, 2, "kafka", HALF, 1, 10); // pairs alternate which client runs first
        pairedRun(dir, 3, "kafka", HALF, 0, 12);
        pairedRun(dir, 4, "facade", HALF, 1, 7); // pair 1: 7 against 10 ms

        String report = PooledRatios.report(List.of(dir), "facade", "kafka", Pattern.compile("½"));

        assertTrue(report.contains("| " + HALF + " | 1 (1) | p99 | 0.70x [0.70-0.70] | 0.70x |"), report);
        assertTrue(report.contains("| " + HALF + " | 1 (1) | CPU-s/M | 0.75x [0.75-0.75] | 0.75x |"), report);
        assertFalse(report.contains("| records/s |"), "both run at the same rate there: " + report);
    }

    /** SideBySide appends this to its own report, quiet or not: a noisy run's report shows its pairs too. */
    @Test
    void anInvocationsOwnReportShowsItsPairsEvenWhenNotQuiet() throws IOException {
        Path dir = invocation("s4", false);
        run(dir, 1, "facade", CASE, 0, 3_000_000, 0.50, 80);
        run(dir, 2, "kafka", CASE, 0, 2_000_000, 0.80, 80);

        String section = PooledRatios.pairsSection(dir, "facade");

        assertTrue(section.contains("### The pairs' ratios (facade / kafka)"), section);
        assertTrue(section.contains("Over 1 invocation(s): s4."), section);
        assertTrue(section.contains("| " + CASE + " | 1 (1) | records/s | 1.50x [1.50-1.50] | 1.50x |"), section);
        assertTrue(section.contains("| " + CASE + " | 1 (1) | CPU-s/M | 0.63x [0.63-0.63] | 0.63x |"), section);
    }

    @Test
    void theIntervalIsReproducibleAndHoldsTheMedian() {
        List<Double> ratios = List.of(1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0);

        double[] interval = PooledRatios.bootstrapInterval(ratios);

        assertTrue(interval[0] < 1.6 && 1.6 < interval[1], interval[0] + "-" + interval[1]);
        assertTrue(interval[0] >= 1.2 && interval[1] <= 2.0, interval[0] + "-" + interval[1]);
        double[] again = PooledRatios.bootstrapInterval(ratios);
        assertEquals(interval[0], again[0]);
        assertEquals(interval[1], again[1]);
        assertEquals(1.6, PooledRatios.median(ratios));
        assertEquals(1.45, PooledRatios.median(List.of(1.3, 1.6, 1.4, 1.5)), 1e-12);
    }

    private Path invocation(String name, boolean quiet) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("report.md"), "## Drop-in side by side\n\n" + (quiet
                ? "Machine quiet: load average 0.4 on 2 cores when the run began.\n"
                : "> **PRELIMINARY, NOISY MACHINE.** Machine NOT quiet: load average 1.9.\n"));
        return dir;
    }

    /** A completed run at the fixed rate, as SideBySide writes it (with its case and pair). */
    private static void pairedRun(Path dir, int number, String client, String label, int pair, double p99)
            throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("label", label);
        f.put("client", client);
        f.put("failed", 0L);
        f.put("throughputLimit", 800_000.0);
        f.put("recordsPerSecond", 800_000.0);
        f.put("cpuSecondsPerMillion", "kafka".equals(client) ? 0.80 : 0.60);
        f.put("latencyP99Ms", p99);
        f.put("exitCode", 0);
        f.put("case", label);
        f.put("pair", pair);
        Files.writeString(dir.resolve(String.format("run-%03d-%s.json", number, client)), FlatJson.write(f));
    }

    /** A run that did not complete: SideBySide writes only its client, exit code, case and pair. */
    private static void failedRun(Path dir, int number, String client, String label, int pair) throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("client", client);
        f.put("exitCode", 1);
        f.put("case", label);
        f.put("pair", pair);
        Files.writeString(dir.resolve(String.format("run-%03d-%s.json", number, client)), FlatJson.write(f));
    }

    private static void run(Path dir, int number, String client, String label, long failed, double rate, double cpu,
            double p99) throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("label", label);
        f.put("client", client);
        f.put("failed", failed);
        f.put("throughputLimit", label.contains("½") ? 800_000.0 : -1.0);
        f.put("recordsPerSecond", rate);
        f.put("cpuSecondsPerMillion", cpu);
        f.put("latencyP99Ms", p99);
        Files.writeString(dir.resolve(String.format("run-%03d-%s.json", number, client)), FlatJson.write(f));
    }
}
