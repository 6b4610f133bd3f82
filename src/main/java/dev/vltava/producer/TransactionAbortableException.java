package dev.vltava.producer;

/**
 * The current transaction cannot be committed any more (a record of it failed, an offset commit was refused, the
 * coordinator asked for an abort, ...): call {@link Producer#abortTransaction()} and start again. The producer
 * itself stays usable (KIP-1050's "abortable" class). {@link #getCause()} is the failure that made it abortable.
 */
public class TransactionAbortableException extends VltavaException {

    /**
     * An exception with a message and its cause.
     *
     * @param message what happened
     * @param cause   the failure that made the transaction abortable, or null
     */
    public TransactionAbortableException(String message, Throwable cause) {
        super(Kind.ABORTABLE, message, cause);
    }
}
