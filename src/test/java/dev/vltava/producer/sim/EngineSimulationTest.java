package dev.vltava.producer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The deterministic simulation of the whole engine (see {@link Simulation}) over many seeds, and its invariants after
 * each: every future completed exactly once; every acknowledged record in the log exactly once, where its metadata
 * says, in per-partition send order; no record failed with a non-ambiguous error in the log; the buffer pool whole
 * after close; close within its timeout plus {@value Simulation#CLOSE_MARGIN_MS} ms (virtual); no thread left behind.
 *
 * <p>{@code -Dsim.seeds=N} (default 2000) runs seeds {@code sim.firstSeed} (default 0) to N-1 beyond it;
 * {@code -Dsim.seed=S} replays one seed with the engine's logs; {@code -Dsim.faults} / {@code -Dsim.enable} choose
 * the fault kinds ({@link SimFaults#enabledKinds()}). A failing seed prints itself and how to replay it. Each seed
 * runs under a {@link SeedWatchdog} ({@code -Dsim.seedTimeoutSeconds}, default 120): a seed that hangs fails naming
 * itself, with the stack it hung in, and the run goes on with the next seed.
 */
class EngineSimulationTest {

    @Test
    void invariantsHoldForEverySeed() {
        Set<SimFaults.Kind> kinds = SimFaults.enabledKinds();
        String one = System.getProperty("sim.seed");
        if (one != null && !one.isBlank()) {
            Simulation sim = new Simulation(Long.parseLong(one.trim()), kinds);
            List<String> violations;
            try (SeedWatchdog watchdog = new SeedWatchdog(SeedWatchdog.DEFAULT_BOUND)) {
                violations = watchdog.run(sim.seed, sim::run);
            } catch (SeedWatchdog.SeedTimedOut stuck) {
                fail(report(sim, List.of(stuck.getMessage())));
                return;
            }
            System.out.println(sim.describeRun());
            System.out.println(sim.stats);
            if (!violations.isEmpty()) {
                fail(report(sim, violations));
            }
            return;
        }
        long first = Long.getLong("sim.firstSeed", 0L);
        long seeds = Long.getLong("sim.seeds", 2_000L);
        Set<String> threadsBefore = vltavaThreads();
        SimStats total = new SimStats();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream())); // the engine's logs, thousands of runs
        try (SeedWatchdog watchdog = new SeedWatchdog(SeedWatchdog.DEFAULT_BOUND)) {
            for (long seed = first; seed < first + seeds && failures.size() < 10; seed++) {
                Simulation sim = new Simulation(seed, kinds);
                List<String> violations;
                try {
                    violations = watchdog.run(seed, sim::run);
                } catch (SeedWatchdog.SeedTimedOut stuck) {
                    failures.add(report(sim, List.of(stuck.getMessage())));
                    continue;
                }
                sim.stats.runs = 1;
                total.add(sim.stats);
                if (!violations.isEmpty()) {
                    failures.add(report(sim, violations));
                }
            }
        } finally {
            System.setErr(err);
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("simulation: " + total.runs + " seeds from " + first + " in " + tookMs + " ms, fault kinds "
                + kinds + "\n  " + total);
        if (!failures.isEmpty()) {
            fail(failures.size() + " failing seed(s):\n" + String.join("\n", failures));
        }
        assertEquals(threadsBefore, vltavaThreads(), "the simulated engine must not leave threads behind");
    }

    /** Replays are exact: the same seed twice in one JVM gives the same run, whatever ran before. */
    @Test
    void aSeedReplaysExactly() {
        Set<SimFaults.Kind> all = java.util.EnumSet.allOf(SimFaults.Kind.class);
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            for (long seed = 7; seed < 10; seed++) {
                Simulation first = new Simulation(seed, all);
                first.run();
                new Simulation(seed + 100, all).run(); // something else in between
                Simulation again = new Simulation(seed, all);
                again.run();
                assertEquals(first.fingerprint(), again.fingerprint(), "seed " + seed + " did not replay exactly");
            }
        } finally {
            System.setErr(err);
        }
    }

    private static String report(Simulation sim, List<String> violations) {
        return "SIMULATION FAILED " + sim.describeRun() + "\n    " + String.join("\n    ", violations)
                + "\n  replay: mvn -B -o -q test -Dtest=EngineSimulationTest -Dsim.seed=" + sim.seed
                + (System.getProperty("sim.faults") != null ? " -Dsim.faults=" + System.getProperty("sim.faults") : "")
                + (System.getProperty("sim.enable") != null ? " -Dsim.enable=" + System.getProperty("sim.enable") : "");
    }

    private static Set<String> vltavaThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("vltava-")) {
                names.add(t.getName() + "#" + t.getId());
            }
        }
        return names;
    }
}
