package dev.vltava.producer.internal.record;

/** A record batch that fails its CRC, is truncated, or does not parse. */
public final class InvalidRecordBatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordBatchException(String message) {
        super(message);
    }

    public InvalidRecordBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
