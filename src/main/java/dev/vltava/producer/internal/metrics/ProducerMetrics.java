package dev.vltava.producer.internal.metrics;

import dev.vltava.producer.internal.memory.BufferPool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The producer-metrics group, with the official client's names and meanings, so tuning guides apply unchanged.
 * Written lock-free by application threads (sends) and the sender thread (batches, requests).
 */
public final class ProducerMetrics {
    private final LongSupplier clock;
    private final BufferPool pool;
    private final WindowedRate recordsSent;
    private final WindowedRate recordErrors;
    private final WindowedRate recordRetries;
    private final WindowedRate requests;
    private final WindowedRate bytesSent;
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchBytes = new LongAdder();
    private final LongAccumulator batchBytesMax = new LongAccumulator(Math::max, 0);
    private final LongAdder batchUncompressedBytes = new LongAdder();
    private final LongAdder recordsInRequests = new LongAdder();
    private final LongAdder queueTimeNs = new LongAdder();
    private final LongAdder queueTimeSamples = new LongAdder();
    private final LongAccumulator queueTimeMaxNs = new LongAccumulator(Math::max, 0);
    private final LongAdder requestLatencyNs = new LongAdder();
    private final LongAdder requestLatencySamples = new LongAdder();
    private final LongAccumulator requestLatencyMaxNs = new LongAccumulator(Math::max, 0);

    public ProducerMetrics(LongSupplier clock, BufferPool pool) {
        this.clock = clock;
        this.pool = pool;
        long now = clock.getAsLong();
        recordsSent = new WindowedRate(now);
        recordErrors = new WindowedRate(now);
        recordRetries = new WindowedRate(now);
        requests = new WindowedRate(now);
        bytesSent = new WindowedRate(now);
    }

    /** A batch went into a request for the first time. */
    public void batchSent(int records, int sizeBytes, int uncompressedBytes, long queueTimeNanos) {
        recordsSent.record(records);
        batches.increment();
        batchBytes.add(sizeBytes);
        batchBytesMax.accumulate(sizeBytes);
        batchUncompressedBytes.add(uncompressedBytes);
        queueTimeNs.add(queueTimeNanos);
        queueTimeSamples.increment();
        queueTimeMaxNs.accumulate(queueTimeNanos);
    }

    public void requestSent(int records, int bytes) {
        requests.record(1);
        recordsInRequests.add(records);
        bytesSent.record(bytes);
    }

    public void requestCompleted(long latencyNanos) {
        requestLatencyNs.add(latencyNanos);
        requestLatencySamples.increment();
        requestLatencyMaxNs.accumulate(latencyNanos);
    }

    public void recordsFailed(int records) {
        recordErrors.record(records);
    }

    public void recordsRetried(int records) {
        recordRetries.record(records);
    }

    /** The metrics by their official names. */
    public Map<String, Double> snapshot() {
        long now = clock.getAsLong();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("record-send-rate", recordsSent.ratePerSecond(now));
        m.put("record-send-total", (double) recordsSent.total());
        m.put("record-error-rate", recordErrors.ratePerSecond(now));
        m.put("record-error-total", (double) recordErrors.total());
        m.put("record-retry-rate", recordRetries.ratePerSecond(now));
        m.put("record-retry-total", (double) recordRetries.total());
        m.put("request-rate", requests.ratePerSecond(now));
        m.put("request-total", (double) requests.total());
        m.put("outgoing-byte-rate", bytesSent.ratePerSecond(now));
        m.put("outgoing-byte-total", (double) bytesSent.total());
        long b = batches.sum();
        m.put("batch-size-avg", b == 0 ? Double.NaN : (double) batchBytes.sum() / b);
        m.put("batch-size-max", (double) batchBytesMax.get());
        m.put("compression-rate-avg", b == 0 || batchUncompressedBytes.sum() == 0 ? Double.NaN
                : (double) batchBytes.sum() / batchUncompressedBytes.sum());
        long r = requests.total();
        m.put("records-per-request-avg", r == 0 ? Double.NaN : (double) recordsInRequests.sum() / r);
        long q = queueTimeSamples.sum();
        m.put("record-queue-time-avg", q == 0 ? Double.NaN : queueTimeNs.sum() / 1e6 / q);
        m.put("record-queue-time-max", queueTimeMaxNs.get() / 1e6);
        long l = requestLatencySamples.sum();
        m.put("request-latency-avg", l == 0 ? Double.NaN : requestLatencyNs.sum() / 1e6 / l);
        m.put("request-latency-max", requestLatencyMaxNs.get() / 1e6);
        m.put("buffer-available-bytes", (double) pool.availableMemoryBytes());
        m.put("buffer-total-bytes", (double) pool.totalMemoryBytes());
        m.put("bufferpool-wait-time-ns-total", (double) pool.waitTimeNsTotal());
        m.put("waiting-threads", (double) pool.queuedWaiters());
        return m;
    }
}
