package dev.vltava.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole machine's CPU time from {@code /proc/stat} (Linux), for the idle share of an interval: at an unlimited rate
 * the producer and the broker keep every core busy, so idle cores mean they were held up by something the load
 * average and the per-process CPU check do not show (session 11: rates halved at an unchanged CPU per record, with the
 * cores a third idle and the kernel's memory reclaim busy).
 */
final class MachineCpu {
    private MachineCpu() {
    }

    /** {idle + iowait, total} jiffies of all cores so far, or null where {@code /proc/stat} cannot be read. */
    static long[] read() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            return lines.isEmpty() ? null : parse(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses the aggregate {@code cpu} line (user nice system idle iowait irq softirq steal ...); null if not one. */
    static long[] parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 6 || !"cpu".equals(f[0])) {
            return null;
        }
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // (guest time, after steal, is counted in user already)
            total += Long.parseLong(f[i]);
        }
        return new long[] {Long.parseLong(f[4]) + Long.parseLong(f[5]), total};
    }

    /** The idle share of all cores between two readings, NaN if either is missing or no time passed. */
    static double idleShare(long[] before, long[] after) {
        if (before == null || after == null || after[1] <= before[1]) {
            return Double.NaN;
        }
        return (after[0] - before[0]) / (double) (after[1] - before[1]);
    }
}
