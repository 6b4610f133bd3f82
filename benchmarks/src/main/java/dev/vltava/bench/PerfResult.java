package dev.vltava.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one perf run measured, as a table for people and a flat JSON object for the side-by-side driver. */
final class PerfResult {
    final Map<String, Object> fields = new LinkedHashMap<>();

    static PerfResult of(PerfOptions o, String target, long records, long failed, double elapsedSeconds,
            long payloadBytes, Histogram latencyNs, JvmMeter.Usage usage, double brokerCpuSeconds) {
        PerfResult r = new PerfResult();
        Map<String, Object> f = r.fields;
        double millions = records / 1e6;
        f.put("label", o.label);
        f.put("client", o.client);
        f.put("target", target);
        f.put("records", records);
        f.put("failed", failed);
        f.put("recordSizeBytes", o.recordSizeBytes);
        f.put("payload", o.payload);
        f.put("keyCount", o.keyCount);
        f.put("throughputLimit", o.throughput);
        f.put("partitions", o.partitions);
        f.put("producerProps", o.producerProps.toString());
        f.put("elapsedSeconds", elapsedSeconds);
        f.put("recordsPerSecond", records / elapsedSeconds);
        f.put("mibPerSecond", payloadBytes / elapsedSeconds / (1024.0 * 1024.0));
        f.put("latencyAvgMs", latencyNs.getMean() / 1e6);
        f.put("latencyP50Ms", latencyNs.getValueAtPercentile(50) / 1e6);
        f.put("latencyP99Ms", latencyNs.getValueAtPercentile(99) / 1e6);
        f.put("latencyP999Ms", latencyNs.getValueAtPercentile(99.9) / 1e6);
        f.put("latencyMaxMs", latencyNs.getMaxValue() / 1e6);
        f.put("cpuSeconds", usage.processCpuSeconds());
        f.put("cpuSecondsPerMillion", usage.processCpuSeconds() / millions);
        f.put("javaThreadsCpuSeconds", usage.javaThreadsCpuSeconds());
        f.put("networkThreadCpuSeconds", usage.cpuByRole().get("network"));
        f.put("callbackThreadsCpuSeconds", usage.cpuByRole().get("callbacks"));
        f.put("otherThreadsCpuSeconds", usage.cpuByRole().get("other"));
        f.put("jitThreadsCpuSeconds", usage.internalCpu().get("jit"));
        f.put("gcThreadsCpuSeconds", usage.internalCpu().get("gc"));
        f.put("vmThreadsCpuSeconds", usage.internalCpu().get("vm"));
        f.put("allocatedBytesPerRecord", usage.allocatedBytes() / (double) records);
        f.put("peakHeapBytes", usage.peakHeapBytes());
        f.put("gcCount", usage.gcCount());
        f.put("gcTimeMs", usage.gcTimeMs());
        f.put("machineIdleShare", usage.machineIdleShare());
        f.put("brokerCpuSeconds", brokerCpuSeconds);
        f.put("brokerCpuSecondsPerMillion", brokerCpuSeconds / millions);
        f.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        f.put("javaVersion", System.getProperty("java.version"));
        f.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return r;
    }

    double number(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    String json() {
        return FlatJson.write(fields);
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        row(sb, "client", fields.get("client") + " -> " + fields.get("target"));
        row(sb, "records", String.format(Locale.ROOT, "%,d (%d B, %s)%s", (long) number("records"),
                (long) number("recordSizeBytes"), fields.get("payload"),
                number("failed") > 0 ? String.format(Locale.ROOT, ", %,d FAILED", (long) number("failed")) : ""));
        row(sb, "producer props", String.valueOf(fields.get("producerProps")));
        row(sb, "throughput", String.format(Locale.ROOT, "%,.0f records/s, %.2f MiB/s (%.2f s)",
                number("recordsPerSecond"), number("mibPerSecond"), number("elapsedSeconds")));
        row(sb, "latency ms", String.format(Locale.ROOT, "avg %.2f  p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                number("latencyAvgMs"), number("latencyP50Ms"), number("latencyP99Ms"), number("latencyP999Ms"),
                number("latencyMaxMs")));
        row(sb, "producer CPU", String.format(Locale.ROOT, "%.2f s/M records (process %.2f s, Java threads %.2f s)",
                number("cpuSecondsPerMillion"), number("cpuSeconds"), number("javaThreadsCpuSeconds")));
        row(sb, "allocation", String.format(Locale.ROOT, "%.1f B/record, %d GCs (%d ms)",
                number("allocatedBytesPerRecord"), (long) number("gcCount"), (long) number("gcTimeMs")));
        row(sb, "peak heap", String.format(Locale.ROOT, "%.1f MiB (of -Xmx %.0f MiB)",
                number("peakHeapBytes") / 1048576.0, number("maxHeapBytes") / 1048576.0));
        double broker = number("brokerCpuSeconds");
        row(sb, "broker CPU", Double.isNaN(broker) ? "n/a (not started by this tool)"
                : String.format(Locale.ROOT, "%.2f s/M records (%.2f s)", number("brokerCpuSecondsPerMillion"), broker));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "  %-15s %s%n", name, value));
    }
}
