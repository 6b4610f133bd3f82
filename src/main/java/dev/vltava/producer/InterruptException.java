package dev.vltava.producer;

/**
 * A blocking call was interrupted. Unchecked wrapper of {@link InterruptedException}; creating it restores the
 * thread's interrupt flag so code further up still sees the interruption.
 */
public class InterruptException extends VltavaException {

    public InterruptException(InterruptedException cause) {
        this("the thread was interrupted while blocked in the producer", cause);
    }

    public InterruptException(String message, InterruptedException cause) {
        super(Kind.FATAL, message, cause);
        Thread.currentThread().interrupt();
    }
}
