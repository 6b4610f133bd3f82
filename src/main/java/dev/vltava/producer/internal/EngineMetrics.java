package dev.vltava.producer.internal;

import dev.vltava.producer.ProducerConfig;
import dev.vltava.producer.internal.memory.BufferPool;
import dev.vltava.producer.internal.metadata.Metadata;
import dev.vltava.producer.internal.metrics.JmxExporter;
import dev.vltava.producer.internal.metrics.MetricLevel;
import dev.vltava.producer.internal.metrics.MetricsRegistry;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.network.ClientSoftware;
import java.util.function.LongSupplier;

/** Creates a producer's metrics from its configuration and hands them the engine's gauges (pool, metadata). */
final class EngineMetrics {
    /** This library's version, from the build (also what the client reports to brokers). */
    static final String VERSION = ClientSoftware.VERSION;
    static final String COMMIT_ID = "unknown";

    private EngineMetrics() {
    }

    static ProducerMetrics create(ProducerConfig config, LongSupplier clock, BufferPool pool, Metadata metadata) {
        MetricsRegistry registry = new MetricsRegistry(config.metricsNumSamples(), config.metricsSampleWindowMs(),
                MetricLevel.valueOf(config.metricsRecordingLevel().name()), clock);
        ProducerMetrics m = new ProducerMetrics(registry, config.clientId(), VERSION, COMMIT_ID,
                System.currentTimeMillis());
        m.gauge("buffer-total-bytes", "buffer.memory: the bytes the producer may hold in batches.",
                pool::totalMemoryBytes);
        m.gauge("buffer-available-bytes", "Bytes of buffer.memory not in use (free or not allocated yet).",
                pool::availableMemoryBytes);
        m.gauge("waiting-threads", "Application threads blocked waiting for buffer memory now.",
                pool::queuedWaiters);
        m.gauge("bufferpool-wait-time-ns-total", "Total nanoseconds application threads waited for buffer memory.",
                pool::waitTimeNsTotal);
        m.cumulative(pool::waitTimeNsTotal, m.bufferpoolWait());
        m.gauge("metadata-age", "Seconds since the metadata in use was fetched (NaN before the first fetch).",
                () -> metadata.lastSuccessNs() > Long.MIN_VALUE / 2
                        ? (clock.getAsLong() - metadata.lastSuccessNs()) / 1e9 : Double.NaN);
        return m;
    }

    /** The MBeans of the metrics, on the platform MBean server (the official client always registers them). */
    static JmxExporter startJmx(ProducerMetrics metrics, ProducerConfig config) {
        return JmxExporter.start(metrics.registry(), config.clientId(), VERSION, COMMIT_ID, metrics.startTimeMs());
    }
}
