package dev.vltava.producer.internal.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StickyPartitionTrackerTest {

    private static final int BATCH = 1000;

    private static StickyPartitionTracker seeded(long seed) {
        Random random = new Random(seed);
        return new StickyPartitionTracker(BATCH, random::nextInt);
    }

    @Test
    void sticksUntilABatchWorthOfBytesWithAFullBatch() {
        StickyPartitionTracker t = seeded(1);
        int first = t.partition("t", 10, null);
        for (int i = 0; i < 9; i++) {
            t.onAppend("t", first, 100, true, 10, null);
            assertEquals(first, t.partition("t", 10, null), "still below batch.size after " + (i + 1));
        }
        t.onAppend("t", first, 100, true, 10, null);
        int second = t.partition("t", 10, null);
        assertNotEquals(first, second, "switched after batch.size bytes and a full batch");
    }

    @Test
    void withoutAFullBatchSwitchesOnlyAtTwiceBatchSize() {
        StickyPartitionTracker t = seeded(2);
        int first = t.partition("t", 10, null);
        t.onAppend("t", first, 1500, false, 10, null);
        assertEquals(first, t.partition("t", 10, null), "a half-full batch is not abandoned");
        t.onAppend("t", first, 500, false, 10, null);
        assertNotEquals(first, t.partition("t", 10, null));
    }

    @Test
    void appendsToAnOldPartitionAreIgnored() {
        StickyPartitionTracker t = seeded(3);
        int first = t.partition("t", 10, null);
        int other = (first + 1) % 10;
        t.onAppend("t", other, 10_000, true, 10, null);
        assertEquals(first, t.partition("t", 10, null));
        t.onAppend("unknown-topic", 0, 10_000, true, 10, null);
        assertEquals(-1, t.currentPartition("unknown-topic"));
    }

    @Test
    void onNewBatchSwitchesAwayOnce() {
        StickyPartitionTracker t = seeded(4);
        int first = t.partition("t", 5, null);
        t.onNewBatch("t", first, 5, null);
        int second = t.currentPartition("t");
        assertNotEquals(first, second);
        t.onNewBatch("t", first, 5, null);
        assertEquals(second, t.currentPartition("t"), "a stale switch request does nothing");
    }

    @Test
    void prefersAvailablePartitions() {
        StickyPartitionTracker t = seeded(5);
        int[] available = {2, 7};
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int p = t.partition("t", 10, available);
            seen.add(p);
            t.onAppend("t", p, BATCH, true, 10, available);
        }
        assertEquals(Set.of(2, 7), seen);
    }

    @Test
    void leavesAPartitionThatBecameUnavailableOrDisappeared() {
        StickyPartitionTracker t = seeded(6);
        int first = t.partition("t", 10, null);
        int[] others = {(first + 1) % 10};
        assertEquals(others[0], t.partition("t", 10, others));
        assertTrue(t.partition("t", 1, null) == 0, "partition count shrank to 1");
    }

    @Test
    void unusableAvailabilityListMeansAllPartitions() {
        StickyPartitionTracker t = seeded(7);
        int p = t.partition("t", 4, new int[] {9, -1});
        assertTrue(p >= 0 && p < 4);
        assertEquals(p, t.partition("t", 4, new int[] {9, -1}), "still sticky");
    }

    @Test
    void singlePartitionAlwaysWins() {
        StickyPartitionTracker t = seeded(8);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, t.partition("t", 1, null));
            t.onAppend("t", 0, BATCH, true, 1, null);
        }
    }

    @Test
    void switchesAreSpreadEvenlyAndNeverRepeatThePrevious() {
        StickyPartitionTracker t = seeded(9);
        int n = 8;
        int[] counts = new int[n];
        int previous = t.partition("t", n, null);
        int switches = 80_000;
        for (int i = 0; i < switches; i++) {
            t.onAppend("t", previous, BATCH, true, n, null);
            int next = t.partition("t", n, null);
            assertNotEquals(previous, next);
            counts[next]++;
            previous = next;
        }
        double expected = switches / (double) n;
        for (int c : counts) {
            // 5 standard deviations of a binomial(80000, 1/8) is about 470
            assertTrue(Math.abs(c - expected) < 500, "count " + c + " vs expected " + expected);
        }
    }

    @Test
    void concurrentAppendersAgreeOnOnePartitionAtATime() throws InterruptedException {
        StickyPartitionTracker t = new StickyPartitionTracker(BATCH);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        Set<Integer> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                for (int r = 0; r < 20_000; r++) {
                    int p = t.partition("t", 16, null);
                    used.add(p);
                    t.onAppend("t", p, 10, true, 16, null);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(used.size() > 1 && used.stream().allMatch(p -> p >= 0 && p < 16), used.toString());
        int current = t.currentPartition("t");
        assertTrue(current >= 0 && current < 16);
    }

    @Test
    void topicsAreIndependentAndCanBeForgotten() {
        StickyPartitionTracker t = seeded(10);
        int a = t.partition("a", 1000, null);
        int b = t.partition("b", 1000, null);
        t.onAppend("a", a, 5 * BATCH, true, 1000, null);
        assertEquals(b, t.partition("b", 1000, null));
        t.forget("b");
        assertEquals(-1, t.currentPartition("b"));
    }
}
