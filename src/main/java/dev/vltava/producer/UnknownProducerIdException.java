package dev.vltava.producer;

/**
 * The broker no longer has state for this producer id (for example after retention removed it on an idle
 * partition, KIP-360) and the producer could not recover by itself.
 */
public class UnknownProducerIdException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public UnknownProducerIdException(String message) {
        this(Kind.FATAL, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownProducerIdException(String message, Throwable cause) {
        this(Kind.FATAL, message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param kind what the caller can do about the failure
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownProducerIdException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
