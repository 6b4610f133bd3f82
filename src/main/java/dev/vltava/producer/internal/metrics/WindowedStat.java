package dev.vltava.producer.internal.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * One recorded quantity and the statistics over it: windowed rate, average, maximum and count, and cumulative total
 * and count. The window is {@code numSamples} samples of {@code windowNs} each, the last of them the one being filled
 * (the official client's {@code metrics.num.samples} / {@code metrics.sample.window.ms}); a sample older than the
 * window no longer counts, so an average or a maximum forgets a spike once it is a whole window old.
 *
 * <p>Recording takes no lock and allocates nothing: striped adders (as {@link LongAdder}) per sample, and a sample is
 * reused in place when its turn comes round again (one compare-and-set by whichever thread gets there first). Samples
 * are aligned to the stat's creation time, not to the first record after the previous sample ended as in the official
 * client: rates and averages agree with it to within one sample's width. A record that races the reuse of its sample
 * may be lost from the windowed statistics; the cumulative ones never lose anything.
 */
public final class WindowedStat {
    private static final VarHandle EPOCH;

    static {
        try {
            EPOCH = MethodHandles.lookup().findVarHandle(Sample.class, "epoch", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean enabled;
    private final long baseNs;
    private final long windowNs;
    private final Sample[] samples;
    private final DoubleAdder total = new DoubleAdder();
    private final LongAdder totalCount = new LongAdder();

    WindowedStat(boolean enabled, long nowNs, long windowNs, int numSamples) {
        this.enabled = enabled;
        this.baseNs = nowNs;
        this.windowNs = Math.max(1, windowNs);
        this.samples = new Sample[Math.max(1, numSamples)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new Sample();
        }
    }

    /** Whether this stat records at the configured metrics.recording.level. */
    public boolean enabled() {
        return enabled;
    }

    /** Records one value at time {@code nowNs} (the engine's nanoTime-like clock). */
    public void record(double value, long nowNs) {
        if (!enabled) {
            return;
        }
        total.add(value);
        totalCount.increment();
        long epoch = epochOf(nowNs);
        Sample s = samples[(int) (epoch % samples.length)];
        long seen = s.epoch;
        if (seen != epoch) {
            if (seen > epoch) {
                return; // a late record from before the sample's reuse: it stays in the totals only
            }
            if (EPOCH.compareAndSet(s, seen, epoch)) {
                s.reset();
            }
        }
        s.sum.add(value);
        s.count.increment();
        s.max.accumulate(value);
    }

    /** The sum of the values of all time. */
    public double total() {
        return total.sum();
    }

    /** How many values were recorded, of all time. */
    public long totalCount() {
        return totalCount.sum();
    }

    /** The sum of the values in the window, per second of the window. */
    public double rate(long nowNs) {
        return windowedSum(nowNs) / windowSeconds(nowNs);
    }

    /** The number of values recorded in the window, per second of the window. */
    public double countRate(long nowNs) {
        return windowedCount(nowNs) / windowSeconds(nowNs);
    }

    /** The average of the values in the window; NaN when there are none. */
    public double avg(long nowNs) {
        long count = windowedCount(nowNs);
        return count == 0 ? Double.NaN : windowedSum(nowNs) / count;
    }

    /** The largest value in the window; NaN when there are none. */
    public double max(long nowNs) {
        long current = epochOf(nowNs);
        double max = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (Sample s : samples) {
            if (live(s, current) && s.count.sum() > 0) {
                max = Math.max(max, s.max.get());
                any = true;
            }
        }
        return any ? max : Double.NaN;
    }

    long windowedCount(long nowNs) {
        long current = epochOf(nowNs);
        long count = 0;
        for (Sample s : samples) {
            if (live(s, current)) {
                count += s.count.sum();
            }
        }
        return count;
    }

    double windowedSum(long nowNs) {
        long current = epochOf(nowNs);
        double sum = 0;
        for (Sample s : samples) {
            if (live(s, current)) {
                sum += s.sum.sum();
            }
        }
        return sum;
    }

    /**
     * The window a rate divides by, as the official client computes it: from the start of the oldest sample still
     * in the window to now, but at least {@code numSamples - 1} whole samples (so a young window does not overstate
     * the rate), and at least one millisecond.
     */
    double windowSeconds(long nowNs) {
        long current = epochOf(nowNs);
        long oldest = current;
        for (Sample s : samples) {
            if (live(s, current)) {
                oldest = Math.min(oldest, s.epoch);
            }
        }
        long elapsedNs = nowNs - (baseNs + oldest * windowNs);
        long fullWindows = elapsedNs / windowNs;
        long minFullWindows = samples.length - 1;
        if (fullWindows < minFullWindows) {
            elapsedNs += (minFullWindows - fullWindows) * windowNs;
        }
        return Math.max(elapsedNs, 1_000_000L) / 1e9;
    }

    private boolean live(Sample s, long currentEpoch) {
        long e = s.epoch;
        return e >= 0 && e <= currentEpoch && currentEpoch - e < samples.length;
    }

    private long epochOf(long nowNs) {
        long since = nowNs - baseNs;
        return since <= 0 ? 0 : since / windowNs;
    }

    private static final class Sample {
        volatile long epoch = -1;
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();
        final DoubleAccumulator max = new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY);

        void reset() {
            sum.reset();
            count.reset();
            max.reset();
        }
    }
}
