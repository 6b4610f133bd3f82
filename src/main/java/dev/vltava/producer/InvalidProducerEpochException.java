package dev.vltava.producer;

/**
 * A partition leader refused a record of the current transaction because the producer's epoch is not the current
 * one there (the transaction coordinator aborted the transaction, for instance after transaction.timeout.ms). The
 * transaction must be aborted; the producer stays usable (KIP-588). On the transaction coordinator the same error
 * means another producer took over: {@link ProducerFencedException}.
 */
public class InvalidProducerEpochException extends VltavaException {

    /**
     * An exception with a message.
     *
     * @param message what happened
     */
    public InvalidProducerEpochException(String message) {
        super(Kind.ABORTABLE, message, null);
    }
}
