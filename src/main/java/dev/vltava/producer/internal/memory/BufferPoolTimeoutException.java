package dev.vltava.producer.internal.memory;

/**
 * Thrown when {@link BufferPool} could not provide the requested memory within the caller's time budget
 * ({@code max.block.ms}). The message names the bytes requested, available and total, and how long the caller waited,
 * so a user can tell "buffer.memory too small" from "the producer cannot keep up with the brokers".
 */
public final class BufferPoolTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long availableBytes;
    private final long totalBytes;
    private final long waitedMs;

    public BufferPoolTimeoutException(long requestedBytes, long availableBytes, long totalBytes, long waitedMs) {
        super("Failed to allocate " + requestedBytes + " bytes within " + waitedMs + " ms: "
                + availableBytes + " bytes available of " + totalBytes + " total (buffer.memory). "
                + "The producer is sending slower than records are produced; raise buffer.memory or max.block.ms, "
                + "or check broker connectivity.");
        this.requestedBytes = requestedBytes;
        this.availableBytes = availableBytes;
        this.totalBytes = totalBytes;
        this.waitedMs = waitedMs;
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    /** Memory available (unallocated plus pooled free buffers) when the wait gave up. */
    public long availableBytes() {
        return availableBytes;
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long waitedMs() {
        return waitedMs;
    }
}
