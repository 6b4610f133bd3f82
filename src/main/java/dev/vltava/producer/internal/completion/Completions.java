package dev.vltava.producer.internal.completion;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completion thread: runs interceptors' onAcknowledgement, callbacks and future completions, so a slow callback
 * never stalls the I/O loop (the official client runs them on its sender thread: KAFKA-10790, KAFKA-10335).
 * One thread, FIFO: batches of a partition are handed over in order, so callbacks of a partition run in send order.
 *
 * <p>Nothing submitted is ever dropped: after the thread has ended (the producer closed), a task submitted late runs
 * on the submitting thread instead. The queue is bounded by back-pressure: while the batches whose callbacks have
 * not run yet hold more than {@code maxBacklogBytes}, {@code send()} waits (see {@link #awaitBacklogBelowLimit}).
 */
public final class Completions implements AutoCloseable {
    public static final Logger LOG = LoggerFactory.getLogger(Completions.class);
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    private final CompletionThread thread;
    private final long maxBacklogBytes;
    /** Bytes of the batches handed over whose callbacks have not all run yet. */
    private final AtomicLong backlogBytes = new AtomicLong();
    private final ReentrantLock backlogLock = new ReentrantLock();
    private final Condition backlogShrank = backlogLock.newCondition();
    private volatile int backlogWaiters;
    /** Without a thread: where completions go (null = run at once on the submitting thread). */
    private final Executor executor;
    private volatile boolean closing;
    /** Set by the thread as it ends; submitters that see it run their tasks themselves. */
    private volatile boolean terminated;

    /** A unit of completion work and the batch bytes it stands for in the backlog. */
    private record Task(Runnable work, int bytes) {
    }

    /** The completion thread's own type, so a blocking wait inside a callback can be recognised. */
    private static final class CompletionThread extends Thread {
        CompletionThread(Runnable body, String name) {
            super(body, name);
        }
    }

    public Completions(String clientId) {
        this(clientId, Long.MAX_VALUE);
    }

    /** {@code maxBacklogBytes}: how many batch bytes may wait for their callbacks before send() is held back. */
    public Completions(String clientId, long maxBacklogBytes) {
        this.maxBacklogBytes = maxBacklogBytes;
        thread = new CompletionThread(this::run, "vltava-callbacks-" + clientId);
        thread.setDaemon(true);
        thread.start();
        executor = null;
    }

    private Completions(Executor executor) {
        thread = null;
        maxBacklogBytes = Long.MAX_VALUE;
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
        submit(task, 0);
    }

    /** Hands over the completion of a batch of {@code bytes}; never drops it. */
    public void submit(Runnable task, int bytes) {
        if (thread == null) {
            if (executor != null) {
                executor.execute(() -> runLogged(task));
            } else {
                runLogged(task);
            }
            return;
        }
        if (bytes > 0) {
            backlogBytes.addAndGet(bytes);
        }
        queue.add(new Task(task, bytes));
        if (terminated) {
            runQueued(); // the thread is gone (closed): complete here rather than never
        } else {
            LockSupport.unpark(thread);
        }
    }

    /** Whether the caller is this producer's completion thread (a flush() from a callback must not wait for itself). */
    public boolean isCompletionThread() {
        return thread != null && Thread.currentThread() == thread;
    }

    /** Whether the caller is the completion thread of any Vltava producer (a callback is running on it). */
    public static boolean onCompletionThread() {
        return Thread.currentThread() instanceof CompletionThread;
    }

    /**
     * Back-pressure for send(): waits while the callbacks' backlog is over its bound, at most {@code maxWaitMs};
     * false if it still is. The completion thread itself never waits here (it is what shrinks the backlog).
     */
    public boolean awaitBacklogBelowLimit(long maxWaitMs) throws InterruptedException {
        if (backlogBytes.get() <= maxBacklogBytes || isCompletionThread()) {
            return true;
        }
        long left = TimeUnit.MILLISECONDS.toNanos(Math.min(maxWaitMs, Long.MAX_VALUE / 2_000_000));
        backlogLock.lockInterruptibly();
        try {
            backlogWaiters++;
            while (backlogBytes.get() > maxBacklogBytes && !terminated) {
                if (left <= 0) {
                    return false;
                }
                left = backlogShrank.awaitNanos(left);
            }
            return true;
        } finally {
            backlogWaiters--;
            backlogLock.unlock();
        }
    }

    /** Batch bytes whose callbacks have not all run yet. */
    public long backlogBytes() {
        return backlogBytes.get();
    }

    private void run() {
        while (true) {
            if (!runQueued()) {
                if (closing) {
                    break;
                }
                LockSupport.parkNanos(this, IDLE_PARK_NS);
            }
        }
        terminated = true;
        runQueued(); // whatever raced with the exit
        signalBacklogWaiters();
    }

    /** Runs queued tasks until the queue is empty; false if there was none. */
    private boolean runQueued() {
        boolean ran = false;
        Task t;
        while ((t = queue.poll()) != null) {
            ran = true;
            runLogged(t.work());
            if (t.bytes() > 0 && backlogBytes.addAndGet(-t.bytes()) <= maxBacklogBytes && backlogWaiters > 0) {
                signalBacklogWaiters();
            }
        }
        return ran;
    }

    private void signalBacklogWaiters() {
        backlogLock.lock();
        try {
            backlogShrank.signalAll();
        } finally {
            backlogLock.unlock();
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

    /**
     * Lets the thread end once the queue is empty and waits for that, at most {@code timeoutMs}. Completions
     * submitted after the thread ended run on the submitting thread, so none is lost.
     */
    public void close(long timeoutMs) {
        closing = true;
        if (thread == null) {
            return;
        }
        LockSupport.unpark(thread);
        if (isCompletionThread()) {
            return;
        }
        try {
            thread.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
