package dev.vltava.producer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vltava.producer.internal.memory.BufferPool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulation's per-seed watchdog fires: a seed stuck where one once hung for over 10 minutes (waiting for buffer
 * memory that only its own thread could give back) fails, naming the seed and showing the stuck frame, and the next
 * seed still runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeedWatchdogTest {

    @Test
    void aStuckSeedFailsNamingItselfAndWhereItWaits() throws Exception {
        BufferPool pool = new BufferPool(1024, 1024, false);
        pool.allocate(1024, 0); // all the memory, never given back
        CountDownLatch interrupted = new CountDownLatch(1);
        try (SeedWatchdog watchdog = new SeedWatchdog(Duration.ofMillis(300))) {
            SeedWatchdog.SeedTimedOut stuck = assertThrows(SeedWatchdog.SeedTimedOut.class,
                    () -> watchdog.run(4242, () -> {
                        try {
                            return pool.allocate(1024, Long.MAX_VALUE); // waits for ever: nobody deallocates
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                    }));
            assertEquals(4242, stuck.seed);
            assertTrue(stuck.getMessage().startsWith("seed 4242 ran longer than"), stuck.getMessage());
            assertTrue(stuck.getMessage().contains("BufferPool.awaitTurnLocked"), "the stuck frame is shown:\n"
                    + stuck.getMessage());
            assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the stuck seed's thread is interrupted");

            assertEquals("next", watchdog.run(4243, () -> "next"), "the next seed runs on a fresh worker");
        }
    }

    @Test
    void aSeedsOwnFailureIsRethrownAsItIs() {
        try (SeedWatchdog watchdog = new SeedWatchdog(Duration.ofSeconds(30))) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> watchdog.run(1, () -> {
                        throw new IllegalStateException("the seed's own failure");
                    }));
            assertEquals("the seed's own failure", thrown.getMessage());
        }
    }
}
