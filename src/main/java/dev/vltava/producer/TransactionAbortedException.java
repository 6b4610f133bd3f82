package dev.vltava.producer;

/**
 * The record was part of a transaction that was aborted before it was sent ({@link Producer#abortTransaction()},
 * or a failure that made the transaction abortable): it is not in the log. Send it again in a new transaction.
 */
public class TransactionAbortedException extends VltavaException {

    public TransactionAbortedException(String message) {
        this(message, null);
    }

    public TransactionAbortedException(String message, Throwable cause) {
        super(Kind.ABORTABLE, message, cause);
    }
}
