package dev.vltava.producer;

/**
 * Another producer with the same transactional id (or a newer epoch of this producer id) took over; this producer
 * can no longer write and must be closed.
 */
public class ProducerFencedException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public ProducerFencedException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public ProducerFencedException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
