package dev.vltava.producer;

/**
 * The broker does not know the topic or partition (yet): it may still be being created, or metadata is stale.
 * Retriable.
 */
public class UnknownTopicException extends VltavaException {

    private final String topic;

    public UnknownTopicException(String topic, String message) {
        this(topic, message, null);
    }

    public UnknownTopicException(String topic, String message, Throwable cause) {
        super(Kind.RETRIABLE, message, cause);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
