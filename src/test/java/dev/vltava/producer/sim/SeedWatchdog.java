package dev.vltava.producer.sim;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each seed of the simulation on a worker thread and gives up on a seed that runs longer than a bound (wall
 * clock), so a wrong model fails the build naming the seed instead of hanging it: a seed once blocked the test for
 * over 10 minutes in {@code BufferPool.awaitTurnLocked}, because the simulated engine runs on one thread and nothing
 * else could ever give the memory back. A per-seed bound, unlike a class-level timeout, lets a long
 * {@code -Dsim.seeds} run take as long as it needs.
 *
 * <p>A seed that overruns is reported by a {@link SeedTimedOut} whose message names the seed and holds the stack of
 * the thread that ran it (the engine's thread in the simulation) and of any {@code vltava-} thread; the worker is
 * interrupted and a fresh one runs the next seed. Not thread-safe: one test thread drives it.
 */
final class SeedWatchdog implements AutoCloseable {
    /** The default bound: a seed takes tens of milliseconds; a JIT-cold one on a busy machine a few seconds. */
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(Long.getLong("sim.seedTimeoutSeconds", 120L));
    private static final String WORKER_NAME = "sim-seed-worker";

    private final Duration bound;
    private ExecutorService worker;
    private volatile Thread workerThread;

    SeedWatchdog(Duration bound) {
        this.bound = bound;
        this.worker = newWorker();
    }

    /** A seed ran longer than the bound: the message names it and shows where it was stuck. */
    static final class SeedTimedOut extends Exception {
        private static final long serialVersionUID = 1L;
        final long seed;

        SeedTimedOut(long seed, String message) {
            super(message);
            this.seed = seed;
        }
    }

    /**
     * Runs {@code task} (the seed's whole run) and returns its result, or throws {@link SeedTimedOut} once it has run
     * longer than the bound. An exception of the task is rethrown as it is (unchecked) or wrapped.
     */
    <T> T run(long seed, Callable<T> task) throws SeedTimedOut {
        Future<T> result = worker.submit(task);
        try {
            return result.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException overran) {
            String message = "seed " + seed + " ran longer than " + bound.toSeconds() + " s (wall clock; "
                    + "-Dsim.seedTimeoutSeconds): the simulation is stuck.\n" + stacks();
            result.cancel(true); // interrupts the worker; a fresh one takes the next seed
            worker.shutdownNow();
            worker = newWorker();
            throw new SeedTimedOut(seed, message);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("seed " + seed + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IllegalStateException("interrupted while seed " + seed + " ran", e);
        }
    }

    /** The stack of the seed's thread and of every live {@code vltava-} thread (the engine's, if it made any). */
    private String stacks() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t == workerThread || t.getName().startsWith("vltava-")) {
                out.append("  thread \"").append(t.getName()).append("\" ").append(t.getState()).append('\n');
                for (StackTraceElement frame : e.getValue()) {
                    out.append("      at ").append(frame).append('\n');
                }
            }
        }
        return out.length() == 0 ? "  (no thread of the seed found)\n" : out.toString();
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, WORKER_NAME);
            t.setDaemon(true); // a worker stuck for good must not keep the test JVM alive
            workerThread = t;
            return t;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
