package dev.vltava.producer.internal.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where a sticky record goes when its sticky partition is held by another sending thread (issue 16). */
class ContendedAlternativeTest {
    @Test
    void anotherPartitionTheSameForAThread() {
        int first = Router.contendedAlternative(2, 6, null);
        assertNotEquals(2, first);
        assertTrue(first >= 0 && first < 6);
        assertEquals(first, Router.contendedAlternative(2, 6, null), "the same thread: the same partition");
    }

    @Test
    void onlyAvailablePartitionsAndNeverTheStickyOne() {
        int[] available = {1, 3, 4};
        for (int sticky : available) {
            int alt = Router.contendedAlternative(sticky, 6, available);
            assertNotEquals(sticky, alt);
            assertTrue(alt == 1 || alt == 3 || alt == 4, "available: " + alt);
        }
        assertEquals(3, Router.contendedAlternative(3, 6, new int[] {3}), "nowhere else to go: stays");
        assertEquals(0, Router.contendedAlternative(0, 1, null), "one partition: stays");
    }

    @Test
    void differentThreadsSpreadOverTheOtherPartitions() throws InterruptedException {
        Set<Integer> seen = new HashSet<>();
        AtomicInteger bad = new AtomicInteger();
        for (int i = 0; i < 40; i++) {
            Thread t = new Thread(() -> {
                int alt = Router.contendedAlternative(0, 6, null);
                if (alt == 0) {
                    bad.incrementAndGet();
                }
                synchronized (seen) {
                    seen.add(alt);
                }
            });
            t.start();
            t.join();
        }
        assertEquals(0, bad.get());
        assertEquals(Set.of(1, 2, 3, 4, 5), seen, "40 threads with consecutive ids cover the five others");
    }
}
