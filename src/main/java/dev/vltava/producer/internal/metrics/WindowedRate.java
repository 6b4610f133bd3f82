package dev.vltava.producer.internal.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A total and its rate per second over a sliding window of two 30-second samples (the official client's default
 * metrics window: metrics.sample.window.ms=30000, metrics.num.samples=2).
 */
final class WindowedRate {
    private static final long SAMPLE_NS = TimeUnit.SECONDS.toNanos(30);

    private final LongAdder total = new LongAdder();
    private final long startNs;
    // guarded by this
    private long sampleStartNs;
    private long totalAtSampleStart;
    private long previousSampleCount;
    private long previousSampleStartNs;

    WindowedRate(long nowNs) {
        this.startNs = nowNs;
        this.sampleStartNs = nowNs;
        this.previousSampleStartNs = nowNs;
    }

    void record(long amount) {
        total.add(amount);
    }

    long total() {
        return total.sum();
    }

    synchronized double ratePerSecond(long nowNs) {
        long t = total.sum();
        while (nowNs - sampleStartNs >= SAMPLE_NS) {
            previousSampleCount = t - totalAtSampleStart;
            previousSampleStartNs = sampleStartNs;
            totalAtSampleStart = t;
            sampleStartNs += SAMPLE_NS;
        }
        long count = previousSampleCount + (t - totalAtSampleStart);
        long windowStart = previousSampleStartNs == sampleStartNs ? startNs : previousSampleStartNs;
        double seconds = Math.max(1e-3, (nowNs - windowStart) / 1e9);
        return count / seconds;
    }
}
