package dev.vltava.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Send-to-callback latencies and completion counts. {@link #reset} starts a new measured interval (after the
 * warm-up).
 *
 * <p>Latencies go to an HdrHistogram {@link SingleWriterRecorder} (allocation-free, two atomic operations per value
 * instead of the multi-writer {@code Recorder}'s five or so, which showed up in profiles as harness cost billed to
 * the client). Only successful records are recorded, and both clients complete those on one thread of their own
 * (the official client's I/O thread, Vltava's completion thread); failures, which may be reported on the caller's
 * thread, only touch the atomic counters.
 */
final class LatencyStats {
    private static final long MAX_TRACKABLE_NS = 3_600_000_000_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(MAX_TRACKABLE_NS, 3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private volatile long lastCompletionNs;

    void complete(long sendNs, Exception error) {
        long now = System.nanoTime();
        if (error != null) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
        } else {
            recorder.recordValue(Math.min(Math.max(0, now - sendNs), MAX_TRACKABLE_NS));
        }
        lastCompletionNs = now;
        completed.incrementAndGet();
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    Exception firstError() {
        return firstError.get();
    }

    long lastCompletionNs() {
        return lastCompletionNs;
    }

    /** Forgets everything recorded so far (call when no send is in flight). */
    void reset() {
        recorder.reset();
        completed.set(0);
        failed.set(0);
        firstError.set(null);
    }

    /** Latencies since the last reset, in nanoseconds. */
    Histogram histogram() {
        return recorder.getIntervalHistogram();
    }

    /** Blocks until {@code expected} records completed, or throws after {@code timeoutMs} without progress. */
    void awaitCompleted(long expected, long timeoutMs) throws InterruptedException {
        long lastSeen = -1;
        long lastProgressNs = System.nanoTime();
        while (completed.get() < expected) {
            long now = System.nanoTime();
            long c = completed.get();
            if (c != lastSeen) {
                lastSeen = c;
                lastProgressNs = now;
            } else if (now - lastProgressNs > timeoutMs * 1_000_000L) {
                throw new IllegalStateException("only " + c + " of " + expected + " records completed; no progress for "
                        + timeoutMs + " ms");
            }
            Thread.sleep(1);
        }
    }
}
