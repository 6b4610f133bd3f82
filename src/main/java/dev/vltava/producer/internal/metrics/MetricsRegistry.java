package dev.vltava.producer.internal.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer's metrics: their keys, how each reads its value, and the {@link WindowedStat}s they read, created with
 * the configured window ({@code metrics.num.samples} x {@code metrics.sample.window.ms}) and recording level. Metrics
 * may be added at any time (a new topic, a new broker); listeners hear of every addition and removal.
 */
public final class MetricsRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);

    private final int numSamples;
    private final long windowNs;
    private final MetricLevel level;
    private final LongSupplier clock;
    private final Map<MetricKey, RegisteredMetric> metrics = new ConcurrentHashMap<>();
    private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param clock the engine's nanoTime-like clock: windows and rates are measured on it (a test passes a fake one)
     */
    public MetricsRegistry(int numSamples, long sampleWindowMs, MetricLevel level, LongSupplier clock) {
        if (numSamples < 1 || sampleWindowMs < 0) {
            throw new IllegalArgumentException("numSamples " + numSamples + ", sampleWindowMs " + sampleWindowMs);
        }
        this.numSamples = numSamples;
        this.windowNs = TimeUnit.MILLISECONDS.toNanos(sampleWindowMs);
        this.level = level;
        this.clock = clock;
    }

    public long nowNs() {
        return clock.getAsLong();
    }

    /** A new stat of the given level (it records nothing when the level is above metrics.recording.level). */
    public WindowedStat stat(MetricLevel statLevel) {
        return new WindowedStat(level.records(statLevel), clock.getAsLong(), windowNs, numSamples);
    }

    /** Adds a metric, or returns the one already registered under the same key (the value given is then unused). */
    public RegisteredMetric add(MetricKey key, MetricValue value) {
        RegisteredMetric fresh = new RegisteredMetric(key, value, clock);
        RegisteredMetric existing = metrics.putIfAbsent(key, fresh);
        if (existing != null) {
            return existing;
        }
        for (MetricsListener l : listeners) {
            try {
                l.metricAdded(fresh);
            } catch (RuntimeException e) {
                LOG.warn("metrics listener {} failed on the addition of {}; ignored", l, key, e);
            }
        }
        return fresh;
    }

    public void remove(MetricKey key) {
        RegisteredMetric removed = metrics.remove(key);
        if (removed == null) {
            return;
        }
        for (MetricsListener l : listeners) {
            try {
                l.metricRemoved(removed);
            } catch (RuntimeException e) {
                LOG.warn("metrics listener {} failed on the removal of {}; ignored", l, key, e);
            }
        }
    }

    public RegisteredMetric get(MetricKey key) {
        return metrics.get(key);
    }

    /** The metrics now (a copy). */
    public Collection<RegisteredMetric> metrics() {
        return Collections.unmodifiableList(new ArrayList<>(metrics.values()));
    }

    public int size() {
        return metrics.size();
    }

    /** Listens from now on; the metrics already registered are not replayed (read {@link #metrics()} first). */
    public void addListener(MetricsListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MetricsListener listener) {
        listeners.remove(listener);
    }

    /** Removes every metric (telling the listeners) and then the listeners: the producer is closed. */
    public void close() {
        for (MetricKey key : new ArrayList<>(metrics.keySet())) {
            remove(key);
        }
        listeners.clear();
    }
}
