package dev.vltava.producer.internal.compress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded set of compressors shared by the application threads that seal batches: at most {@code max} exist at
 * once, however many threads send (thread pools and virtual threads are the normal case, and each compressor holds a
 * native context and scratch buffers). A thread borrows one for a seal and gives it back; when all are in use it gets
 * none and leaves the batch to the sender, which seals it with its own. Idle ones are kept for reuse, so steady
 * sending creates nothing. {@link #close()} closes the idle ones and, from then on, each one given back.
 *
 * <p>Thread-safe and lock-free: a borrow or a return is a scan of at most {@code max} slots.
 */
public final class CompressorPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompressorPool.class);

    private final Supplier<BatchCompressor> factory;
    private final int max;
    /** Idle compressors (null = empty slot); at most {@code max}, so a return always finds a slot. */
    private final AtomicReferenceArray<BatchCompressor> idle;
    /** Compressors that exist (idle or borrowed). */
    private final AtomicInteger live = new AtomicInteger();
    private volatile boolean closed;

    public CompressorPool(Supplier<BatchCompressor> factory, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        this.factory = factory;
        this.max = max;
        this.idle = new AtomicReferenceArray<>(max);
    }

    /** An idle compressor, or a new one while fewer than {@code max} exist; null when all are in use or closed. */
    public BatchCompressor tryBorrow() {
        if (closed) {
            return null;
        }
        for (int i = 0; i < max; i++) {
            BatchCompressor c = idle.get(i);
            if (c != null && idle.compareAndSet(i, c, null)) {
                return c;
            }
        }
        int n;
        do {
            n = live.get();
            if (n >= max) {
                return null;
            }
        } while (!live.compareAndSet(n, n + 1));
        try {
            return factory.get();
        } catch (RuntimeException | Error e) {
            live.decrementAndGet();
            throw e;
        }
    }

    /** Gives back a compressor from {@link #tryBorrow}: kept for reuse, or closed if the pool is. */
    public void giveBack(BatchCompressor c) {
        if (!closed) {
            for (int i = 0; i < max; i++) {
                if (idle.get(i) == null && idle.compareAndSet(i, null, c)) {
                    // close() may have swept this slot before we filled it: then take it out again and close it
                    if (closed && idle.compareAndSet(i, c, null)) {
                        discard(c);
                    }
                    return;
                }
            }
        }
        discard(c);
    }

    /** Closes the idle compressors; those borrowed now are closed when given back. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < max; i++) {
            BatchCompressor c = idle.getAndSet(i, null);
            if (c != null) {
                discard(c);
            }
        }
    }

    /** Compressors that exist now (idle or borrowed). */
    public int live() {
        return live.get();
    }

    private void discard(BatchCompressor c) {
        live.decrementAndGet();
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.warn("closing a {} compressor failed", c.type(), e);
        }
    }
}
