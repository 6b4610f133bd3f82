package dev.vltava.bench;

import dev.vltava.producer.internal.metrics.MetricLevel;
import dev.vltava.producer.internal.metrics.MetricsRegistry;
import dev.vltava.producer.internal.metrics.ProducerMetrics;
import dev.vltava.producer.internal.metrics.WindowedStat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording metrics on the send path, with recording on and off: what {@code send()} records per record
 * (the record-size statistic, one {@link WindowedStat#record}) and what the sender records per batch
 * ({@link ProducerMetrics#batchSent}: producer and topic statistics). "off" records into stats whose level is above
 * metrics.recording.level, which return at once: the difference is the recording cost. 1 and 4 threads (striped
 * adders: threads must not serialise on one cell). Per produce request, the network's statistics
 * ({@code perRequest}). Run with {@code -prof gc}: expect ~0 B/op in every case. The metrics cost per record is
 * perRecord(on - off) + perBatch(on - off) / records per batch + perRequest(on - off) / records per request; divided by
 * PerfTool's CPU nanoseconds per record at config b it is the share of send-path CPU (issue 15: at most 3 %). The
 * command is in docs/observability.md ("Cost of recording").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsRecordingBenchmark {
    @Param({"on", "off"})
    String recording;

    private WindowedStat recordSize;
    private ProducerMetrics metrics;
    private boolean on;

    @Setup
    public void setUp() {
        on = recording.equals("on");
        MetricsRegistry registry = new MetricsRegistry(2, 30_000, MetricLevel.INFO, System::nanoTime);
        recordSize = registry.stat(on ? MetricLevel.INFO : MetricLevel.TRACE);
        metrics = ProducerMetrics.withDefaults("bench", System::nanoTime);
    }

    /** Per record, application threads: the send path's only recording. */
    @Benchmark
    @Threads(1)
    public void perRecord1Thread() {
        recordSize.record(120, System.nanoTime());
    }

    @Benchmark
    @Threads(4)
    public void perRecord4Threads() {
        recordSize.record(120, System.nanoTime());
    }

    /** Per batch, sender thread: the producer's and the topic's statistics of one batch ("off": not called). */
    @Benchmark
    @Threads(1)
    public void perBatch() {
        if (on) {
            metrics.batchSent("topic", 100, 16_000, 20_000, 1_000_000, System.nanoTime());
        }
    }

    /**
     * Per produce request, sender thread: the network's statistics of one request and its response (producer-wide
     * and the broker's producer-node-metrics; "off": not called).
     */
    @Benchmark
    @Threads(1)
    public void perRequest() {
        if (on) {
            long now = System.nanoTime();
            metrics.network().requestSent(1, 16_100, now);
            metrics.network().responseReceived(1, 120, now);
        }
    }
}
