package dev.vltava.producer.internal.time;

import java.util.concurrent.TimeUnit;

/**
 * Deadline arithmetic on {@link System#nanoTime()} stamps that saturates instead of wrapping: Kafka's timeouts
 * (max.block.ms, linger.ms, ...) may be configured as {@code Long.MAX_VALUE} milliseconds, and a wrapped sum would
 * put the deadline in the past ("time out at once") instead of "never".
 */
public final class Deadlines {
    private Deadlines() {
    }

    /** {@code nowNs} plus a non-negative duration, or {@code Long.MAX_VALUE} if that does not fit. */
    public static long plusNs(long nowNs, long durationNs) {
        long sum = nowNs + durationNs;
        return ((nowNs ^ sum) & (durationNs ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The nanoTime deadline {@code timeoutMs} after {@code nowNs}, saturating. */
    public static long afterMs(long nowNs, long timeoutMs) {
        return plusNs(nowNs, TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs)));
    }
}
