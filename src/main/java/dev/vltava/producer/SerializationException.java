package dev.vltava.producer;

/** A key or value serializer failed; only that record failed. */
public class SerializationException extends VltavaException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     */
    public SerializationException(String message) {
        this(message, null);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the cause
     * @param cause the underlying failure, or {@code null}
     */
    public SerializationException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
