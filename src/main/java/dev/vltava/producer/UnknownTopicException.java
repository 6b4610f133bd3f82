package dev.vltava.producer;

/**
 * The broker does not know the topic or partition (yet): it may still be being created, or metadata is stale.
 * Retriable.
 */
public class UnknownTopicException extends VltavaException {

    /** The topic concerned. */
    private final String topic;

    /**
     * Creates the exception.
     *
     * @param topic the topic concerned
     * @param message what went wrong, naming the cause
     */
    public UnknownTopicException(String topic, String message) {
        this(topic, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param topic the topic concerned
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public UnknownTopicException(String topic, String message, Throwable cause) {
        super(Kind.RETRIABLE, message, cause);
        this.topic = topic;
    }

    /** {@return the topic concerned} */
    public String topic() {
        return topic;
    }
}
