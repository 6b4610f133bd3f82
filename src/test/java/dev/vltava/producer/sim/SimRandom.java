package dev.vltava.producer.sim;

import java.util.List;
import java.util.SplittableRandom;

/** The simulation's one source of choices (seeded): every decision of a run comes from here, in a fixed order. */
final class SimRandom {
    private final SplittableRandom random;

    SimRandom(long seed) {
        this.random = new SplittableRandom(seed); // well mixed: neighbouring seeds give unrelated runs
    }

    boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [from, to]. */
    int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    double between(double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    /** Exponentially distributed with this mean. */
    double exp(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    long nextLong() {
        return random.nextLong();
    }
}
