package dev.vltava.producer.testkit;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A busy wait for a state another thread reaches, with a deadline of its own. JUnit's {@code @Timeout} in its default
 * same-thread mode cannot stop a spin loop (it reports only once the loop ends), so a loop without a deadline turns
 * a regression into a hang that costs the whole CI run instead of a failure that names the wait.
 */
public final class Spin {
    /** Longer than any state these waits expect takes to reach on a loaded 2-core machine. */
    private static final long DEADLINE_SECONDS = 60;

    private Spin() {
    }

    /** Spins until {@code reached} is true; fails naming {@code what} once the deadline has passed. */
    public static void until(BooleanSupplier reached, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still waiting after " + DEADLINE_SECONDS + " s until " + what);
            }
            Thread.onSpinWait();
        }
    }
}
