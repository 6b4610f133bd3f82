package dev.vltava.producer.internal.transaction;

import dev.vltava.producer.AuthorizationException;
import dev.vltava.producer.BrokerException;
import dev.vltava.producer.ProducerFencedException;
import dev.vltava.producer.TransactionAbortableException;
import dev.vltava.producer.VltavaException;
import dev.vltava.producer.internal.protocol.ErrorCode;

/**
 * What an error code means on the transaction path (FindCoordinator, InitProducerId, AddPartitionsToTxn,
 * AddOffsetsToTxn, TxnOffsetCommit, EndTxn), in one place: the action the manager takes, and the exception the
 * caller sees when it is not retried.
 */
final class TransactionErrors {

    /** What the manager does about an error. */
    enum Action {
        /** No error. */
        NONE,
        /** The same request again after a backoff (the coordinator is loading, or busy ending the last transaction). */
        RETRY,
        /** The coordinator moved or is not known: look it up again, then send the request again. */
        FIND_COORDINATOR,
        /** The transaction can only be aborted; the producer stays usable. */
        ABORTABLE,
        /** The producer cannot go on (fenced, not authorized, a broker that refuses its state). */
        FATAL
    }

    private TransactionErrors() {
    }

    static Action action(ErrorCode code) {
        return switch (code) {
            case NONE -> Action.NONE;
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> Action.FIND_COORDINATOR;
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, UNKNOWN_TOPIC_OR_PARTITION,
                    OPERATION_NOT_ATTEMPTED, UNSTABLE_OFFSET_COMMIT -> Action.RETRY;
            case TRANSACTION_ABORTABLE, TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED, UNKNOWN_MEMBER_ID,
                    ILLEGAL_GENERATION, FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS, INVALID_COMMIT_OFFSET_SIZE ->
                    Action.ABORTABLE;
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED,
                    TRANSACTIONAL_ID_AUTHORIZATION_FAILED, INVALID_TXN_STATE, INVALID_TRANSACTION_TIMEOUT,
                    UNSUPPORTED_VERSION, CLUSTER_AUTHORIZATION_FAILED -> Action.FATAL;
            default -> code.retriable() ? Action.RETRY : Action.FATAL;
        };
    }

    /**
     * The exception for an error that is not retried: {@code api} names the request, {@code resource} the partition
     * or group it was about (may be null), {@code brokerMessage} what the broker said (may be null).
     */
    static VltavaException exception(ErrorCode code, String api, String transactionalId, String resource,
            String brokerMessage) {
        String said = brokerMessage == null || brokerMessage.isEmpty() ? "" : " Broker said: " + brokerMessage;
        String where = api + (resource == null ? "" : " for " + resource);
        return switch (code) {
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, TRANSACTION_COORDINATOR_FENCED ->
                    new ProducerFencedException("The producer with transactional.id " + transactionalId
                            + " was fenced (" + code.name() + " on " + where + "): a newer producer with the same "
                            + "transactional.id took over, or the coordinator bumped the epoch. Close this producer."
                            + said);
            case TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> new AuthorizationException(
                    AuthorizationException.ResourceType.TRANSACTIONAL_ID, transactionalId, "Not authorized to use "
                    + "transactional.id " + transactionalId + " (TRANSACTIONAL_ID_AUTHORIZATION_FAILED on " + where
                    + "). Grant WRITE and DESCRIBE on the transactional id to this principal." + said);
            case GROUP_AUTHORIZATION_FAILED -> new TransactionAbortableException("Not authorized to commit offsets "
                    + "of group " + resource + " (GROUP_AUTHORIZATION_FAILED on " + api + "). Grant READ on the group, "
                    + "then abort this transaction and start again.", new AuthorizationException(
                    AuthorizationException.ResourceType.GROUP, resource, "Not authorized to access group "
                    + resource + "." + said));
            case TOPIC_AUTHORIZATION_FAILED -> new TransactionAbortableException("Not authorized to write to "
                    + resource + " (TOPIC_AUTHORIZATION_FAILED on " + api + "). Abort this transaction.",
                    new AuthorizationException(AuthorizationException.ResourceType.TOPIC, resource,
                            "Not authorized to access " + resource + "." + said));
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS ->
                    new TransactionAbortableException("The group coordinator refused the offsets of " + resource
                            + " (" + code.name() + " on " + api + "): the consumer is no longer a current member of "
                            + "the group (a rebalance happened). Abort this transaction, then consume again from the "
                            + "committed offsets." + said, null);
            default -> action(code) == Action.ABORTABLE
                    ? new TransactionAbortableException(where + " failed with " + code.name() + ": " + code.message()
                            + " Abort this transaction." + said, null)
                    : new BrokerException(VltavaException.Kind.FATAL, code.code(), code.name(), where + " failed with "
                            + code.name() + " (" + code.code() + "): " + code.message() + " The transactional "
                            + "producer cannot go on; close it." + said);
        };
    }
}
