package dev.vltava.producer.internal.accumulate;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion thread: runs interceptors' onAcknowledgement, callbacks and future completions, so a slow callback
 * never stalls the I/O loop (the official client runs them on its sender thread: KAFKA-10790, KAFKA-10335).
 * One thread, FIFO: batches of a partition are handed over in order, so callbacks of a partition run in send order.
 */
public final class Completions implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(Completions.class);

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** Without a thread: where completions go (null = run at once on the submitting thread). */
    private final Executor executor;
    private volatile boolean closing;

    public Completions(String clientId) {
        thread = new Thread(this::run, "vltava-callbacks-" + clientId);
        thread.setDaemon(true);
        thread.start();
        executor = null;
    }

    private Completions(Executor executor) {
        thread = null;
        this.executor = executor;
    }

    /** For tests that step the sender by hand: no thread, each completion runs at once on the submitting thread. */
    public static Completions callerRuns() {
        return new Completions((Executor) null);
    }

    /**
     * For the deterministic simulation: no thread; each completion is handed to {@code executor}, which runs it
     * later, in submission order, on its own (virtual) schedule. Tasks are wrapped so that they never throw.
     */
    public static Completions on(Executor executor) {
        return new Completions(executor);
    }

    public void submit(Runnable task) {
        if (thread == null) {
            if (executor != null) {
                executor.execute(() -> runLogged(task));
            } else {
                runLogged(task);
            }
            return;
        }
        queue.add(task);
    }

    /** Whether the caller is the completion thread (a flush() from a callback must not wait for itself). */
    public boolean isCompletionThread() {
        return thread != null && Thread.currentThread() == thread;
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (task == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            runLogged(task);
        }
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("completion task failed", t);
        }
    }

    /** Finishes queued completions, then ends the thread (waits at most timeoutMs). */
    @Override
    public void close() {
        close(30_000);
    }

    public void close(long timeoutMs) {
        closing = true;
        if (thread == null || isCompletionThread()) {
            return;
        }
        try {
            thread.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
