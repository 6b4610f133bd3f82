package dev.vltava.producer;

/**
 * A broker answered with an error code that has no more specific exception type. The kind comes from the error
 * table; the message says what to do about it.
 */
public class BrokerException extends VltavaException {

    private final short errorCode;
    private final String errorName;

    public BrokerException(Kind kind, short errorCode, String errorName, String message) {
        this(kind, errorCode, errorName, message, null);
    }

    public BrokerException(Kind kind, short errorCode, String errorName, String message, Throwable cause) {
        super(kind, message, cause);
        this.errorCode = errorCode;
        this.errorName = errorName;
    }

    /** The Kafka protocol error code, e.g. 7 for REQUEST_TIMED_OUT. */
    public short errorCode() {
        return errorCode;
    }

    /** The Kafka protocol error name, e.g. {@code "NOT_ENOUGH_REPLICAS"}. */
    public String errorName() {
        return errorName;
    }
}
