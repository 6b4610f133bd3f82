package dev.vltava.producer.internal.send;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/** Exponential backoff with jitter: retry.backoff.ms doubling per attempt up to retry.backoff.max.ms, ±20 %. */
public final class Backoff {
    private final long baseNs;
    private final long maxNs;
    private final RandomGenerator random;

    public Backoff(long baseMs, long maxMs) {
        this(baseMs, maxMs, () -> ThreadLocalRandom.current().nextLong()); // current() on the calling thread
    }

    /** With the jitter source given (seeded in the deterministic simulation). */
    public Backoff(long baseMs, long maxMs, RandomGenerator random) {
        this.random = random;
        this.baseNs = TimeUnit.MILLISECONDS.toNanos(Math.max(0, baseMs));
        this.maxNs = TimeUnit.MILLISECONDS.toNanos(Math.max(baseMs, maxMs));
    }

    /** Delay before attempt number {@code attempts + 1} (attempts ≥ 1 already made). */
    public long delayNs(int attempts) {
        if (baseNs == 0) {
            return 0;
        }
        int exp = Math.max(0, Math.min(attempts - 1, 30));
        double d = Math.min((double) maxNs, baseNs * Math.pow(2, exp));
        double jitter = 0.8 + 0.4 * random.nextDouble();
        return (long) Math.min(maxNs, d * jitter);
    }
}
