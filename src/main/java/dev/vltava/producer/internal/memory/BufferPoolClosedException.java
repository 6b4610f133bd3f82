package dev.vltava.producer.internal.memory;

/** Thrown by {@link BufferPool} to callers that ask for memory after, or while, the pool is closed (producer closing). */
public final class BufferPoolClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BufferPoolClosedException(String message) {
        super(message);
    }
}
