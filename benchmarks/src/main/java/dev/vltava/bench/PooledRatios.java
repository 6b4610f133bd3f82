package dev.vltava.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ratios of our client to the official one pooled over several {@code SideBySide} invocations' raw results, with an
 * interval that says how far the noise of this machine lets a ratio be trusted.
 *
 * <p>One invocation's median of three pairs moved by a fifth between invocations an hour apart on the 2-core VM (the
 * facade's records/s against the official client's, random values: 1.46x, 1.55x, 1.56x and 1.71x in sessions 18-20),
 * so a target near the measured ratio can read "met" in one run and "not met" in the next. This tool pairs each of our
 * runs with the official run of the same case and the same invocation ({@code SideBySide} alternates them, so a pair
 * shares the machine's state), pools the pairs' ratios of every invocation given, and prints their median with a 90 %
 * bootstrap interval (pairs resampled with replacement, a fixed seed so that the output is reproducible), the
 * per-invocation ratios beside it. Invocations whose {@code report.md} does not say the machine was quiet are left out
 * and named.
 *
 * <p>{@code --ours vltava} pools the core API's runs instead of the facade's; {@code --baseline vltava} compares with
 * the core API instead of the official client (the facade's cost over the core API).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.PooledRatios [--ours facade|vltava]
 *     [--baseline kafka|vltava] [--match REGEX] benchmarks/results/DIR ...</pre>
 */
public final class PooledRatios {
    static final int RESAMPLES = 4_000;
    static final long SEED = 16;

    /**
     * The measures compared, each as our value over the official one: records/s where both run as fast as they go,
     * p99 latency where both run at the same fixed rate, CPU per record in both.
     */
    enum Measure {
        RATE("recordsPerSecond", "records/s", true, false),
        CPU("cpuSecondsPerMillion", "CPU-s/M", true, true),
        P99("latencyP99Ms", "p99", false, true);

        final String field;
        final String heading;
        private final boolean atFullSpeed;
        private final boolean atFixedRate;

        Measure(String field, String heading, boolean atFullSpeed, boolean atFixedRate) {
            this.field = field;
            this.heading = heading;
            this.atFullSpeed = atFullSpeed;
            this.atFixedRate = atFixedRate;
        }

        boolean appliesTo(Invocation inv) {
            // a failed run's JSON does not say the rate: ask every run
            boolean fixedRate = Stream.concat(inv.ours().values().stream(), inv.baseline().values().stream())
                    .anyMatch(run -> Double.parseDouble(run.getOrDefault("throughputLimit", "-1")) > 0);
            return fixedRate ? atFixedRate : atFullSpeed;
        }
    }

    /**
     * One invocation's runs of one case, ours and the baseline's (the official client's by default), by the number of
     * the pair {@code SideBySide} ran them in (in run order when a run does not say).
     */
    record Invocation(Map<Integer, Map<String, String>> ours, Map<Integer, Map<String, String>> baseline) {
    }

    private PooledRatios() {
    }

    public static void main(String[] args) {
        String ours = "facade";
        String baseline = "kafka";
        Pattern match = Pattern.compile("");
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ours" -> ours = args[++i];
                case "--baseline" -> baseline = args[++i];
                case "--match" -> match = Pattern.compile(args[++i]);
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; usage: PooledRatios [--ours facade|vltava] [--baseline kafka|vltava] [--match REGEX] "
                                + "RESULTS_DIR ...");
                    }
                    dirs.add(Path.of(args[i]));
                }
            }
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("name at least one results directory");
        }
        System.out.print(report(dirs, ours, baseline, match));
    }

    /**
     * The pooled table of {@code ours} over {@code baseline} (client names as in the runs' JSON: facade, vltava, kafka)
     * for the cases whose label {@code match} finds, over the quiet invocations among {@code dirs}.
     */
    static String report(List<Path> dirs, String ours, String baseline, Pattern match) {
        return report(dirs, ours, baseline, match, true);
    }

    /**
     * The section {@code SideBySide} appends to an invocation's own {@code report.md}: each case's pairs, the median of
     * their ratios and its interval, beside the report's ratio of the medians (which one run of three can move).
     */
    static String pairsSection(Path dir, String ours) {
        return "\n### The pairs' ratios (" + ours + " / kafka)\n\n"
                + "Each of our runs over the official run of the same pair: their median, a 90 % bootstrap interval, "
                + "and the invocation's own median (`PooledRatios`; pool several invocations' directories with it "
                + "before calling a target met).\n\n"
                + report(List.of(dir), ours, "kafka", Pattern.compile(""), false);
    }

    private static String report(List<Path> dirs, String ours, String baseline, Pattern match, boolean onlyQuiet) {
        Map<String, List<Invocation>> byCase = new LinkedHashMap<>();
        List<String> used = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : dirs) {
            String quiet = onlyQuiet ? quietness(dir) : null;
            if (quiet != null) {
                skipped.add(dir.getFileName() + " (" + quiet + ")");
                continue;
            }
            used.add(dir.getFileName().toString());
            Map<String, Invocation> cases = new LinkedHashMap<>();
            for (Map<String, String> run : runs(dir)) {
                // a failed run's JSON has no label, only the case
                String label = run.getOrDefault("case", run.getOrDefault("label", ""));
                if (!match.matcher(label).find()) {
                    continue;
                }
                Invocation inv = cases.computeIfAbsent(label,
                        l -> new Invocation(new LinkedHashMap<>(), new LinkedHashMap<>()));
                String client = run.get("client");
                Map<Integer, Map<String, String>> side = ours.equals(client) ? inv.ours()
                        : baseline.equals(client) ? inv.baseline() : null;
                if (side != null) {
                    side.put(pairNumber(run, side.size()), run);
                }
            }
            cases.forEach((label, inv) -> byCase.computeIfAbsent(label, l -> new ArrayList<>()).add(inv));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(onlyQuiet ? "Pooled over " : "Over ").append(used.size())
                .append(onlyQuiet ? " quiet invocation(s): " : " invocation(s): ").append(String.join(", ", used));
        if (!skipped.isEmpty()) {
            sb.append("; left out: ").append(String.join(", ", skipped));
        }
        sb.append(".\n\n");
        sb.append("| case | pairs (invocations) | measure | ").append(ours)
                .append(" / ").append(baseline)
                .append(", median of the pairs [90 % interval] | per invocation (median of its pairs) |\n");
        sb.append("|---|---:|---|---:|---|\n");
        byCase.forEach((label, invocations) -> {
            for (Measure m : Measure.values()) {
                List<Double> pooled = new ArrayList<>();
                List<String> perInvocation = new ArrayList<>();
                int withPairs = 0;
                for (Invocation inv : invocations) {
                    if (!m.appliesTo(inv)) {
                        continue;
                    }
                    List<Double> ratios = pairRatios(inv, m);
                    if (!ratios.isEmpty()) {
                        withPairs++;
                        pooled.addAll(ratios);
                        perInvocation.add(String.format(Locale.ROOT, "%.2fx", median(ratios)));
                    }
                }
                if (pooled.isEmpty()) {
                    continue;
                }
                double[] interval = bootstrapInterval(pooled);
                sb.append(String.format(Locale.ROOT, "| %s | %d (%d) | %s | %.2fx [%.2f-%.2f] | %s |%n", label,
                        pooled.size(), withPairs, m.heading, median(pooled), interval[0], interval[1],
                        String.join(", ", perInvocation)));
            }
        });
        return sb.toString();
    }

    /**
     * Our run over the baseline's run of the same pair, for each pair of the invocation where both completed (a failed
     * run, an out-of-memory one say, has nothing to compare).
     */
    static List<Double> pairRatios(Invocation inv, Measure m) {
        List<Double> ratios = new ArrayList<>();
        inv.ours().forEach((pair, run) -> {
            Map<String, String> other = inv.baseline().get(pair);
            double a = value(run, m);
            double b = other == null ? Double.NaN : value(other, m);
            if (a > 0 && b > 0) {
                ratios.add(a / b);
            }
        });
        return ratios;
    }

    private static int pairNumber(Map<String, String> run, int runsSoFar) {
        String pair = run.get("pair");
        return pair == null ? runsSoFar : (int) Double.parseDouble(pair);
    }

    private static double value(Map<String, String> run, Measure m) {
        boolean completed = isZero(run.getOrDefault("exitCode", "0")) && isZero(run.getOrDefault("failed", "0"));
        if (!completed) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(run.getOrDefault(m.field, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isZero(String number) {
        try {
            return Double.parseDouble(number) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The 5th and 95th percentiles of the median of {@code values} resampled with replacement. */
    static double[] bootstrapInterval(List<Double> values) {
        Random random = new Random(SEED);
        double[] medians = new double[RESAMPLES];
        List<Double> sample = new ArrayList<>(values.size());
        for (int r = 0; r < RESAMPLES; r++) {
            sample.clear();
            for (int i = 0; i < values.size(); i++) {
                sample.add(values.get(random.nextInt(values.size())));
            }
            medians[r] = median(sample);
        }
        Arrays.sort(medians);
        return new double[] {medians[(int) (RESAMPLES * 0.05)], medians[(int) (RESAMPLES * 0.95) - 1]};
    }

    /** Null when the invocation's report says the machine was quiet; otherwise why it is left out. */
    static String quietness(Path dir) {
        Path report = dir.resolve("report.md");
        if (!Files.isRegularFile(report)) {
            return "no report.md";
        }
        try {
            String text = Files.readString(report);
            if (text.contains("Machine quiet")) {
                return null;
            }
            return text.contains("NOT quiet") || text.contains("NOISY") ? "machine not quiet" : "report says no quiet";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The invocation's runs in run order (their files are numbered {@code run-NNN-client.json}). */
    static List<Map<String, String>> runs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(p -> p.getFileName().toString().matches("run-\\d+-.*\\.json")).sorted()
                    .toList();
            List<Map<String, String>> runs = new ArrayList<>();
            for (Path p : sorted) {
                runs.add(FlatJson.read(Files.readString(p)));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
