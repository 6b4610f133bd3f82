package dev.vltava.producer;

/**
 * The record was part of a transaction that was aborted before it was sent ({@link Producer#abortTransaction()},
 * or a failure that made the transaction abortable): it is not in the log. Send it again in a new transaction.
 */
public class TransactionAbortedException extends VltavaException {

    /**
     * An exception with a message.
     *
     * @param message what happened
     */
    public TransactionAbortedException(String message) {
        this(message, null);
    }

    /**
     * An exception with a message and its cause.
     *
     * @param message what happened
     * @param cause   why, or null
     */
    public TransactionAbortedException(String message, Throwable cause) {
        super(Kind.ABORTABLE, message, cause);
    }
}
