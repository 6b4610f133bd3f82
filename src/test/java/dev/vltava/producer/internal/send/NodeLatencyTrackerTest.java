package dev.vltava.producer.internal.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** partitioner.availability.timeout.ms: which brokers the sender reports as unable to take requests. */
class NodeLatencyTrackerTest {
    private static final long TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<int[]> published = new ArrayList<>();
    private final NodeLatencyTracker tracker = new NodeLatencyTracker(TIMEOUT_NS, published::add);

    @Test
    void aBrokerWhoseReadyBatchesCannotGoForLongerThanTheTimeoutIsReportedThenForgivenWhenItTakesRequests() {
        long t = 1_000 * MS;
        tracker.onReady(1, true, t);
        tracker.onReady(2, true, t);
        tracker.endPass(Set.of(1, 2), n -> true, t);
        assertEquals(0, published.size(), "nothing to report, nothing published");

        for (long at = t + 10 * MS; at <= t + 100 * MS; at += 10 * MS) { // broker 1 full or down: cannot take more
            tracker.onReady(1, false, at);
            tracker.onReady(2, true, at);
            tracker.endPass(Set.of(1, 2), n -> n == 2, at);
        }
        assertEquals(0, published.size(), "exactly the timeout is not over it");
        tracker.onReady(1, false, t + 101 * MS);
        tracker.endPass(Set.of(1), n -> n == 2, t + 101 * MS);
        assertArrayEquals(new int[] {1}, published.get(published.size() - 1));

        tracker.onReady(1, true, t + 120 * MS); // it answered: a request can go again
        tracker.endPass(Set.of(1), n -> true, t + 120 * MS);
        assertArrayEquals(new int[0], published.get(published.size() - 1));
    }

    @Test
    void anAvoidedBrokerWithNothingWaitingGetsAnotherChanceAfterATimeout() {
        long t = 1_000 * MS;
        tracker.onReady(1, true, t);
        tracker.onReady(1, false, t + 150 * MS);
        tracker.endPass(Set.of(1), n -> false, t + 150 * MS);
        assertArrayEquals(new int[] {1}, published.get(published.size() - 1));

        // its partitions are avoided, its old batches expired: nothing waits for it, nobody connects to it
        tracker.endPass(Set.of(), n -> false, t + 200 * MS);
        assertArrayEquals(new int[] {1}, published.get(published.size() - 1), "not yet a whole timeout idle");
        tracker.endPass(Set.of(), n -> false, t + 251 * MS);
        assertArrayEquals(new int[0], published.get(published.size() - 1), "probed again after a timeout");
    }

    @Test
    void zeroTimeoutDisablesTracking() {
        assertFalse(new NodeLatencyTracker(0, published::add).enabled());
    }
}
