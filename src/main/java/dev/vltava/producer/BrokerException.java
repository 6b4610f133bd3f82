package dev.vltava.producer;

/**
 * A broker answered with an error code that has no more specific exception type. The kind comes from the error
 * table; the message says what to do about it.
 */
public class BrokerException extends VltavaException {

    /** The Kafka protocol error code. */
    private final short errorCode;
    /** The Kafka protocol error name. */
    private final String errorName;

    /**
     * Creates the exception.
     *
     * @param kind what the caller can do about the failure
     * @param errorCode the Kafka protocol error code
     * @param errorName the Kafka protocol error name
     * @param message what went wrong, naming the cause
     */
    public BrokerException(Kind kind, short errorCode, String errorName, String message) {
        this(kind, errorCode, errorName, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param kind what the caller can do about the failure
     * @param errorCode the Kafka protocol error code
     * @param errorName the Kafka protocol error name
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public BrokerException(Kind kind, short errorCode, String errorName, String message, Throwable cause) {
        super(kind, message, cause);
        this.errorCode = errorCode;
        this.errorName = errorName;
    }

    /** {@return the Kafka protocol error code, e.g. 7 for REQUEST_TIMED_OUT} */
    public short errorCode() {
        return errorCode;
    }

    /** {@return the Kafka protocol error name, e.g. {@code "NOT_ENOUGH_REPLICAS"}} */
    public String errorName() {
        return errorName;
    }
}
