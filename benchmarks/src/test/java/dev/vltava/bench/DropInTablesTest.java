package dev.vltava.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Session 19 added the 1,000-partition case in a 64 MiB heap: its runs must answer "completes in 64 MiB" and stay out
 * of the tables that pick a case by heap or by partitions alone (the small-heap table, the 1,000-partition CPU target).
 */
class DropInTablesTest {
    private static final Shape THOUSAND = Shape.DROP_IN.payload("random").keyed(1_000, 100_000, 1).records(1_000_000);

    @Test
    void theThousandPartitionCaseIn64MiBAnswersOnlyItsOwnTarget() {
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        // first, so that a table picking the first 64 MiB or the first 1,000-partition case would pick it
        results.put(b("64m", THOUSAND), List.of(run("facade", 0, 600_000, 1.5, 85), run("facade", 0, 610_000, 1.5, 90),
                run("kafka", 1, 0, 0, 0)));
        results.put(b("1g", Shape.DROP_IN.clients(Shape.FACADE_CORE_OFFICIAL).payload("random")),
                List.of(run("facade", 0, 2_000_000, 0.5, 2), run("vltava", 0, 2_000_000, 0.5, 2),
                        run("kafka", 0, 1_000_000, 1.0, 6)));
        results.put(b("512m", Shape.DROP_IN.payload("random")),
                List.of(run("facade", 0, 2_000_000, 0.5, 2), run("kafka", 0, 1_000_000, 1.0, 6)));
        results.put(b("64m", Shape.DROP_IN.payload("random")),
                List.of(run("facade", 0, 1_900_000, 0.5, 20), run("kafka", 0, 500_000, 1.0, 400)));
        results.put(b("1g", THOUSAND), List.of(run("facade", 0, 800_000, 1.0, 0), run("kafka", 0, 40_000, 20, 200)));

        String targets = DropInTables.targets(results);
        String heaps = DropInTables.smallHeaps(results);

        assertTrue(targets.contains("| 1,000 partitions keyed in a 64 MiB heap (facade) | completes | 2 of 2 runs | yes |"),
                targets);
        assertTrue(targets.contains("| 1,000 partitions: facade CPU-s/M vs our 6-partition | <= 2.00x | 2.00x | yes |"),
                "the 1 GiB case's 1.0 against 0.5, not the 64 MiB case's 1.5: " + targets);
        assertTrue(targets.contains("| 64 MiB GC count vs our 512 MiB count, config b | <= 2.00x | 10.00x | NO |"),
                "the 6-partition case's 20 collections, not the 1,000-partition case's: " + targets);
        assertTrue(heaps.contains("| 2,000,000 | 1,900,000 | 0.95x |"), heaps);
        assertTrue(targets.contains("| 10,000 partitions over 100 topics (facade) | completes | not run | ? |"), targets);
    }

    @Test
    void aCaseCompletesOnlyWhenEveryOneOfOurRunsDid() {
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        results.put(b("64m", THOUSAND), List.of(run("facade", 0, 600_000, 1.5, 85), run("facade", 1, 0, 0, 0),
                run("kafka", 0, 30_000, 20, 900)));

        String targets = DropInTables.targets(results);

        assertTrue(targets.contains("| 1,000 partitions keyed in a 64 MiB heap (facade) | completes | 1 of 2 runs | NO |"),
                targets);
    }

    /** Session 19: the virtual-thread cases also run against the sink; each compares with its own one-thread case. */
    @Test
    void virtualThreadsCompareWithOneThreadAgainstTheSameTarget() {
        Shape one = Shape.DROP_IN.payload("random").onJava25();
        Shape virtual = Shape.DROP_IN.payload("random").threads(10_000, true).onJava25();
        Map<BenchCase, List<Map<String, String>>> results = new LinkedHashMap<>();
        results.put(sink(one), List.of(run("facade", 0, 3_000_000, 0.5, 1), run("kafka", 0, 2_000_000, 0.7, 6)));
        results.put(sink(virtual), List.of(run("facade", 0, 3_150_000, 0.6, 1), run("kafka", 0, 900_000, 2, 6)));
        results.put(b("1g", one), List.of(run("facade", 0, 3_200_000, 0.4, 1), run("kafka", 0, 2_000_000, 0.7, 6)));
        results.put(b("1g", virtual), List.of(run("facade", 0, 2_000_000, 0.7, 1), run("kafka", 0, 1_000_000, 1.4, 6)));

        String targets = DropInTables.targets(results);
        String threads = DropInTables.partitionsAndThreads(results);

        assertTrue(targets.contains("| 10,000 virtual threads vs 1 thread, Java 25 (facade) | >= 0.90x | 0.63x | NO |"),
                targets);
        assertTrue(targets.contains(
                "| 10,000 virtual threads vs 1 thread, Java 25 (facade), against the sink | >= 0.90x | 1.05x | yes |"),
                targets);
        assertTrue(threads.contains("| 3,150,000 | 900,000 | 3.50x | 1.05x | 0.45x |"), threads);
        assertTrue(threads.contains("| 2,000,000 | 1,000,000 | 2.00x | 0.63x | 0.50x |"), threads);
    }

    private static BenchCase sink(Shape shape) {
        return new BenchCase("config b", BenchCase.LZ4, 100, true, false, "1g", false, shape);
    }

    private static BenchCase b(String heap, Shape shape) {
        return new BenchCase("config b", BenchCase.LZ4, 100, false, false, heap, false, shape);
    }

    private static Map<String, String> run(String client, int exitCode, double recordsPerSecond, double cpuPerMillion,
            int gcCount) {
        return Map.of("client", client, "exitCode", Integer.toString(exitCode),
                "recordsPerSecond", Double.toString(recordsPerSecond), "cpuSecondsPerMillion",
                Double.toString(cpuPerMillion), "gcCount", Integer.toString(gcCount), "allocatedBytesPerRecord", "200");
    }
}
