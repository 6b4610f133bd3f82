package dev.vltava.producer;

/** The topic name is not legal (empty, too long, bad characters) or the topic cannot be written to. */
public class InvalidTopicException extends VltavaException {

    private final String topic;

    public InvalidTopicException(String topic, String message) {
        this(topic, message, null);
    }

    public InvalidTopicException(String topic, String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
