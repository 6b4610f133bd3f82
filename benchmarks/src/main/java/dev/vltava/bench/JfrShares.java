package dev.vltava.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Shares of CPU samples (Java code) in a JFR recording, which stay meaningful on a busy machine where rates do not: per thread
 * (by name, numbers stripped), per method on top of the stack (self), and per method anywhere on the stack
 * (inclusive, each counted once per sample), plus the allocation samples' classes. Record with
 * {@code -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints} (without it samples land on the wrong frames) and
 * {@code jdk.ExecutionSample#period=1ms}.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.vltava.bench.JfrShares FILE.jfr [--top N] [--filter PREFIX]
 * </pre>
 * {@code --filter dev.vltava} keeps only inclusive methods whose class starts with the prefix.
 */
public final class JfrShares {
    private JfrShares() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = 25;
        String filter = "";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--filter" -> filter = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        long allocatedTotal = 0;
        int samples = 0;
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.NativeMethodSample")) {
                // A thread in native code, running or waiting (epoll, process reaper): wall clock, not CPU.
                RecordedStackTrace st = e.getStackTrace();
                if (st != null && !st.getFrames().isEmpty()) {
                    nativeTop.merge(name(st.getFrames().get(0)), 1, Integer::sum);
                    nativeSamples++;
                }
            } else if (type.equals("jdk.ExecutionSample")) {
                samples++;
                String thread = e.getThread("sampledThread") == null ? "?"
                        : String.valueOf(e.getThread("sampledThread").getJavaName());
                threads.merge(thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                self.merge(name(st.getFrames().get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : st.getFrames()) {
                    String n = name(f);
                    if (n.startsWith(filter) && seen.add(n)) {
                        inclusive.merge(n, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long w = e.getLong("weight");
                allocatedTotal += w;
                allocated.merge(e.getClass("objectClass").getName(), w, Long::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,d CPU samples of Java code (jdk.ExecutionSample)%n", file, samples);
        print("threads", threads, samples, top);
        print("self (top of stack)", self, samples, top);
        print("inclusive (anywhere on the stack" + (filter.isEmpty() ? "" : ", " + filter + "*") + ")", inclusive,
                samples, top);
        print("threads in native code (running or waiting; share of native samples; JNI codecs show here)",
                nativeTop, nativeSamples, 8);
        if (allocatedTotal > 0) {
            System.out.println("\n== allocation samples by class (share of sampled bytes)");
            List<Map.Entry<String, Long>> list = new ArrayList<>(allocated.entrySet());
            list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
            for (int i = 0; i < Math.min(top, list.size()); i++) {
                System.out.printf(Locale.ROOT, "%6.1f %%  %s%n", 100.0 * list.get(i).getValue() / allocatedTotal,
                        list.get(i).getKey());
            }
        }
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("\n== " + title);
        List<Map.Entry<String, Integer>> list = new ArrayList<>(counts.entrySet());
        list.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        for (int i = 0; i < Math.min(top, list.size()); i++) {
            System.out.printf(Locale.ROOT, "%6.1f %%  %s%n", 100.0 * list.get(i).getValue() / total,
                    list.get(i).getKey());
        }
    }
}
