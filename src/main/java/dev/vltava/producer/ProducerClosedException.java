package dev.vltava.producer;

/** The producer was closed: before the call, or while the record was still pending. */
public class ProducerClosedException extends VltavaException {

    public ProducerClosedException() {
        this("producer is closed", null);
    }

    public ProducerClosedException(String message) {
        this(message, null);
    }

    public ProducerClosedException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
