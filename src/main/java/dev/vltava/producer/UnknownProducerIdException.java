package dev.vltava.producer;

/**
 * The broker no longer has state for this producer id (for example after retention removed it on an idle
 * partition, KIP-360) and the producer could not recover by itself.
 */
public class UnknownProducerIdException extends VltavaException {

    public UnknownProducerIdException(String message) {
        this(Kind.FATAL, message, null);
    }

    public UnknownProducerIdException(String message, Throwable cause) {
        this(Kind.FATAL, message, cause);
    }

    public UnknownProducerIdException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
