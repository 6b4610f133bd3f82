package dev.vltava.producer.internal.partition;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adaptive switching (KIP-794): the less is queued for a partition, the likelier the sticky choice lands there. */
class AdaptiveStickyTest {

    @Test
    void switchesPreferPartitionsWithShorterQueues() {
        Random random = new Random(7);
        StickyPartitionTracker tracker = new StickyPartitionTracker(1024, random::nextInt);
        StickyPartitionTracker.Handle handle = tracker.handle("t");
        int[] queued = {9, 0, 0, 9}; // partitions 0 and 3 sit behind a slow broker
        int[] chosen = new int[4];
        int current = tracker.partition(handle, 4, null);
        for (int i = 0; i < 12_000; i++) {
            tracker.onNewBatch(handle, current, 4, null, p -> queued[p]);
            int next = tracker.partition(handle, 4, null);
            assertNotEquals(current, next, "a switch moves to another partition");
            chosen[next]++;
            current = next;
        }
        // From 1 the candidates weigh 1, 10, 1 (0, 2, 3); from 2 they weigh 1, 10, 1 (0, 1, 3).
        int slow = chosen[0] + chosen[3];
        assertTrue(slow < 12_000 * 0.2, "partitions with long queues were chosen " + slow + " times of 12000");
        assertTrue(chosen[1] > 4_000 && chosen[2] > 4_000, "short queues shared the load: " + chosen[1] + "/" + chosen[2]);
    }

    @Test
    void withNothingQueuedTheChoiceIsUniformOverTheOthers() {
        Random random = new Random(11);
        StickyPartitionTracker tracker = new StickyPartitionTracker(1024, random::nextInt);
        StickyPartitionTracker.Handle handle = tracker.handle("t");
        int[] chosen = new int[3];
        int current = tracker.partition(handle, 3, null);
        for (int i = 0; i < 9_000; i++) {
            tracker.onNewBatch(handle, current, 3, null, p -> 0);
            current = tracker.partition(handle, 3, null);
            chosen[current]++;
        }
        for (int c : chosen) {
            assertTrue(c > 2_400 && c < 3_600, "uniform within noise: " + java.util.Arrays.toString(chosen));
        }
    }

    @Test
    void onlyAvailablePartitionsAreCandidates() {
        StickyPartitionTracker tracker = new StickyPartitionTracker(1024, new Random(3)::nextInt);
        StickyPartitionTracker.Handle handle = tracker.handle("t");
        int[] available = {1, 3};
        int current = tracker.partition(handle, 4, available);
        for (int i = 0; i < 100; i++) {
            tracker.onNewBatch(handle, current, 4, available, p -> p);
            current = tracker.partition(handle, 4, available);
            assertTrue(current == 1 || current == 3, "chose " + current);
        }
    }
}
