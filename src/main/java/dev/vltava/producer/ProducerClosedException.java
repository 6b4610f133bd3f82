package dev.vltava.producer;

/** The producer was closed: before the call, or while the record was still pending. */
public class ProducerClosedException extends VltavaException {

    /**
     * Creates the exception with a default message.
     */
    public ProducerClosedException() {
        this("producer is closed", null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public ProducerClosedException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public ProducerClosedException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
