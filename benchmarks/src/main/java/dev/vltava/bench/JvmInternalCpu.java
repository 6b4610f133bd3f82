package dev.vltava.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU of this JVM's own threads that the {@code ThreadMXBean} does not list (JIT compilers, garbage collector, VM
 * thread and the like), from Linux {@code /proc/self/task/<tid>/stat}: each thread's name (field 2) and utime + stime
 * (fields 14 and 15) in clock ticks of 10 ms. A process spending more CPU than its Java threads is usually compiling
 * or collecting; this says which. Where /proc is missing (not Linux) every kind reads NaN.
 */
final class JvmInternalCpu {
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path TASKS = Path.of("/proc/self/task");

    /** The kinds, in the order of the JSON fields. */
    static final List<String> KINDS = List.of("jit", "gc", "vm");

    private Map<String, long[]> start = Map.of();

    /** Snapshot at the start of the measured interval. */
    void start() {
        start = snapshot();
    }

    /** CPU seconds per kind since {@link #start}; threads that ended in between are missing. */
    Map<String, Double> stop() {
        Map<String, Double> out = new TreeMap<>();
        Map<String, long[]> end = snapshot();
        if (end == null || start == null) {
            KINDS.forEach(k -> out.put(k, Double.NaN));
            return out;
        }
        KINDS.forEach(k -> out.put(k, 0.0));
        for (Map.Entry<String, long[]> e : end.entrySet()) {
            String kind = kind(e.getKey().substring(e.getKey().indexOf(' ') + 1));
            if (kind != null) {
                long before = start.getOrDefault(e.getKey(), new long[1])[0];
                out.merge(kind, Math.max(0, e.getValue()[0] - before) / TICKS_PER_SECOND, Double::sum);
            }
        }
        return out;
    }

    /**
     * The kind of a HotSpot thread by its name: "jit" for the C1/C2 compiler threads, "gc" for the collector's
     * threads (G1 and the others), "vm" for the VM thread and its periodic task; null for anything else (Java
     * threads, counted by the ThreadMXBean).
     */
    static String kind(String threadName) {
        if (threadName.contains("CompilerThre")) {
            return "jit";
        }
        if (threadName.startsWith("GC ") || threadName.startsWith("G1 ") || threadName.startsWith("ZGC")
                || threadName.startsWith("Shenandoah") || threadName.startsWith("Parallel")) {
            return "gc";
        }
        return threadName.startsWith("VM ") ? "vm" : null;
    }

    /** "tid name" to {ticks}; null where /proc cannot be read. */
    private static Map<String, long[]> snapshot() {
        Map<String, long[]> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    out.put(task.getFileName() + " " + stat.substring(open + 1, close), new long[] {ticks});
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while we listed: not counted
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
