package dev.vltava.producer;

/**
 * Another producer with the same transactional id (or a newer epoch of this producer id) took over; this producer
 * can no longer write and must be closed.
 */
public class ProducerFencedException extends VltavaException {

    public ProducerFencedException(String message) {
        this(message, null);
    }

    public ProducerFencedException(String message, Throwable cause) {
        super(Kind.FATAL, message, cause);
    }
}
