package dev.vltava.producer;

/**
 * The broker received a batch whose sequence number does not follow the previous one for this producer and
 * partition, so records may have been lost. By default the failure is scoped to the affected records
 * ({@link Kind#FATAL}: retrying that record cannot help); a transactional producer reports it as
 * {@link Kind#ABORTABLE}.
 */
public class OutOfOrderSequenceException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public OutOfOrderSequenceException(String message) {
        this(Kind.FATAL, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public OutOfOrderSequenceException(String message, Throwable cause) {
        this(Kind.FATAL, message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param kind what the caller can do about the failure
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public OutOfOrderSequenceException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
