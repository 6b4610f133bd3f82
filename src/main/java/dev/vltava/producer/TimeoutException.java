package dev.vltava.producer;

/** Something did not happen in time; {@link #what()} says what was waited for. */
public class TimeoutException extends VltavaException {

    /** What the producer was waiting for when the time ran out. */
    public enum What {
        /** Topic metadata (leader, partition count) did not arrive within {@code max.block.ms}. */
        METADATA,
        /** No buffer memory became free within {@code max.block.ms}. */
        BUFFER_MEMORY,
        /** The record was not acknowledged within {@code delivery.timeout.ms}. */
        DELIVERY,
        /** A broker did not answer a request within {@code request.timeout.ms}. */
        REQUEST,
        /** {@code close(timeout)} or {@code flush} ran out of time with records still pending. */
        CLOSE
    }

    /** What was waited for. */
    private final What what;

    /**
     * Creates the exception.
     *
     * @param what what was being waited for
     * @param message what went wrong, naming the cause
     */
    public TimeoutException(What what, String message) {
        this(what, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param what what was being waited for
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public TimeoutException(What what, String message, Throwable cause) {
        super(Kind.RETRIABLE, message, cause);
        this.what = java.util.Objects.requireNonNull(what, "what");
    }

    /** {@return what was waited for when the time ran out} */
    public What what() {
        return what;
    }
}
