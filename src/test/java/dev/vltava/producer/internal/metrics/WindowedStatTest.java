package dev.vltava.producer.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Windowed statistics on a fake clock: what the official client's Rate/Avg/Max over samples would report. */
class WindowedStatTest {
    private static final long SEC = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong clock = new AtomicLong(1_000 * SEC);

    private MetricsRegistry registry(int samples, long windowMs, MetricLevel level) {
        return new MetricsRegistry(samples, windowMs, level, clock::get);
    }

    @Test
    void rateDividesByAtLeastTheMinimumWindowWhileTheWindowIsYoung() {
        WindowedStat s = registry(2, 30_000, MetricLevel.INFO).stat(MetricLevel.INFO);
        s.record(300, clock.get());
        clock.addAndGet(SEC);
        // 1 s elapsed, but a young window counts as (samples - 1) whole samples = 30 s (plus the 1 s): 300 / 31 s
        assertEquals(300.0 / 31, s.rate(clock.get()), 1e-9);
        assertEquals(1, s.countRate(clock.get()) * 31, 1e-9);
    }

    @Test
    void averageAndMaximumForgetASampleOnceItIsAWholeWindowOld() {
        WindowedStat s = registry(2, 30_000, MetricLevel.INFO).stat(MetricLevel.INFO);
        s.record(100, clock.get());
        s.record(10, clock.get());
        assertEquals(55, s.avg(clock.get()), 1e-9);
        assertEquals(100, s.max(clock.get()), 1e-9);
        clock.addAndGet(30 * SEC); // second sample: the first still counts
        s.record(20, clock.get());
        assertEquals(100, s.max(clock.get()), 1e-9);
        assertEquals(130.0 / 3, s.avg(clock.get()), 1e-9);
        clock.addAndGet(30 * SEC); // the first sample left the window
        assertEquals(20, s.max(clock.get()), 1e-9);
        assertEquals(20, s.avg(clock.get()), 1e-9);
        clock.addAndGet(30 * SEC); // nothing left in the window
        assertTrue(Double.isNaN(s.max(clock.get())));
        assertTrue(Double.isNaN(s.avg(clock.get())));
        assertEquals(0, s.rate(clock.get()), 0);
        // totals are cumulative
        assertEquals(130, s.total(), 1e-9);
        assertEquals(3, s.totalCount());
    }

    @Test
    void aReusedSampleStartsFromZero() {
        WindowedStat s = registry(2, 1_000, MetricLevel.INFO).stat(MetricLevel.INFO);
        s.record(7, clock.get());
        clock.addAndGet(2 * SEC); // the same slot again, two windows later
        s.record(1, clock.get());
        assertEquals(1, s.max(clock.get()), 1e-9);
        assertEquals(1, s.windowedCount(clock.get()));
        assertEquals(8, s.total(), 1e-9);
    }

    @Test
    void steadyRateOverAFullWindowIsTheRate() {
        WindowedStat s = registry(2, 1_000, MetricLevel.INFO).stat(MetricLevel.INFO);
        for (int i = 0; i < 40; i++) { // 10 per 100 ms for 4 s
            s.record(10, clock.get());
            clock.addAndGet(SEC / 10);
        }
        // the window holds the current sample and the previous one: from the previous one's start to now
        assertEquals(100, s.rate(clock.get()), 1e-6);
    }

    @Test
    void aMetricAboveTheRecordingLevelRecordsNothing() {
        MetricsRegistry info = registry(2, 30_000, MetricLevel.INFO);
        WindowedStat debug = info.stat(MetricLevel.DEBUG);
        assertFalse(debug.enabled());
        debug.record(5, clock.get());
        assertEquals(0, debug.totalCount());
        WindowedStat atDebug = registry(2, 30_000, MetricLevel.DEBUG).stat(MetricLevel.DEBUG);
        atDebug.record(5, clock.get());
        assertEquals(1, atDebug.totalCount());
        assertTrue(registry(2, 30_000, MetricLevel.TRACE).stat(MetricLevel.DEBUG).enabled());
    }

    @Test
    void aZeroWindowStillMeasures() {
        WindowedStat s = registry(2, 0, MetricLevel.INFO).stat(MetricLevel.INFO);
        s.record(3, clock.get());
        assertEquals(3, s.max(clock.get()), 1e-9);
        assertTrue(s.rate(clock.get()) > 0);
    }

    @Test
    void concurrentRecordingLosesNothingFromTheTotals() throws Exception {
        WindowedStat s = registry(2, 30_000, MetricLevel.INFO).stat(MetricLevel.INFO);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    s.record(1, clock.get());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(400_000, s.totalCount());
        assertEquals(400_000, s.total(), 0);
        assertEquals(400_000, s.windowedCount(clock.get())); // one sample, never reused during the run
    }

    @Test
    void recordingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        WindowedStat s = registry(2, 1_000, MetricLevel.INFO).stat(MetricLevel.INFO);
        ProducerMetrics m = ProducerMetrics.withDefaults("alloc", clock::get);
        m.batchSent("t", 1, 10, 10, 5, clock.get()); // the topic's metrics exist from here on
        for (int i = 0; i < 20_000; i++) { // warm up (and let samples be reused a few times)
            s.record(i, clock.addAndGet(SEC / 1000));
            m.batchRecordSize(100, clock.get());
            m.batchSent("t", 1, 10, 10, 5, clock.get());
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            s.record(i, clock.addAndGet(SEC / 1000));
            m.batchRecordSize(100, clock.get());
            m.batchSent("t", 1, 10, 10, 5, clock.get());
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 100_000, "recording 300,000 values allocated " + allocated + " bytes");
    }
}
