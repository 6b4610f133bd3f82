package dev.vltava.producer;

/**
 * The broker received a batch whose sequence number does not follow the previous one for this producer and
 * partition, so records may have been lost. By default the failure is scoped to the affected records
 * ({@link Kind#FATAL}: retrying that record cannot help); a transactional producer reports it as
 * {@link Kind#ABORTABLE}.
 */
public class OutOfOrderSequenceException extends VltavaException {

    public OutOfOrderSequenceException(String message) {
        this(Kind.FATAL, message, null);
    }

    public OutOfOrderSequenceException(String message, Throwable cause) {
        this(Kind.FATAL, message, cause);
    }

    public OutOfOrderSequenceException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
