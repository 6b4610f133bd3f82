package dev.vltava.producer;

/**
 * Root of every exception Vltava raises. Each carries a {@link Kind} that tells the caller what to do next, so
 * callers can branch on {@code kind()} instead of on a long list of subclasses.
 */
public class VltavaException extends RuntimeException {

    /** What the caller can do about a failure. */
    public enum Kind {
        /**
         * Transient: sending the same record again later may succeed. The producer already retried until
         * {@code delivery.timeout.ms} ran out before reporting it.
         */
        RETRIABLE,
        /** The current transaction must be aborted; the producer itself stays usable. */
        ABORTABLE,
        /**
         * Retrying cannot help. For record-scoped failures (serialization, record too large) only that record
         * failed; for producer-scoped ones (fenced, closed, not authorized) the producer should be closed.
         */
        FATAL,
        /** The configuration is invalid; fix it and create a new producer. */
        CONFIG
    }

    /** What the caller can do. */
    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what the caller can do about the failure
     * @param message what went wrong, naming the cause
     */
    public VltavaException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param kind what the caller can do about the failure
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public VltavaException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /** {@return what the caller can do about this failure} */
    public Kind kind() {
        return kind;
    }

    /** {@return true if sending the same record again later may succeed} */
    public boolean isRetriable() {
        return kind == Kind.RETRIABLE;
    }
}
