package dev.vltava.producer;

/** A key or value serializer failed; only that record failed. */
public class SerializationException extends VltavaException {

    public SerializationException(String message) {
        this(message, null);
    }

    public SerializationException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
