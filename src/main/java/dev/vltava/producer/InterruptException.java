package dev.vltava.producer;

/**
 * A blocking call was interrupted. Unchecked wrapper of {@link InterruptedException}; creating it restores the
 * thread's interrupt flag so code further up still sees the interruption.
 */
public class InterruptException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param cause the underlying failure, or {@code null}
     */
    public InterruptException(InterruptedException cause) {
        this("the thread was interrupted while blocked in the producer", cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public InterruptException(String message, InterruptedException cause) {
        super(Kind.FATAL, message, cause);
        Thread.currentThread().interrupt();
    }
}
