package dev.vltava.producer;

/** The topic name is not legal (empty, too long, bad characters) or the topic cannot be written to. */
public class InvalidTopicException extends VltavaException {

    /** The topic concerned. */
    private final String topic;

    /**
     * Creates the exception.
     *
     * @param topic the topic concerned
     * @param message what went wrong, naming the cause
     */
    public InvalidTopicException(String topic, String message) {
        this(topic, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param topic the topic concerned
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidTopicException(String topic, String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
        this.topic = topic;
    }

    /** {@return the topic concerned} */
    public String topic() {
        return topic;
    }
}
